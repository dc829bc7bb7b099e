"""A master or copy whose period header names another year or quarter is reported, not read as its own."""

from __future__ import annotations

import shutil

import pytest
from openpyxl import load_workbook

from ecomonitor.core.consolidate import MasterIdentity, consolidate
from ecomonitor.core.layout import period_header_problem
from ecomonitor.core.period import Period
from ecomonitor.errors import WorkbookError
from ecomonitor.jobs.validate import validate_file
from ecomonitor.xlsx.inbox import scan_inbox
from ecomonitor.xlsx.master import open_master, open_master_leniently
from helpers.packages import edit_sheet, inline_text, set_cell

CATEGORY = "绿色低碳发展"
# On a category sheet the headers are in row 2; 2023年目标任务 is E2 and 二季度进展 F2.
MASTER_HEADERS = {"target": "E2", "progress": "F2"}
# On a copy's 填报 sheet the headers are in row 3; 2023年目标任务 is F3 and 二季度进展 G3.
COPY_HEADERS = {"target": "F3", "progress": "G3"}


def test_problem_names_other_quarter():
    period = Period(2023, 2)
    assert period_header_problem(["任务编号", "2023年目标任务", "二季度进展"], period) is None
    problem = period_header_problem(["2023年目标任务", "三季度进展"], period)
    assert "“三季度进展”是三季度的" in problem
    assert "应为“二季度进展”" in problem
    problem = period_header_problem(["2024年目标任务", "二季度进展"], period)
    assert "是 2024 年的" in problem


def master_with_header(empty_master, tmp_path, key: str, text: str):
    path = tmp_path / "主表.xlsm"
    shutil.copy(empty_master, path)
    workbook = load_workbook(path, keep_vba=True)
    sheet = workbook[CATEGORY]
    assert sheet[MASTER_HEADERS[key]].value in ("2023年目标任务", "二季度进展")
    sheet[MASTER_HEADERS[key]].value = text
    workbook.save(path)
    return path


@pytest.mark.parametrize(("key", "text"), [("progress", "三季度进展"), ("target", "2022年目标任务")])
def test_master_other_period_rejected(empty_master, tmp_path, key, text):
    path = master_with_header(empty_master, tmp_path, key, text)
    with pytest.raises(WorkbookError) as caught:
        open_master(path)
    message = str(caught.value)
    assert f"工作表“{CATEGORY}”：第 2 行的表头“{text}”" in message
    assert "2023年二季度" in message
    assert "new-period" in message


def test_master_other_period_validated(empty_master, tmp_path):
    path = master_with_header(empty_master, tmp_path, "progress", "三季度进展")
    book = open_master_leniently(path)
    codes = [problem.code for problem in book.problems]
    assert codes == ["header-other-period"]


def copy_with_header(filled_copy, text: str) -> bytes:
    cell = inline_text(COPY_HEADERS["progress"], text)
    return edit_sheet(filled_copy.read_bytes(), "填报", lambda xml: set_cell(xml, COPY_HEADERS["progress"], cell))


def consolidate_with_header(empty_master, filled_copy, tmp_path, text: str):
    """Consolidate the filled copy with its progress header replaced by ``text``, in memory."""
    book = open_master(empty_master)
    identity = MasterIdentity(book.meta.instance_id, book.meta.key, book.settings.deadline)
    inbox = tmp_path / "收回"
    inbox.mkdir()
    (inbox / "水利.xlsx").write_bytes(copy_with_header(filled_copy, text))
    return consolidate(book.framework, identity, scan_inbox(inbox))


def test_copy_other_period_not_taken(empty_master, filled_copy, tmp_path):
    result = consolidate_with_header(empty_master, filled_copy, tmp_path, "三季度进展")
    [report] = result.reports
    assert [finding.code for finding in report.findings] == ["copy-header-other-period"]
    assert "“三季度进展”是三季度的" in report.findings[0].message
    assert result.changes == []


def test_copy_other_period_validated(empty_master, filled_copy, tmp_path):
    path = tmp_path / "水利.xlsx"
    path.write_bytes(copy_with_header(filled_copy, "三季度进展"))
    findings = validate_file(path, master=empty_master).findings
    codes = [finding.code for finding in findings]
    assert "copy-header-other-period" in codes


def test_same_period_copy_taken(empty_master, filled_copy, tmp_path):
    result = consolidate_with_header(empty_master, filled_copy, tmp_path, "二季度进展")
    assert result.changes


def test_same_mismatch_on_every_sheet_reported_once(empty_master, tmp_path):
    path = tmp_path / "主表.xlsm"
    data = empty_master.read_bytes()
    for sheet in [category.sheet for category in open_master(empty_master).meta.categories]:
        data = edit_sheet(data, sheet, lambda xml: set_cell(xml, "F2", inline_text("F2", "三季度进展")))
    path.write_bytes(data)
    problems = [p for p in open_master_leniently(path).problems if p.code == "header-other-period"]
    assert len(problems) == 1
    assert "（共 10 个）" in problems[0].message
    assert "“绿色低碳发展”“生态修复治理”" in problems[0].message
