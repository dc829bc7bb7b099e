"""Computed columns, linked tasks and validation on real master and copy files."""

from __future__ import annotations

import json
import shutil

import pytest
from openpyxl import load_workbook

from ecomonitor.errors import WorkbookError
from ecomonitor.jobs.compute import compute
from ecomonitor.jobs.consolidate import consolidate_inbox
from ecomonitor.jobs.split import split
from ecomonitor.jobs.validate import validate_file
from ecomonitor.xlsx.fill import Typed, fill_copy
from ecomonitor.xlsx.hidden import write_hidden_document
from ecomonitor.xlsx.master import open_master, save_master
from ecomonitor.xlsx.validation_sheet import SHEET as VALIDATION_SHEET

COLUMNS = {"rate": "G", "time_progress": "H", "status": "I", "computed_rate": "L", "computed_note": "M", "link": "N"}


@pytest.fixture()
def master(example_master, tmp_path):
    path = tmp_path / "master.xlsm"
    shutil.copy(example_master, path)
    return path


@pytest.fixture()
def empty(empty_master, tmp_path):
    path = tmp_path / "empty.xlsm"
    shutil.copy(empty_master, path)
    return path


def row_of(sheet, task_id: str) -> int:
    return next(row for row in range(3, sheet.max_row + 1) if sheet.cell(row, 1).value == task_id)


def cells(path, sheet_name: str, task_id: str) -> dict[str, object]:
    sheet = load_workbook(path)[sheet_name]
    row = row_of(sheet, task_id)
    return {key: sheet[f"{letter}{row}"].value for key, letter in COLUMNS.items()}


def test_build_fills_computed_columns(example_master):
    values = cells(example_master, "生态宜居城乡建设", "T06-02-02")
    assert values["computed_rate"] == pytest.approx(1238 / 1500, abs=1e-6)
    assert values["computed_note"] == "1238人 ÷ 1500名 = 82.5%"
    assert values["time_progress"] == 0.5
    assert values["status"] == "超序时"
    deadline = cells(example_master, "生态宜居城乡建设", "T06-03-02")
    assert deadline["time_progress"] == 1.0
    assert deadline["status"] == "已完成"
    assert deadline["computed_rate"] is None
    assert deadline["computed_note"].startswith("未核算：")


def test_master_status_column_formatted(example_master):
    sheet = load_workbook(example_master)["彩色森林"]
    [rules] = [r.rules for r in sheet.conditional_formatting if str(r.sqref).startswith("I3:")]
    assert {rule.formula[0] for rule in rules} == {'"已完成"', '"超序时"', '"正常"', '"滞后"', '"严重滞后"',
                                                   '"未填报"', '"无法识别"'}


def test_compute_after_edits(master):
    book = open_master(master)
    book.cell("T07-03-01", "progress").value = "全州完成中药材建设6000亩。"
    book.cell("T07-03-01", "rate").value = 0.1
    save_master(book)
    result = compute(master)
    assert result.tasks == 104
    assert result.computed >= 18
    assert result.missing_headers == []
    values = cells(master, "彩色森林", "T07-03-01")
    assert values["computed_rate"] == 0.5
    assert values["status"] == "严重滞后"


def test_compute_thresholds_from_settings(master):
    book = open_master(master)
    sheet = book.workbook["配置"]
    row = next(r for r in range(3, sheet.max_row + 1) if sheet.cell(r, 1).value == "滞后阈值（百分点）")
    sheet.cell(row, 2).value = 5
    save_master(book)
    compute(master)
    assert cells(master, "彩色森林", "T07-03-02")["status"] == "正常"
    assert cells(master, "绿色低碳发展", "T01-01-04")["status"] == "滞后"  # 30% against 50%, 20 behind


def test_compute_reports_missing_columns(master):
    book = open_master(master)
    for category in book.framework.categories:
        book.workbook[category.sheet]["M2"].value = "说明（已改名）"
    save_master(book)
    result = compute(master)
    assert result.missing_headers == ["核算说明"]
    assert cells(master, "彩色森林", "T07-03-01")["status"] == "超序时"


def test_consolidation_recomputes(empty, tmp_path, example):
    copies = {name: path for name, _count, path in split(empty, tmp_path / "out").copies}
    entries = {t.id: Typed(t.progress, t.rate, t.rate_text) for t in example.tasks_owned_by("州林业局")}
    fill_copy(copies["州林业局"], entries, tmp_path / "inbox" / "林业.xlsx")
    before = cells(empty, "彩色森林", "T07-03-01")
    assert (before["computed_rate"], before["status"]) == (None, "未填报")
    consolidate_inbox(empty, tmp_path / "inbox")
    after = cells(empty, "彩色森林", "T07-03-01")
    assert after["computed_rate"] == pytest.approx(9500 / 12000, abs=1e-6)
    assert after["status"] == "超序时"


def test_linked_task_filled_by_one_entry(empty, tmp_path):
    book = open_master(empty)
    book.cell("T08-02-01", "link").value = "T01-01-04"
    save_master(book)
    copies = {name: path for name, _count, path in split(empty, tmp_path / "out").copies}
    housing = load_workbook(copies["州住建局"])["填报"]
    assert "T08-02-01" not in [housing.cell(row, 2).value for row in range(4, housing.max_row + 1)]
    progress = "截止目前，装配式建筑占比16.7%；认定星级绿色建筑0个"
    fill_copy(copies["州发改委"], {"T01-01-04": Typed(progress, 0.3, "30%")}, tmp_path / "inbox" / "发改.xlsx")
    consolidate_inbox(empty, tmp_path / "inbox")
    framework = open_master(empty).framework
    assert framework.task("T08-02-01").progress == progress
    assert framework.task("T08-02-01").rate == 0.3
    changes = load_workbook(empty)["变更记录"]
    logged = [(changes.cell(row, 3).value, changes.cell(row, 2).value) for row in range(4, changes.max_row + 1)]
    assert ("T08-02-01", "州发改委") in logged


