"""The year change: a synthetic 2024 table with edited, added and removed tasks against the rolled example."""

from __future__ import annotations

import dataclasses
import hashlib
import shutil

import pytest
from openpyxl import load_workbook

from ecomonitor.core.model import Indicator
from ecomonitor.core.period import Period
from ecomonitor.core.yearchange import Verdict
from ecomonitor.errors import PeriodError
from ecomonitor.jobs.new_year import apply_year, propose_year
from ecomonitor.tables import read_table
from ecomonitor.xlsx.history_sheet import read_history
from ecomonitor.xlsx.master import open_master, save_master
from ecomonitor.xlsx.year_sheet import DOCUMENT_SHEET
from helpers.tables import write_text_table

FIGURES_EDITED = "T01-02-02"
WORDING_EDITED = "T02-02-01"
REWORDED = "T04-03-01"
REMOVED = ("T03-01-01", "T08-04-02")
NEW_TARGETS = ("建设州级绿色食品交易中心一处。", "建成州级公共数据开放平台。", "培育数据服务企业5家以上。")


def next_year(example_path):
    """The example as a 2024 table: two texts edited, one reworded, two tasks removed, three added."""
    framework = read_table(example_path).framework
    for task in framework.tasks:
        task.progress, task.rate, task.rate_text = "", None, ""
    framework.task(FIGURES_EDITED).target = framework.task(FIGURES_EDITED).target.replace("20亿元", "25亿元")
    framework.task(WORDING_EDITED).target = framework.task(WORDING_EDITED).target.replace("两个项目", "两个项目并通过验收")
    framework.task(REWORDED).target = "1.推进园区闲置土地盘活处置，提高集约用地水平。"
    for task_id in REMOVED:
        framework.tasks.remove(framework.task(task_id))
    anchor = framework.task("T05-01-01")
    added = dataclasses.replace(anchor, id="X1", target=NEW_TARGETS[0])
    framework.tasks.insert(framework.tasks.index(anchor) + 1, added)
    indicator = Indicator("I09-09", 9, "4.推进数据要素市场建设")
    framework.indicators.append(indicator)
    last = framework.tasks_in(9)[-1]
    for offset, target in enumerate(NEW_TARGETS[1:], start=1):
        task = dataclasses.replace(last, id=f"X{offset + 1}", indicator_id=indicator.id, target=target,
                                   lead_units="州大数据中心", lead_departments=["州大数据中心"], owners=[])
        framework.tasks.insert(framework.tasks.index(last) + offset, task)
    return framework


@pytest.fixture(scope="module")
def table_2024(example_path, tmp_path_factory):
    return write_text_table(next_year(example_path), Period(2024, 1), tmp_path_factory.mktemp("y") / "2024.txt")


@pytest.fixture()
def master(rolled, tmp_path):
    path = tmp_path / "master.xlsm"
    shutil.copy(rolled.q4, path)
    return path


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def year_rows(path) -> list[dict]:
    sheet = load_workbook(path)["年度对照"]
    names = [cell.value for cell in sheet[3]]
    return [dict(zip(names, values)) for values in sheet.iter_rows(min_row=4, values_only=True)]


def confirm(path, sequence: int, value: str) -> None:
    book = open_master(path)
    sheet = book.workbook["年度对照"]
    names = [cell.value for cell in sheet[3]]
    row = next(r for r in range(4, sheet.max_row + 1) if sheet.cell(r, names.index("序号") + 1).value == sequence)
    sheet.cell(row, names.index("确认") + 1).value = value
    save_master(book)


def sequence_of(path, verdict: str, proposed: str) -> int:
    return next(row["序号"] for row in year_rows(path) if row["判定"] == verdict and row["建议编号"] == proposed)


def test_proposal_lists_each_kind(master, table_2024):
    proposal = propose_year(master, table_2024)
    proposed = {match.old_id: match for match in proposal.matches if match.new_index is not None and match.old_id}
    assert proposed[FIGURES_EDITED].verdict is Verdict.CONTINUED
    assert proposed[FIGURES_EDITED].reason == "目标任务仅数字不同"
    assert proposed[WORDING_EDITED].verdict is Verdict.CONTINUED
    assert proposed[REWORDED].verdict is Verdict.UNCERTAIN
    assert sorted(match.old_id for match in proposal.of(Verdict.DROPPED)) == list(REMOVED)
    new = [proposal.following.tasks[match.new_index].target for match in proposal.of(Verdict.NEW)]
    assert new == list(NEW_TARGETS)
    assert len(proposal.of(Verdict.CONTINUED)) == 101


def test_proposal_changes_no_task(master, table_2024):
    before = open_master(master).framework
    propose_year(master, table_2024)
    after = open_master(master).framework
    assert [(t.id, t.target, t.progress, t.rate) for t in after.tasks] == \
           [(t.id, t.target, t.progress, t.rate) for t in before.tasks]
    assert after.period == Period(2023, 4)
    rows = year_rows(master)
    assert len(rows) == 105 + len(REMOVED)
    assert [row["判定"] for row in rows[-2:]] == ["停用", "停用"]
    assert load_workbook(master)[DOCUMENT_SHEET].sheet_state == "veryHidden"


