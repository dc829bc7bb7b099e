"""Reading a workbook for validation: which kind it is, and a copy's rows as records.

Consolidation reads copies with python-calamine (``copy_reader``), which gives
values only. Validation also needs the cells that contain formulas and the
column widths, so it reads the copy with openpyxl. It never writes the file.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from ecomonitor.core.copymeta import CopyMeta, copy_meta_from_document
from ecomonitor.core.findings import Finding, Severity
from ecomonitor.core.instance import MASTER_FORMAT
from ecomonitor.core.layout import COPY_COLUMNS, locate_columns, period_header_problem
from ecomonitor.core.period import Period, parse_progress_header, parse_target_header
from ecomonitor.core.validation.records import RowRecord
from ecomonitor.errors import WorkbookError
from ecomonitor.xlsx.cells import column_letter, merged_ranges_below, text_of, width_or_default
from ecomonitor.xlsx.copies import COPY_MARKER
from ecomonitor.xlsx.hidden import join_hidden_rows
from ecomonitor.xlsx.inbox import describe_kind
from ecomonitor.xlsx.screen import screen_workbook
from ecomonitor.xlsx.sniff import Kind, sniff
from ecomonitor.xlsx.zipguard import FileRejected

HEADER_SEARCH_ROWS = 10
REQUIRED_KEYS = ("id", "progress", "rate")
MASTER = "master"
COPY = "copy"


@dataclass
class CopyRows:
    """A copy as validation reads it: metadata (None when missing or invalid), rows and problems."""

    records: list[RowRecord] = field(default_factory=list)
    meta: CopyMeta | None = None
    metadata: object = None
    period: Period | None = None
    sheet: str = ""
    problems: list[Finding] = field(default_factory=list)


def check_workbook_bytes(data: bytes, name: str) -> None:
    """Raise WorkbookError, with the reason the inbox gives, unless ``data`` is an .xlsx/.xlsm package.

    The kind comes from the bytes (``sniff``), so a text, PDF, .xls or zip file
    named .xlsx is described as what it is instead of as a damaged workbook.
    """
    kind = sniff(data)
    if kind is Kind.WORKBOOK:
        return
    if kind is Kind.ARCHIVE:
        code, reason = "file-archive", "这是压缩包，不是 Excel 工作簿"
    else:
        code, reason = describe_kind(kind, data, name)
    raise WorkbookError(
        f"不能读取“{name}”：{reason}。请提供平台主表（.xlsm）或部门填报表（.xlsx）；"
        f"压缩包请先解压，旧格式的表格请在 Excel、WPS 或 LibreOffice 中另存为 .xlsx。[{code}]"
    )


def _load(path: Path, read_only: bool):
    if not path.is_file():
        raise WorkbookError(f"找不到文件“{path}”：请检查路径。")
    data = path.read_bytes()
    check_workbook_bytes(data, path.name)
    try:
        # The file may come from anyone: screened like an inbox file before openpyxl parses it.
        screen_workbook(data)
    except FileRejected as rejection:
        raise WorkbookError(f"不能读取“{path.name}”：{rejection.message}。[{rejection.code}]") from rejection
    try:
        return load_workbook(io.BytesIO(data), read_only=read_only, rich_text=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise WorkbookError(f"无法打开“{path.name}”：文件已损坏或不是 Excel 工作簿（{error}）。") from error


def workbook_kind(path: Path) -> str:
    """Return MASTER or COPY by the marker of the workbook's hidden metadata sheet.

    Raises WorkbookError for a workbook that is neither.
    """
    workbook = _load(Path(path), read_only=True)
    try:
        for sheet in workbook.worksheets:
            first = next(sheet.iter_rows(min_row=1, max_row=1, max_col=1, values_only=True), (None,))
            if first and first[0] == MASTER_FORMAT:
                return MASTER
            if first and first[0] == COPY_MARKER:
                return COPY
    finally:
        workbook.close()
    raise WorkbookError(
        f"“{Path(path).name}”既不是平台主表，也不是平台下发的填报表（没有隐藏的平台信息）：请检查文件。"
    )


def read_copy_rows(path: Path) -> CopyRows:
    """Read a copy's metadata and data rows.

    Problems with the content are recorded in ``problems``; a file that is
    missing or not a workbook raises WorkbookError.
    """
    path = Path(path)
    workbook = _load(path, read_only=False)
    result = CopyRows()
    _read_metadata(workbook, path.name, result)
    _read_data_sheet(workbook, path.name, result)
    if result.period is None and result.meta is not None:
        result.period = result.meta.period
    return result


def _problem(result: CopyRows, code: str, message: str, file: str) -> None:
    result.problems.append(Finding(code, Severity.ERROR, message, file=file))


def _read_metadata(workbook, name: str, result: CopyRows) -> None:
    for sheet in workbook.worksheets:
        if sheet.cell(1, 1).value != COPY_MARKER:
            continue
        column = [row[0] for row in sheet.iter_rows(min_row=2, max_col=1, values_only=True)]
        try:
            result.metadata = json.loads(join_hidden_rows(column))
        except ValueError:
            _problem(result, "copy-metadata-corrupt",
                     "填报表的隐藏信息已损坏，无法识别单位和报告期：请使用下发的原表重新填报。", name)
            return
        result.meta, errors = copy_meta_from_document(result.metadata)
        if result.meta is None:
            _problem(result, "copy-metadata-invalid",
                     f"填报表的隐藏信息不完整或格式不对（{errors[0]}）：请使用下发的原表重新填报。", name)
        return
    _problem(result, "copy-unsigned",
             "文件中没有填报表的隐藏信息（不是平台下发的填报表，或内容被复制到了新文件）：请使用下发的原表填报。", name)


def _read_data_sheet(workbook, name: str, result: CopyRows) -> None:
    for sheet in workbook.worksheets:
        if sheet.sheet_state != "visible":
            continue
        for header_row in range(1, HEADER_SEARCH_ROWS + 1):
            headers = [cell.value for cell in sheet[header_row]]
            positions = locate_columns(headers, COPY_COLUMNS)
            if all(key in positions for key in REQUIRED_KEYS):
                result.sheet = sheet.title
                result.period = result.meta.period if result.meta else _period_from_headers(headers)
                merged = merged_ranges_below([str(r) for r in sheet.merged_cells.ranges], header_row)
                if merged:
                    _problem(result, "copy-merged-cells",
                             f"工作表“{sheet.title}”的数据区有合并单元格 {'、'.join(merged)}：合并后只有左上角的单元格"
                             "保留内容，其他行的进展或完成率会丢失。请取消合并（每项任务一行），或使用下发的原表重新填报。",
                             name)
                mismatch = period_header_problem(headers, result.meta.period) if result.meta else None
                if mismatch:
                    _problem(result, "copy-header-other-period",
                             f"工作表“{sheet.title}”第 {header_row} 行的{mismatch}：表头被改过，"
                             "请使用下发的原表重新填报。", name)
                result.records = _records(sheet, header_row, positions)
                return
    _problem(result, "copy-no-data-sheet",
             "找不到含“任务编号”“进展”“完成率”表头的工作表：请勿删除或改写填报表的表头。", name)


def _period_from_headers(headers: list[object]) -> Period | None:
    years = [parse_target_header(h) for h in headers if isinstance(h, str) and parse_target_header(h)]
    quarters = [parse_progress_header(h) for h in headers if isinstance(h, str) and parse_progress_header(h)]
    if years and quarters:
        return Period(years[0], quarters[0])
    return None


def _records(sheet, header_row: int, positions: dict[str, int]) -> list[RowRecord]:
    declared = {column.key: column.width for column in COPY_COLUMNS}
    widths = {key: width_or_default(sheet, pos, declared[key]) for key, pos in positions.items()}
    letters = {key: column_letter(pos) for key, pos in positions.items()}
    records = []
    for cells in sheet.iter_rows(min_row=header_row + 1):
        picked = {key: cells[pos] for key, pos in positions.items() if pos < len(cells)}
        inputs = [picked[key].value for key in ("id", "progress", "rate", "target") if key in picked]
        if not any(value not in (None, "") for value in inputs):
            continue
        row = cells[0].row

        def text(key: str) -> str:
            return text_of(picked[key].value) if key in picked else ""

        records.append(RowRecord(
            sheet=sheet.title, row=row, task_id=text("id"), category=text("category"),
            indicator=text("indicator"), lead_units=text("lead_units"), target=text("target"),
            progress=text("progress"), rate=picked["rate"].value if "rate" in picked else None,
            previous_progress=text("previous_progress"),
            columns=letters,
            formulas=frozenset(key for key, cell in picked.items() if cell.data_type == "f"),
            widths=widths,
        ))
    return records
