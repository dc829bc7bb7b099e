"""The 单位 sheet: the department register with aliases and contacts."""

from __future__ import annotations

import re

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from ecomonitor.core.departments import DepartmentRegister
from ecomonitor.core.model import Department, Framework
from ecomonitor.errors import WorkbookError
from ecomonitor.xlsx import styles
from ecomonitor.xlsx.cells import text_of
from ecomonitor.xlsx.rowfit import fit_row

SHEET = "单位"
HEADERS = ("单位名称", "别名（以顿号或换行分隔）", "联系人", "联系电话", "责任任务数")
WIDTHS = (22, 40, 12, 16, 12)
HEADER_ROW = 2
ALIAS_SEPARATORS = re.compile(r"[\n、，,；;]+")


def write_register_sheet(workbook: Workbook, framework: Framework) -> Worksheet:
    sheet = workbook.create_sheet(SHEET)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    title = sheet.cell(1, 1, "单位名册")
    title.font = styles.TITLE_FONT
    title.alignment = styles.TITLE_ALIGNMENT
    sheet.row_dimensions[1].height = styles.TITLE_HEIGHT
    for position, (header, width) in enumerate(zip(HEADERS, WIDTHS), start=1):
        styles.style_header_cell(sheet.cell(HEADER_ROW, position, header))
        sheet.column_dimensions[sheet.cell(HEADER_ROW, position).column_letter].width = width
    for row, department in enumerate(framework.departments, start=HEADER_ROW + 1):
        owned = len(framework.tasks_owned_by(department.name))
        values = (department.name, "、".join(department.aliases), department.contact, department.phone, owned)
        for position, value in enumerate(values, start=1):
            cell = sheet.cell(row, position, value if value != "" else None)
            styles.style_body_cell(cell, centered=position == 5)
        fit_row(sheet, row)
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    styles.set_print_layout(sheet, f"1:{HEADER_ROW}", styles.page_header(framework.period.label, SHEET))
    return sheet


def read_register_sheet(sheet: Worksheet) -> DepartmentRegister:
    departments: list[Department] = []
    for number, values in enumerate(sheet.iter_rows(min_row=HEADER_ROW + 1, max_col=4, values_only=True),
                                    start=HEADER_ROW + 1):
        name, aliases, contact, phone = (text_of(value) for value in values)
        if not name:
            if aliases or contact or phone:
                raise WorkbookError(f"工作表“{SHEET}”第 {number} 行没有单位名称：请补上名称或删除该行。")
            continue
        departments.append(
            Department(
                name=name,
                aliases=[alias.strip() for alias in ALIAS_SEPARATORS.split(aliases) if alias.strip()],
                contact=contact,
                phone=phone,
            )
        )
    return DepartmentRegister(departments)


def write_owned_counts(sheet: Worksheet, framework: Framework) -> None:
    """Rewrite the 责任任务数 column after the tasks changed."""
    column = next((position for position, cell in enumerate(sheet[HEADER_ROW], start=1)
                   if text_of(cell.value) == HEADERS[4]), None)
    if column is None:
        return
    for row in range(HEADER_ROW + 1, sheet.max_row + 1):
        name = text_of(sheet.cell(row, 1).value)
        if name:
            sheet.cell(row, column).value = len(framework.tasks_owned_by(name))
