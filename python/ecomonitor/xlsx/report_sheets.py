"""Sheets written by consolidation: 报送情况, 未报送 and the change log 变更记录."""

from __future__ import annotations

import dataclasses
import datetime as dt

from openpyxl import Workbook

from ecomonitor.core.consolidate import ConsolidationResult, Status
from ecomonitor.core.findings import Finding
from ecomonitor.core.model import Framework
from ecomonitor.core.owners import EntryHolder
from ecomonitor.core.period import Period
from ecomonitor.core.rates import format_rate
from ecomonitor.xlsx import styles
from ecomonitor.xlsx.cells import text_of
from ecomonitor.xlsx.table_sheet import (
    FIRST_DATA_ROW,
    HEADER_ROW,
    TITLE_ROW,
    TableColumn,
    append_row,
    table_row_limit,
    made_on,
    platform_title,
    replace_sheet,
    report_title,
    set_table_print_area,
    write_table,
)

REPORT_SHEET = "报送情况"
REPORT_SUBJECT = "填报表汇总合并情况"
UNREPORTED_SHEET = "未报送"
CHANGES_SHEET = "变更记录"
FIELD_NAMES = {"progress": "进展", "rate": "完成率", "others": "其他单位填报"}
TIME_FORMAT = "yyyy-mm-dd hh:mm"

# Each table is at most 145 units wide, one A4 landscape page at 100%; a
# time column needs 19 units, because numbers do not wrap and a number too
# wide for its cell prints as ###.
REPORT_COLUMNS = [
    TableColumn("文件", 24),
    TableColumn("单位", 14),
    TableColumn("状态", 9, centered=True),
    TableColumn("保存时间", 19, TIME_FORMAT, centered=True),
    TableColumn("逾期", 5, centered=True),
    TableColumn("采用行数", 6, centered=True),
    TableColumn("未采用行数", 6, centered=True),
    TableColumn("问题", 60),
]
UNREPORTED_COLUMNS = [
    TableColumn("序号", 5, centered=True),
    TableColumn("单位", 20),
    TableColumn("责任任务数", 10, centered=True),
    TableColumn("联系人", 12),
    TableColumn("联系电话", 16),
]
CHANGE_COLUMNS = [
    TableColumn("时间", 19, TIME_FORMAT, centered=True),
    TableColumn("单位", 13),
    TableColumn("任务编号", 11, centered=True),
    TableColumn("字段", 8, centered=True),
    TableColumn("原值", 37),
    TableColumn("新值", 37),
    TableColumn("来源文件", 19),
    # 64 hex digits would wrap into five lines and make every row that tall on paper.
    TableColumn("SHA-256", 21, printed=False),
]


def write_consolidation_sheets(workbook: Workbook, framework: Framework, result: ConsolidationResult,
                               run_time: dt.datetime) -> None:
    local = _naive(run_time)
    stamp = f"{made_on(local)}　汇总时间：{local:%H:%M}"
    _write_reports(workbook, framework, result, stamp)
    _write_unreported(workbook, framework, result, stamp)
    append_changes(workbook, framework, result, run_time)


def _naive(moment: dt.datetime | None) -> dt.datetime | None:
    """Excel has no time zones: show times in China Standard Time."""
    if moment is None:
        return None
    return moment.astimezone(dt.timezone(dt.timedelta(hours=8))).replace(tzinfo=None, microsecond=0)


def problem_lines(findings: list[Finding]) -> list[str]:
    """Write findings as lines of 问题, one per code and message: "[code]×n message（where；where）".

    The file is the row's own and is left out of the places. ``×n`` only
    appears when several places share a message, so one line stays short
    when a department leaves many rows unfilled.
    """
    groups: dict[tuple[str, str], list[str]] = {}
    for finding in findings:
        place = dataclasses.replace(finding, file=None).where()
        groups.setdefault((finding.code, finding.message), []).append(place)
    lines = []
    for (code, message), places in groups.items():
        shown = "；".join(place for place in places if place)
        count = f"×{len(places)}" if len(places) > 1 else ""
        lines.append(f"[{code}]{count} {message}" + (f"（{shown}）" if shown else ""))
    return lines


def _write_reports(workbook, framework, result, stamp) -> None:
    earlier = _earlier_reports_kept(workbook, framework.period, result)
    rows = [[row.get(column.header) for column in REPORT_COLUMNS] for row in earlier]
    for report in result.reports:
        problems = "\n".join(problem_lines(report.findings))
        rows.append([
            report.name, report.department, report.status, _naive(report.saved_at),
            "是" if report.late else "", report.rows_taken, report.rows_rejected, problems,
        ])
    notes = [f"前 {len(earlier)} 行是本期以前几次汇总合并的文件：这些单位本次没有新采用的文件。"] if earlier else []
    sheet = replace_sheet(workbook, REPORT_SHEET)
    write_table(sheet, report_title(framework, REPORT_SUBJECT), stamp, REPORT_COLUMNS, rows,
                styles.page_header(framework.period.label, REPORT_SHEET), notes)


def _earlier_reports_kept(workbook, period: Period, result: ConsolidationResult) -> list[dict[str, object]]:
    """Return the rows of this period's earlier runs that this run does not replace.

    A department's earlier rows are replaced when this run takes a copy of
    it, and a file's earlier row when this run reads a file of the same name
    and department. So 报送情况 covers every copy of the period when the
    copies are consolidated in several batches.
    """
    replaced = {report.department for report in result.reports if report.status == Status.TAKEN}
    files = {(report.name, report.department) for report in result.reports}
    rows = []
    for row in _period_reports(workbook, period):
        name, department = text_of(row.get("文件")), text_of(row.get("单位"))
        if not text_of(row.get("状态")):
            continue  # a note below the table, not a file
        if (department and department in replaced) or (name, department) in files:
            continue
        rows.append(row)
    return rows


