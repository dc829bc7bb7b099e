"""Consolidation of real returned copies: edits a department makes, odd inboxes, runs in turn."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile

import pytest
from openpyxl import load_workbook

from ecomonitor.jobs.build import build
from ecomonitor.jobs.consolidate import consolidate_inbox
from ecomonitor.jobs.split import split
from ecomonitor.xlsx.inbox import MAX_FOLDER_DEPTH
from ecomonitor.xlsx.master import open_master
from helpers import packages

DEPARTMENT = "州水利局"
HIGHER, LOWER = "州生态环境局", "州林业局"
MULTI_OWNER_TASK = "T02-02-01"


def filled(source, target, edit=None, progress="完成项目{row}个", rate="60%"):
    """Fill every row of a copy as a department would, apply ``edit`` to the workbook, save as ``target``."""
    workbook = load_workbook(source)
    sheet = workbook["填报"]
    for row in range(4, sheet.max_row + 1):
        if sheet.cell(row, 2).value:
            sheet.cell(row, 7).value = progress.format(row=row)
            sheet.cell(row, 8).value = rate
    if edit is not None:
        edit(workbook)
    target.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(target)
    return target


def tasks_of(master):
    return {task.id: task for task in open_master(master).framework.tasks}


def test_huge_rate_rejected_without_breaking_save(master, issued_copy, tmp_path):
    def huge(workbook):
        workbook["填报"]["H4"].value = "1" + "0" * 400

    filled(issued_copy, tmp_path / "inbox" / "huge.xlsx", huge)
    result = consolidate_inbox(master, tmp_path / "inbox")
    [report] = result.reports
    assert [f.code for f in report.findings if f.severity.name == "ERROR"] == ["rate-invalid"]
    assert (report.rows_taken, report.rows_rejected) == (4, 1)
    first = open_master(master).framework.tasks_owned_by(DEPARTMENT)[0]
    assert (first.progress, first.rate) == ("", None)


def test_rate_cell_of_1e400_rejected(master, issued_copy, tmp_path):
    copy = filled(issued_copy, tmp_path / "filled.xlsx")
    data = packages.edit_sheet(copy.read_bytes(), "填报",
                               lambda xml: packages.set_cell(xml, "H4", '<c r="H4"><v>1e400</v></c>'))
    (tmp_path / "inbox").mkdir()
    (tmp_path / "inbox" / "huge.xlsx").write_bytes(data)
    result = consolidate_inbox(master, tmp_path / "inbox")
    [report] = result.reports
    assert [f.code for f in report.findings if f.severity.name == "ERROR"] == ["rate-invalid"]
    assert (report.rows_taken, report.rows_rejected) == (4, 1)


def test_future_save_time_does_not_win(master, issued_copy, tmp_path):
    inbox = tmp_path / "inbox"
    honest = filled(issued_copy, inbox / "honest.xlsx", progress="新的进展")
    future = filled(issued_copy, tmp_path / "future.xlsx", progress="旧的进展")
    core = packages.members(future.read_bytes())["docProps/core.xml"].decode("utf-8")
    core = re.sub(r"(<dcterms:modified[^>]*>)[^<]*", r"\g<1>2099-01-01T00:00:00Z", core)
    (inbox / "future.xlsx").write_bytes(packages.replace(future.read_bytes(), **{"docProps/core.xml": core.encode()}))
    two_days_ago = time.time() - 2 * 86400
    os.utime(inbox / "future.xlsx", (two_days_ago, two_days_ago))
    result = consolidate_inbox(master, inbox)
    statuses = {report.name: report.status for report in result.reports}
    assert statuses == {honest.name: "已采用", "future.xlsx": "已被新版本取代"}
    assert "copy-time-future" in [f.code for f in result.findings]
    progress = {task.progress for task in open_master(master).framework.tasks_owned_by(DEPARTMENT)}
    assert progress == {"新的进展"}


def test_hidden_draft_sheet_before_data_sheet(master, issued_copy, tmp_path):
    def draft(workbook):
        sheet = workbook.copy_worksheet(workbook["填报"])
        sheet.title = "草稿"
        for row in range(4, 9):
            sheet.cell(row, 7).value = "草稿进展"
        workbook.move_sheet(sheet, -workbook.index(sheet))
        sheet.sheet_state = "hidden"

    filled(issued_copy, tmp_path / "inbox" / "draft.xlsx", draft)
    result = consolidate_inbox(master, tmp_path / "inbox")
    [report] = result.reports
    assert report.rows_taken == 5
    assert "copy-sheet-chosen" in [f.code for f in report.findings]
    progress = {task.progress for task in open_master(master).framework.tasks_owned_by(DEPARTMENT)}
    assert "草稿进展" not in progress


def test_two_visible_data_sheets_ambiguous(master, issued_copy, tmp_path):
    def second(workbook):
        sheet = workbook.copy_worksheet(workbook["填报"])
        sheet.title = "填报 (2)"
        sheet["G4"].value = "另一种说法"

    filled(issued_copy, tmp_path / "inbox" / "two.xlsx", second)
    result = consolidate_inbox(master, tmp_path / "inbox")
    [finding] = result.findings
    assert finding.code == "copy-sheet-ambiguous"
    assert "“填报”" in finding.message
    assert "“填报 (2)”" in finding.message
    assert result.changes == []


def test_shuffled_id_column_rejects_rows(master, issued_copy, tmp_path):
    def shuffle(workbook):
        sheet = workbook["填报"]
        sheet["B4"].value, sheet["B5"].value = sheet["B5"].value, sheet["B4"].value

    filled(issued_copy, tmp_path / "inbox" / "sorted.xlsx", shuffle)
    result = consolidate_inbox(master, tmp_path / "inbox")
    assert [f.row for f in result.findings if f.code == "row-id-mismatch"] == [4, 5]
    assert result.reports[0].rows_taken == 3


def test_copy_of_other_master_named(master, example_path, tmp_path):
    other = tmp_path / "other.xlsm"
    build(example_path, other, empty=True)
    [(_name, _count, copy)] = split(other, tmp_path / "issued", [DEPARTMENT]).copies
    filled(copy, tmp_path / "inbox" / "other.xlsx")
    result = consolidate_inbox(master, tmp_path / "inbox")
    assert [f.code for f in result.findings] == ["copy-other-instance"]


def test_zip_file_as_inbox(master, issued_copy, tmp_path):
    copy = filled(issued_copy, tmp_path / "filled.xlsx")
    archive = tmp_path / "收回.zip"
    with zipfile.ZipFile(archive, "w") as package:
        package.write(copy, "水利局.xlsx")
    result = consolidate_inbox(master, archive)
    [report] = result.reports
    assert report.name == "收回.zip/水利局.xlsx"
    assert report.rows_taken == 5


def test_deep_folder_tree_reported(master, issued_copy, tmp_path):
    inbox = tmp_path / "inbox"
    filled(issued_copy, inbox / "水利局.xlsx")
    deep = inbox
    for _level in range(1200):  # deeper than Python's default recursion limit of 1000
        deep = deep / "d"
        deep.mkdir()
    try:
        result = consolidate_inbox(master, inbox)
    finally:
        while deep != inbox:  # shutil.rmtree of Python 3.11 recurses once per level, so remove the tree bottom-up
            deep.rmdir()
            deep = deep.parent
    [finding] = [f for f in result.findings if f.code == "folder-too-deep"]
    assert str(MAX_FOLDER_DEPTH) in finding.message
    assert [r.rows_taken for r in result.reports if r.department] == [5]


def test_json_exit_code_matches_text(master, issued_copy, tmp_path):
    def negative(workbook):
        workbook["填报"]["H4"].value = -0.2

    inbox = tmp_path / "inbox"
    filled(issued_copy, inbox / "negative.xlsx", negative)
    commands = [sys.executable, "-m", "ecomonitor", "consolidate", str(master), str(inbox), "--dry-run"]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    text = subprocess.run(commands, capture_output=True, text=True, encoding="utf-8", env=env)
    machine = subprocess.run([*commands, "--json"], capture_output=True, text=True, encoding="utf-8", env=env)
    assert text.returncode == 1, text.stderr
    assert machine.returncode == 1, machine.stderr
    codes = [f["code"] for f in json.loads(machine.stdout)["findings"]]
    assert "rate-below-zero" in codes


def issued_for(master, department, folder):
    [(_name, _count, path)] = split(master, folder, [department]).copies
    return path


@pytest.mark.parametrize("order", [(HIGHER, LOWER), (LOWER, HIGHER)])
def test_multi_owner_runs_keep_both_entries(master, tmp_path, order):
    texts = {HIGHER: "生态环境局进展", LOWER: "林业局进展"}
    rates = {HIGHER: "60%", LOWER: "70%"}
    for run, department in enumerate(order):
        copy = issued_for(master, department, tmp_path / f"issued{run}")
        filled(copy, tmp_path / f"inbox{run}" / f"{department}.xlsx", progress=texts[department], rate=rates[department])
        consolidate_inbox(master, tmp_path / f"inbox{run}")
    task = tasks_of(master)[MULTI_OWNER_TASK]
    assert (task.progress, task.rate) == (texts[HIGHER], 0.6)
    assert task.others == f"{LOWER}：70%，{texts[LOWER]}"
    log = [tuple(cell.value for cell in row) for row in load_workbook(master)["变更记录"].iter_rows(min_row=4)]
    notes = [row for row in log if row[2] == MULTI_OWNER_TASK and row[3] == "其他单位填报"]
    assert [(row[1], row[6]) for row in notes] == [(LOWER, f"{LOWER}.xlsx")]


def test_blank_copy_counts_as_not_reported(master, issued_copy, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(issued_copy, inbox / "blank.xlsx")
    result = consolidate_inbox(master, inbox)
    [report] = result.reports
    assert report.status == "空表"
    assert [f.code for f in report.findings if f.code == "copy-blank"] == ["copy-blank"]
    assert DEPARTMENT in result.unreported
    assert result.changes == []
    workbook = load_workbook(master)
    listed = [row[1] for row in workbook["未报送"].iter_rows(min_row=4, values_only=True)]
    assert DEPARTMENT in listed
