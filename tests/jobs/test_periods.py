"""Rolling the example from Q2 to Q3 and Q4: history, headers, copies, trends."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import zipfile

import pytest
from openpyxl import load_workbook

from helpers.rolled import ABSENT_IN_Q3, STALLED_IN_Q3, synthetic_entry
from ecomonitor.core.period import Period
from ecomonitor.errors import PeriodError
from ecomonitor.jobs.consolidate import consolidate_inbox
from ecomonitor.jobs.periods import new_period
from ecomonitor.jobs.split import split
from ecomonitor.jobs.summary import summarize
from ecomonitor.jobs.validate import validate_file
from ecomonitor.xlsx.copy_reader import read_returned_copy
from ecomonitor.xlsx.fill import fill_copy
from ecomonitor.xlsx.history_sheet import read_history
from ecomonitor.xlsx.master import open_master, save_master

Q2, Q3, Q4 = Period(2023, 2), Period(2023, 3), Period(2023, 4)
ABSENT_TASKS = {"T03-03-01", "T10-02-01"}  # 州水利局 is their only owner


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def copy_of(path, tmp_path, name="master.xlsm"):
    target = tmp_path / name
    shutil.copy(path, target)
    return target


def headers(path, sheet="绿色低碳发展") -> list:
    return [cell.value for cell in load_workbook(path)[sheet][2]]


def rows_by_header(sheet, header_row=3) -> list[dict]:
    names = [cell.value for cell in sheet[header_row]]
    return [dict(zip(names, values)) for values in sheet.iter_rows(min_row=header_row + 1, values_only=True)]


def test_history_holds_closed_quarters(rolled):
    history = read_history(open_master(rolled.q4).workbook)
    assert history.periods() == [Q2, Q3]
    assert len(history.records_of(Q2)) == 104
    assert len(history.records_of(Q3)) == 104
    assert len(history.records) == 208


def test_history_keeps_entries_and_statuses(rolled):
    history = read_history(open_master(rolled.q4).workbook)
    q2, q3 = history.records_of(Q2), history.records_of(Q3)
    for task in rolled.example.tasks:
        assert q2[task.id].rate == pytest.approx(task.rate)
        assert q2[task.id].progress == task.progress
    assert q3["T01-01-02"].rate == pytest.approx(rolled.example.task("T01-01-02").rate + 0.25)
    assert q3["T01-01-02"].progress.startswith("三季度：")
    assert q2["T05-01-04"].status == "严重滞后"
    assert q2["T01-01-01"].time_progress == 0.5
    assert q3["T01-01-01"].time_progress == 0.75


def test_absent_department_archived_unreported(rolled):
    q3 = read_history(open_master(rolled.q4).workbook).records_of(Q3)
    for task_id in ABSENT_TASKS:
        assert q3[task_id].progress == ""
        assert q3[task_id].rate is None
        assert q3[task_id].status == "未填报"


def test_headers_follow_period(rolled):
    assert "二季度进展" in headers(rolled.q2)
    assert "三季度进展" in headers(rolled.q3_opened)
    assert "四季度进展" in headers(rolled.q4)
    assert "2023年目标任务" in headers(rolled.q4)
    assert "上期进展" in headers(rolled.q4)
    sheet = load_workbook(rolled.q4)["绿色低碳发展"]
    assert sheet["A1"].value == "一、打造绿色低碳发展样板指标监测表（2023年四季度）"
    assert "2023年四季度" in sheet.oddHeader.center.text


def test_settings_and_deadline_move_on(rolled):
    q3 = open_master(rolled.q3_opened).settings
    assert (q3.year, q3.quarter) == (2023, 3)
    assert q3.deadline == dt.date(2023, 9, 25)
    q4 = open_master(rolled.q4).settings
    assert (q4.year, q4.quarter) == (2023, 4)
    assert q4.deadline == dt.date(2023, 12, 26)


def test_previous_progress_kept_entries_cleared(rolled):
    framework = open_master(rolled.q3_opened).framework
    for task in framework.tasks:
        example = rolled.example.task(task.id)
        assert task.previous_progress == example.progress
        assert task.progress == ""
        assert task.rate is None


def test_guide_sheet_names_new_period(rolled):
    text = "\n".join(str(cell.value) for cell in load_workbook(rolled.q3_opened)["说明"]["A"] if cell.value)
    assert "当前报告期为 2023年三季度" in text


def test_new_copies_carry_new_period(rolled, tmp_path):
    result = split(rolled.q3_opened, tmp_path / "out", ["州林业局"])
    (_name, _count, path), = result.copies
    assert path.name == "州林业局_2023年三季度.xlsx"
    copy = read_returned_copy(path, path.name)
    assert (copy.metadata["year"], copy.metadata["quarter"]) == (2023, 3)
    sheet = load_workbook(path)["填报"]
    names = [cell.value for cell in sheet[3]]
    assert "三季度进展" in names
    rows = rows_by_header(sheet)
    assert rows[0]["上期进展"] == rolled.example.task(rows[0]["任务编号"]).progress
    assert rows[0]["三季度进展"] is None


def test_previous_quarter_copy_rejected(rolled, tmp_path):
    master = copy_of(rolled.q3_opened, tmp_path)
    old = split(rolled.q2, tmp_path / "q2", ["州林业局"])
    (_name, _count, path), = old.copies
    fill_copy(path, {"T07-01-01": synthetic_entry(rolled.example, 3)(rolled.example.task("T07-01-02"))},
              tmp_path / "inbox" / "old.xlsx")
    result = consolidate_inbox(master, tmp_path / "inbox")
    assert [finding.code for finding in result.findings] == ["copy-other-period"]
    assert result.changes == []


def test_second_new_period_refused(rolled, tmp_path):
    master = copy_of(rolled.q3_opened, tmp_path)
    before = digest(master)
    with pytest.raises(PeriodError) as caught:
        new_period(master)
    assert "2023年三季度 还没有任何任务填报" in str(caught.value)
    assert "上一报告期 2023年二季度 已经归档" in str(caught.value)
    assert digest(master) == before


def test_archived_period_not_archived_again(rolled, tmp_path):
    master = copy_of(rolled.q3, tmp_path)
    book = open_master(master)
    sheet = book.workbook["配置"]
    row = next(r for r in range(3, sheet.max_row + 1) if sheet.cell(r, 1).value == "季度")
    sheet.cell(row, 2).value = 2
    for category in book.framework.categories:
        for cell in book.workbook[category.sheet][2]:
            if cell.value == "三季度进展":
                cell.value = "二季度进展"
    save_master(book)
    before = digest(master)
    with pytest.raises(PeriodError) as caught:
        new_period(master)
    assert "2023年二季度 已归档" in str(caught.value)
    assert digest(master) == before
    assert len(read_history(open_master(master).workbook).records) == 104


def test_fourth_quarter_needs_new_year(rolled, tmp_path):
    master = copy_of(rolled.q4, tmp_path)
    before = digest(master)
    with pytest.raises(PeriodError) as caught:
        new_period(master)
    assert "ecomonitor new-year" in str(caught.value)
    assert "2024年一季度" in str(caught.value)
    assert digest(master) == before


def test_allow_empty_archives_empty_quarter(rolled, tmp_path):
    master = copy_of(rolled.q3_opened, tmp_path)
    result = new_period(master, deadline=dt.date(2023, 12, 20), allow_empty=True)
    assert (result.previous, result.current, result.reported) == (Q3, Q4, 0)
    assert result.deadline == dt.date(2023, 12, 20)
    q3 = read_history(open_master(master).workbook).records_of(Q3)
    assert {record.status for record in q3.values()} == {"未填报"}


def test_quarter_change_in_summary(rolled):
    q2 = {row["类别"]: row for row in rows_by_header(load_workbook(rolled.q2)["汇总"])}
    q3 = {row["类别"]: row for row in rows_by_header(load_workbook(rolled.q3)["汇总"])}
    total = q3["合计"]
    assert total["环比变化（百分点）"] == pytest.approx((total["平均完成率"] - q2["合计"]["平均完成率"]) * 100)
    assert total["进展未变化"] == len(STALLED_IN_Q3)
    assert "环比变化（百分点）" not in q2["合计"]
    assert q3["彩色森林"]["进展未变化"] == 1


def test_department_summary_has_change(rolled):
    rows = {row["责任单位"]: row for row in rows_by_header(load_workbook(rolled.q3)["单位汇总"])}
    assert rows["州林业局"]["进展未变化"] == 1
    assert rows["州林业局"]["环比变化（百分点）"] > 0
    assert rows[ABSENT_IN_Q3]["已填报"] == 3


def test_department_that_returned_nothing_is_listed_last_unranked(rolled):
    workbook = load_workbook(rolled.q3)
    rows = [row for row in rows_by_header(workbook["单位汇总"]) if row["责任单位"]]
    assert rows[-1]["责任单位"] == ABSENT_IN_Q3
    assert rows[-1]["排名"] == "未报送"
    assert [row["排名"] for row in rows[:-1]] == list(range(1, len(rows)))
    # The ranking chart draws the ranked departments only.
    last_ranked = 3 + len(rows) - 1
    with zipfile.ZipFile(rolled.q3) as package:
        charts = "".join(package.read(name).decode("utf-8") for name in package.namelist()
                         if name.startswith("xl/charts/chart"))
    assert f"'单位汇总'!$B$4:$B${last_ranked}<" in charts
    assert f"'单位汇总'!$B$4:$B${last_ranked + 1}<" not in charts


def test_stalled_sheet_lists_unmoved_tasks(rolled):
    rows = rows_by_header(load_workbook(rolled.q3)["进展未变化"])
    assert sorted(row["任务编号"] for row in rows) == sorted(STALLED_IN_Q3)
    assert all("进展文字与上期相同" in row["情况"] and "完成率未提高" in row["情况"] for row in rows)
    assert rows_by_header(load_workbook(rolled.q4)["进展未变化"]) == []


def test_trend_sheet_tables(rolled):
    sheet = load_workbook(rolled.q4)["趋势"]
    assert [cell.value for cell in sheet[3]][:4] == ["类别", "2023年二季度", "2023年三季度", "2023年四季度"]
    rows = {row["类别"]: row for row in rows_by_header(sheet)[:12]}
    assert list(rows)[-2:] == ["合计", "序时进度"]
    assert [rows["序时进度"][label] for label in ("2023年二季度", "2023年三季度", "2023年四季度")] == [0.5, 0.75, 1.0]
    summary = {row["类别"]: row for row in rows_by_header(load_workbook(rolled.q2)["汇总"])}
    assert rows["合计"]["2023年二季度"] == pytest.approx(summary["合计"]["平均完成率"])
    assert rows["合计"]["2023年四季度"] > rows["合计"]["2023年三季度"] > rows["合计"]["2023年二季度"]


def test_trend_sheet_departments_and_charts(rolled):
    sheet = load_workbook(rolled.q4)["趋势"]
    labels = [sheet.cell(row, 1).value for row in range(1, sheet.max_row + 1)]
    second = labels.index("责任单位", 4)
    departments = [name for name in labels[second + 1:] if name]
    assert len(departments) == 16
    charts = sheet._charts
    assert len(charts) == 2
    assert [len(chart.series) for chart in charts] == [12, 16]
    assert all(chart.tagname == "lineChart" for chart in charts)


def test_validate_flags_rate_below_previous_quarter(rolled, tmp_path):
    master = tmp_path / "q3.xlsm"
    shutil.copy(rolled.q3, master)
    q2 = read_history(open_master(master).workbook).records_of(Q2)
    task_id = next(task_id for task_id, record in q2.items() if record.rate and record.rate >= 0.4)
    book = open_master(master)
    book.cell(task_id, "rate").value = q2[task_id].rate - 0.2
    save_master(book)
    findings = [f for f in validate_file(master, write=False).findings if f.code == "rate-decreased"]
    assert [f.task_id for f in findings] == [task_id]
    assert "低于上期（2023年二季度）" in findings[0].message
    summarize(master)
    stalled = {row["任务编号"]: row for row in rows_by_header(load_workbook(master)["进展未变化"])}
    assert "完成率比上期下降" in stalled[task_id]["情况"]


def test_validate_reports_unreadable_history(rolled, tmp_path):
    master = tmp_path / "q3.xlsm"
    shutil.copy(rolled.q3, master)
    book = open_master(master)
    history = book.workbook["历史"]
    year = next(cell.column for cell in history[3] if cell.value == "年度")
    history.cell(4, year).value = "某年"
    save_master(book)
    report = validate_file(master, write=False)
    assert [f.code for f in report.findings if f.code == "history-unreadable"] == ["history-unreadable"]
    assert not [f for f in report.findings if f.code == "rate-decreased"]


def test_trend_leaves_out_quarters_without_entries(rolled, tmp_path):
    master = tmp_path / "q2.xlsm"
    shutil.copy(rolled.q2, master)
    new_period(master)
    new_period(master, allow_empty=True)  # Q3 archived with no entry; the master is in Q4, empty
    summarize(master)
    sheet = load_workbook(master)["趋势"]
    assert [cell.value for cell in sheet[3]][:2] == ["类别", "2023年二季度"]
    assert "2023年三季度" not in [cell.value for cell in sheet[3]]
    assert sheet["A1"].value.endswith("\n2023年四季度各类别、各责任单位平均完成率趋势")
    assert sheet["A2"].value.startswith("制表日期：")
    assert sheet.row_dimensions[1].height > 30  # the two-line title is not cut to the default title height
    with zipfile.ZipFile(master) as package:
        charts = [package.read(name) for name in package.namelist() if name.startswith("xl/charts/chart")]
    # Each trend series has one point here, which shows only with a marker.
    assert sum(chart.count(b'symbol val="circle"') for chart in charts) >= 2
    assert "截至 2023年二季度（没有填报的季度不列出）" in sheet["A2"].value
