"""The example played through a year: its constants and the entries departments type."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ecomonitor.xlsx.fill import Typed

# Tasks whose Q3 entry repeats the Q2 text and rate, and the department that
# returns nothing in Q3, in the rolled example of tests/conftest.py.
STALLED_IN_Q3 = ("T01-01-01", "T02-01-01", "T07-01-01")
ABSENT_IN_Q3 = "州水利局"
Q2_DEADLINE = dt.date(2023, 6, 25)


@dataclass
class RolledExample:
    """Copies of one master at each stage of Q2 → Q3 → Q4 (copy before writing to them)."""

    q2: Path
    q3_opened: Path
    q3: Path
    q4: Path
    example: object


def synthetic_entry(example, quarter: int):
    """Return what a department types for a task in ``quarter``: the Q2 example, then 25 points more each quarter."""
    def entry(task):
        source = example.task(task.id)
        if source.rate is None:
            return None
        if quarter == 2 or (quarter == 3 and task.id in STALLED_IN_Q3):
            return Typed(source.progress, source.rate, source.rate_text)
        rate = min(1.0, round(source.rate + 0.25 * (quarter - 2), 4))
        return Typed(f"{'三' if quarter == 3 else '四'}季度：{source.progress}", rate)
    return entry
