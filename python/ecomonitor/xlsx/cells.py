"""Small helpers for reading and writing cell values."""

from __future__ import annotations

from openpyxl.utils import get_column_letter, range_boundaries

from ecomonitor.core.cleantext import fit_cell_text
from ecomonitor.core.rates import RateKind, parse_rate, percent_format


def text_of(value: object) -> str:
    """Return a cell value as stripped text; None is the empty string."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def write_rate(cell, rate: float | None, written: str = "") -> None:
    """Write a rate as a percent-formatted number, or its text when unreadable.

    A rate that cannot be read is kept as written, so validation can show it
    and nothing typed by a department is lost.
    """
    if rate is None:
        write_value(cell, written)
        cell.number_format = "@" if written else percent_format(None, "")
        return
    cell.value = rate
    cell.number_format = percent_format(rate, written)


def read_rate(value: object) -> tuple[float | None, str]:
    """Read a rate cell: (fraction or None, the text as written)."""
    reading = parse_rate(value)
    if reading.kind is RateKind.VALUE:
        return reading.value, reading.text
    return None, reading.text


def write_value(cell, value: object) -> None:
    """Write a value; text stays text even when it starts with = (never a formula).

    openpyxl turns any string that starts with = into a formula, so text
    typed by a department could otherwise run as one in the master. Text
    that an .xlsx cannot contain (control characters, more than 32,767
    characters) is made to fit, so a report or log line never breaks a save.
    Departments' entries are checked, and rejected when they do not fit,
    before they get here.
    """
    if value == "":
        value = None
    if isinstance(value, str):
        value = fit_cell_text(value)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"


def column_letter(position: int) -> str:
    """Return the letter of a 0-based column position."""
    return get_column_letter(position + 1)


def width_or_default(sheet, position: int, default: float) -> float:
    """Return the width of a 0-based column, or ``default`` when the sheet sets none.

    A sheet copied by value (the ribbon's shadow workbook) has no widths; the
    declared width of the column is then the best estimate.
    """
    letter = column_letter(position)
    if letter in sheet.column_dimensions and sheet.column_dimensions[letter].width:
        return sheet.column_dimensions[letter].width
    return default


def merged_ranges_below(ranges: list[str], header_row: int) -> list[str]:
    """Return the merged ranges that reach below ``header_row``, into a table's data rows.

    Only the top-left cell of a merged range keeps a value, so a merge across
    task rows would silently give the other rows empty cells.
    """
    found = []
    for reference in ranges:
        try:
            _min_column, _min_row, _max_column, max_row = range_boundaries(reference)
        except (TypeError, ValueError):
            continue
        if max_row is not None and max_row > header_row:
            found.append(reference)
    return found
