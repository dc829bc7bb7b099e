"""Running button functions on xlwings' remote engine, with a payload read from a workbook file.

The payload is what xlwings' VBA client would send: every sheet's values
from A1 to the end of its used range, numbers as floats, dates as ISO
strings ending in "Z", empty cells as "", and the installed xlwings
version. The remote engine needs XLWINGS_LICENSE_KEY set before xlwings
is imported (tests/excel/conftest.py sets it).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from python_calamine import CalamineWorkbook

import xlwings as xw


def cell_value(value: object) -> object:
    if isinstance(value, bool) or value == "":
        return value
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    if isinstance(value, dt.date):
        return f"{value.isoformat()}T00:00:00.000Z"
    if isinstance(value, dt.time):
        return value.isoformat()
    return value


def sheet_values(rows: list[list[object]]) -> list[list[object]]:
    width = max([len(row) for row in rows] or [1]) or 1
    grid = [[cell_value(value) for value in row] + [""] * (width - len(row)) for row in rows]
    return grid or [[""]]


def payload(path: Path, name: str | None = None) -> dict:
    """Build the remote engine's payload for a workbook file; ``name`` defaults to its full path."""
    workbook = CalamineWorkbook.from_path(str(path))
    sheets = [
        {"name": sheet, "values": sheet_values(workbook.get_sheet_by_name(sheet).to_python()),
         "pictures": [], "tables": []}
        for sheet in workbook.sheet_names
    ]
    return {
        "client": "VBA",
        "version": xw.__version__,
        "book": {"name": name or str(path), "active_sheet_index": 0, "selection": "A1"},
        "names": [],
        "sheets": sheets,
    }


def remote_book(path: Path, name: str | None = None) -> xw.Book:
    return xw.Book(json=payload(path, name))


def actions(book: xw.Book) -> list[dict]:
    return book.json()["actions"]


def alerts(book: xw.Book) -> list[str]:
    return [action["args"][0] for action in actions(book) if action["func"] == "alert"]
