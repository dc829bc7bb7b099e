"""The 校验结果 sheet: every finding of the last validation of the master."""

from __future__ import annotations

import datetime as dt

from openpyxl import Workbook
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Font, PatternFill

from ecomonitor.core.findings import Finding, Severity, count_by_severity
from ecomonitor.xlsx.table_sheet import FIRST_DATA_ROW, TableColumn, replace_sheet, write_table

SHEET = "校验结果"
COLUMNS = [
    TableColumn("序号", 6, centered=True),
    TableColumn("严重程度", 8, centered=True),
    TableColumn("代码", 22),
    TableColumn("工作表", 14),
    TableColumn("行", 6, centered=True),
    TableColumn("单元格", 8, centered=True),
    TableColumn("任务编号", 11, centered=True),
    TableColumn("值", 14),
    TableColumn("问题及修改方法", 70),
]
SEVERITY_COLOURS = {
    Severity.ERROR: ("FFC7CE", "9C0006"),
    Severity.WARNING: ("FFEB9C", "9C5700"),
    Severity.INFO: ("DDEBF7", "1F4E78"),
}


def write_validation_sheet(workbook: Workbook, findings: list[Finding], checked: dt.datetime,
                           period_label: str) -> None:
    """Replace the 校验结果 sheet with the findings, coloured by severity."""
    counts = count_by_severity(findings)
    summary = "，".join(f"{severity.value} {counts[severity]}" for severity in Severity)
    rows = [
        [number, f.severity.value, f.code, f.sheet, f.row, f.cell, f.task_id, f.value, f.message]
        for number, f in enumerate(findings, start=1)
    ]
    if not rows:
        rows = [["", "", "", "", None, "", "", "", "未发现问题。"]]
    sheet = replace_sheet(workbook, SHEET)
    write_table(sheet, f"{period_label}校验结果", f"校验时间：{checked:%Y-%m-%d %H:%M}，共 {len(findings)} 条：{summary}",
                COLUMNS, rows, f"{period_label} 校验结果")
    last_row = FIRST_DATA_ROW + max(len(rows), 1) - 1
    for severity, (fill, font) in SEVERITY_COLOURS.items():
        sheet.conditional_formatting.add(
            f"B{FIRST_DATA_ROW}:B{last_row}",
            CellIsRule(operator="equal", formula=[f'"{severity.value}"'],
                       fill=PatternFill("solid", start_color=fill, end_color=fill), font=Font(color=font)),
        )
    sheet.auto_filter.ref = f"A{FIRST_DATA_ROW - 1}:I{last_row}"
