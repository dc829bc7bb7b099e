"""Reading returned department copies with python-calamine.

The data sheet is found by its header row, not by its name, so a copy whose
sheets were renamed or reordered (by WPS or LibreOffice, or by hand) still
reads. The metadata sheet is found by its marker in A1.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
from pathlib import Path

from python_calamine import CalamineError, CalamineWorkbook, PasswordError

from ecomonitor.core.cleantext import is_blank
from ecomonitor.core.findings import Finding, Severity
from ecomonitor.core.instance import MASTER_FORMAT
from ecomonitor.core.copymeta import copy_meta_from_document
from ecomonitor.core.layout import COPY_COLUMNS, locate_columns, period_header_problem
from ecomonitor.core.returns import CopyRow, ErrorValue, ReturnedCopy
from ecomonitor.xlsx.cells import merged_ranges_below, text_of
from ecomonitor.xlsx.copies import COPY_MARKER
from ecomonitor.xlsx.hidden import join_hidden_rows
from ecomonitor.xlsx.screen import PackageFacts, ReadLimits, SheetFacts, screen_workbook
from ecomonitor.xlsx.zipguard import FileRejected

HEADER_SEARCH_ROWS = 10
REQUIRED_KEYS = ("id", "progress", "rate")
ADVICE = {
    "file-corrupt": "请对方用 Excel、WPS 或 LibreOffice 重新保存下发的填报表后发送。",
    "file-encrypted": "请对方取消文件密码后重新发送。",
    "xml-encoding": "请对方用 Excel、WPS 或 LibreOffice 重新保存后发送。",
}
DEFAULT_ADVICE = "这不是正常的填报表，请核实文件来源，并请对方重新发送下发的填报表。"


def read_returned_copy(path: Path, name: str, limits: ReadLimits = ReadLimits()) -> ReturnedCopy:
    """Read one workbook file; problems with its content are recorded on the result, not raised."""
    data = Path(path).read_bytes()
    return read_copy_bytes(data, name, str(path), file_time(Path(path)), limits)


def file_time(path: Path) -> dt.datetime | None:
    try:
        return dt.datetime.fromtimestamp(os.lstat(path).st_mtime, dt.timezone.utc)
    except OSError:
        return None


def read_copy_bytes(data: bytes, name: str, path: str, fallback_time: dt.datetime | None,
                    limits: ReadLimits = ReadLimits(), fallback_source: str = "文件修改时间") -> ReturnedCopy:
    """Read a workbook package from bytes, after screening it."""
    copy = ReturnedCopy(path=path, name=name, sha256=hashlib.sha256(data).hexdigest(), file_time=fallback_time)
    try:
        facts = screen_workbook(data, limits)
    except FileRejected as rejection:
        copy.problem = _file_problem(rejection.code, name,
                                     f"{rejection.message}：{ADVICE.get(rejection.code, DEFAULT_ADVICE)}")
        return copy
    if facts.modified is not None:
        copy.saved_at, copy.saved_at_source = facts.modified, "文件属性中的保存时间"
    elif fallback_time is not None:
        copy.saved_at, copy.saved_at_source = fallback_time, fallback_source
    try:
        sheets = _read_sheets(data, facts)
    except PasswordError:
        copy.problem = _file_problem("file-encrypted", name, "文件设有打开密码，无法读取：请对方取消密码后重新发送。")
        return copy
    except CalamineError as error:
        copy.problem = _file_problem("file-corrupt", name, f"文件已损坏或不是 Excel 工作簿（{error}）：{ADVICE['file-corrupt']}")
        return copy
    if not _read_metadata(copy, sheets):
        return copy
    _read_rows(copy, sheets, facts)
    return copy


def _read_sheets(data: bytes, facts: PackageFacts) -> dict[str, list[list]]:
    """Read the screened sheets; a sheet the screen did not measure is never parsed."""
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    try:
        return {
            name: workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
            for name in workbook.sheet_names
            if name in facts.sheets
        }
    finally:
        workbook.close()


def _file_problem(code: str, name: str, message: str) -> Finding:
    return Finding(code, Severity.ERROR, message, file=name)


def _read_metadata(copy: ReturnedCopy, sheets: dict[str, list[list]]) -> bool:
    for rows in sheets.values():
        marker = rows[0][0] if rows and rows[0] else None
        if marker == MASTER_FORMAT:
            copy.problem = _file_problem("copy-is-master", copy.name, "这是平台主表而不是部门填报表，已跳过：请勿把主表放入收件文件夹。")
            return False
        if marker == COPY_MARKER:
            text = join_hidden_rows([row[0] if row else None for row in rows[1:]])
            try:
                copy.metadata = json.loads(text)
            except ValueError:
                copy.problem = _file_problem("copy-metadata-corrupt", copy.name, "填报表的隐藏信息已损坏，无法识别单位和报告期：请对方使用下发的原表重新填报。")
                return False
            return True
    copy.problem = _file_problem(
        "copy-unsigned", copy.name,
        "文件中没有填报表的隐藏信息（不是平台下发的填报表，或内容被复制到了新文件）：请对方使用下发的原表填报。",
    )
    return False


def _read_rows(copy: ReturnedCopy, sheets: dict[str, list[list]], facts: PackageFacts) -> None:
    candidates: dict[str, list[CopyRow]] = {}
    header_rows: dict[str, tuple[int, list]] = {}  # the 1-based row number and values of each header row
    for sheet, rows in sheets.items():
        for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
            positions = locate_columns(list(row), COPY_COLUMNS)
            if all(key in positions for key in REQUIRED_KEYS):
                candidates[sheet] = _data_rows(rows[index + 1:], index + 2, positions, facts.sheets[sheet])
                header_rows[sheet] = (index + 1, list(row))
                break
    if not candidates:
        copy.problem = _file_problem(
            "copy-no-data-sheet", copy.name,
            "找不到含“任务编号”“进展”“完成率”表头的工作表：请勿删除或改写填报表的表头。",
        )
        return
    chosen = _choose_data_sheet(copy, candidates, facts)
    if chosen is None:
        return
    header_row, headers = header_rows[chosen]
    merged = merged_ranges_below(facts.sheets[chosen].merges, header_row)
    if merged:
        copy.sheet = chosen
        copy.problem = _file_problem(
            "copy-merged-cells", copy.name,
            f"工作表“{chosen}”的数据区有合并单元格 {'、'.join(merged)}：合并后只有左上角的单元格保留内容，"
            "其他行的进展或完成率会丢失，未采用。请对方取消合并（每项任务一行），或使用下发的原表重新填报。",
        )
        return
    mismatch = _header_period_problem(copy, headers)
    if mismatch:
        copy.sheet = chosen
        copy.problem = _file_problem(
            "copy-header-other-period", copy.name,
            f"工作表“{chosen}”第 {header_row} 行的{mismatch}：表头被改过，未采用。请对方使用下发的原表重新填报。",
        )
        return
    copy.sheet, copy.rows = chosen, candidates[chosen]


def _header_period_problem(copy: ReturnedCopy, headers: list) -> str | None:
    """Describe period headers that differ from the metadata's period, whose signature is verified later."""
    meta, _errors = copy_meta_from_document(copy.metadata or {})
    return period_header_problem(headers, meta.period) if meta is not None else None


