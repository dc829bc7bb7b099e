"""Owner entries: the entry a multi-owner or linked task takes across runs, and the changes logged for it.

A task with several owners (责任单位) takes the entry of the first owner in
``Task.owners`` that has one. The differing entries of the other owners are
kept in the task's 其他单位填报 note, one part per department written as
``单位：完成率，进展`` and joined by "；".

Departments return in different runs, so a run decides from everything the
master already contains as well as from its own copies:

- the entry in the task's cells, when the change log names the department it
  came from (``EntryHolder``) and the cells still hold what was logged;
- the entries in the note, read back per department.

A department's entry in this run replaces what the master held for it. So a
lower-ranked owner returning later never overwrites a higher-ranked owner's
entry, and the other owners' entries stay in the note across runs.

A linked task (关联任务) takes the entry taken for the task it links to. An
invalid link (to an unknown task, to the task itself, or to a task that is
linked itself) is ignored and reported, and the task takes its own entries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ecomonitor.core.cleantext import fit_cell_text
from ecomonitor.core.findings import Finding, Severity
from ecomonitor.core.model import Framework, Task
from ecomonitor.core.rates import RateKind, format_rate, parse_rate
from ecomonitor.core.validation.targets import link_problem

RATE_EPSILON = 1e-9
NOTE_SEPARATOR = "；"


@dataclass
class Entry:
    """A department's accepted entry for one task."""

    task_id: str
    department: str
    progress: str
    rate: float
    rate_text: str
    file: str
    sha256: str


@dataclass
class Change:
    """One cell of the master that consolidation changes."""

    task_id: str
    field: str
    old: object
    new: object
    department: str
    file: str
    sha256: str


@dataclass(frozen=True)
class EntryHolder:
    """The department whose entry a task's cells hold, as the change log last recorded it.

    ``progress`` and ``rate_text`` are the last logged new values of the two
    cells (the rate as shown, such as 50%), or None when never logged.
    """

    department: str
    progress: str | None
    rate_text: str | None
    file: str
    sha256: str


def decide_entries(framework: Framework, entries: dict[str, dict[str, Entry]],
                   holders: dict[str, EntryHolder]):
    """Return the changes, the new notes per task and the conflicts found, for this run's ``entries``."""
    changes: list[Change] = []
    notes: dict[str, str] = {}
    conflicts: list[Finding] = []
    taken: dict[str, Entry] = {}
    links = {task.id: task.link for task in framework.tasks}
    for task in framework.tasks:
        by_department = entries.get(task.id)
        if not by_department:
            continue
        if task.link and _link_followed(task, links, conflicts):
            continue
        known = _known_entries(task, holders.get(task.id))
        known.update(by_department)
        ordered = [known[name] for name in task.owners if name in known]
        chosen = ordered[0]
        differing = [other for other in ordered[1:] if not _same_entry(other, chosen)]
        if differing:
            names = "、".join(other.department for other in differing)
            conflicts.append(Finding("owner-conflict", Severity.WARNING,
                f"多个责任单位填报不一致，已采用“{chosen.department}”的填报，{names} 的填报记入“其他单位填报”列，请核实。",
                task_id=task.id))
        taken[task.id] = chosen
        changes += _changes(task, chosen)
        note_changes = _note_changes(task, chosen, differing, by_department)
        changes += note_changes
        notes[task.id] = note_changes[-1].new if note_changes else task.others
    changes += _linked_changes(framework, taken, links)
    return changes, notes, conflicts


def _link_followed(task: Task, links: dict[str, str], conflicts: list[Finding]) -> bool:
    """Tell whether the task is filled from its link; report an invalid link, which is not followed."""
    problem = link_problem(task.id, task.link, links)
    if problem is None:
        conflicts.append(Finding("linked-entry-ignored", Severity.INFO,
            f"该任务已关联 {task.link}，由 {task.link} 的填报填入，本任务自己的填报未采用。",
            task_id=task.id))
        return True
    conflicts.append(Finding("link-invalid", Severity.ERROR,
        f"主表中该任务的关联任务无效（{problem}），已忽略该关联，采用本任务自己的填报："
        "请在主表的“关联任务”列改正或清空。", task_id=task.id, value=task.link))
    return False


def _known_entries(task: Task, holder: EntryHolder | None) -> dict[str, Entry]:
    """Return the entries the master already contains for a task, by department."""
    known: dict[str, Entry] = {}
    cell_entry = _cell_entry(task, holder)
    if cell_entry is not None:
        known[cell_entry.department] = cell_entry
    for department, part in read_note(task.others, task.owners)[1].items():
        entry = _entry_of_part(task.id, department, part)
        if entry is not None and department not in known:
            known[department] = entry
    return known


