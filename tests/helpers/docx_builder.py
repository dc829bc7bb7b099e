"""Build a Word attachment with python-docx that reproduces a text export.

An empty indicator or lead-unit cell of the text export is a vertically
merged cell in Word, so the builder merges it with the cell above, as the
office's original attachment does.
"""

from __future__ import annotations

from pathlib import Path

import docx

from ecomonitor.tables.raw import RawTable

MERGED_COLUMNS = (0, 1)  # 指标, 牵头单位


def build_docx(raw: RawTable, path: Path, heading_in_table: bool = False) -> Path:
    document = docx.Document()
    for line in raw.preamble:
        document.add_paragraph(line)
    for section in raw.sections:
        rows = [section.header.cells, *[row.cells for row in section.rows]]
        offset = 1 if heading_in_table else 0
        if not heading_in_table:
            document.add_paragraph(section.heading)
        table = document.add_table(rows=len(rows) + offset, cols=len(section.header.cells))
        if heading_in_table:
            merged = table.cell(0, 0).merge(table.cell(0, len(section.header.cells) - 1))
            merged.text = section.heading
        _merge_continuations(table, rows, offset)
        _fill(table, rows, offset)
    document.save(str(path))
    return path


def _merge_continuations(table, rows: list[list[str]], offset: int) -> None:
    for column in MERGED_COLUMNS:
        origin = None
        for index, cells in enumerate(rows):
            if index == 0:
                continue
            if cells[column]:
                origin = index
            elif origin is not None:
                table.cell(origin + offset, column).merge(table.cell(index + offset, column))


def _fill(table, rows: list[list[str]], offset: int) -> None:
    for index, cells in enumerate(rows):
        for column, text in enumerate(cells):
            if not text:
                continue
            cell = table.cell(index + offset, column)
            lines = text.split("\n")
            cell.paragraphs[0].text = lines[0]
            for line in lines[1:]:
                cell.add_paragraph(line)
