"""Play departments through quarters: split a master, fill the copies, consolidate."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ecomonitor.core.consolidate import ConsolidationResult
from ecomonitor.core.model import Task
from ecomonitor.jobs.consolidate import consolidate_inbox
from ecomonitor.jobs.split import split
from ecomonitor.xlsx.fill import Typed, fill_copy
from ecomonitor.xlsx.master import open_master

Entries = Callable[[Task], Typed | None]


def play_quarter(master: Path, folder: Path, entries: Entries, absent: tuple[str, ...] = ()) -> ConsolidationResult:
    """Hand out copies of the master's period, fill them as each department would, and consolidate.

    Departments in ``absent`` do not return their copies.
    """
    copies = split(master, folder / "下发")
    framework = open_master(master).framework
    inbox = folder / "收回"
    inbox.mkdir(parents=True, exist_ok=True)
    for department, _count, path in copies.copies:
        if department in absent:
            continue
        typed = {}
        for task in framework.tasks_owned_by(department):
            entry = entries(task)
            if entry is not None:
                typed[task.id] = entry
        fill_copy(path, typed, inbox / path.name)
    return consolidate_inbox(master, inbox)
