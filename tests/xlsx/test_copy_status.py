"""The 序时进度 and 状态 columns of a department copy, recalculated by LibreOffice."""

from __future__ import annotations

import re

import pytest
from openpyxl import load_workbook

from ecomonitor.core.rates import RateKind, parse_rate
from ecomonitor.core.schedule import task_status
from ecomonitor.core.settings import Settings
from ecomonitor.jobs.split import split
from ecomonitor.xlsx.fill import Typed, fill_copy
from helpers.libreoffice import convert

# What a department types (value, or text when the value is None) and the status it must see.
# Time progress is 50% for every task here except T06-03-02, due 6月底前 (100%).
TYPED = {
    "T01-01-01": (Typed("已完成全部工作", 1.0, "100%"), "已完成"),
    "T01-01-02": (Typed("进展", 0.56, "56%"), "超序时"),
    "T01-01-03": (Typed("进展", 0.55, "55%"), "正常"),
    "T01-01-04": (Typed("进展", 0.4, "40%"), "正常"),
    "T01-01-05": (Typed("进展", 0.39, "39%"), "滞后"),
    "T01-01-06": (Typed("进展", 0.2, "20%"), "滞后"),
    "T06-01-01": (Typed("进展", 0.19, "19%"), "严重滞后"),
    "T06-01-02": (Typed("进展", None, "已完成"), "已完成"),
    "T06-01-03": (Typed("进展", None, "未启动"), "严重滞后"),
    "T06-02-01": (Typed("进展", None, "约一半"), "无法识别"),
    "T06-02-02": (Typed("进展", None, "45%"), "正常"),
    "T06-02-03": (Typed("进展", 50, "50"), "正常"),
    "T06-03-01": (Typed("进展", 1.2, "120%"), "已完成"),
    "T06-03-02": (Typed("进展", 0.9, "90%"), "正常"),
    "T06-03-03": (Typed("进展", None, "30"), "滞后"),
    "T06-05-01": (Typed("进展", None, "0.6"), "超序时"),
}


@pytest.fixture(scope="module")
def copy(empty_master, tmp_path_factory):
    folder = tmp_path_factory.mktemp("status")
    [(_name, _count, path)] = split(empty_master, folder, ["州住建局"]).copies
    return path


@pytest.fixture(scope="module")
def recalculated(copy, tmp_path_factory):
    folder = tmp_path_factory.mktemp("recalculated")
    filled = folder / "filled.xlsx"
    fill_copy(copy, {task_id: typed for task_id, (typed, _status) in TYPED.items()}, filled)
    converted = convert(filled, "xlsx", folder / "out")
    return load_workbook(converted, data_only=True)["填报"]


def rows_by_id(sheet) -> dict[str, int]:
    return {sheet.cell(row, 2).value: row for row in range(4, sheet.max_row + 1) if sheet.cell(row, 2).value}


def test_status_cells_recalculated_in_libreoffice(recalculated):
    rows = rows_by_id(recalculated)
    shown = {task_id: recalculated.cell(rows[task_id], 10).value for task_id in TYPED}
    assert shown == {task_id: status for task_id, (_typed, status) in TYPED.items()}


def test_unfilled_rows_show_missing(recalculated):
    rows = rows_by_id(recalculated)
    assert recalculated.cell(rows["T09-01-05"], 10).value == "未填报"


def test_time_progress_written_per_row(recalculated):
    rows = rows_by_id(recalculated)
    assert recalculated.cell(rows["T06-03-02"], 9).value == 1.0
    assert recalculated.cell(rows["T06-03-03"], 9).value == 0.5


def test_formula_agrees_with_python(recalculated):
    settings = Settings(2023, 2)
    rows = rows_by_id(recalculated)
    for task_id, (typed, _status) in TYPED.items():
        row = rows[task_id]
        reading = parse_rate(typed.rate if typed.rate is not None else typed.rate_text)
        progress = recalculated.cell(row, 9).value
        expected = task_status(reading.value, progress, settings, reading.kind is RateKind.INVALID)
        assert recalculated.cell(row, 10).value == expected.value, task_id


def test_status_formula_uses_portable_functions(copy):
    sheet = load_workbook(copy)["填报"]
    formula = sheet["J4"].value
    assert formula.startswith("=IF(")
    functions = set(re.findall(r"([A-Z]+)\(", formula))
    assert functions <= {"IF", "OR", "ISNUMBER", "ISERROR", "VALUE", "TRIM", "FIND", "ROUND", "ABS", "LEN"}


def test_status_and_time_progress_locked(copy):
    sheet = load_workbook(copy)["填报"]
    assert sheet.protection.sheet
    assert sheet["I4"].protection.locked
    assert sheet["J4"].protection.locked


def test_status_coloured_by_conditional_formatting(copy):
    sheet = load_workbook(copy)["填报"]
    ranges = {str(rule_range.sqref): rule_range.rules for rule_range in sheet.conditional_formatting}
    [rules] = [rules for sqref, rules in ranges.items() if sqref.startswith("J4:")]
    assert {rule.formula[0] for rule in rules} >= {'"滞后"', '"严重滞后"', '"已完成"'}
    assert sheet["J4"].fill.fgColor.rgb in (None, "00000000")
