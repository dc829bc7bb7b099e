"""Completion rates (完成率) as departments write them.

Rates are stored as fractions: 50% is 0.5. Written forms accepted:

- a percentage, with a half- or full-width sign and digits: 50%, 52.80%, 45.6％, ５０％;
- a bare number: at most 1 is a fraction (0.5), above 1 is percentage points (50);
- words: 已完成, 完成, 全部完成 are 100%; 未启动, 未开展 are 0%;
- a number from a cell: the fraction a percent-formatted cell stores, except that
  a value above 2 can only be percentage points typed into an unformatted cell.

Decimal arithmetic keeps 52.80% exactly 0.528 after the division. A rate
whose value is not a finite float (a number with hundreds of digits, or a
cell holding 1e400) is invalid, because Excel cannot store it.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import Enum

from ecomonitor.core.cleantext import remove_format_characters

COMPLETE_WORDS = {"已完成", "完成", "全部完成", "已全部完成", "已完成全年任务"}
NOT_STARTED_WORDS = {"未启动", "未开展", "尚未启动"}
PERCENT = re.compile(r"^([+-]?\d+(?:\.\d+)?)%$")
NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?$")

# A fraction above this cannot come from a percent-formatted cell in practice
# (it would be more than 200%), so the number was typed as percentage points.
MAX_CELL_FRACTION = 2.0


class RateKind(Enum):
    VALUE = "value"
    MISSING = "missing"
    INVALID = "invalid"


@dataclass(frozen=True)
class RateReading:
    """A rate as read: its fraction (None unless ``kind`` is VALUE) and the text."""

    kind: RateKind
    value: float | None
    text: str


def normalize_rate_text(text: str) -> str:
    """Fold full-width forms, remove white space and zero-width characters: ５０ ％ → 50%."""
    return re.sub(r"\s+", "", remove_format_characters(unicodedata.normalize("NFKC", text)))


def parse_rate(raw: object) -> RateReading:
    """Read a rate from a cell value or a text; never raise on bad input."""
    if raw is None:
        return RateReading(RateKind.MISSING, None, "")
    if isinstance(raw, bool):
        return RateReading(RateKind.INVALID, None, str(raw))
    if isinstance(raw, (int, float)):
        return _from_number(raw)
    text = str(raw).strip()
    folded = normalize_rate_text(text)
    if not folded:
        return RateReading(RateKind.MISSING, None, text)
    value = _from_text(folded)
    if value is None or not math.isfinite(value):
        return RateReading(RateKind.INVALID, None, text)
    return RateReading(RateKind.VALUE, value, text)


def _from_number(number: int | float) -> RateReading:
    try:
        value = float(number)
    except OverflowError:  # an int too large for a float
        return RateReading(RateKind.INVALID, None, str(number))
    if not math.isfinite(value):
        return RateReading(RateKind.INVALID, None, str(number))
    if abs(value) > MAX_CELL_FRACTION:
        value = float(Decimal(repr(value)) / 100)
    return RateReading(RateKind.VALUE, value, format_rate(value))


def _from_text(folded: str) -> float | None:
    if folded in COMPLETE_WORDS:
        return 1.0
    if folded in NOT_STARTED_WORDS:
        return 0.0
    try:
        match = PERCENT.match(folded)
        if match:
            return float(Decimal(match.group(1)) / 100)
        if NUMBER.match(folded):
            number = Decimal(folded)
            return float(number if abs(number) <= 1 else number / 100)
    except InvalidOperation:
        return None
    return None


def decimals_of(value: float) -> int:
    """Return how many decimals of percentage points a rate needs, at most 2."""
    points = Decimal(repr(value)) * 100
    for places in (0, 1):
        try:
            if points == points.quantize(Decimal(1).scaleb(-places)):
                return places
        except InvalidOperation:
            return 0  # more digits than the context's 28: a whole number of points
    return 2


def format_rate(value: float) -> str:
    """Write a fraction as a percentage with the decimals it needs: 0.528 → 52.8%."""
    places = decimals_of(value)
    return f"{Decimal(repr(value)) * 100:.{places}f}%"


def percent_format(value: float | None, written: str = "") -> str:
    """Return the Excel number format that shows a rate as it was written.

    52.80% keeps its two decimals; a rate without a written form gets the
    decimals its value needs.
    """
    places = None
    match = PERCENT.match(normalize_rate_text(written)) if written else None
    if match and "." in match.group(1):
        places = min(len(match.group(1).split(".")[1]), 2)
    elif match:
        places = 0
    elif value is not None:
        places = decimals_of(value)
    return "0%" if not places else "0." + "0" * places + "%"
