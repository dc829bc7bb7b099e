"""The 年度对照 sheet, where the office confirms how next year's tasks continue this year's.

The proposal itself (the new framework and the proposed matches) is kept as
JSON in a very hidden sheet, so applying it reads only the 确认 column from
the visible sheet: edits elsewhere in the sheet change nothing.
"""

from __future__ import annotations

import json

from openpyxl import Workbook
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from ecomonitor.core.layout import YEAR_MATCH_COLUMNS, YEAR_MATCH_HEADER_ROW, Kind, locate_columns
from ecomonitor.core.model import Framework
from ecomonitor.core.yearchange import Confirmation, TaskMatch, Verdict
from ecomonitor.errors import PeriodError
from ecomonitor.xlsx import styles
from ecomonitor.xlsx.cells import column_letter, text_of
from ecomonitor.xlsx.hidden import join_hidden_rows, write_hidden_document
from ecomonitor.xlsx.table_sheet import SUBTITLE_ROW, TableColumn, replace_sheet, write_table

SHEET = "年度对照"
DOCUMENT_SHEET = "_year_change"
DOCUMENT_MARKER = "ecomonitor-year-change"
UNCERTAIN_FILL = PatternFill("solid", fgColor="F8CBAD")
DROPPED_FILL = PatternFill("solid", fgColor="D9D9D9")


def write_year_sheet(workbook: Workbook, current: Framework, following: Framework,
                     matches: list[TaskMatch]) -> Worksheet:
    """Write the proposal for the office to confirm, one row per new task, then the dropped tasks."""
    rows = [_row(match, current, following) for match in matches]
    columns = [
        TableColumn(column.header, column.width, "0%" if column.kind is Kind.PERCENT else "General",
                    centered=column.centered)
        for column in YEAR_MATCH_COLUMNS
    ]
    sheet = replace_sheet(workbook, SHEET)
    subtitle = (f"{following.period.year}年目标任务与{current.period.year}年对照：“待确认”的行请在“确认”列填写沿用的原任务编号"
                "或“新增”；其他行留空即采用“建议编号”，也可改填。核对后运行 ecomonitor new-year 主表 --apply")
    write_table(sheet, f"{following.period.year}年度任务对照", subtitle, columns, rows,
                f"{following.period.year}年度任务对照")
    _mark_rows(sheet, len(rows))
    return sheet


def _row(match: TaskMatch, current: Framework, following: Framework) -> list[object]:
    old = current.task(match.old_id) if match.old_id else None
    old_category = current.category(old.category).sheet if old else ""
    if match.new_index is None:
        indicator = current.indicator(old.indicator_id).text
        return ["", match.verdict.value, match.old_id, "", None, old_category, indicator, "",
                old.lead_units, old.target, old_category, match.reason]
    task = following.tasks[match.new_index]
    return [
        match.new_index + 1, match.verdict.value, match.old_id or "新增", "",
        match.score if old else None, following.category(task.category).sheet,
        following.indicator(task.indicator_id).text, task.target, task.lead_units,
        old.target if old else "", old_category, match.reason,
    ]


def _mark_rows(sheet: Worksheet, count: int) -> None:
    positions = {column.key: position for position, column in enumerate(YEAR_MATCH_COLUMNS)}
    first, last = YEAR_MATCH_HEADER_ROW + 1, YEAR_MATCH_HEADER_ROW + max(count, 1)
    verdict = column_letter(positions["verdict"])
    cells = f"{verdict}{first}:{verdict}{last}"
    sheet.conditional_formatting.add(cells, CellIsRule(operator="equal", formula=[f'"{Verdict.UNCERTAIN.value}"'],
                                                       fill=UNCERTAIN_FILL))
    sheet.conditional_formatting.add(cells, CellIsRule(operator="equal", formula=[f'"{Verdict.DROPPED.value}"'],
                                                       fill=DROPPED_FILL))
    confirmed = positions["confirmed"] + 1
    for row in range(first, last + 1):
        if sheet.cell(row, positions["seq"] + 1).value not in (None, ""):
            sheet.cell(row, confirmed).fill = styles.INPUT_FILL
            sheet.cell(row, confirmed).number_format = "@"


def read_confirmations(workbook: Workbook, matches: list[TaskMatch]) -> list[Confirmation]:
    """Read the 确认 column by 序号; the verdicts and proposals come from ``matches``."""
    if SHEET not in workbook.sheetnames:
        raise PeriodError(f"主表中没有“{SHEET}”工作表：请先运行 ecomonitor new-year 主表 新监测表。")
    sheet = workbook[SHEET]
    headers = [cell.value for cell in sheet[YEAR_MATCH_HEADER_ROW]]
    positions = locate_columns(headers, YEAR_MATCH_COLUMNS)
    if "seq" not in positions or "confirmed" not in positions:
        raise PeriodError(f"工作表“{SHEET}”第 {YEAR_MATCH_HEADER_ROW} 行缺少“序号”或“确认”表头：请不要改写表头。")
    proposals = {match.new_index: match for match in matches if match.new_index is not None}
    confirmations = []
    for number, values in enumerate(sheet.iter_rows(min_row=YEAR_MATCH_HEADER_ROW + 1, values_only=True),
                                    start=YEAR_MATCH_HEADER_ROW + 1):
        sequence = text_of(values[positions["seq"]] if positions["seq"] < len(values) else None)
        if not sequence:
            continue
        if not sequence.isdigit() or int(sequence) - 1 not in proposals:
            raise PeriodError(f"工作表“{SHEET}”第 {number} 行的序号“{sequence}”无效：请不要改动“序号”列。")
        match = proposals[int(sequence) - 1]
        confirmed = values[positions["confirmed"]] if positions["confirmed"] < len(values) else None
        confirmations.append(Confirmation(match.new_index, match.verdict, match.old_id, text_of(confirmed), number))
    return confirmations


def mark_applied(workbook: Workbook, text: str) -> None:
    if SHEET in workbook.sheetnames:
        workbook[SHEET].cell(SUBTITLE_ROW, 1).value = text


def write_year_document(workbook: Workbook, document: dict) -> None:
    write_hidden_document(workbook, DOCUMENT_SHEET, DOCUMENT_MARKER, document)


def read_year_document(workbook: Workbook) -> dict:
    """Return the stored proposal; raise PeriodError when there is none."""
    if DOCUMENT_SHEET not in workbook.sheetnames:
        raise PeriodError("主表中没有待应用的年度对照：请先运行 ecomonitor new-year 主表 新监测表，核对“年度对照”后再加 --apply。")
    column = [row[0] for row in workbook[DOCUMENT_SHEET].iter_rows(min_col=1, max_col=1, values_only=True)]
    if not column or column[0] != DOCUMENT_MARKER:
        raise PeriodError(f"隐藏工作表“{DOCUMENT_SHEET}”不是年度对照的数据：请重新运行 ecomonitor new-year 主表 新监测表。")
    try:
        return json.loads(join_hidden_rows(column[1:]))
    except ValueError as error:
        raise PeriodError(f"年度对照的隐藏数据已损坏（{error}）：请重新运行 ecomonitor new-year 主表 新监测表。") from error


def remove_year_document(workbook: Workbook) -> None:
    if DOCUMENT_SHEET in workbook.sheetnames:
        workbook.remove(workbook[DOCUMENT_SHEET])
