"""Category sheets on paper: like the monitoring table they were imported from.

The Word table merges the 指标 and 牵头单位 cells over the tasks of an
indicator. The master keeps one row per task with those texts repeated,
because sorting, filtering and reading by row need them, and shows the
merge by formatting only:

- conditional formatting hides a text equal to the one in the row above
  while that row is visible (``SUBTOTAL(103, …)`` ignores rows a filter
  hides). It draws a top border where a new text starts, and otherwise the
  two columns have no horizontal borders. The text is hidden by the number
  format ``;;;`` and, because LibreOffice 7.4 ignores number formats for
  text with line breaks, also drawn in white;
- the platform places the row breaks itself, from the row heights, and the
  first row of every page shows its texts again, as the Word table repeats
  them after a page break; the last row of a page gets a bottom border.

Run :func:`refresh_category_print` again whenever row heights change.
"""

from __future__ import annotations

from copy import copy

from openpyxl.formatting.rule import Rule
from openpyxl.styles import Border, Font
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.styles.numbers import NumberFormat
from openpyxl.worksheet.pagebreak import Break, RowBreak
from openpyxl.worksheet.worksheet import Worksheet

from ecomonitor.core.layout import CATEGORY_COLUMNS, CATEGORY_HEADER_ROW, last_printed_column, locate_columns
from ecomonitor.core.pagelayout import body_height, max_row_height, page_starts
from ecomonitor.core.textfit import BODY_SIZE
from ecomonitor.xlsx import styles
from ecomonitor.xlsx.cells import column_letter
from ecomonitor.xlsx.rowfit import column_width, fit_row

FIRST_DATA_ROW = CATEGORY_HEADER_ROW + 1
MERGED_KEYS = ("indicator", "lead_units")
# A custom number-format id far above the ones openpyxl gives cell formats
# (164 upwards), so the conditional format's id never names another format.
HIDDEN_FORMAT_ID = 399
HIDDEN_TEXT = DifferentialStyle(
    font=Font(color="FFFFFF"),
    numFmt=NumberFormat(numFmtId=HIDDEN_FORMAT_ID, formatCode=";;;"),
)
RUN_START = DifferentialStyle(border=Border(top=styles.THIN))
MARKER = "SUBTOTAL(103,"


def printed_columns(sheet: Worksheet) -> int:
    """Return how many columns, from A, the sheet prints."""
    headers = [cell.value for cell in sheet[CATEGORY_HEADER_ROW]]
    return last_printed_column(headers, CATEGORY_COLUMNS) + 1


def sheet_width(sheet: Worksheet) -> float:
    return sum(column_width(sheet, column) for column in range(1, printed_columns(sheet) + 1))


def repeated_height(sheet: Worksheet, last_repeated_row: int) -> float:
    return sum(sheet.row_dimensions[row].height or 15.0 for row in range(1, last_repeated_row + 1))


def last_task_row(sheet: Worksheet) -> int:
    last = CATEGORY_HEADER_ROW
    for row in range(FIRST_DATA_ROW, sheet.max_row + 1):
        if sheet.cell(row, 1).value not in (None, ""):
            last = row
    return last


def fit_category_rows(sheet: Worksheet, rows: range | list[int]) -> None:
    """Fit the height of task rows, at most one printed page each."""
    limit = max_row_height(repeated_height(sheet, CATEGORY_HEADER_ROW), sheet_width(sheet))
    last_column = sheet.max_column
    for row in rows:
        fit_row(sheet, row, max_height=limit, body_size=BODY_SIZE, last_column=last_column)


