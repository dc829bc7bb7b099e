"""Sheets the office added under a name the platform writes are never overwritten."""

from __future__ import annotations

import shutil

import pytest
from openpyxl import load_workbook

from ecomonitor.errors import WorkbookError
from ecomonitor.jobs.summary import summarize
from ecomonitor.xlsx.table_sheet import GENERATED_MARKER


def with_office_sheet(master, tmp_path, name: str):
    path = tmp_path / "主表.xlsm"
    shutil.copy(master, path)
    workbook = load_workbook(path, keep_vba=True)
    sheet = workbook.create_sheet(name)
    sheet["A1"] = "办公室自己的统计"
    sheet["B5"] = 42
    workbook.save(path)
    return path


@pytest.mark.parametrize("name", ["汇总", "汇总 ", " 图表", "滞后清单", "趋势"])
def test_summary_keeps_office_sheet(example_master, tmp_path, name):
    path = with_office_sheet(example_master, tmp_path, name)
    before = path.read_bytes()
    with pytest.raises(WorkbookError) as caught:
        summarize(path)
    assert f"已有工作表“{name}”" in str(caught.value)
    assert "不会覆盖" in str(caught.value)
    assert path.read_bytes() == before


def test_office_sheet_renamed_then_summary_runs(example_master, tmp_path):
    path = with_office_sheet(example_master, tmp_path, "汇总")
    workbook = load_workbook(path, keep_vba=True)
    workbook["汇总"].title = "汇总（办公室）"
    workbook.save(path)
    summarize(path)
    workbook = load_workbook(path)
    assert workbook["汇总（办公室）"]["B5"].value == 42
    assert GENERATED_MARKER in workbook["汇总"].defined_names


def test_summary_replaces_own_sheets(summarized_master, tmp_path):
    path = tmp_path / "主表.xlsm"
    shutil.copy(summarized_master, path)
    summarize(path)
    workbook = load_workbook(path)
    assert workbook.sheetnames.count("汇总") == 1
    assert GENERATED_MARKER in workbook["汇总"].defined_names


def test_unmarked_generated_sheet_replaced(summarized_master, tmp_path):
    """A summary written before sheets carried the marker is still recognised by its heading."""
    path = tmp_path / "主表.xlsm"
    shutil.copy(summarized_master, path)
    workbook = load_workbook(path, keep_vba=True)
    for sheet in workbook.worksheets:
        sheet.defined_names.pop(GENERATED_MARKER, None)
    workbook.save(path)
    summarize(path)
    assert GENERATED_MARKER in load_workbook(path)["汇总"].defined_names
