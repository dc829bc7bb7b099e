"""JSON documents kept in a very hidden sheet of a workbook.

A very hidden sheet cannot be unhidden from Excel's or WPS's menus, and
survives saving in Excel, WPS and LibreOffice. The JSON is split over
column A because one cell holds at most 32,767 characters.
"""

from __future__ import annotations

import json

from openpyxl import Workbook

CHUNK = 30000
MARKER_ROW = 1


def write_hidden_document(workbook: Workbook, sheet_name: str, marker: str, document: dict) -> None:
    if sheet_name in workbook.sheetnames:
        del workbook[sheet_name]
    sheet = workbook.create_sheet(sheet_name)
    sheet.sheet_state = "veryHidden"
    sheet.cell(MARKER_ROW, 1, marker)
    text = json.dumps(document, ensure_ascii=False, sort_keys=True)
    for index in range(0, len(text), CHUNK):
        sheet.cell(MARKER_ROW + 1 + index // CHUNK, 1, text[index:index + CHUNK])


def join_hidden_rows(rows: list[object]) -> str:
    """Join the JSON chunks read from column A below the marker row."""
    return "".join(str(value) for value in rows if value not in (None, ""))