def refresh_category_print(sheet: Worksheet) -> list[int]:
    """Place the row breaks and draw the merged look of a category sheet.

    Returns the rows that start a page after the first.
    """
    last = last_task_row(sheet)
    if last < FIRST_DATA_ROW:
        return []
    heights = [sheet.row_dimensions[row].height or 15.0 for row in range(FIRST_DATA_ROW, last + 1)]
    capacity = body_height(repeated_height(sheet, CATEGORY_HEADER_ROW), sheet_width(sheet))
    starts = [FIRST_DATA_ROW + position for position in page_starts(heights, capacity)]
    sheet.print_area = f"A1:{column_letter(printed_columns(sheet) - 1)}{last}"
    sheet.row_breaks = RowBreak()
    for start in starts:
        sheet.row_breaks.append(Break(id=start - 1))
    headers = [cell.value for cell in sheet[CATEGORY_HEADER_ROW]]
    positions = locate_columns(headers, CATEGORY_COLUMNS)
    columns = [positions[key] + 1 for key in MERGED_KEYS if key in positions]
    _remove_merge_rules(sheet)
    for column in columns:
        _draw_borders(sheet, column, last, starts)
    _add_merge_rules(sheet, columns, last, starts)
    return starts


def _draw_borders(sheet: Worksheet, column: int, last: int, starts: list[int]) -> None:
    page_starts = set(starts)
    # The workbook's list of borders. Entry 0 is Border(), the border of an unstyled cell.
    borders = sheet.parent._borders
    drawn: dict[tuple[int, bool, bool], int] = {}
    for row in range(FIRST_DATA_ROW, last + 1):
        opens = row == FIRST_DATA_ROW or row in page_starts
        closes = row == last or row + 1 in page_starts
        cell = sheet.cell(row, column)
        key = (cell._style.borderId, opens, closes)
        if key not in drawn:
            drawn[key] = borders.add(_run_border(borders[key[0]], opens, closes))
        # Setting the index is what assigning cell.border does after looking the border up.
        cell._style.borderId = drawn[key]


def _run_border(border: Border, opens: bool, closes: bool) -> Border:
    border = copy(border)
    border.left = border.right = styles.THIN
    border.top = styles.THIN if opens else None
    border.bottom = styles.THIN if closes else None
    return border


def _remove_merge_rules(sheet: Worksheet) -> None:
    formatting = sheet.conditional_formatting
    ours = [str(entry.sqref) for entry in formatting
            if any(MARKER in "".join(rule.formula or []) for rule in entry.rules)]
    for sqref in ours:
        del formatting[sqref]


def _add_merge_rules(sheet: Worksheet, columns: list[int], last: int, starts: list[int]) -> None:
    for position, column in enumerate(columns):
        same = [f"{column_letter(c - 1)}{{row}}={column_letter(c - 1)}{{above}}" for c in columns[: position + 1]]
        letter = column_letter(column - 1)
        visible = f"SUBTOTAL(103,{letter}{{above}})"
        hide = "AND(" + ",".join(same) + f",{visible}=1)"
        start = "OR(" + ",".join(f"NOT({term})" for term in same) + f",{visible}=0)"
        spans = _spans(FIRST_DATA_ROW + 1, last, starts)
        if spans:
            _add_rule(sheet, letter, spans, hide, HIDDEN_TEXT)
        _add_rule(sheet, letter, [(FIRST_DATA_ROW, last)], start, RUN_START)


def _spans(first: int, last: int, starts: list[int]) -> list[tuple[int, int]]:
    """Split rows first..last into runs that leave out the page-start rows."""
    spans, begin = [], first
    for start in [s for s in starts if first <= s <= last] + [last + 1]:
        if begin <= start - 1:
            spans.append((begin, start - 1))
        begin = start + 1
    return spans


def _add_rule(sheet: Worksheet, letter: str, spans: list[tuple[int, int]], template: str, style) -> None:
    """Add one rule over all ``spans`` of a column.

    One rule per column and kind keeps the number of conditional formats
    the same when the page breaks move, which the check on save requires.
    Relative references are relative to the first cell of the first span,
    the top-left cell of the whole range.
    """
    first = spans[0][0]
    formula = template.format(row=first, above=first - 1)
    rule = Rule(type="expression", dxf=style, formula=[formula], stopIfTrue=False)
    ranges = " ".join(f"{letter}{begin}:{letter}{end}" for begin, end in spans)
    sheet.conditional_formatting.add(ranges, rule)
