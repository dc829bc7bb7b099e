"""Values from hostile or broken copies that the rules must survive without raising."""

from __future__ import annotations

import pytest

from ecomonitor.core.cleantext import (
    fit_cell_text,
    illegal_characters,
    is_error_literal,
    looks_garbled,
    repaired_text,
    starts_like_formula,
)
from ecomonitor.core.rates import RateKind, format_rate, parse_rate


@pytest.mark.parametrize("raw", [1e28, -1e300, 1e-300, "1" * 40 + "%", "9" * 60])
def test_absurd_rates_read_without_raising(raw):
    reading = parse_rate(raw)
    assert reading.kind in (RateKind.VALUE, RateKind.INVALID)
    if reading.kind is RateKind.VALUE:
        assert format_rate(reading.value).endswith("%")


def test_control_characters_found():
    assert illegal_characters("a\x01b\x1bc\td\ne") == ["\x01", "\x1b"]


def test_mojibake_detected_and_repaired():
    mojibake = "完成改厕2664个".encode("utf-8").decode("latin-1")
    assert looks_garbled(mojibake)
    assert repaired_text(mojibake) == "完成改厕2664个"
    assert looks_garbled("烫烫烫锟斤拷")
    assert not looks_garbled("完成投资5.75亿元，Café 项目")


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@A1"])
def test_formula_prefixes(text):
    assert starts_like_formula(text)


def test_error_literals():
    assert is_error_literal(" #DIV/0! ")
    assert is_error_literal("#N/A")
    assert not is_error_literal("#1 号")


def test_fit_cell_text_caps_length_and_removes_controls():
    fitted = fit_cell_text("进" * 40000 + "\x01")
    assert len(fitted) == 32767
    assert fitted.endswith("以下内容未写入）")
    assert fit_cell_text("a\x00b") == "ab"
