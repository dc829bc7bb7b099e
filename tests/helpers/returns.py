"""Department copies as the tests need them: issued by split, filled as a department would."""

from __future__ import annotations

from pathlib import Path

from ecomonitor.jobs.split import split
from ecomonitor.tables import read_table
from ecomonitor.xlsx.fill import Typed, fill_copy

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "xiangxi-eco-monitoring-2023q2.txt"


def issue_copy(master: Path, department: str, folder: Path) -> Path:
    """Write the copy of one department from ``master`` into ``folder``."""
    [(_name, _count, path)] = split(master, folder, [department]).copies
    return path


def fill_from_example(source: Path, department: str, target: Path) -> Path:
    """Fill a copy with the example table's entries of the department."""
    example = read_table(EXAMPLE).framework
    entries = {t.id: Typed(t.progress, t.rate, t.rate_text) for t in example.tasks_owned_by(department)}
    fill_copy(source, entries, target)
    return target
