"""The quarterly cycle on files: split, fill, consolidate, summarise."""

from __future__ import annotations

import hashlib
import shutil

import pytest
from openpyxl import load_workbook

from ecomonitor.core.rates import format_rate
from ecomonitor.jobs.consolidate import consolidate_inbox
from ecomonitor.jobs.demo import compare_with_example, run_demo
from ecomonitor.jobs.split import split
from ecomonitor.jobs.summary import summarize
from ecomonitor.xlsx.fill import Typed, fill_copy
from ecomonitor.xlsx.master import open_master
from helpers.libreoffice import convert


@pytest.fixture()
def copies(master, tmp_path):
    result = split(master, tmp_path / "out")
    return {name: path for name, _count, path in result.copies}


def fill_from_example(example, department, source, target):
    entries = {t.id: Typed(t.progress, t.rate, t.rate_text) for t in example.tasks_owned_by(department)}
    return fill_copy(source, entries, target)


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_demo_consolidates_all_tasks(tmp_path):
    steps = []
    result = run_demo(tmp_path / "demo", lambda name, text: steps.append(name))
    assert result.ok
    assert (result.matching, result.tasks) == (104, 104)
    assert steps == ["导入", "生成主表", "生成部门填报表", "模拟各单位填报", "汇总合并", "生成汇总表", "核对"]
    assert len(list((tmp_path / "demo" / "下发").glob("*.xlsx"))) == 16
    master = tmp_path / "demo" / "MonitoringPlatform.xlsm"
    log = [tuple(c.value for c in row) for row in load_workbook(master)["变更记录"].iter_rows(min_row=4)]
    logged = {(row[2], row[3]): row for row in log}
    framework = open_master(master).framework
    assert len(log) == len(logged) == 2 * len(framework.tasks)
    for task in framework.tasks:
        assert logged[(task.id, "进展")][5] == task.progress
        assert logged[(task.id, "完成率")][5] == format_rate(task.rate)
        assert len(logged[(task.id, "进展")][7]) == 64


def test_one_department_consolidated(master, copies, example, tmp_path):
    inbox = tmp_path / "inbox"
    fill_from_example(example, "州水利局", copies["州水利局"], inbox / "任意名字.xlsx")
    result = consolidate_inbox(master, inbox)
    assert result.tasks_changed == 5
    assert len(result.unreported) == 15
    framework = open_master(master).framework
    assert framework.task("T10-02-01").rate == 0.303
    assert framework.task("T10-02-01").progress == example.task("T10-02-01").progress


def test_second_run_changes_nothing(master, copies, example, tmp_path):
    inbox = tmp_path / "inbox"
    fill_from_example(example, "州林业局", copies["州林业局"], inbox / "a.xlsx")
    first = consolidate_inbox(master, inbox)
    assert first.changes
    second = consolidate_inbox(master, inbox)
    assert second.changes == []


def test_dry_run_writes_nothing(master, copies, example, tmp_path):
    inbox = tmp_path / "inbox"
    fill_from_example(example, "州林业局", copies["州林业局"], inbox / "a.xlsx")
    before = digest(master)
    result = consolidate_inbox(master, inbox, dry_run=True)
    assert result.tasks_changed == 13
    assert digest(master) == before


def test_change_log_records_every_change(master, copies, example, tmp_path):
    inbox = tmp_path / "inbox"
    fill_from_example(example, "州水利局", copies["州水利局"], inbox / "a.xlsx")
    result = consolidate_inbox(master, inbox)
    sheet = load_workbook(master)["变更记录"]
    logged = [(sheet.cell(r, 3).value, sheet.cell(r, 4).value) for r in range(4, sheet.max_row + 1)]
    assert len(logged) == len(result.changes) == 10
    assert ("T10-02-01", "完成率") in logged
    assert sheet.cell(4, 8).value == digest(inbox / "a.xlsx")