def test_validate_master_writes_findings_sheet(master):
    report = validate_file(master)
    assert report.kind == "master"
    assert report.errors == 0
    mismatches = [f.task_id for f in report.findings if f.code == "rate-mismatch"]
    assert "T06-02-02" in mismatches
    assert [f.task_id for f in report.findings if f.code == "target-duplicate"] == ["T01-01-04"]
    sheet = load_workbook(master)[VALIDATION_SHEET]
    assert [c.value for c in sheet[3]][:3] == ["序号", "严重程度", "代码"]
    codes = [sheet.cell(row, 3).value for row in range(4, sheet.max_row + 1)]
    assert codes == [f.code for f in report.findings]
    assert any(str(r.sqref).startswith("B4:") for r in sheet.conditional_formatting)


def test_validate_master_errors_collected(master):
    book = open_master(master)
    book.cell("T01-02-02", "rate").value = "约一半"
    book.cell("T01-02-03", "progress").value = "=A1"
    book.cell("T01-02-04", "owners").value = "州外星局"
    save_master(book)
    report = validate_file(master, write=False)
    found = {(f.code, f.task_id) for f in report.findings}
    assert ("rate-invalid", "T01-02-02") in found
    assert ("formula-in-text", "T01-02-03") in found
    assert ("department-unknown", "T01-02-04") in found
    assert report.errors == 3
    assert VALIDATION_SHEET not in load_workbook(master).sheetnames


def test_previous_progress_read_from_column(master):
    book = open_master(master)
    sheet = book.workbook["彩色森林"]
    sheet["O2"].value = "上期进展"
    row = row_of(sheet, "T07-03-02")
    sheet[f"O{row}"].value = sheet[f"F{row}"].value
    sheet[f"O{row_of(sheet, 'T07-03-03')}"].value = "全州林业产业总产值达到40亿元。"
    save_master(book)
    framework = open_master(master).framework
    assert framework.task("T07-03-02").previous_progress == framework.task("T07-03-02").progress
    assert framework.task("T07-01-01").previous_progress == ""
    unchanged = [f.task_id for f in validate_file(master, write=False).findings if f.code == "progress-unchanged"]
    assert unchanged == ["T07-03-02"]


def test_validate_copy_never_writes(master, tmp_path):
    [(_name, _count, path)] = split(master, tmp_path / "out", ["州林业局"]).copies
    filled = tmp_path / "filled.xlsx"
    fill_copy(path, {"T07-03-01": Typed("全州完成中药材建设9500亩", 0.5, "50%"),
                     "T07-03-02": Typed("", 0.5, "50%")}, filled)
    before = filled.read_bytes()
    report = validate_file(filled, master=master)
    assert filled.read_bytes() == before
    found = {(f.code, f.task_id) for f in report.findings}
    assert ("rate-mismatch", "T07-03-01") in found
    assert ("progress-missing", "T07-03-02") in found
    assert report.errors >= 1


def test_validate_copy_progress_unchanged(master, tmp_path):
    book = open_master(master)
    book.cell("T07-03-02", "previous_progress").value = "积极加强与省级林下经济示范基地联系。"
    save_master(book)
    [(_name, _count, path)] = split(master, tmp_path / "out", ["州林业局"]).copies
    filled = tmp_path / "filled.xlsx"
    fill_copy(path, {"T07-03-02": Typed("积极加强与省级林下经济示范基地联系。", 0.5, "50%")}, filled)
    found = [(f.code, f.task_id) for f in validate_file(filled, master=master).findings]
    assert ("progress-unchanged", "T07-03-02") in found


def test_validate_copy_signature_checked_with_master(master, tmp_path):
    [(_name, _count, path)] = split(master, tmp_path / "out", ["州林业局"]).copies
    workbook = load_workbook(path)
    document = json.loads("".join(str(c.value) for c in workbook["_meta"]["A"][1:] if c.value))
    document["department"] = "州水利局"
    write_hidden_document(workbook, "_meta", "ecomonitor-department-copy", document)
    tampered = tmp_path / "tampered.xlsx"
    workbook.save(tampered)
    assert "copy-forged" in [f.code for f in validate_file(tampered, master=master).findings]
    assert "copy-forged" not in [f.code for f in validate_file(tampered).findings]


def test_deleted_task_row_stops_commands_and_is_reported(master):
    book = open_master(master)
    sheet = book.workbook["彩色森林"]
    sheet.delete_rows(row_of(sheet, "T07-03-02"))
    save_master(book)
    with pytest.raises(WorkbookError, match="找不到任务 T07-03-02 的行"):
        open_master(master)
    findings = [f for f in validate_file(master, write=False).findings if f.code == "task-row-missing"]
    assert len(findings) == 1
    assert "T07-03-02" in findings[0].message
    assert "备份" in findings[0].message


def test_task_row_moved_between_sheets(master):
    book = open_master(master)
    source, target = book.workbook["彩色森林"], book.workbook["绿色低碳发展"]
    row = row_of(source, "T07-03-02")
    target.append([cell.value for cell in source[row]])
    source.delete_rows(row)
    save_master(book)
    assert "task-row-missing" not in {f.code for f in validate_file(master, write=False).findings}
