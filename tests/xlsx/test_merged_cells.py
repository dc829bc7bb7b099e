"""Merged cells across task rows of a copy or the master are reported with their range."""

from __future__ import annotations

import shutil

import pytest
from openpyxl import load_workbook

from ecomonitor.core.consolidate import MasterIdentity, consolidate
from ecomonitor.errors import WorkbookError
from ecomonitor.jobs.validate import validate_file
from ecomonitor.xlsx.inbox import scan_inbox
from ecomonitor.xlsx.master import open_master, open_master_leniently

# 州水利局's copy has its tasks on rows 4 to 8; progress is column G and rate column H.
MERGED = "G4:G5"


@pytest.fixture()
def merged_copy(filled_copy, tmp_path):
    path = tmp_path / "收回" / "水利.xlsx"
    path.parent.mkdir()
    workbook = load_workbook(filled_copy)
    sheet = workbook["填报"]
    assert sheet["G4"].value
    assert sheet["G5"].value
    sheet.merge_cells(MERGED)
    workbook.save(path)
    return path


def test_consolidation_names_merged_range(empty_master, merged_copy):
    book = open_master(empty_master)
    identity = MasterIdentity(book.meta.instance_id, book.meta.key, book.settings.deadline)
    result = consolidate(book.framework, identity, scan_inbox(merged_copy.parent))
    [report] = result.reports
    assert [finding.code for finding in report.findings] == ["copy-merged-cells"]
    assert MERGED in report.findings[0].message
    assert "取消合并" in report.findings[0].message
    assert result.changes == []


def test_validate_names_merged_range(empty_master, merged_copy):
    findings = validate_file(merged_copy, master=empty_master).findings
    merged = [finding for finding in findings if finding.code == "copy-merged-cells"]
    assert len(merged) == 1
    assert MERGED in merged[0].message


def test_title_merge_is_not_data(filled_copy):
    sheet = load_workbook(filled_copy)["填报"]
    assert all(merged.max_row <= 3 for merged in sheet.merged_cells.ranges)


def test_master_merge_names_range(empty_master, tmp_path):
    path = tmp_path / "主表.xlsm"
    shutil.copy(empty_master, path)
    workbook = load_workbook(path, keep_vba=True)
    workbook["绿色低碳发展"].merge_cells("B3:B6")
    workbook.save(path)
    with pytest.raises(WorkbookError) as caught:
        open_master(path)
    message = str(caught.value)
    assert "工作表“绿色低碳发展”" in message
    assert "B3:B6" in message
    assert [problem.code for problem in open_master_leniently(path).problems] == ["merged-cells"]
