"""Reporting periods: a year and one of its four quarters."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from ecomonitor.core.numerals import DIGITS

QUARTER_NUMERALS = ("一", "二", "三", "四")
# The years a period may have; the JSON schemas in schemas/ use the same bounds.
MIN_YEAR, MAX_YEAR = 2000, 2100

TARGET_HEADER = re.compile(r"^(\d{4})年(?:度)?目标任务$")
PROGRESS_HEADER = re.compile(r"^(?:第)?([一二三四1-4])季度(?:工作)?进展(?:情况)?$")


@dataclass(frozen=True, order=True)
class Period:
    """A quarter of a year, the unit in which departments report."""

    year: int
    quarter: int

    def __post_init__(self):
        if not 1 <= self.quarter <= 4:
            raise ValueError(f"quarter must be 1..4, got {self.quarter}")
        if not MIN_YEAR <= self.year <= MAX_YEAR:
            raise ValueError(f"year out of range {MIN_YEAR}..{MAX_YEAR}: {self.year}")

    @property
    def quarter_numeral(self) -> str:
        return QUARTER_NUMERALS[self.quarter - 1]

    @property
    def label(self) -> str:
        """The period as the office writes it, for example 2023年二季度."""
        return f"{self.year}年{self.quarter_numeral}季度"

    @property
    def key(self) -> str:
        """A compact sortable form, for example 2023Q2."""
        return f"{self.year}Q{self.quarter}"

    @property
    def target_header(self) -> str:
        return f"{self.year}年目标任务"

    @property
    def progress_header(self) -> str:
        return f"{self.quarter_numeral}季度进展"

    @property
    def last_day(self) -> dt.date:
        """The last day of the quarter, for example 2023-06-30 for 2023Q2."""
        month = self.quarter * 3
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def next(self) -> Period:
        if self.quarter == 4:
            return Period(self.year + 1, 1)
        return Period(self.year, self.quarter + 1)

    def previous(self) -> Period:
        if self.quarter == 1:
            return Period(self.year - 1, 4)
        return Period(self.year, self.quarter - 1)

    @classmethod
    def from_key(cls, key: str) -> Period:
        match = re.fullmatch(r"(\d{4})Q([1-4])", key.strip())
        if not match:
            raise ValueError(f"not a period key like 2023Q2: {key!r}")
        return cls(int(match.group(1)), int(match.group(2)))


def parse_target_header(text: str) -> int | None:
    """Return the year named by a header such as 2023年目标任务, or None."""
    match = TARGET_HEADER.match(text.strip())
    return int(match.group(1)) if match else None


def parse_progress_header(text: str) -> int | None:
    """Return the quarter named by a header such as 二季度进展, or None."""
    match = PROGRESS_HEADER.match(text.strip())
    if not match:
        return None
    symbol = match.group(1)
    return int(symbol) if symbol.isdigit() else DIGITS.index(symbol)
