"""Numerals, periods, IDs, the register, signatures and row heights."""

from __future__ import annotations

import pytest

from ecomonitor.core.departments import DepartmentRegister, load_register, split_fragments
from ecomonitor.core.ids import indicator_id, is_task_id, task_id
from ecomonitor.core.model import Department
from ecomonitor.core.numerals import parse_numeral, to_numeral
from ecomonitor.core.period import Period, parse_progress_header, parse_target_header
from ecomonitor.core.signing import new_key, sign, verify
from ecomonitor.core.textfit import MAX_ROW_HEIGHT, line_count, row_height
from ecomonitor.errors import EcoMonitorError


@pytest.mark.parametrize("number, numeral", [(1, "一"), (10, "十"), (12, "十二"), (20, "二十"), (99, "九十九")])
def test_numerals_round_trip(number, numeral):
    assert to_numeral(number) == numeral
    assert parse_numeral(numeral) == number


@pytest.mark.parametrize("text", ["", "零", "十十", "一二", "abc"])
def test_bad_numerals(text):
    with pytest.raises(ValueError):
        parse_numeral(text)


def test_period_labels_and_next():
    period = Period(2023, 2)
    assert period.label == "2023年二季度"
    assert period.progress_header == "二季度进展"
    assert period.target_header == "2023年目标任务"
    assert period.next() == Period(2023, 3)
    assert Period(2023, 4).next() == Period(2024, 1)
    assert Period.from_key("2023Q2") == period


@pytest.mark.parametrize("quarter", [0, 5])
def test_period_rejects_bad_quarter(quarter):
    with pytest.raises(ValueError):
        Period(2023, quarter)


def test_headers_parsed():
    assert parse_target_header("2023年目标任务") == 2023
    assert parse_progress_header("二季度进展") == 2
    assert parse_progress_header("第三季度进展情况") == 3
    assert parse_progress_header("进展") is None


def test_ids():
    assert indicator_id(1, 2) == "I01-02"
    assert task_id("I01-02", 3) == "T01-02-03"
    assert is_task_id("T10-04-01")
    assert not is_task_id("T1-4-1")


def test_register_resolves_aliases_and_width_forms():
    register = load_register()
    assert register.resolve("州住建局(州人防办)") == "州住建局"
    assert register.resolve("州住建局\n（州人防办）") == "州住建局"
    assert register.resolve(" 州林业局 ") == "州林业局"
    assert register.resolve("州外星局") is None


def test_register_rejects_alias_of_two_departments():
    with pytest.raises(EcoMonitorError) as caught:
        DepartmentRegister([Department("甲局", ["丙"]), Department("乙局", ["丙"])])
    assert "丙" in str(caught.value)


def test_fragments_join_bracket_lines():
    assert split_fragments("州住建局\n（州人防办）、州林业局") == ["州住建局（州人防办）", "州林业局"]


def test_register_from_bad_file(tmp_path):
    path = tmp_path / "register.json"
    path.write_text('{"departments": [{"aliases": []}]}', "utf-8")
    with pytest.raises(EcoMonitorError) as caught:
        load_register(path)
    assert str(path) in str(caught.value)


def test_signature_detects_any_change():
    key = new_key()
    document = {"department": "州林业局", "year": 2023, "quarter": 2}
    document["signature"] = sign(document, key)
    assert verify(document, key)
    assert not verify({**document, "department": "州水利局"}, key)
    assert not verify(document, new_key())
    assert not verify({k: v for k, v in document.items() if k != "signature"}, key)


def test_line_count_for_cjk_text():
    assert line_count("一" * 10, 23) == 1
    assert line_count("一" * 20, 23) == 2
    assert line_count("甲\n乙\n丙", 40) == 3


def test_row_height_capped():
    assert row_height([("字" * 10000, 10)]) == MAX_ROW_HEIGHT
    assert row_height([]) > 0
