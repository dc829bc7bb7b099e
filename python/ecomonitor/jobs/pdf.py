"""Exporting a master (or some of its sheets) to PDF with LibreOffice headless.

This is the path for computers without Excel; in Excel the ribbon's 导出PDF
button uses Excel's own export of the same page setup. Every sheet prints as it is set up in the workbook:
A4 landscape, one page wide, header rows repeated, 第 X 页 共 Y 页.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ecomonitor.errors import EcoMonitorError, WorkbookError
from ecomonitor.jobs.libreoffice import DEFAULT_TIMEOUT, check_fonts, convert
from ecomonitor.xlsx.master import MASTER_SUFFIXES, open_master
from ecomonitor.xlsx.print_copy import SheetEntry, list_sheets, write_print_copy

CATEGORY_GROUP = "类别"
SUMMARY_GROUP = "汇总表"
# Every sheet that summary, consolidate or validate writes for readers.
SUMMARY_SHEETS = ("汇总", "单位汇总", "滞后清单", "图表", "趋势", "进展未变化", "报送情况", "未报送", "校验结果")
PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


@dataclass
class PdfResult:
    path: Path
    sheets: list[str]
    pages: int
    warnings: list[str] = field(default_factory=list)


def export_pdf(master: Path, output: Path | None = None, sheets: list[str] | None = None,
               timeout: float = DEFAULT_TIMEOUT) -> PdfResult:
    """Write ``sheets`` of ``master`` (all visible sheets when None) to a PDF file.

    ``output`` defaults to the master's name with .pdf; a folder gets that
    name inside it. Sheet names may include the groups 类别 (every category
    sheet) and 汇总表 (the summary sheets the master has).
    """
    master = Path(master)
    _check_master(master)
    chosen = resolve_sheets(master, sheets)
    target = _target(master, output)
    warnings = check_fonts()
    with tempfile.TemporaryDirectory(prefix="ecomonitor-pdf-") as scratch:
        folder = Path(scratch)
        printable = folder / master.name
        write_print_copy(master, printable, chosen)
        converted = convert(printable, "pdf:calc_pdf_Export", folder, timeout)
        data = converted.read_bytes()
    _write_atomically(target, data)
    return PdfResult(target, chosen, len(PAGE_OBJECT.findall(data)), warnings)


def _check_master(master: Path) -> None:
    if not master.is_file():
        raise WorkbookError(f"找不到工作簿“{master}”：请检查路径。")
    if master.suffix.lower() not in MASTER_SUFFIXES:
        raise WorkbookError(f"“{master.name}”不是 .xlsm 或 .xlsx 文件，无法导出 PDF。")


def _target(master: Path, output: Path | None) -> Path:
    if output is None:
        return master.with_suffix(".pdf")
    output = Path(output)
    if output.is_dir():
        return output / f"{master.stem}.pdf"
    if output.suffix.lower() != ".pdf":
        raise EcoMonitorError(f"输出文件“{output}”应以 .pdf 结尾。")
    return output


def resolve_sheets(master: Path, requested: list[str] | None) -> list[str]:
    """Return the sheets to print in tab order; raise EcoMonitorError naming unknown or hidden ones."""
    entries = list_sheets(master)
    visible = [entry.name for entry in entries if entry.visible]
    if not requested:
        return visible
    wanted: set[str] = set()
    for name in requested:
        wanted.update(_expand(master, name.strip(), entries))
    return [name for name in visible if name in wanted]


def _expand(master: Path, name: str, entries: list[SheetEntry]) -> list[str]:
    states = {entry.name: entry for entry in entries}
    if name == CATEGORY_GROUP:
        return [category.sheet for category in open_master(master).meta.categories]
    if name == SUMMARY_GROUP:
        present = [sheet for sheet in SUMMARY_SHEETS if sheet in states and states[sheet].visible]
        if not present:
            raise EcoMonitorError(f"“{master.name}”中还没有汇总表：请先执行 ecomonitor summary。")
        return present
    if name not in states:
        listed = "、".join(entry.name for entry in entries if entry.visible)
        raise EcoMonitorError(
            f"“{master.name}”中没有工作表“{name}”。可以打印的工作表有：{listed}；"
            f"也可以写“{CATEGORY_GROUP}”（全部类别工作表）或“{SUMMARY_GROUP}”（全部汇总表）。"
        )
    if not states[name].visible:
        raise EcoMonitorError(f"工作表“{name}”是隐藏的，不能打印：请先在 Excel 中取消隐藏。")
    return [name]


def _write_atomically(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        partial.write_bytes(data)
        try:
            os.replace(partial, target)
        except PermissionError as error:
            raise EcoMonitorError(f"无法覆盖“{target}”：文件可能正在阅读器中打开，请关闭后重试。") from error
    finally:
        partial.unlink(missing_ok=True)
