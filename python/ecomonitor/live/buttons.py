"""One function per button of the 生态监测 tab, run by RunPython from EcoRibbon.bas.

Each function runs the same job as the command line on the live workbook
(through the shadow workbook), writes the result back in bulk, shows its
steps in the status bar and ends with one message box. 导出PDF needs
Excel's own PDF export; elsewhere it names the command line to use.
"""

from __future__ import annotations

import xlwings as xw

from ecomonitor import __version__
from ecomonitor.core.findings import Severity, count_by_severity
from ecomonitor.errors import PeriodError
from ecomonitor.jobs.compute import compute_book
from ecomonitor.jobs.consolidate import check_inbox, consolidate_into
from ecomonitor.jobs.demo import COPIES_FOLDER, RETURNS_FOLDER
from ecomonitor.jobs.pdf import SUMMARY_SHEETS
from ecomonitor.jobs.periods import new_period_book
from ecomonitor.jobs.split import split_book
from ecomonitor.jobs.summary import summarize_book
from ecomonitor.jobs.validate import validate_book
from ecomonitor.live import pending
from ecomonitor.live.session import Progress, alert, button, is_excel, workbook_folder
from ecomonitor.live.shadow import push_changes, read_shadow
from ecomonitor.xlsx.master import MasterBook, inspect_master, read_master
from ecomonitor.xlsx.summary_sheets import CATEGORY_SHEET, DEPARTMENT_SHEET
from ecomonitor.xlsx.trend_sheet import STALLED_SHEET, TREND_SHEET
from ecomonitor.xlsx.validation_sheet import SHEET as VALIDATION_SHEET


def open_live_master(book: xw.Book, progress: Progress):
    """Read the live workbook into a shadow and the master it holds."""
    progress.show("读取主表")
    shadow = read_shadow(book)
    return shadow, read_master(shadow.workbook, workbook_path(book))


def workbook_path(book: xw.Book):
    return workbook_folder(book) / book.name.replace("\\", "/").rsplit("/", 1)[-1]


@button("生成部门填报表")
def split_copies(book: xw.Book, progress: Progress) -> None:
    _shadow, master = open_live_master(book, progress)
    folder = workbook_folder(book) / COPIES_FOLDER
    progress.show(f"写入“{folder}”")
    result = split_book(master, folder, progress=progress.counter("生成填报表"))
    lines = [f"已为 {len(result.copies)} 个单位生成填报表，保存在：\n{folder}"]
    if result.skipped:
        lines.append(f"没有责任任务、未生成填报表的单位：{'、'.join(result.skipped)}")
    if result.example_key:
        lines.append("注意：该主表使用公开的示例密钥，只能用于演示；实际收集请用 ecomonitor build 重新生成主表。")
    alert(book, "\n\n".join(lines))


@button("汇总合并")
def consolidate_returns(book: xw.Book, progress: Progress) -> None:
    shadow, master = open_live_master(book, progress)
    inbox = workbook_folder(book) / RETURNS_FOLDER
    check_inbox(inbox)
    progress.show(f"读取“{inbox}”中的填报表")
    # NOTE: reading in worker processes is not tried inside Excel, where Python runs under
    # xlwings' COM server; the button reads serially.
    result = consolidate_into(master, inbox, workers=1, progress=progress.counter("读取填报表"))
    progress.show("写回主表")
    push_changes(book, shadow)
    taken = sum(1 for report in result.reports if report.status == "已采用")
    lines = [
        f"读取 {len(result.reports)} 个文件，采用 {taken} 份填报表；"
        f"{result.tasks_changed} 项任务共 {len(result.changes)} 处改动已写入主表，并记入“变更记录”。",
        f"问题 {len(result.findings)} 条，详见“报送情况”工作表。",
    ]
    if result.unreported:
        lines.append(f"未报送单位（{len(result.unreported)} 个）：{'、'.join(result.unreported)}")
    else:
        lines.append("所有单位均已报送。")
    lines.append("请保存主表。")
    alert(book, "\n\n".join(lines))


@button("生成汇总表")
def write_summary(book: xw.Book, progress: Progress) -> None:
    shadow, master = open_live_master(book, progress)
    progress.show("统计")
    result = summarize_book(master)
    progress.show("写回主表")
    push_changes(book, shadow)
    total = result.categories.iloc[-1]
    # NOTE: push_changes carries values and formats only, so the 趋势 sheet gets no line chart from
    # this button; ecomonitor summary writes the charts.
    alert(book, f"已生成“{CATEGORY_SHEET}”“{DEPARTMENT_SHEET}”“{TREND_SHEET}”“{STALLED_SHEET}”工作表"
                f"（{len(result.departments)} 个单位；趋势折线图请用命令 ecomonitor summary 生成）。\n\n"
                f"共 {int(total['tasks'])} 项任务，已填报 {int(total['reported'])} 项，"
                f"落后序时进度 {int(total['lagging'])} 项。\n\n请保存主表。")


