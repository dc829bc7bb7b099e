"""Starting the next reporting period of a master (新建报告期)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ecomonitor.core.history import archive_records, check_archivable
from ecomonitor.core.period import Period
from ecomonitor.core.rollover import check_same_year, roll_tasks, shifted_deadline
from ecomonitor.core.settings import deadline_problem
from ecomonitor.core.summary import tasks_frame
from ecomonitor.errors import PeriodError
from ecomonitor.xlsx.cells import text_of
from ecomonitor.xlsx.history_sheet import append_history, read_history
from ecomonitor.xlsx.master import MasterBook, open_master, save_master, write_master_meta
from ecomonitor.xlsx.recompute import recompute_master
from ecomonitor.xlsx.rollover import write_new_period


@dataclass
class NewPeriodResult:
    previous: Period
    current: Period
    archived: int
    reported: int
    deadline: dt.date | None


@dataclass
class Archived:
    """The rows that archiving the current period wrote into the 历史 sheet."""

    period: Period
    rows: int
    reported: int


def archive_current_period(book: MasterBook, allow_empty: bool, archived_at: dt.datetime) -> Archived:
    """Append the current period's entries to 历史, after checking it is not archived yet."""
    framework = book.framework
    frame = tasks_frame(framework, book.settings)
    reported = int(frame["reported"].sum())
    check_archivable(framework.period, read_history(book.workbook, book.meta.archived), reported, allow_empty)
    notes = {task.id: note_of(book, task.id) for task in framework.tasks}
    records = archive_records(framework, frame, notes, archived_at)
    append_history(book.workbook, records)
    book.meta.archived = sorted({*(book.meta.archived or []), framework.period.key})
    write_master_meta(book)
    return Archived(framework.period, len(records), reported)


def note_of(book: MasterBook, task_id: str) -> str:
    """Return the 备注 cell of a task, or "" when the sheet has no such column."""
    if "note" not in book.locations[task_id].columns:
        return ""
    return text_of(book.cell(task_id, "note").value)


def new_period(master: Path, deadline: dt.date | None = None, allow_empty: bool = False,
               now: dt.datetime | None = None) -> NewPeriodResult:
    """Archive the current quarter and move the master to the next quarter of the same year.

    The deadline moves the same number of days from the quarter's end unless
    ``deadline`` is given. Raises PeriodError at the end of a year, when the
    period is archived already, or when nothing was reported and
    ``allow_empty`` is not set.
    """
    book = open_master(master)
    result = new_period_book(book, deadline, allow_empty, now)
    save_master(book)
    return result


def check_deadline(period: Period, deadline: dt.date | None) -> None:
    """Raise PeriodError when a deadline given with --deadline cannot belong to the period."""
    problem = deadline_problem(period, deadline) if deadline else None
    if problem:
        raise PeriodError(f"{period.label}的报送截止日期（--deadline）{problem}")


def new_period_book(book: MasterBook, deadline: dt.date | None = None, allow_empty: bool = False,
                    now: dt.datetime | None = None) -> NewPeriodResult:
    """Move an opened master to the next quarter, in memory only (see new_period)."""
    previous = book.framework.period
    check_same_year(previous)
    following = previous.next()
    check_deadline(following, deadline)
    archived = archive_current_period(book, allow_empty, now or dt.datetime.now(dt.timezone.utc))
    roll_tasks(book.framework, following)
    settings = book.settings
    settings.deadline = deadline or shifted_deadline(settings.deadline, previous, following)
    settings.year, settings.quarter = following.year, following.quarter
    write_new_period(book, previous)
    recompute_master(book)
    return NewPeriodResult(previous, following, archived.rows, archived.reported, settings.deadline)