def read_reported_departments(workbook: Workbook, period: Period) -> set[str]:
    """Return the departments whose copy an earlier run of ``period`` took, from 报送情况."""
    rows = _period_reports(workbook, period)
    return {text_of(row.get("单位")) for row in rows
            if text_of(row.get("状态")) == Status.TAKEN and text_of(row.get("单位"))}


def _write_unreported(workbook, framework, result, stamp) -> None:
    rows = []
    for number, name in enumerate(result.unreported, start=1):
        department = next(d for d in framework.departments if d.name == name)
        rows.append([number, name, len(framework.tasks_owned_by(name)), department.contact, department.phone])
    notes = [] if rows else ["所有单位均已报送。"]
    sheet = replace_sheet(workbook, UNREPORTED_SHEET)
    write_table(sheet, report_title(framework, "未报送单位"), f"{stamp}　共 {len(rows)} 个单位",
                UNREPORTED_COLUMNS, rows, styles.page_header(framework.period.label, UNREPORTED_SHEET), notes)


def _shown(field: str, value: object) -> object:
    if field == "rate" and isinstance(value, float):
        return format_rate(value)
    return value


def append_changes(workbook, framework, result, run_time) -> None:
    if CHANGES_SHEET not in workbook.sheetnames:
        sheet = replace_sheet(workbook, CHANGES_SHEET)
        write_table(sheet, f"{platform_title(framework)}\n主表变更记录",
                    "每次汇总合并对主表的改动，按时间追加，请勿删除", CHANGE_COLUMNS, [],
                    styles.page_header(framework.period.label, CHANGES_SHEET))
    sheet = workbook[CHANGES_SHEET]
    sheet.oddHeader.center.text = styles.page_header(framework.period.label, CHANGES_SHEET)
    number = max(sheet.max_row + 1, FIRST_DATA_ROW)
    limit = table_row_limit(sheet)
    body_styles = styles.BodyStyles()
    for change in result.changes:
        values = [
            _naive(run_time), change.department, change.task_id, FIELD_NAMES[change.field],
            _shown(change.field, change.old), _shown(change.field, change.new), change.file, change.sha256,
        ]
        append_row(sheet, number, CHANGE_COLUMNS, values, limit, body_styles)
        number += 1
    set_table_print_area(sheet, CHANGE_COLUMNS)


def read_entry_holders(workbook: Workbook) -> dict[str, EntryHolder]:
    """Return, per task, the department of the last logged change of its progress or rate.

    Consolidation uses it to tell whose entry a task's cells contain. It
    counts a holder only while the cells still contain the logged values, so
    an edit by hand or a new period leaves the task without a holder.
    """
    if CHANGES_SHEET not in workbook.sheetnames:
        return {}
    sheet = workbook[CHANGES_SHEET]
    headers = [text_of(cell.value) for cell in sheet[HEADER_ROW]]
    holders: dict[str, EntryHolder] = {}
    for values in sheet.iter_rows(min_row=FIRST_DATA_ROW, values_only=True):
        row = dict(zip(headers, values))
        task_id, field_name = text_of(row.get("任务编号")), text_of(row.get("字段"))
        if not task_id or field_name not in (FIELD_NAMES["progress"], FIELD_NAMES["rate"]):
            continue
        before = holders.get(task_id)
        progress = before.progress if before else None
        rate_text = before.rate_text if before else None
        if field_name == FIELD_NAMES["progress"]:
            progress = text_of(row.get("新值"))
        else:
            rate_text = text_of(row.get("新值"))
        holders[task_id] = EntryHolder(text_of(row.get("单位")), progress, rate_text,
                                       text_of(row.get("来源文件")), text_of(row.get("SHA-256")))
    return holders


def read_unreported(workbook: Workbook, period: Period) -> list[str] | None:
    """Return the departments listed in 未报送, or None when the sheet is missing or of another period."""
    rows = _rows_of(workbook, UNREPORTED_SHEET, f"{period.label}未报送单位")
    if rows is None:
        return None
    return [text_of(row.get("单位")) for row in rows if text_of(row.get("单位"))]


def read_late(workbook: Workbook, period: Period) -> list[str]:
    """Return the departments whose taken copy was late, from 报送情况 of the period."""
    rows = _period_reports(workbook, period)
    return [text_of(row.get("单位")) for row in rows
            if text_of(row.get("状态")) == Status.TAKEN and text_of(row.get("逾期")) == "是"]


def _period_reports(workbook: Workbook, period: Period) -> list[dict[str, object]]:
    """Return the rows of 报送情况 when it is of ``period``, else none."""
    return _rows_of(workbook, REPORT_SHEET, f"{period.label}{REPORT_SUBJECT}") or []


def _rows_of(workbook: Workbook, name: str, title: str) -> list[dict[str, object]] | None:
    if name not in workbook.sheetnames:
        return None
    sheet = workbook[name]
    # The title's last line names the period and the subject (see report_title).
    if text_of(sheet.cell(TITLE_ROW, 1).value).split("\n")[-1] != title:
        return None
    headers = [text_of(cell.value) for cell in sheet[HEADER_ROW]]
    return [dict(zip(headers, values)) for values in sheet.iter_rows(min_row=FIRST_DATA_ROW, values_only=True)]