def test_report_sheets_written(master, copies, example, tmp_path):
    inbox = tmp_path / "inbox"
    fill_from_example(example, "州水利局", copies["州水利局"], inbox / "sub" / "a.xlsx")
    (inbox / "notes.csv").write_text("x", "utf-8")
    consolidate_inbox(master, inbox)
    workbook = load_workbook(master)
    report = workbook["报送情况"]
    files = {report.cell(r, 1).value: report.cell(r, 3).value for r in range(4, report.max_row + 1)}
    assert files == {"notes.csv": "未采用", "sub/a.xlsx": "已采用"}
    unreported = workbook["未报送"]
    assert unreported.max_row - 3 == 15


def test_master_in_inbox_rejected(master, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(master, inbox / "copy-of-master.xlsm")
    result = consolidate_inbox(master, inbox)
    assert [f.code for f in result.findings] == ["copy-is-master"]


def test_previous_quarter_copy_rejected(example_path, tmp_path, example):
    from ecomonitor.jobs.build import build

    q1_table = tmp_path / "q1.txt"
    q1_table.write_text(example_path.read_text("utf-8").replace("二季度进展", "一季度进展"), "utf-8")
    master = tmp_path / "master.xlsm"
    build(q1_table, master, empty=True)
    old_copy = split(master, tmp_path / "q1")
    q2_master = tmp_path / "q2.xlsm"
    book = open_master(master)
    book.workbook["配置"]["B4"].value = 2
    for category in book.framework.categories:
        for cell in book.workbook[category.sheet][2]:
            if cell.value == "一季度进展":
                cell.value = "二季度进展"
    from ecomonitor.xlsx.master import save_master
    book.path = q2_master
    save_master(book)
    inbox = tmp_path / "inbox"
    name, _count, path = old_copy.copies[0]
    fill_from_example(example, name, path, inbox / "old.xlsx")
    result = consolidate_inbox(q2_master, inbox)
    assert [f.code for f in result.findings] == ["copy-other-period"]
    assert result.changes == []


def test_libreoffice_edited_copy_consolidated(master, copies, example, tmp_path):
    filled = tmp_path / "filled.xlsx"
    fill_from_example(example, "州水利局", copies["州水利局"], filled)
    inbox = tmp_path / "inbox"
    convert(filled, "xlsx:Calc MS Excel 2007 XML", inbox)
    result = consolidate_inbox(master, inbox)
    assert result.tasks_changed == 5
    assert result.findings == []
    assert compare_framework_values(master, example, "州水利局")


def compare_framework_values(master, example, department) -> bool:
    framework = open_master(master).framework
    return all(
        framework.task(t.id).progress == t.progress and framework.task(t.id).rate == pytest.approx(t.rate)
        for t in example.tasks_owned_by(department)
    )


def test_formula_text_stays_text(master, copies, tmp_path):
    inbox = tmp_path / "inbox"
    fill_copy(copies["州水利局"], {"T10-02-01": Typed("=HYPERLINK(\"http://x\",\"点我\")", 0.3)}, inbox / "a.xlsx")
    consolidate_inbox(master, inbox)
    sheet = load_workbook(master)["绿色示范创建"]
    cell = next(sheet.cell(r, 6) for r in range(3, sheet.max_row + 1) if sheet.cell(r, 1).value == "T10-02-01")
    assert cell.data_type == "s"
    assert cell.value.startswith("=HYPERLINK")


def test_summary_sheets(example_master, tmp_path):
    master = tmp_path / "m.xlsm"
    shutil.copy(example_master, master)
    result = summarize(master)
    total = result.categories.iloc[-1]
    assert total["name"] == "合计"
    assert int(total["tasks"]) == 104
    assert int(total["on_schedule"]) + int(total["lagging"]) == 104
    assert total["average_rate"] == pytest.approx(sum(t.rate for t in open_master(master).framework.tasks) / 104)
    workbook = load_workbook(master)
    assert workbook.sheetnames[1:3] == ["汇总", "单位汇总"]
    sheet = workbook["汇总"]
    assert sheet["B4"].value == "绿色低碳发展"
    assert sheet["C4"].value == 14
    assert sheet["B14"].value == "合计"
    ranking = workbook["单位汇总"]
    assert ranking["A4"].value == 1
    assert len(result.departments) == 16

