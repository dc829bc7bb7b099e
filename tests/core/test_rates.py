"""Reading rates as departments write them."""

from __future__ import annotations

import pytest

from ecomonitor.core.rates import RateKind, format_rate, parse_rate, percent_format


@pytest.mark.parametrize(
    "written, value",
    [
        ("50%", 0.5), ("52.80%", 0.528), ("45.6％", 0.456), ("５０％", 0.5), ("0.5", 0.5), ("50", 0.5),
        ("已完成", 1.0), ("完成", 1.0), ("未启动", 0.0), (" 30 % ", 0.3), ("120%", 1.2), ("3.30%", 0.033),
        (0.528, 0.528), (50, 0.5), (1.2, 1.2), (0, 0.0),
    ],
)
def test_rate_values(written, value):
    reading = parse_rate(written)
    assert reading.kind is RateKind.VALUE
    assert reading.value == value


@pytest.mark.parametrize("written", [None, "", "   "])
def test_rate_missing(written):
    assert parse_rate(written).kind is RateKind.MISSING


@pytest.mark.parametrize("written", ["约一半", "50%%", "五成", "#DIV/0!", True, float("nan"), "1e3"])
def test_rate_invalid_keeps_text(written):
    reading = parse_rate(written)
    assert reading.kind is RateKind.INVALID
    assert reading.value is None


def test_rate_text_kept_as_written():
    assert parse_rate("52.80%").text == "52.80%"
    assert parse_rate("５０％").text == "５０％"


@pytest.mark.parametrize("value, text", [(0.5, "50%"), (0.528, "52.8%"), (0.3498, "34.98%"), (1.0, "100%")])
def test_format_rate(value, text):
    assert format_rate(value) == text


@pytest.mark.parametrize(
    "value, written, number_format",
    [(0.528, "52.80%", "0.00%"), (0.5, "50%", "0%"), (0.456, "45.6%", "0.0%"), (0.3498, "", "0.00%"), (0.5, "", "0%")],
)
def test_percent_format_keeps_decimals(value, written, number_format):
    assert percent_format(value, written) == number_format