def _choose_data_sheet(copy: ReturnedCopy, candidates: dict[str, list[CopyRow]], facts: PackageFacts) -> str | None:
    """Pick the data sheet among sheets with the copy's header row, or record why none can be picked.

    A department may keep a draft or a hidden copy of the sheet, in front of
    the real one or behind it. The visible sheet whose task IDs are those the
    metadata lists wins, then the one sharing most IDs with it. Sheets that
    tie are ambiguous unless their rows are the same.
    """
    if len(candidates) == 1:
        return next(iter(candidates))
    tasks = copy.metadata.get("tasks") if isinstance(copy.metadata, dict) else None
    listed = {task for task in tasks if isinstance(task, str)} if isinstance(tasks, list) else set()

    def rank(sheet: str) -> tuple[bool, bool, int]:
        ids = {row.task_id for row in candidates[sheet] if row.task_id}
        return facts.sheets[sheet].state == "visible", ids == listed, len(ids & listed)

    best = max(rank(sheet) for sheet in candidates)
    tied = [sheet for sheet in candidates if rank(sheet) == best]
    all_names = "、".join(f"“{sheet}”" for sheet in candidates)
    if any(candidates[sheet] != candidates[tied[0]] for sheet in tied[1:]):
        names = "、".join(f"“{sheet}”" for sheet in tied)
        copy.problem = _file_problem(
            "copy-sheet-ambiguous", copy.name,
            f"有多个工作表都像填报内容（{names}），内容不同，无法确定采用哪一个：请对方删除草稿或副本工作表，"
            "只保留一个填报工作表后重新发送。",
        )
        return None
    chosen = tied[0]
    copy.notes.append(Finding(
        "copy-sheet-chosen", Severity.INFO,
        f"文件中有多个含填报表头的工作表（{all_names}），采用了其中可见且任务编号与下发时最相符的“{chosen}”，其余未读取。",
        file=copy.name, sheet=chosen,
    ))
    return chosen


def _data_rows(rows: list[list], first_row: int, positions: dict[str, int], facts: SheetFacts) -> list[CopyRow]:
    result = []
    for number, row in enumerate(rows, start=first_row):
        def value(key: str):
            position = positions.get(key)
            if position is None:
                return None
            error = facts.errors.get((number, position + 1))
            if error is not None:
                return ErrorValue(error)
            return row[position] if position < len(row) else None

        task_id = text_of(value("id"))
        if is_blank(task_id) and all(is_blank(text_of(cell)) for cell in row):
            continue
        rate = value("rate")
        result.append(
            CopyRow(
                row=number,
                task_id=task_id,
                indicator=text_of(value("indicator")),
                target=text_of(value("target")),
                progress=_progress_text(value("progress")),
                rate=None if rate == "" else rate,
            )
        )
    return result


def _progress_text(value: object) -> str | ErrorValue:
    if isinstance(value, ErrorValue):
        return value
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return text_of(value)
