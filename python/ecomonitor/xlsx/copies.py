"""Department copies: plain .xlsx files holding only one department's tasks.

A copy needs no macros: the fixed texts are locked by sheet protection, the
progress and rate cells are open, a formula line shows how many tasks are
filled, and a very hidden sheet carries the signed metadata that identifies
the department and the period when the copy comes back.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Protection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ecomonitor.core.copymeta import CopyMeta, fixed_text_fingerprint
from ecomonitor.core.instance import MasterMeta
from ecomonitor.core.layout import (
    COPY_COLUMNS,
    COPY_HEADER_ROW,
    COPY_STATUS_ROW,
    TITLE_ROW,
    Role,
    printed_count,
)
from ecomonitor.core.model import Framework, Task
from ecomonitor.core.settings import Settings
from ecomonitor.core.textfit import row_height
from ecomonitor.xlsx import styles
from ecomonitor.xlsx.cells import column_letter, text_of, write_rate, write_value
from ecomonitor.xlsx.copy_status import COPY_COMPUTED_KEYS, add_copy_status_formatting, write_copy_computed
from ecomonitor.xlsx.hidden import write_hidden_document
from ecomonitor.xlsx.save import save_workbook

DATA_SHEET = "填报"
GUIDE_SHEET = "填报说明"
META_SHEET = "_meta"
COPY_MARKER = "ecomonitor-department-copy"
FIRST_DATA_ROW = COPY_HEADER_ROW + 1
UNSAFE_FILE_CHARS = re.compile(r'[\\/:*?"<>|\s]+')
RATE_PROMPT = "填百分数，如 50% 或 52.8%；也可填“已完成”。超过 100% 请在进展中说明原因。"
PROGRESS_PROMPT = "填写截至本季度末的进展，尽量写明完成量、投资额等具体数字；可用 Alt+回车 换行。"


def copy_file_name(department: str, framework: Framework) -> str:
    return f"{UNSAFE_FILE_CHARS.sub('_', department)}_{framework.period.label}.xlsx"


def unique_copy_file_names(departments: list[str], framework: Framework) -> dict[str, str]:
    """Map each department to a copy file name that no other department in the list gets.

    Two names can clash after unsafe characters become _ (州A/B局 and 州A_B局), or
    differ only in case, which Windows and macOS file systems ignore. A later
    department then gets a suffix _2, _3, …; consolidation identifies a copy by
    its hidden metadata, so the file name carries no meaning.
    """
    names: dict[str, str] = {}
    used_keys: set[str] = set()
    for department in departments:
        name = copy_file_name(department, framework)
        stem, suffix = name.removesuffix(".xlsx"), 2
        while name.casefold() in used_keys:
            name = f"{stem}_{suffix}.xlsx"
            suffix += 1
        used_keys.add(name.casefold())
        names[department] = name
    return names


def copy_fingerprint(tasks: list[Task], framework: Framework) -> str:
    return fixed_text_fingerprint(framework, [task.id for task in tasks])


def write_copy(
    framework: Framework,
    department: str,
    meta: MasterMeta,
    settings: Settings,
    folder: Path,
    created: dt.datetime,
    file_name: str | None = None,
    tasks: list[Task] | None = None,
) -> Path:
    """Write the copy of one department into ``folder`` and return its path.

    ``file_name`` defaults to ``copy_file_name`` and ``tasks`` to the
    department's ``tasks_filled_by``.
    """
    tasks = framework.tasks_filled_by(department) if tasks is None else tasks
    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.creator = "ecomonitor"
    workbook.properties.title = f"{department} {framework.period.label} 填报表"
    _write_data_sheet(workbook, framework, department, tasks, settings)
    _write_guide_sheet(workbook, framework, department, settings, len(tasks))
    copy_meta = CopyMeta(
        instance_id=meta.instance_id,
        department=department,
        period=framework.period,
        template_version=meta.template_version,
        tasks=[task.id for task in tasks],
        fingerprint=copy_fingerprint(tasks, framework),
        created=created.strftime("%Y-%m-%dT%H:%M:%SZ"),
    )
    write_hidden_document(workbook, META_SHEET, COPY_MARKER, copy_meta.signed_document(meta.key))
    workbook.active = 0
    workbook.calculation.fullCalcOnLoad = True
    path = Path(folder) / (file_name or copy_file_name(department, framework))
    save_workbook(workbook, path)
    return path


def _write_data_sheet(workbook: Workbook, framework: Framework, department: str, tasks: list[Task],
                      settings: Settings) -> None:
    sheet = workbook.create_sheet(DATA_SHEET)
    period = framework.period
    last = column_letter(printed_count(COPY_COLUMNS) - 1)
    sheet.merge_cells(f"A{TITLE_ROW}:{last}{TITLE_ROW}")
    title = sheet.cell(TITLE_ROW, 1, f"{department} {period.label}生态文明样板州建设任务进展填报表")
    title.font = styles.TITLE_FONT
    title.alignment = styles.TITLE_ALIGNMENT
    sheet.row_dimensions[TITLE_ROW].height = styles.TITLE_HEIGHT
    for position, column in enumerate(COPY_COLUMNS):
        styles.style_header_cell(sheet.cell(COPY_HEADER_ROW, position + 1, column.header_for(period)))
        sheet.column_dimensions[column_letter(position)].width = column.width
    sheet.row_dimensions[COPY_HEADER_ROW].height = styles.HEADER_HEIGHT
    for offset, task in enumerate(tasks):
        _write_row(sheet, FIRST_DATA_ROW + offset, offset + 1, task, framework, settings)
    last_row = FIRST_DATA_ROW + max(len(tasks), 1) - 1
    add_copy_status_formatting(sheet, FIRST_DATA_ROW, last_row)
    _write_status_line(sheet, last, last_row)
    _add_validations(sheet, last_row)
    sheet.freeze_panes = f"A{FIRST_DATA_ROW}"
    sheet.protection.sheet = True
    sheet.protection.formatRows = False
    sheet.protection.formatColumns = False
    sheet.protection.autoFilter = False
    styles.set_print_layout(sheet, f"{TITLE_ROW}:{COPY_HEADER_ROW}", f"{department} {period.label}")
    sheet.print_area = f"A1:{last}{last_row}"


def _write_row(sheet: Worksheet, row: int, sequence: int, task: Task, framework: Framework,
               settings: Settings) -> None:
    values = {
        "seq": sequence,
        "id": task.id,
        "category": framework.category(task.category).sheet,
        "indicator": framework.indicator(task.indicator_id).text,
        "lead_units": task.lead_units,
        "target": task.target,
        "progress": task.progress or None,
        "previous_progress": task.previous_progress or None,
    }
    fitted = []
    for position, column in enumerate(COPY_COLUMNS):
        cell = sheet.cell(row, position + 1)
        styles.style_body_cell(cell, column.centered)
        if column.key == "rate":
            write_rate(cell, task.rate, task.rate_text)
        elif column.key in COPY_COMPUTED_KEYS:
            write_copy_computed(cell, column.key, task, framework.period, settings)
        else:
            write_value(cell, values[column.key])
            fitted.append((text_of(cell.value), column.width))
        if column.role is Role.INPUT:
            cell.protection = Protection(locked=False)
            cell.fill = styles.INPUT_FILL
    sheet.row_dimensions[row].height = row_height(fitted)


def _input_range(key: str, last_row: int) -> str:
    position = next(i for i, column in enumerate(COPY_COLUMNS) if column.key == key)
    letter = column_letter(position)
    return f"{letter}{FIRST_DATA_ROW}:{letter}{last_row}"


def _write_status_line(sheet: Worksheet, last: str, last_row: int) -> None:
    progress = _input_range("progress", last_row)
    rate = _input_range("rate", last_row)
    formula = (
        f'="已填 "&SUMPRODUCT((LEN(TRIM({progress}))>0)*(LEN(TRIM({rate}))>0))'
        f'&" 项，共 "&ROWS({progress})&" 项（进展和完成率都填写才算已填）"'
    )
    sheet.merge_cells(f"A{COPY_STATUS_ROW}:{last}{COPY_STATUS_ROW}")
    cell = sheet.cell(COPY_STATUS_ROW, 1, formula)
    cell.font = styles.HEADER_FONT
    cell.alignment = Alignment(horizontal="left", vertical="center")
    sheet.row_dimensions[COPY_STATUS_ROW].height = 22


def _add_validations(sheet: Worksheet, last_row: int) -> None:
    cells = _input_range("rate", last_row)
    first = cells.split(":")[0]
    # A number from 0 to 1 (0% to 100%) or any text: 已完成 and 未启动 are
    # valid, and other text shows 无法识别 in the status column.
    rate = DataValidation(
        type="custom",
        formula1=f"OR(ISTEXT({first}),AND({first}>=0,{first}<=1))",
        errorStyle="warning",
        showErrorMessage=True,
        showInputMessage=True,
        errorTitle="完成率超出 0%～100%",
        error="完成率应在 0% 到 100% 之间。超过 100% 请在进展中说明原因；如确需保留，请点“是”。",
        promptTitle="完成率",
        prompt=RATE_PROMPT,
    )
    rate.add(cells)
    progress = DataValidation(
        type="textLength",
        operator="lessThanOrEqual",
        formula1="32767",
        showInputMessage=True,
        promptTitle="本季度进展",
        prompt=PROGRESS_PROMPT,
    )
    progress.add(_input_range("progress", last_row))
    sheet.add_data_validation(rate)
    sheet.add_data_validation(progress)


def _write_guide_sheet(workbook, framework: Framework, department: str, settings: Settings, count: int) -> None:
    sheet = workbook.create_sheet(GUIDE_SHEET)
    sheet.column_dimensions["A"].width = 100
    deadline = settings.deadline.strftime("%Y年%m月%d日") if settings.deadline else "见通知"
    contact = "，".join(part for part in (settings.contact, settings.phone) if part) or "州生态文明办"
    lines = [
        (f"{department} {framework.period.label}填报说明", styles.TITLE_FONT),
        (f"本表共 {count} 项任务，是贵单位牵头或负责的全部任务。", styles.BODY_FONT),
        (f"报送截止日期：{deadline}。联系人：{contact}。", styles.BODY_FONT),
        ("一、填写什么", styles.HEADER_FONT),
        (f"只填“{framework.period.progress_header}”和“完成率”两列（浅黄色单元格），其余各列已锁定，无需也无法修改。", styles.BODY_FONT),
        (PROGRESS_PROMPT, styles.BODY_FONT),
        ("“序时进度”和“状态”两列由平台计算，无需填写：填好完成率后，“状态”按完成率与序时进度自动显示"
         "已完成、超序时、正常、滞后或严重滞后，报送前即可看到本单位任务是否滞后。", styles.BODY_FONT),
        ("二、完成率怎么写", styles.HEADER_FONT),
        ("完成率填百分数，如 50%、52.8%；也可填 0.5 或 50（都按 50% 计），“已完成”按 100% 计，“未启动”按 0% 计。", styles.BODY_FONT),
        ("能用数字计算的，请按“已完成量 ÷ 年度目标量”填写，如目标 200 个、已完成 195 个，填 97.5%。", styles.BODY_FONT),
        ("超过 100% 的完成率请在进展中说明原因（如“超额完成”）。", styles.BODY_FONT),
        ("三、报送", styles.HEADER_FONT),
        ("“填报”表第 2 行显示已填项数，全部填完后保存，按原文件发回即可，文件名可以修改。", styles.BODY_FONT),
        ("请勿删除或增加行、勿复制到新文件：本表含用于识别单位和报告期的隐藏信息，另存为其他格式（如 .xls、.et、.csv）后无法汇总。", styles.BODY_FONT),
        ("可用 Excel、WPS 或 LibreOffice 填写，无需启用宏。", styles.BODY_FONT),
    ]
    for row, (text, font) in enumerate(lines, start=1):
        cell = sheet.cell(row, 1, text)
        cell.font = font
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.row_dimensions[row].height = max(row_height([(text, 100)]), 22)
    styles.set_print_layout(sheet, "1:1", f"{department} 填报说明")