def test_apply_refuses_unconfirmed_match(master, table_2024):
    propose_year(master, table_2024)
    before = digest(master)
    with pytest.raises(PeriodError) as caught:
        apply_year(master)
    assert "待确认" in str(caught.value)
    assert REWORDED in str(caught.value)
    assert digest(master) == before


def test_apply_after_confirmation(master, table_2024, rolled):
    propose_year(master, table_2024)
    confirm(master, sequence_of(master, "待确认", REWORDED), REWORDED)
    change = apply_year(master)
    assert (change.previous, change.current) == (Period(2023, 4), Period(2024, 1))
    assert change.archived == 104
    assert change.new == ["T05-01-06", "T09-04-01", "T09-04-02"]
    assert change.dropped == list(REMOVED)
    assert change.edited == sorted([FIGURES_EDITED, WORDING_EDITED, REWORDED])
    assert len(change.continued) == 102


def test_new_year_master(master, table_2024, rolled):
    propose_year(master, table_2024)
    confirm(master, sequence_of(master, "待确认", REWORDED), REWORDED)
    apply_year(master)
    book = open_master(master)
    framework = book.framework
    assert framework.period == Period(2024, 1)
    assert len(framework.tasks) == 105
    assert framework.task(FIGURES_EDITED).target.endswith("完成投资25亿元以上。")
    headers = [cell.value for cell in book.workbook["绿色低碳发展"][2]]
    assert "2024年目标任务" in headers
    assert "一季度进展" in headers
    assert all(task.progress == "" and task.rate is None for task in framework.tasks)
    history = read_history(book.workbook)
    assert history.periods() == [Period(2023, 2), Period(2023, 3), Period(2023, 4)]
    q4 = history.records_of(Period(2023, 4))
    assert framework.task(FIGURES_EDITED).previous_progress == q4[FIGURES_EDITED].progress
    assert framework.task("T05-01-06").previous_progress == ""
    assert {"T05-01-06", "T09-04-01", "T09-04-02"}.isdisjoint(history.task_ids())
    assert not set(REMOVED) & {task.id for task in framework.tasks}


def test_apply_leaves_record_and_no_proposal(master, table_2024):
    propose_year(master, table_2024)
    confirm(master, sequence_of(master, "待确认", REWORDED), "新增")
    change = apply_year(master)
    assert REWORDED in change.dropped
    assert len(change.new) == 4
    workbook = load_workbook(master)
    assert DOCUMENT_SHEET not in workbook.sheetnames
    assert workbook["年度对照"]["A2"].value.startswith("已应用：2023年四季度已归档")
    with pytest.raises(PeriodError) as caught:
        apply_year(master)
    assert "没有待应用的年度对照" in str(caught.value)


def test_owners_and_notes_continue(master, table_2024):
    book = open_master(master)
    book.cell("T01-01-01", "owners").value = "州发改委"
    book.cell(FIGURES_EDITED, "note").value = "已列入州重点项目"
    save_master(book)
    propose_year(master, table_2024)
    confirm(master, sequence_of(master, "待确认", REWORDED), REWORDED)
    apply_year(master)
    book = open_master(master)
    assert book.framework.task("T01-01-01").owners == ["州发改委"]
    assert book.cell(FIGURES_EDITED, "note").value == "已列入州重点项目"
    counts = {row[0].value: row[4].value for row in book.workbook["单位"].iter_rows(min_row=3)}
    assert counts["州大数据中心"] == len(book.framework.tasks_owned_by("州大数据中心"))


def test_tasks_changed_after_proposal(master, table_2024):
    propose_year(master, table_2024)
    book = open_master(master)
    # The office adds a task row after the proposal.
    location = book.locations["T10-04-01"]
    sheet = book.workbook[location.sheet]
    sheet.append([cell.value for cell in sheet[location.row]])
    sheet.cell(sheet.max_row, location.columns["id"] + 1).value = "T10-04-09"
    save_master(book)
    with pytest.raises(PeriodError) as caught:
        apply_year(master)
    assert "请重新运行 ecomonitor new-year" in str(caught.value)


def test_apply_needs_fourth_quarter(rolled, table_2024, tmp_path):
    master = tmp_path / "q3.xlsm"
    shutil.copy(rolled.q3, master)
    propose_year(master, table_2024)
    with pytest.raises(PeriodError) as caught:
        apply_year(master)
    assert "当前报告期为 2023年三季度" in str(caught.value)


def test_table_of_wrong_year_rejected(master, example_path, tmp_path):
    table = write_text_table(read_table(example_path).framework, Period(2025, 1), tmp_path / "2025.txt")
    with pytest.raises(PeriodError) as caught:
        propose_year(master, table)
    assert "2025 年" in str(caught.value)
    assert "2024 年" in str(caught.value)
