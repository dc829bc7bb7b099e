"""Worksheet names: Excel's rules and the names the platform itself uses.

Excel compares sheet names without regard to case, allows at most 31
characters, rejects []:*?/\\ and a leading or trailing apostrophe, and
reserves "History" for its change-tracking sheet. The platform's own sheets
(说明, 配置, 汇总, …) are reserved here as well, so that a category never
takes the name of a sheet the platform writes later.
"""

from __future__ import annotations

import re

MAX_LENGTH = 31
# Excel rejects these in sheet names. The full-width colon is removed as well, although
# Excel accepts it.
INVALID_CHARACTERS = re.compile(r"[\[\]:*?/\\：]")
EXCEL_RESERVED = ("History",)
PLATFORM_SHEETS = (
    "说明", "单位", "配置", "汇总", "单位汇总", "滞后清单", "图表", "趋势", "进展未变化", "校验结果",
    "变更记录", "未报送", "报送情况", "历史", "年度对照", "填报", "填报说明",
    "_meta", "_year_change", "xlwings.conf",
)


def sheet_key(name: str) -> str:
    """Return the form under which Excel treats two sheet names as the same name.

    NOTE: Excel folds case with its own rules. ``str.casefold`` matches them for
    ASCII letters and Chinese characters (which have no case), and is untested on others.
    """
    return name.strip().casefold()


def reserved_keys() -> set[str]:
    """Return the keys of the names no category may take: Excel's and the platform's."""
    return {sheet_key(name) for name in (*EXCEL_RESERVED, *PLATFORM_SHEETS)}


def sheet_name_problem(name: str) -> str | None:
    """Describe in Chinese why Excel or the platform cannot use ``name``, or return None."""
    if not name.strip():
        return "工作表名为空"
    if name != name.strip():
        return f"工作表名“{name}”首尾有空格"
    if len(name) > MAX_LENGTH:
        return f"工作表名“{name}”有 {len(name)} 个字符，Excel 最多允许 {MAX_LENGTH} 个"
    invalid = sorted(set(INVALID_CHARACTERS.findall(name)))
    if invalid:
        return f"工作表名“{name}”含有 Excel 不允许的字符 {' '.join(invalid)}"
    if name.startswith("'") or name.endswith("'"):
        return f"工作表名“{name}”以单引号开头或结尾，Excel 不允许"
    if sheet_key(name) in reserved_keys():
        return f"工作表名“{name}”是 Excel 或平台保留的名称"
    return None


def safe_sheet_name(requested: str, used_keys: set[str], fallback: str) -> str:
    """Return a valid sheet name close to ``requested`` whose key is not in ``used_keys``.

    Invalid characters and outer apostrophes and spaces are removed, the name
    is cut to 31 characters, and a suffix (2), (3), … is added on a clash with
    a taken or reserved name. ``fallback`` replaces a name that ends up empty.
    ``used_keys`` contains keys made by ``sheet_key``.
    """
    name = INVALID_CHARACTERS.sub("", requested).strip().strip("'").strip()[:MAX_LENGTH].strip() or fallback
    blocked = used_keys | reserved_keys()
    candidate, suffix = name, 2
    while sheet_key(candidate) in blocked:
        ending = f"({suffix})"
        candidate = name[:MAX_LENGTH - len(ending)].rstrip() + ending
        suffix += 1
    return candidate
