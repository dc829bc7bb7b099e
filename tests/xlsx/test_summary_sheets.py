"""The summary sheets, the charts and the print setup of every generated sheet."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import zipfile

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter, range_boundaries

from ecomonitor.core.pagelayout import max_table_width
from ecomonitor.core.settings import Settings
from ecomonitor.core.summary import category_summary, department_summary, lagging_tasks, tasks_frame
from ecomonitor.xlsx.chart_sheet import write_chart_sheet
from ecomonitor.xlsx.findings_count import count_findings
from ecomonitor.xlsx.master import open_master, save_master
from ecomonitor.core.findings import Finding, Severity
from ecomonitor.xlsx.report_sheets import REPORT_COLUMNS, problem_lines
from ecomonitor.xlsx.summary_sheets import write_category_summary, write_department_summary
from ecomonitor.xlsx.table_sheet import TableColumn, replace_sheet, write_table

MADE = dt.datetime(2023, 7, 5, 9, 30)  # as in the summarized_master fixture
PLATFORM = "湘西州打造全国生态文明样板州监测管理平台"
GENERATED = ["汇总", "单位汇总", "滞后清单", "图表"]


@pytest.fixture()
def summarized(summarized_master):
    return summarized_master


def test_summary_sheets_follow_the_guide(summarized):
    assert load_workbook(summarized).sheetnames[:5] == ["说明", *GENERATED]


@pytest.mark.parametrize("name, subject", [
    ("汇总", "2023年二季度各类别目标任务完成情况汇总"),
    ("单位汇总", "2023年二季度各责任单位目标任务完成情况排名"),
    ("滞后清单", "2023年二季度滞后任务督办清单"),
    ("图表", "2023年二季度目标任务完成情况图表"),
])
def test_titles_name_platform_period_and_date(summarized, name, subject):
    sheet = load_workbook(summarized)[name]
    assert sheet["A1"].value == f"{PLATFORM}\n{subject}"
    assert sheet["A2"].value.startswith("制表日期：2023年7月5日")
    assert sheet["A1"].font.name == "黑体"


def test_category_summary_table(summarized):
    sheet = load_workbook(summarized)["汇总"]
    headers = [cell.value for cell in sheet[3]]
    assert headers == ["序号", "类别", "任务数", "已填报", "已完成", "超序时", "正常", "滞后", "严重滞后", "未填报",
                       "达到序时进度", "落后序时进度", "平均完成率", "平均核算完成率", "序时进度", "差距（百分点）"]
    assert sheet["B4"].value == "绿色低碳发展"
    assert sheet["C4"].value == 14
    assert sheet["B14"].value == "合计"
    assert sheet["C14"].value == 104
    assert sheet["B14"].font.name == "黑体"
    assert sheet["M4"].number_format == "0.0%"
    assert sheet["N4"].value == pytest.approx(0.456)  # T01-02-02, the only computed rate of the category
    assert sheet["O4"].value == pytest.approx(0.5)
    assert sheet["P4"].value == pytest.approx((sheet["M4"].value - 0.5) * 100)
    assert sheet["A16"].value.startswith("说明：")


def test_department_summary_ranked(summarized):
    sheet = load_workbook(summarized)["单位汇总"]
    assert sheet["A3"].value == "排名"
    assert sheet["Q3"].value == "问题数"
    ranks = [sheet.cell(row, 1).value for row in range(4, 20)]
    assert ranks == list(range(1, 17))
    rates = [sheet.cell(row, 13).value for row in range(4, 20)]
    assert rates == sorted(rates, reverse=True)
    assert all(sheet.cell(row, 17).value == 0 for row in range(4, 20))


def test_lagging_sheet_sorted_by_gap(summarized):
    book = open_master(summarized)
    lagging = lagging_tasks(tasks_frame(book.framework, book.settings))
    sheet = book.workbook["滞后清单"]
    headers = [cell.value for cell in sheet[3]]
    assert headers == ["序号", "任务编号", "类别", "责任单位", "2023年目标任务", "二季度进展", "完成率", "核算完成率",
                       "序时进度", "差距（百分点）", "状态"]
    count = len(lagging)
    assert count > 0
    ids = [sheet.cell(row, 2).value for row in range(4, 4 + count)]
    assert ids == list(lagging["id"])
    gaps = [sheet.cell(row, 10).value for row in range(4, 4 + count)]
    assert gaps == sorted(gaps)
    assert {sheet.cell(row, 11).value for row in range(4, 4 + count)} <= {"滞后", "严重滞后"}
    assert f"共 {count} 项" in sheet["A2"].value


def _chart_parts(path):
    """Return the charts drawn from 汇总 and 单位汇总 (the 趋势 sheet has line charts of its own)."""
    with zipfile.ZipFile(path) as package:
        parts = {name: package.read(name).decode("utf-8") for name in package.namelist()
                 if re.fullmatch(r"xl/charts/chart\d+\.xml", name)}
    return {name: xml for name, xml in parts.items() if "'汇总'!" in xml or "'单位汇总'!" in xml}


def test_three_native_charts_reference_summaries(summarized):
    charts = _chart_parts(summarized)
    assert len(charts) == 3
    combined = "\n".join(charts.values())
    assert len(re.findall(r"<(?:c:)?barChart>", combined)) == 3
    assert len(re.findall(r"<(?:c:)?lineChart>", combined)) == 1
    assert "'汇总'!$M$4:$M$13" in combined  # average rate of the ten categories
    assert "'汇总'!$N$4:$N$13" in combined  # average computed rate
    assert "'汇总'!$O$4:$O$13" in combined  # time progress line
    assert re.search(r'<(?:c:)?grouping val="stacked"/>', combined)
    assert "'单位汇总'!$B$4:$B$19" in combined
    assert re.search(r'<(?:c:)?orientation val="maxMin"/>', combined)


def test_charts_survive_another_save(summarized, tmp_path):
    path = tmp_path / "again.xlsm"
    shutil.copy(summarized, path)
    save_master(open_master(path))
    charts = _chart_parts(path)
    assert len(charts) == 3
    assert re.search(r"<(?:c:)?lineChart>", "\n".join(charts.values()))
    assert len(load_workbook(path)["图表"]._charts) == 3


def test_computed_rate_column_and_series(example, tmp_path):
    frame = tasks_frame(example, Settings(2023, 2))
    frame["computed_rate"] = frame["rate"]
    workbook = Workbook()
    settings = Settings(2023, 2)
    categories = write_category_summary(workbook, example, category_summary(frame), settings, MADE)
    departments = write_department_summary(workbook, example, department_summary(frame), settings, MADE)
    assert workbook["汇总"].cell(3, categories.columns["average_computed_rate"]).value == "平均核算完成率"
    chart_sheet = write_chart_sheet(workbook, example, categories, departments, MADE)
    rate_chart = chart_sheet._charts[0]
    assert len(rate_chart.series) == 2


def test_generated_sheets_print_a4_landscape_one_page_wide(summarized):
    workbook = load_workbook(summarized)
    names = [s.title for s in workbook.worksheets if s.sheet_state == "visible"]
    for name in names:
        sheet = workbook[name]
        setup = sheet.page_setup
        assert (setup.orientation, int(setup.paperSize)) == ("landscape", 9), name
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0), name
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, name
        assert sheet.print_title_rows, name
        assert sheet.oddFooter.center.text == "第 &P 页 共 &N 页", name
        assert sheet.oddHeader.center.text == f"2023年二季度　{name}", name
        last_column = sheet.max_column
        if sheet.print_area:
            last_column = range_boundaries(sheet.print_area.split("!")[-1].replace("$", ""))[2]
        widths = sum(sheet.column_dimensions[get_column_letter(c)].width or 9.14
                     for c in range(1, last_column + 1))
        assert widths <= max_table_width(), name


def test_body_fonts_follow_official_conventions(summarized):
    workbook = load_workbook(summarized)
    for name in GENERATED[:3]:
        sheet = workbook[name]
        assert sheet["A3"].font.name == "黑体"
        assert sheet["B4"].font.name == "宋体"
        assert 10.5 <= sheet["B4"].font.sz <= 12


def _report_sheet(workbook, rows):
    sheet = replace_sheet(workbook, "报送情况")
    write_table(sheet, "标题", "副标题", REPORT_COLUMNS, rows, "页眉")


def test_findings_counted_from_report_sheet(example):
    workbook = Workbook()
    _report_sheet(workbook, [
        ["a.xlsx", "州水利局", "已采用", None, "", 5, 1, "[rate-invalid] 第 5 行：完成率无效\n[progress-missing] 缺进展"],
        ["b.xlsx", "州水利局", "已被新版本取代", None, "", 0, 0, "[copy-late] 逾期"],
        ["c.xlsx", "", "未采用", None, "", 0, 0, "[copy-unreadable] 无法读取"],
        ["d.xlsx", "州林业局", "已采用", None, "", 13, 0, None],
        ["e.xlsx", "州发改委", "已采用", None, "", 3, 0, "[row-unfilled]×22 本行未填写（第 5 行；第 6 行）"],
    ])
    assert count_findings(workbook, example) == {"州水利局": 2, "州发改委": 22}


def test_problem_lines_group_one_message_per_line():
    findings = [Finding("row-unfilled", Severity.INFO, "本行未填写，主表保持原值。", file="a.xlsx", row=row,
                        task_id=f"T01-01-0{row - 4}") for row in (5, 6, 7)]
    findings.append(Finding("rate-invalid", Severity.ERROR, "完成率无效。", file="a.xlsx", row=9))
    assert problem_lines(findings) == [
        "[row-unfilled]×3 本行未填写，主表保持原值。（第 5 行，任务 T01-01-01；第 6 行，任务 T01-01-02；"
        "第 7 行，任务 T01-01-03）",
        "[rate-invalid] 完成率无效。（第 9 行）",
    ]


def test_findings_counted_from_validation_sheet(example):
    workbook = Workbook()
    sheet = replace_sheet(workbook, "校验结果")
    columns = [TableColumn(header, 10) for header in ("级别", "代码", "任务编号", "说明")]
    write_table(sheet, "标题", "副标题", columns, [
        ["错误", "rate-invalid", "T10-02-01", "完成率无效"],
        ["警告", "rate-mismatch", "T01-01-01", "核算不一致"],
        ["提示", "progress-stale", "T01-01-02", "进展未更新"],
    ], "页眉")
    counts = count_findings(workbook, example)
    assert counts == {"州水利局": 1, "州发改委": 2}
