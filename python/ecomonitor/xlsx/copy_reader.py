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
import re
import zipfile
from pathlib import Path

from defusedxml import ElementTree
from python_calamine import CalamineError, CalamineWorkbook, PasswordError

from ecomonitor.core.findings import Finding, Severity
from ecomonitor.core.instance import MASTER_FORMAT
from ecomonitor.core.layout import COPY_COLUMNS, locate_columns
from ecomonitor.core.returns import CopyRow, ReturnedCopy
from ecomonitor.xlsx.cells import text_of
from ecomonitor.xlsx.copies import COPY_MARKER
from ecomonitor.xlsx.hidden import join_hidden_rows

HEADER_SEARCH_ROWS = 10
REQUIRED_KEYS = ("id", "progress", "rate")
DCTERMS_MODIFIED = "{http://purl.org/dc/terms/}modified"


def read_returned_copy(path: Path, name: str) -> ReturnedCopy:
    """Read one inbox file; problems are recorded on the result, never raised."""
    data = Path(path).read_bytes()
    copy = ReturnedCopy(path=str(path), name=name, sha256=hashlib.sha256(data).hexdigest())
    copy.saved_at, copy.saved_at_source = _saved_at(data, Path(path))
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = {sheet: workbook.get_sheet_by_name(sheet).to_python() for sheet in workbook.sheet_names}
    except PasswordError:
        copy.problem = _file_problem("file-encrypted", name, "文件设有打开密码，无法读取：请对方取消密码后重新发送。")
        return copy
    except CalamineError as error:
        copy.problem = _file_problem("file-corrupt", name, f"文件已损坏或不是 Excel 工作簿（{error}）：请对方重新保存后发送。")
        return copy
    if not _read_metadata(copy, sheets):
        return copy
    _read_rows(copy, sheets)
    return copy


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


def _read_rows(copy: ReturnedCopy, sheets: dict[str, list[list]]) -> None:
    for sheet, rows in sheets.items():
        for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
            positions = locate_columns(list(row), COPY_COLUMNS)
            if all(key in positions for key in REQUIRED_KEYS):
                copy.sheet = sheet
                copy.rows = _data_rows(rows[index + 1:], index + 2, positions)
                return
    copy.problem = _file_problem(
        "copy-no-data-sheet", copy.name,
        "找不到含“任务编号”“进展”“完成率”表头的工作表：请勿删除或改写填报表的表头。",
    )


def _data_rows(rows: list[list], first_row: int, positions: dict[str, int]) -> list[CopyRow]:
    result = []
    for number, row in enumerate(rows, start=first_row):
        def value(key: str):
            position = positions.get(key)
            return row[position] if position is not None and position < len(row) else None

        task_id = text_of(value("id"))
        if not task_id and not any(text_of(cell) for cell in row):
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


def _progress_text(value: object) -> str:
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return text_of(value)


def _saved_at(data: bytes, path: Path) -> tuple[dt.datetime | None, str]:
    """Return the save time in the document properties, or the file time."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            root = ElementTree.fromstring(package.read("docProps/core.xml"))
        text = root.findtext(DCTERMS_MODIFIED)
        if text:
            stamp = dt.datetime.fromisoformat(re.sub(r"Z$", "+00:00", text.strip()))
            if stamp.tzinfo is None:
                stamp = stamp.replace(tzinfo=dt.timezone.utc)
            return stamp, "文件属性中的保存时间"
    except (zipfile.BadZipFile, KeyError, ValueError, ElementTree.ParseError):
        pass  # defusedxml's errors for entity tricks are ValueErrors too
    try:
        return dt.datetime.fromtimestamp(os.stat(path).st_mtime, dt.timezone.utc), "文件修改时间"
    except OSError:
        return None, ""
