"""Finding the returned copies in an inbox folder and its subfolders."""

from __future__ import annotations

from pathlib import Path

from ecomonitor.core.findings import Finding, Severity
from ecomonitor.core.returns import ReturnedCopy
from ecomonitor.xlsx.copy_reader import read_returned_copy

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm"}
LOCK_PREFIXES = ("~$", ".~lock")
UNSUPPORTED = {
    ".xls": "旧版 Excel（.xls）文件不含填报表的隐藏信息",
    ".et": "WPS 表格（.et）格式无法读取",
    ".ett": "WPS 表格模板（.ett）格式无法读取",
    ".csv": "CSV 文件不含填报表的隐藏信息",
    ".ods": "OpenDocument（.ods）格式无法读取",
}


def scan_inbox(folder: Path) -> list[ReturnedCopy]:
    """Read every file below ``folder``; files that are not copies get a problem."""
    folder = Path(folder)
    copies: list[ReturnedCopy] = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        name = str(path.relative_to(folder))
        if path.name.startswith(LOCK_PREFIXES):
            continue
        copies.append(_read_file(path, name))
    return copies


def _read_file(path: Path, name: str) -> ReturnedCopy:
    suffix = path.suffix.lower()
    if suffix in WORKBOOK_SUFFIXES:
        return read_returned_copy(path, name)
    reason = UNSUPPORTED.get(suffix, f"不是 Excel 工作簿（扩展名“{suffix or '无'}”）")
    return ReturnedCopy(
        path=str(path),
        name=name,
        sha256="",
        problem=Finding(
            "file-unsupported",
            Severity.ERROR,
            f"{reason}，已跳过：请对方用 Excel、WPS 或 LibreOffice 打开下发的 .xlsx 填报表，填写后按 .xlsx 格式保存发回。",
            file=name,
        ),
    )
