"""The 历史 sheet: every archived period's entries, one row per period and task.

Rows are appended when a period is archived and read back by header, so the
office may move columns, filter or sort the sheet.
"""

from __future__ import annotations

import datetime as dt

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from ecomonitor.core.history import History, HistoryRecord
from ecomonitor.core.layout import HISTORY_COLUMNS, HISTORY_HEADER_ROW, Kind, locate_columns
from ecomonitor.core.period import Period
from ecomonitor.core.rates import percent_format
from ecomonitor.core.textfit import row_height
from ecomonitor.errors import WorkbookError
from ecomonitor.xlsx import styles
from ecomonitor.xlsx.cells import read_rate, text_of, write_rate, write_value
from ecomonitor.xlsx.table_sheet import TableColumn, replace_sheet, write_table

SHEET = "历史"
TIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
REQUIRED_KEYS = ("year", "quarter", "id", "progress", "rate")
CHINA_TIME = dt.timezone(dt.timedelta(hours=8))


def read_history(workbook: Workbook, archived: list[str] | None = None) -> History:
    """Read the 历史 sheet; a master without one has an empty history.

    ``archived`` lists the period keys the master's metadata records as
    archived; a period among them that the sheet lacks raises WorkbookError,
    as does every row whose period or task ID cannot be read.
    """
    history = _read_sheet(workbook) if SHEET in workbook.sheetnames else History()
    present = set(history.periods())
    lost = [key for key in archived or [] if Period.from_key(key) not in present]
    if lost:
        labels = "、".join(Period.from_key(key).label for key in lost)
        if SHEET in workbook.sheetnames:
            problem = f"工作表“{SHEET}”中没有已归档的 {labels} 的记录（被清空或改动）"
        else:
            problem = f"工作表“{SHEET}”不见了（被删除或改名），其中有已归档的 {labels} 的记录"
        raise WorkbookError(f"{problem}：请从“备份”文件夹中的备份恢复“{SHEET}”工作表后重试。")
    return history


def _read_sheet(workbook: Workbook) -> History:
    sheet = workbook[SHEET]
    positions = _positions(sheet)
    records, problems, first_rows = [], [], {}
    for number, values in enumerate(sheet.iter_rows(min_row=HISTORY_HEADER_ROW + 1, values_only=True),
                                    start=HISTORY_HEADER_ROW + 1):
        picked = {key: (values[pos] if pos < len(values) else None) for key, pos in positions.items()}
        if not any(text_of(value) for value in values):
            continue
        record = _record(picked)
        if isinstance(record, str):
            problems.append(f"第 {number} 行{record}")
            continue
        key = (record.period, record.task_id)
        if key in first_rows:
            problems.append(f"第 {number} 行与第 {first_rows[key]} 行是同一报告期（{record.period.label}）"
                            f"同一任务（{record.task_id}）的记录，请删除重复的一行")
            continue
        first_rows[key] = number
        records.append(record)
    if problems:
        listed = "\n".join(f"  - {problem}" for problem in problems)
        raise WorkbookError(f"工作表“{SHEET}”有 {len(problems)} 行无法读取：\n{listed}\n"
                            "请恢复这些行的年度、季度和任务编号，或删除重复的行。")
    return History(records)


def append_history(workbook: Workbook, records: list[HistoryRecord]) -> None:
    """Append records below the last used row, creating the sheet when needed."""
    if SHEET not in workbook.sheetnames:
        _create_sheet(workbook)
    sheet = workbook[SHEET]
    positions = _positions(sheet)
    number = max(sheet.max_row + 1, HISTORY_HEADER_ROW + 1)
    for record in records:
        _write_record(sheet, number, positions, record)
        number += 1
    last = sheet.cell(HISTORY_HEADER_ROW, sheet.max_column).column_letter
    sheet.auto_filter.ref = f"A{HISTORY_HEADER_ROW}:{last}{max(number - 1, HISTORY_HEADER_ROW)}"


def _create_sheet(workbook: Workbook) -> Worksheet:
    sheet = replace_sheet(workbook, SHEET)
    columns = [TableColumn(column.header, column.width, centered=column.centered) for column in HISTORY_COLUMNS]
    write_table(sheet, "历史进展", "新建报告期时自动归档，每个报告期每项任务一行；请勿修改或删除",
                columns, [], "历史进展")
    return sheet


def _positions(sheet: Worksheet) -> dict[str, int]:
    headers = [cell.value for cell in sheet[HISTORY_HEADER_ROW]]
    positions = locate_columns(headers, HISTORY_COLUMNS)
    missing = [column.header for column in HISTORY_COLUMNS
               if column.key in REQUIRED_KEYS and column.key not in positions]
    if missing:
        raise WorkbookError(
            f"工作表“{SHEET}”第 {HISTORY_HEADER_ROW} 行缺少表头“{'、'.join(missing)}”：请不要删除或改写这些列的表头。"
        )
    return positions


def _write_record(sheet: Worksheet, number: int, positions: dict[str, int], record: HistoryRecord) -> None:
    values = {
        "year": record.period.year,
        "quarter": record.period.quarter,
        "period": record.period.label,
        "id": record.task_id,
        "category": record.category,
        "indicator": record.indicator,
        "lead_units": record.lead_units,
        "owners": "、".join(record.owners),
        "target": record.target,
        "progress": record.progress,
        "status": record.status,
        "note": record.note,
        "archived_at": _naive(record.archived_at),
    }
    fitted = []
    for column in HISTORY_COLUMNS:
        if column.key not in positions:
            continue
        cell = sheet.cell(number, positions[column.key] + 1)
        styles.style_body_cell(cell, column.centered)
        if column.key == "rate":
            write_rate(cell, record.rate, record.rate_text)
        elif column.key == "time_progress":
            cell.value = record.time_progress
            cell.number_format = percent_format(record.time_progress)
        else:
            write_value(cell, values[column.key])
            if column.key == "archived_at":
                cell.number_format = TIME_FORMAT
            elif column.kind is Kind.TEXT:
                fitted.append((text_of(cell.value), column.width))
    sheet.row_dimensions[number].height = row_height(fitted)


def _naive(moment: dt.datetime | None) -> dt.datetime | None:
    """Excel has no time zones: show times in China Standard Time."""
    if moment is None:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(CHINA_TIME).replace(tzinfo=None)
    return moment.replace(microsecond=0)


def _record(values: dict[str, object]) -> HistoryRecord | str:
    """Build a record from a row, or return what is wrong with it."""
    try:
        period = Period(int(values["year"]), int(values["quarter"]))
    except (TypeError, ValueError):
        return f"的年度“{text_of(values.get('year'))}”或季度“{text_of(values.get('quarter'))}”无效"
    task_id = text_of(values.get("id"))
    if not task_id:
        return "没有任务编号"
    rate, rate_text = read_rate(values.get("rate"))
    time_progress, _text = read_rate(values.get("time_progress"))
    archived_at = values.get("archived_at")
    owners = text_of(values.get("owners"))
    return HistoryRecord(
        period=period,
        task_id=task_id,
        category=text_of(values.get("category")),
        indicator=text_of(values.get("indicator")),
        lead_units=text_of(values.get("lead_units")),
        owners=[name for name in owners.split("、") if name],
        target=text_of(values.get("target")),
        progress=text_of(values.get("progress")),
        rate=rate,
        rate_text=rate_text,
        time_progress=time_progress,
        status=text_of(values.get("status")),
        note=text_of(values.get("note")),
        archived_at=archived_at if isinstance(archived_at, dt.datetime) else None,
    )