def _cell_entry(task: Task, holder: EntryHolder | None) -> Entry | None:
    """Return the entry in the task's cells when the log names its owner and the cells are as logged."""
    if holder is None or holder.department not in task.owners or task.rate is None or not task.progress:
        return None
    if holder.progress is not None and holder.progress != task.progress:
        return None
    if holder.rate_text is not None and holder.rate_text != format_rate(task.rate):
        return None
    return Entry(task.id, holder.department, task.progress, task.rate, task.rate_text, holder.file, holder.sha256)


def read_note(note: str, owners: list[str]) -> tuple[str, dict[str, str]]:
    """Split a 其他单位填报 note into its owners' parts.

    Returns the text before the first part (text the office wrote itself) and
    each owner's part after ``单位：``.
    """
    if not note or not owners:
        return note, {}
    # NOTE: a progress text that itself contains "；" followed by an owner's
    # name and "：" is split there too, so that owner's part is misread.
    names = "|".join(re.escape(name) for name in sorted(owners, key=len, reverse=True))
    starts = list(re.finditer(rf"(?:^|{NOTE_SEPARATOR})({names})：", note))
    if not starts:
        return note, {}
    parts: dict[str, str] = {}
    for start, following in zip(starts, [*starts[1:], None]):
        end = following.start() if following else len(note)
        parts[start.group(1)] = note[start.end():end]
    return note[:starts[0].start()], parts


def _entry_of_part(task_id: str, department: str, part: str) -> Entry | None:
    rate_text, _, progress = part.partition("，")
    reading = parse_rate(rate_text)
    if reading.kind is not RateKind.VALUE or not progress:
        return None
    return Entry(task_id, department, progress, reading.value, rate_text, "", "")


def _part_of(entry: Entry) -> str:
    return f"{format_rate(entry.rate)}，{entry.progress}"


def _compose_note(prefix: str, parts: dict[str, str], owners: list[str]) -> str:
    ordered = [f"{name}：{parts[name]}" for name in owners if name in parts]
    ordered += [f"{name}：{part}" for name, part in parts.items() if name not in owners]
    return fit_cell_text(NOTE_SEPARATOR.join([prefix, *ordered] if prefix else ordered))


def _note_changes(task: Task, chosen: Entry, differing: list[Entry], by_department: dict[str, Entry]) -> list[Change]:
    """Return the changes of the task's note, one per department whose part changes.

    Each step is logged with the file of the entry it writes, or for a part
    removed, with the file of this run's entry that replaces it.
    """
    prefix, old_parts = read_note(task.others, task.owners)
    new_parts = {name: part for name, part in old_parts.items() if _entry_of_part(task.id, name, part) is None}
    new_parts.pop(chosen.department, None)
    new_parts.update({other.department: _part_of(other) for other in differing})
    written = {other.department: other for other in differing}
    current = dict(old_parts)
    text = task.others
    changes: list[Change] = []
    for name in [*task.owners, *(name for name in old_parts if name not in task.owners)]:
        if old_parts.get(name) == new_parts.get(name):
            continue
        if name in new_parts:
            current[name] = new_parts[name]
            credit = written.get(name, chosen)
        else:
            current.pop(name, None)
            credit = by_department.get(name, chosen)
        new_text = _compose_note(prefix, current, task.owners)
        if new_text != text:
            changes.append(Change(task.id, "others", text, new_text, credit.department, credit.file, credit.sha256))
            text = new_text
    return changes


def _linked_changes(framework: Framework, taken: dict[str, Entry], links: dict[str, str]) -> list[Change]:
    """Fill each linked task from the entry taken for the task it links to; invalid links are skipped."""
    changes: list[Change] = []
    for task in framework.tasks:
        if not task.link or link_problem(task.id, task.link, links) is not None:
            continue
        entry = taken.get(task.link)
        if entry is not None:
            changes += _changes(task, replace(entry, task_id=task.id))
    return changes


def _same_entry(first: Entry, second: Entry) -> bool:
    return first.progress == second.progress and abs(first.rate - second.rate) <= RATE_EPSILON


def _changes(task: Task, entry: Entry) -> list[Change]:
    changes = []
    if task.progress != entry.progress:
        changes.append(Change(task.id, "progress", task.progress, entry.progress,
                              entry.department, entry.file, entry.sha256))
    if task.rate is None or abs(task.rate - entry.rate) > RATE_EPSILON:
        changes.append(Change(task.id, "rate", task.rate if task.rate is not None else task.rate_text,
                              entry.rate, entry.department, entry.file, entry.sha256))
    return changes
