"""Checking a written workbook by reopening it with openpyxl.

A zip that tests clean can still hold a sheet openpyxl or Excel cannot read,
or lose a value on the way to XML. The written file is opened again and its
sheets, sheet states and cell values (text kept apart from formulas) are
compared with the workbook in memory before the file replaces anything.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import math
import operator
import zipfile
from collections.abc import Iterator
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._reader import WorkSheetParser
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

from ecomonitor.errors import WorkbookError
from ecomonitor.xlsx.package import CONTENT_TYPES_PART, MAIN_CONTENT_TYPES

EXCEL_EPOCH = dt.datetime(1899, 12, 30)
ASK = "请把原文件和本消息发给技术人员。"


def verify_reopened(path: Path, workbook: Workbook, target: Path | None = None) -> None:
    """Raise WorkbookError unless ``path`` reopens with the content of ``workbook``."""
    try:
        # A file object, because openpyxl rejects the temporary file's suffix.
        data = _openable(Path(path).read_bytes())
        written = load_workbook(io.BytesIO(data), read_only=True, rich_text=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise WorkbookError(f"{_saving(path, target)}写出的文件无法重新打开（{error}），因此没有保存，原文件未被改动。{ASK}") from error
    try:
        _compare(_saving(path, target), workbook, written)
    finally:
        written.close()


def _openable(data: bytes) -> bytes:
    """Return the package with an add-in's workbook content type read as .xlsm's.

    openpyxl 3.1 finds no workbook part in an .xlam. The parts are the same
    as in an .xlsm, so the copy checked here differs only in that type.
    """
    addin = MAIN_CONTENT_TYPES[".xlam"].encode("utf-8")
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        if addin not in package.read(CONTENT_TYPES_PART):
            return data
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as copy:
            for info in package.infolist():
                content = package.read(info.filename)
                if info.filename == CONTENT_TYPES_PART:
                    content = content.replace(addin, MAIN_CONTENT_TYPES[".xlsm"].encode("utf-8"))
                copy.writestr(info.filename, content)
    return buffer.getvalue()


def _saving(path: Path, target: Path | None) -> str:
    """Name the file being saved: the target, not the temporary file the check reopens."""
    return f"保存“{(target or path).name}”时，"


def _compare(saving: str, expected: Workbook, written) -> None:
    if written.sheetnames != expected.sheetnames:
        raise WorkbookError(
            f"{saving}写出的文件的工作表为 {written.sheetnames}，应为 {expected.sheetnames}，因此没有保存，原文件未被改动。{ASK}"
        )
    for sheet in expected.worksheets:
        reopened = written[sheet.title]
        if reopened.sheet_state != sheet.sheet_state:
            raise WorkbookError(f"{saving}写出的文件中工作表“{sheet.title}”的显示状态不对，因此没有保存，原文件未被改动。{ASK}")
        difference = _first_difference(_rows_in_memory(sheet), _rows_reopened(reopened))
        if difference is not None:
            (row, column), expected_cell, found_cell = difference
            raise WorkbookError(
                f"{saving}写出的文件中工作表“{sheet.title}”的单元格 {get_column_letter(column)}{row} 与应写入的内容不同"
                f"（应为 {expected_cell!r}，重新打开后为 {found_cell!r}），因此没有保存，原文件未被改动。{ASK}"
            )


# A row as (row number, {column: (value, is formula)}) of its non-empty cells.
Row = tuple[int, dict[int, tuple[object, bool]]]


def _first_difference(expected: Iterator[Row], found: Iterator[Row]):
    """Walk both sheets row by row and return the first differing cell as ((row, column), expected, found).

    Only one row of each side is held at a time, so the check needs little
    memory even for a change log of many thousands of rows.
    """
    end = (1 << 31, {})
    expected_row, found_row = next(expected, end), next(found, end)
    while expected_row is not end or found_row is not end:
        row = min(expected_row[0], found_row[0])
        expected_cells = expected_row[1] if expected_row[0] == row else {}
        found_cells = found_row[1] if found_row[0] == row else {}
        for column in sorted(expected_cells.keys() | found_cells.keys()):
            if not _same(expected_cells.get(column), found_cells.get(column)):
                return (row, column), expected_cells.get(column), found_cells.get(column)
        if expected_row[0] == row:
            expected_row = next(expected, end)
        if found_row[0] == row:
            found_row = next(found, end)
    return None


def _rows_in_memory(sheet) -> Iterator[Row]:
    """Yield the non-empty rows of a sheet in memory, without creating cells for the gaps."""
    # NOTE: _cells is openpyxl's private map of the cells that exist. iter_rows would create the missing ones.
    cells = sheet._cells
    for row, keys in itertools.groupby(sorted(cells), key=operator.itemgetter(0)):
        entries = {}
        for key in keys:
            entry = _entry(cells[key])
            if entry is not None:
                entries[key[1]] = entry
        if entries:
            yield row, entries


def _rows_reopened(sheet) -> Iterator[Row]:
    """Yield the non-empty rows of a sheet opened read-only, from the cells the file contains.

    iter_rows would pad every row to the sheet's last column, so one
    formatted empty cell in column XFD made the check walk millions of cells.
    """
    workbook = sheet.parent
    # NOTE: WorkSheetParser is the private parser behind openpyxl 3.1's read-only iter_rows.
    with sheet._get_source() as source:
        parser = WorkSheetParser(source, sheet._shared_strings, data_only=workbook.data_only, epoch=workbook.epoch,
                                 date_formats=workbook._date_formats, timedelta_formats=workbook._timedelta_formats)
        for row, cells in parser.parse():
            entries = {}
            for cell in cells:
                entry = _value_entry(cell["value"], cell["data_type"])
                if entry is not None:
                    entries[cell["column"]] = entry
            if entries:
                yield row, entries


def _entry(cell) -> tuple[object, bool] | None:
    return _value_entry(getattr(cell, "value", None), cell.data_type)


def _value_entry(value: object, data_type: str) -> tuple[object, bool] | None:
    if value is None or value == "":
        return None
    return _comparable(value), data_type == "f"


def _comparable(value: object) -> object:
    """Return a form that survives the trip through XML: times to the millisecond."""
    if isinstance(value, dt.datetime):
        return round((value.replace(tzinfo=None) - EXCEL_EPOCH).total_seconds(), 3)
    if isinstance(value, dt.date):
        return round((dt.datetime.combine(value, dt.time()) - EXCEL_EPOCH).total_seconds(), 3)
    if isinstance(value, (dt.time, dt.timedelta)):
        return str(value)
    if isinstance(value, ArrayFormula):
        return ("array", value.ref, value.text)  # these formula objects define no equality
    if isinstance(value, DataTableFormula):
        return ("data table", tuple(sorted(dict(value).items())))
    return value


def _same(wanted: tuple | None, found: tuple | None) -> bool:
    """Compare two cells; numbers may differ in the last of the 15 digits Excel keeps.

    openpyxl may write a NumPy float with fewer digits than Python's
    shortest form, so a computed figure can come back one unit off there.
    """
    if wanted is None or found is None:
        return wanted is found
    (wanted_value, wanted_formula), (found_value, found_formula) = wanted, found
    if wanted_formula != found_formula:
        return False
    numbers = (int, float)
    if (isinstance(wanted_value, numbers) and isinstance(found_value, numbers)
            and not isinstance(wanted_value, bool) and not isinstance(found_value, bool)):
        return math.isclose(wanted_value, found_value, rel_tol=1e-13, abs_tol=1e-300)
    return wanted_value == found_value