@button("导出PDF")
def export_pdf(book: xw.Book, progress: Progress) -> None:
    _shadow, master = open_live_master(book, progress)
    if not is_excel(book):
        pending.show_unavailable(book, "导出PDF", "pdf", f'ecomonitor pdf "{book.name}" -o 汇总.pdf',
                                 "该按钮使用 Excel 自带的 PDF 导出，需要在 Excel 中使用。")
        return
    target = workbook_folder(book) / f"{master.framework.period.label}监测汇总.pdf"
    sheets = [name for name in SUMMARY_SHEETS if name in master.workbook.sheetnames]
    sheets += [category.sheet for category in master.meta.categories]
    progress.show(f"导出“{target.name}”")
    book.to_pdf(str(target), include=sheets)
    alert(book, f"已导出 {len(sheets)} 个工作表：\n{target}")


@button("校验")
def validate(book: xw.Book, progress: Progress) -> None:
    progress.show("读取主表")
    shadow = read_shadow(book)
    master = inspect_master(shadow.workbook, workbook_path(book))
    progress.show("校验")
    report = validate_book(master)
    progress.show(f"写入“{VALIDATION_SHEET}”")
    push_changes(book, shadow)
    counts = count_by_severity(report.findings)
    summary = "，".join(f"{severity.value} {counts[severity]} 条" for severity in Severity)
    lines = [f"共发现 {len(report.findings)} 条问题：{summary}。", f"每条问题及修改方法见“{VALIDATION_SHEET}”工作表。"]
    if report.errors:
        lines.append("有“错误”的任务请先改正，再汇总或生成汇总表。")
    # NOTE: the button reads values, so formulas typed where text belongs are
    # found only by the command line (ecomonitor validate).
    lines.append("请保存主表。")
    alert(book, "\n\n".join(lines))


@button("核算完成率")
def compute_rates(book: xw.Book, progress: Progress) -> None:
    shadow, master = open_live_master(book, progress)
    progress.show("核算")
    result = compute_book(master)
    progress.show("写回主表")
    push_changes(book, shadow)
    statuses = "，".join(f"{name} {count}" for name, count in result.statuses.items())
    lines = [
        f"已核算 {result.tasks} 项任务，其中 {result.computed} 项能按进展中的数字算出核算完成率，"
        "其余各项的“核算说明”写明了原因。",
        f"状态：{statuses}。",
    ]
    if result.missing_headers:
        listed = "、".join(f"“{header}”" for header in result.missing_headers)
        lines.append(f"类别工作表中没有 {listed} 列，这些列未写入：请在表头行加上这些列名。")
    lines.append("请保存主表。")
    alert(book, "\n\n".join(lines))


@button("新建报告期")
def new_period(book: xw.Book, progress: Progress) -> None:
    shadow, master = open_live_master(book, progress)
    progress.show("存档本季度并进入下一季度")
    try:
        result = new_period_book(master)
    except PeriodError as error:
        raise PeriodError(f'{error}\n\n对应的命令行：ecomonitor new-period "{book.name}"'
                          "（可用的选项见 ecomonitor new-period --help）") from error
    progress.show("写回主表")
    push_changes(book, shadow)
    deadline = f"{result.deadline:%Y年%m月%d日}" if result.deadline else "未设置（请在“配置”中填写）"
    lines = [
        f"已进入 {result.current.label}。",
        f"{result.previous.label}的 {result.archived} 项任务已存入“历史”工作表（其中 {result.reported} 项已填报），"
        "进展和完成率已清空，原进展保留在“上期进展”列。",
        f"报送截止日期：{deadline}。",
        "请保存主表，再点“生成部门填报表”为各单位生成新一季度的填报表。",
    ]
    alert(book, "\n\n".join(lines))


@button("帮助")
def show_help(book: xw.Book, progress: Progress) -> None:
    alert(book, HELP_TEXT)


HELP_TEXT = f"""湘西州生态文明样板州监测管理平台 {__version__}

每季度的操作（按钮 → 对应的命令行）：
1. 生成部门填报表 → ecomonitor split：在主表旁的“{COPIES_FOLDER}”文件夹为每个单位生成填报表，发给各单位。
2. 汇总合并 → ecomonitor consolidate：把收回的填报表放进主表旁的“{RETURNS_FOLDER}”文件夹（可有子文件夹），点击后写入主表。
3. 校验 → ecomonitor validate：检查每项任务的进展和完成率，问题及修改方法列在“校验结果”工作表。
4. 核算完成率 → ecomonitor compute：按目标和进展中的数字核算完成率，更新序时进度和状态（汇总合并后会自动核算）。
5. 生成汇总表 → ecomonitor summary：生成“汇总”“单位汇总”“趋势”“进展未变化”。
6. 导出PDF：用 Excel 导出汇总表和各类别工作表。
7. 新建报告期 → ecomonitor new-period：本季度的进展存入“历史”，进入下一季度（四季度之后用 ecomonitor new-year 做年度切换）。

按钮写入主表后请保存主表。出错时的提示会说明原因和处理办法。"""
