"""Counting the findings of each department from the 报送情况 and 校验结果 sheets.

报送情况 (written by consolidation) lists each returned file with its
department and its findings, one line per code and message as
``[code] message（where）``, or ``[code]×n message（where；…）`` for n findings.
Files superseded by a newer copy do not count. 校验结果 (written by
validation) has one finding per row; it is read by its header: the
department comes from a 单位 or 责任单位 column, or else from the first
owner of the row's 任务编号. A master without these sheets has no findings.
"""

from __future__ import annotations

import re
from collections import Counter

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from ecomonitor.core.consolidate import Status as FileStatus
from ecomonitor.core.model import Framework
from ecomonitor.xlsx.cells import text_of

REPORT_SHEET = "报送情况"
VALIDATION_SHEET = "校验结果"
HEADER_SEARCH_ROWS = 6
DEPARTMENT_HEADERS = ("单位", "责任单位")
PROBLEM_LINE = re.compile(r"\[[^\]]+\](?:×(\d+))?")


def count_findings(workbook: Workbook, framework: Framework) -> Counter:
    """Return the number of findings per department name."""
    counts: Counter = Counter()
    if REPORT_SHEET in workbook.sheetnames:
        counts.update(_report_findings(workbook[REPORT_SHEET]))
    if VALIDATION_SHEET in workbook.sheetnames:
        counts.update(_validation_findings(workbook[VALIDATION_SHEET], framework))
    return counts


def _header(sheet: Worksheet, required: str) -> tuple[int, dict[str, int]] | None:
    """Find the header row that contains ``required``; return it and {header: 0-based column}."""
    for number, values in enumerate(sheet.iter_rows(max_row=HEADER_SEARCH_ROWS, values_only=True), start=1):
        headers = {text_of(value): position for position, value in enumerate(values) if text_of(value)}
        if required in headers:
            return number, headers
    return None


def _report_findings(sheet: Worksheet) -> Counter:
    counts: Counter = Counter()
    found = _header(sheet, "问题")
    if found is None or "单位" not in found[1]:
        return counts
    row, headers = found
    for values in sheet.iter_rows(min_row=row + 1, values_only=True):
        department = text_of(values[headers["单位"]])
        status = text_of(values[headers["状态"]]) if "状态" in headers else ""
        if not department or status in (FileStatus.SUPERSEDED, FileStatus.DUPLICATE):
            continue
        problems = text_of(values[headers["问题"]])
        found = sum(_count_of(line) for line in problems.splitlines())
        if found:
            counts[department] += found
    return counts


def _count_of(line: str) -> int:
    """Count the findings of one 问题 line: "[code] …" is one, "[code]×n …" is n."""
    match = PROBLEM_LINE.match(line)
    if match is None:
        return 0
    return int(match.group(1) or 1)


def _validation_findings(sheet: Worksheet, framework: Framework) -> Counter:
    counts: Counter = Counter()
    found = _header(sheet, "任务编号")
    if found is None:
        return counts
    row, headers = found
    department_column = next((headers[name] for name in DEPARTMENT_HEADERS if name in headers), None)
    owners = {task.id: task.owners[0] for task in framework.tasks if task.owners}
    for values in sheet.iter_rows(min_row=row + 1, values_only=True):
        if not any(text_of(value) for value in values):
            continue
        department = text_of(values[department_column]) if department_column is not None else ""
        if not department:
            department = owners.get(text_of(values[headers["任务编号"]]), "")
        if department:
            counts[department] += 1
    return counts
