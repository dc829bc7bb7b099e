"""Values in the 配置 sheet that the platform cannot work with are rejected, naming the cell."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from helpers import packages
from openpyxl import load_workbook

from ecomonitor.cli.main import main
from ecomonitor.errors import EcoMonitorError, PeriodError, WorkbookError
from ecomonitor.jobs.build import build
from ecomonitor.jobs.periods import new_period
from ecomonitor.xlsx.master import open_master

# Cells of the 配置 sheet as the platform writes them: one setting per row from row 3.
YEAR, QUARTER, DEADLINE, ON_TIME, LAG, SEVERE, MISMATCH, BACKUPS = "B3", "B4", "B5", "B8", "B9", "B10", "B11", "B12"

BAD_VALUES = [
    (LAG, "inf", "滞后阈值"),
    (SEVERE, "NaN", "严重滞后阈值"),
    (MISMATCH, -3, "不能为负数"),
    (BACKUPS, -1, "不能为负数"),
    (ON_TIME, 250, "不能超过 100 个百分点"),
    (YEAR, 1900, "年度应在 2000 至 2100 之间"),
    (QUARTER, 5, "季度应为 1 至 4"),
    (DEADLINE, dt.datetime(2023, 3, 25), "不在 2023年二季度"),
    (DEADLINE, dt.datetime(2033, 6, 25), "不在 2023年二季度"),
    (DEADLINE, "2023-13-01", "报送截止日期"),
    (LAG, True, "滞后阈值"),
    (SEVERE, dt.datetime(1900, 1, 30), "严重滞后阈值"),  # a number cell formatted as a date
]


def with_setting(master, tmp_path, changes: dict[str, object]):
    path = tmp_path / "主表.xlsm"
    shutil.copy(master, path)
    workbook = load_workbook(path, keep_vba=True)
    for reference, value in changes.items():
        workbook["配置"][reference].value = value
    workbook.save(path)
    return path


def with_number_xml(master, tmp_path, reference: str, number: str):
    """Return a copy whose cell contains ``number`` as written in the XML: openpyxl cannot write 1e999."""
    path = tmp_path / "主表.xlsm"
    cell = f'<c r="{reference}"><v>{number}</v></c>'
    data = packages.edit_sheet(master.read_bytes(), "配置", lambda xml: packages.set_cell(xml, reference, cell))
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(("reference", "number"), [(ON_TIME, "1e999"), (LAG, "-1E999"), (BACKUPS, "1e999")])
def test_infinite_number_rejected(empty_master, tmp_path, reference, number):
    path = with_number_xml(empty_master, tmp_path, reference, number)
    with pytest.raises(WorkbookError) as caught:
        open_master(path)
    message = str(caught.value)
    assert f"单元格 {reference}" in message
    assert "inf" in message


@pytest.mark.parametrize(("reference", "value", "expected"), BAD_VALUES)
def test_bad_setting_names_cell(empty_master, tmp_path, reference, value, expected):
    path = with_setting(empty_master, tmp_path, {reference: value})
    with pytest.raises(WorkbookError) as caught:
        open_master(path)
    message = str(caught.value)
    assert f"单元格 {reference}" in message
    assert expected in message
    assert "工作表“配置”" in message


def test_severe_below_lag_rejected(empty_master, tmp_path):
    path = with_setting(empty_master, tmp_path, {LAG: 30, SEVERE: 10})
    with pytest.raises(WorkbookError) as caught:
        open_master(path)
    message = str(caught.value)
    assert f"单元格 {SEVERE}（严重滞后阈值（百分点））（10）应大于单元格 {LAG}" in message


def test_deadline_at_quarter_edges(empty_master, tmp_path):
    path = with_setting(empty_master, tmp_path, {DEADLINE: dt.datetime(2023, 4, 1)})
    assert open_master(path).settings.deadline == dt.date(2023, 4, 1)
    path = with_setting(empty_master, tmp_path, {DEADLINE: dt.datetime(2023, 9, 30)})
    assert open_master(path).settings.deadline == dt.date(2023, 9, 30)


def test_command_reports_bad_setting(empty_master, tmp_path, capsys):
    path = with_number_xml(empty_master, tmp_path, ON_TIME, "1e999")
    assert main(["compute", str(path)]) == 1
    error = capsys.readouterr().err
    assert f"单元格 {ON_TIME}" in error
    assert "Traceback" not in error


def test_build_rejects_bad_deadline(tmp_path):
    master = tmp_path / "主表.xlsm"
    with pytest.raises(EcoMonitorError) as caught:
        build(None, master, empty=True, deadline=dt.date(2022, 6, 25))
    assert "--deadline" in str(caught.value)
    assert "2022-06-25" in str(caught.value)
    assert not master.exists()


def test_new_period_rejects_bad_deadline(empty_master, tmp_path):
    path = tmp_path / "主表.xlsm"
    shutil.copy(empty_master, path)
    before = path.read_bytes()
    with pytest.raises(PeriodError) as caught:
        new_period(path, deadline=dt.date(2023, 6, 25), allow_empty=True)
    assert "2023年三季度的报送截止日期" in str(caught.value)
    assert path.read_bytes() == before
