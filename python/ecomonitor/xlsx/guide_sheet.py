"""The 说明 sheet: how the office uses the master workbook."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from ecomonitor.core.model import Framework
from ecomonitor.xlsx import styles
from ecomonitor.xlsx.rowfit import fit_row

SHEET = "说明"
WIDTH = 110
SECTION_FONT = Font(name="黑体", size=12)


def guide_sections(framework: Framework) -> list[tuple[str, list[str]]]:
    sheets = "、".join(category.sheet for category in framework.categories)
    return [
        ("本工作簿是什么", [
            f"本工作簿是“{framework.title or '生态文明样板州监测管理平台'}”的主表，"
            f"当前报告期为 {framework.period.label}，"
            f"共 {len(framework.categories)} 个类别、{len(framework.indicators)} 项指标、"
            f"{len(framework.tasks)} 项年度目标任务，涉及 {len(framework.departments)} 个牵头单位。",
            "主表是监测工作的唯一底账。请勿在主表中删除任务行或改写任务编号；"
            "各单位的进展由“汇总合并”写入，不要手工复制粘贴。",
        ]),
        ("工作表", [
            f"类别工作表（{sheets}）：每行一项任务，列出任务编号、指标、牵头单位、责任单位、目标任务、本季度进展、完成率和平台计算的各列。",
            "责任单位：默认与牵头单位相同；一项指标由多个单位牵头时，可改为实际负责该任务的单位（多个单位以顿号分隔，排在第一位的单位所填内容为准）。",
            "序时进度、状态、核算完成率、核算说明：由平台计算，请勿手工修改。状态按完成率与序时进度显示已完成、超序时、正常、滞后、严重滞后，"
            "颜色自动标出。核算完成率按目标和进展中的数字算出，核算说明写明所用数字或不能核算的原因；这两列在表格右侧，供核对，不打印。"
            "生成主表、汇总合并后自动更新，也可执行“核算完成率”（命令：ecomonitor compute 主表）。",
            "关联任务（右侧，不打印）：同一目标出现在两个类别时，在其中一项填写另一项的任务编号，之后该项不再单独下发，由另一项的填报一并填入。",
            "单位：单位名册，含别名、联系人和联系电话。表中同一单位的不同写法（如“州住建局（州人防办）”）应列为别名。",
            "配置：年度、季度、报送截止日期、联系人及序时进度、滞后等阈值。",
            "汇总、单位汇总、滞后清单、图表：按类别和按责任单位统计的完成情况、落后序时进度的任务清单（督办清单）"
            "和完成情况图表，由“生成汇总表”生成。",
            "报送情况、未报送、变更记录：每次汇总合并后生成，分别记录各文件的处理结果、未报送的单位和主表的每一处改动。",
            "上期进展（类别工作表的最后一列）：新建报告期时，本季度的进展移到这一列，供填报和核对时对照。",
            "历史：新建报告期时自动归档的各报告期进展、完成率和状态，每个报告期每项任务一行，请勿修改。",
            "趋势、进展未变化：生成汇总表时一并生成，分别是各类别、各单位历次报告期的平均完成率（附折线图），"
            "以及进展文字与上期相同或完成率未提高的任务。",
            "年度对照：年度切换时生成，列出新一年的任务与当年任务的对应关系，供核对确认。",
            "校验结果：每次校验后生成，列出全部问题及修改方法（命令：ecomonitor validate 主表）。",
        ]),
        ("每季度的工作流程", [
            "1. 生成部门填报表：为每个单位生成只含本单位任务的 .xlsx 填报表（命令：ecomonitor split 主表 -o 文件夹）。",
            "2. 下发：把填报表发给各单位。各单位用 Excel、WPS 或 LibreOffice 填写“进展”和“完成率”两列即可，无需启用宏。",
            "3. 汇总合并：把收回的填报表放入一个文件夹（可含子文件夹），执行汇总合并（命令：ecomonitor consolidate 主表 文件夹）。"
            "平台按填报表内的隐藏信息识别单位，与文件名无关。",
            "4. 校验：检查完成率、进展和核算结果，按“校验结果”中的说明核实或修改（命令：ecomonitor validate 主表）。",
            "5. 生成汇总表：按类别和单位统计，列出滞后任务，绘制图表（命令：ecomonitor summary 主表）。",
            "6. 打印：各工作表已设为 A4 横向、一页宽、每页重复表头。可在 Excel 中直接打印，"
            "或导出 PDF（命令：ecomonitor pdf 主表 --sheets 汇总表 -o 汇总.pdf）。",
            "7. 生成通报：按公文格式生成季度通报的 Word 草稿（命令：ecomonitor bulletin 主表 -o 通报.docx）。",
            "8. 新建报告期：本季度的进展归档到“历史”，进入下一季度（命令：ecomonitor new-period 主表）。",
        ]),
        ("每年的工作", [
            "四季度汇总之后，用新一年的监测表做年度切换：先生成“年度对照”（命令：ecomonitor new-year 主表 新监测表），"
            "核对“待确认”的行并在“确认”列填写原任务编号或“新增”，再应用（命令：ecomonitor new-year 主表 --apply）。"
            "沿用的任务保留原编号，四季度的进展归档到“历史”，主表进入新一年的一季度。",
            "各报告期的数据可导出为 CSV 或 JSON（命令：ecomonitor export 主表 --format csv -o 文件）。",
        ]),
        ("完成率的写法", [
            "完成率填百分数，如 50%、52.8%；也可填 0.5 或 50，平台会换算为 50%。“已完成”按 100% 计，“未启动”按 0% 计。",
            "超过 100% 的完成率须在进展中说明原因（如“超额完成”）。",
            "序时进度：第 q 季度末为 q/4；目标写明期限的（如“6月底前”“9月30日”），按从年初到期限均匀推进计算。滞后、严重滞后等阈值在“配置”中修改。",
        ]),
    ]


def write_guide_sheet(workbook: Workbook, framework: Framework, index: int | None = None) -> Worksheet:
    sheet = workbook.create_sheet(SHEET, index)
    sheet.column_dimensions["A"].width = WIDTH
    title = sheet.cell(1, 1, framework.title or "生态文明样板州监测管理平台")
    title.font = styles.TITLE_FONT
    title.alignment = styles.TITLE_ALIGNMENT
    sheet.row_dimensions[1].height = styles.TITLE_HEIGHT
    row = 3
    for heading, paragraphs in guide_sections(framework):
        sheet.cell(row, 1, heading).font = SECTION_FONT
        row += 1
        for paragraph in paragraphs:
            cell = sheet.cell(row, 1, paragraph)
            cell.font = styles.BODY_FONT
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            fit_row(sheet, row)
            row += 1
        row += 1
    styles.set_print_layout(sheet, "1:1", styles.page_header(framework.period.label, SHEET))
    return sheet


def replace_guide_sheet(workbook: Workbook, framework: Framework) -> Worksheet:
    """Write the 说明 sheet anew where it was, for example after the period changed."""
    index = None
    if SHEET in workbook.sheetnames:
        index = workbook.sheetnames.index(SHEET)
        workbook.remove(workbook[SHEET])
    return write_guide_sheet(workbook, framework, index)
