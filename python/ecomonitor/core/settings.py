"""Settings of a master workbook (the 配置 sheet).

Each setting has a Chinese label, which is how the 配置 sheet names it, and a
kind that says how its cell is read. Thresholds are in percentage points,
as the office speaks of them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

from ecomonitor.core.period import Period
from ecomonitor.errors import WorkbookError


@dataclass(frozen=True)
class SettingSpec:
    attribute: str
    label: str
    kind: type
    help: str


SPECS: tuple[SettingSpec, ...] = (
    SettingSpec("year", "年度", int, "当前报告期的年度，如 2023。新建报告期时自动更新。"),
    SettingSpec("quarter", "季度", int, "当前报告期的季度，1 至 4。新建报告期时自动更新。"),
    SettingSpec("deadline", "报送截止日期", dt.date, "各单位报送填报表的截止日期；晚于此日期的报送标记为逾期。"),
    SettingSpec("contact", "联系人", str, "填报说明中显示的州生态文明办联系人。"),
    SettingSpec("phone", "联系电话", str, "填报说明中显示的联系电话。"),
    SettingSpec("on_time_tolerance", "序时进度容差（百分点）", float, "完成率高于序时进度不超过此值为正常，超过此值为超序时。"),
    SettingSpec("lag_threshold", "滞后阈值（百分点）", float, "低于序时进度超过此值为滞后。"),
    SettingSpec("severe_lag_threshold", "严重滞后阈值（百分点）", float, "低于序时进度超过此值为严重滞后。"),
    SettingSpec("rate_mismatch_tolerance", "完成率核对容差（百分点）", float,
                "填报完成率与核算完成率相差超过此值时提示核实。默认 3：各单位常把完成率取整（最多差 0.5 个百分点），3 个百分点以上的差别多为算错或数字未更新。"),
    SettingSpec("backups_kept", "备份保留份数", int, "每次写入主表前保留的备份份数。"),
)


@dataclass
class Settings:
    year: int
    quarter: int
    deadline: dt.date | None = None
    contact: str = ""
    phone: str = ""
    on_time_tolerance: float = 5.0
    lag_threshold: float = 10.0
    severe_lag_threshold: float = 30.0
    rate_mismatch_tolerance: float = 3.0
    backups_kept: int = 20

    @property
    def period(self) -> Period:
        return Period(self.year, self.quarter)

    def items(self) -> list[tuple[SettingSpec, object]]:
        return [(spec, getattr(self, spec.attribute)) for spec in SPECS]


def settings_from_cells(values: dict[str, object], sheet: str) -> Settings:
    """Build settings from {label: cell value}; missing optional labels keep defaults.

    Raises WorkbookError listing every unreadable value with its label.
    """
    read: dict[str, object] = {}
    problems: list[str] = []
    for spec in SPECS:
        if spec.label not in values:
            continue
        try:
            read[spec.attribute] = _convert(values[spec.label], spec.kind)
        except ValueError:
            problems.append(f"“{spec.label}”的值“{values[spec.label]}”无效：{spec.help}")
    for required in ("year", "quarter"):
        if required not in read or read[required] is None:
            label = next(spec.label for spec in SPECS if spec.attribute == required)
            problems.append(f"缺少“{label}”。")
    if not problems:
        try:
            Period(read["year"], read["quarter"])
        except ValueError as error:
            problems.append(f"年度或季度无效（{error}）：季度应为 1 至 4。")
    if problems:
        listed = "\n".join(f"  - {problem}" for problem in problems)
        raise WorkbookError(f"工作表“{sheet}”中的配置有误：\n{listed}")
    defaults = {f.name for f in fields(Settings)}
    return Settings(**{key: value for key, value in read.items() if key in defaults and value is not None})


def _convert(value: object, kind: type) -> object:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if kind is str:
        return str(value).strip()
    if kind is dt.date:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        return dt.date.fromisoformat(str(value).strip().replace("/", "-"))
    if kind is int:
        number = float(value)
        if number != int(number):
            raise ValueError(value)
        return int(number)
    return float(value)
