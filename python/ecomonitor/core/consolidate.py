"""Consolidation: which entries of the returned copies go into the master.

Rules, in order:

1. A file that is not a readable copy is reported and skipped.
2. The metadata must match the schema, carry a valid signature made with the
   master's key, and name this platform instance and the current period.
   The department comes from the metadata, never from the file name.
3. Of several copies from one department the newest is taken and the others
   are superseded. Newest means the save time in the file, or the file time
   when the file has none.
4. Only rows of tasks that the master assigns to the department (责任单位) are
   taken; edits of locked texts, added and deleted rows are reported.
5. A row is taken only when both progress and a readable rate are filled,
   neither cell holds an error value (#DIV/0!, #N/A), and the progress fits
   in a cell and is not garbled text; otherwise it is reported and the
   master keeps its value. Control characters are removed from a taken
   progress, and progress that starts like a formula is reported; both are
   written as text.
6. A task with several owners takes the entry of the first owner that
   reported; differing entries of the others are kept as a note and
   reported as a conflict.
7. A linked task (关联任务, for a target that appears in two categories)
   takes the entry taken for the task it links to; entries for the linked
   task itself are reported and not taken.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from ecomonitor.core.cleantext import (
    EXCEL_CELL_LIMIT,
    describe_characters,
    fit_cell_text,
    illegal_characters,
    is_error_literal,
    looks_garbled,
    remove_illegal_characters,
    repaired_text,
    starts_like_formula,
)
from ecomonitor.core.copymeta import CopyMeta, copy_meta_from_document, fixed_text_fingerprint
from ecomonitor.core.findings import Finding, Severity
from ecomonitor.core.model import Framework, Task
from ecomonitor.core.rates import RateKind, format_rate, parse_rate
from ecomonitor.core.returns import CopyRow, ErrorValue, ReturnedCopy
from ecomonitor.core.signing import fingerprint, verify

RATE_EPSILON = 1e-9
CHINA_TIME = dt.timezone(dt.timedelta(hours=8))


class Status:
    TAKEN = "已采用"
    SUPERSEDED = "已被新版本取代"
    REJECTED = "未采用"


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


@dataclass
class FileReport:
    name: str
    sha256: str
    department: str = ""
    status: str = Status.REJECTED
    saved_at: dt.datetime | None = None
    late: bool = False
    rows_taken: int = 0
    rows_rejected: int = 0
    findings: list[Finding] = field(default_factory=list)


@dataclass
class ConsolidationResult:
    changes: list[Change]
    reports: list[FileReport]
    unreported: list[str]
    notes: dict[str, str]
    findings: list[Finding]

    @property
    def tasks_changed(self) -> int:
        return len({change.task_id for change in self.changes})


@dataclass
class MasterIdentity:
    """The master's instance, key and deadline, which a copy is checked against."""

    instance_id: str
    key: str
    deadline: dt.date | None = None


def consolidate(framework: Framework, identity: MasterIdentity, copies: list[ReturnedCopy]) -> ConsolidationResult:
    reports: list[FileReport] = []
    accepted: dict[str, list[tuple[ReturnedCopy, CopyMeta, FileReport]]] = {}
    for copy in sorted(copies, key=lambda c: c.name):
        report = FileReport(copy.name, copy.sha256, saved_at=copy.saved_at)
        report.findings.extend(copy.notes)
        reports.append(report)
        meta = _check_copy(copy, framework, identity, report)
        if meta is not None:
            accepted.setdefault(meta.department, []).append((copy, meta, report))
    entries: dict[str, dict[str, Entry]] = {}
    for department, candidates in accepted.items():
        copy, meta, report = _newest(candidates)
        report.status = Status.TAKEN
        report.late = _is_late(copy, identity.deadline)
        for task_id, entry in _read_entries(copy, meta, framework, report).items():
            entries.setdefault(task_id, {})[department] = entry
    changes, notes, conflicts = _decide(framework, entries)
    findings = [finding for report in reports for finding in report.findings] + conflicts
    unreported = [
        department.name
        for department in framework.departments
        if framework.tasks_filled_by(department.name) and department.name not in accepted
    ]
    return ConsolidationResult(changes, reports, unreported, notes, findings)


def _reject(report: FileReport, code: str, message: str, **where) -> None:
    report.findings.append(Finding(code, Severity.ERROR, message, file=report.name, **where))


def _check_copy(copy: ReturnedCopy, framework: Framework, identity: MasterIdentity,
                report: FileReport) -> CopyMeta | None:
    if copy.problem is not None:
        report.findings.append(copy.problem)
        return None
    meta, errors = copy_meta_from_document(copy.metadata)
    if meta is None:
        _reject(report, "copy-metadata-invalid",
                f"填报表的隐藏信息不完整或格式不对（{errors[0]}）：请对方使用下发的原表重新填报。")
        return None
    report.department = meta.department
    if not verify(copy.metadata, identity.key):
        _reject(report, "copy-forged",
                f"填报表的隐藏信息签名无效（标明的单位为“{meta.department}”）：隐藏信息被改动过，或不是本主表下发的填报表。请对方使用下发的原表重新填报。")
        return None
    if meta.instance_id != identity.instance_id:
        _reject(report, "copy-other-instance", "这份填报表由另一个主表生成，不属于本平台：请核对文件来源。")
        return None
    if meta.period != framework.period:
        _reject(report, "copy-other-period",
                f"这是 {meta.period.label} 的填报表，当前报告期为 {framework.period.label}：请对方使用本期下发的填报表。")
        return None
    if meta.department not in framework.department_names():
        _reject(report, "copy-unknown-department",
                f"填报表的单位“{meta.department}”不在主表的“单位”工作表中：请在名册中恢复该单位后重新汇总。")
        return None
    return meta


def _newest(candidates):
    """Return the newest copy of a department; mark the others superseded."""
    def moment(item):
        copy = item[0]
        stamp = copy.saved_at or dt.datetime.min.replace(tzinfo=dt.timezone.utc)
        return stamp, copy.name

    ordered = sorted(candidates, key=moment)
    newest = ordered[-1]
    for copy, _meta, report in ordered[:-1]:
        report.status = Status.SUPERSEDED
        if copy.sha256 == newest[0].sha256:
            report.findings.append(Finding(
                "copy-duplicate", Severity.INFO,
                f"与文件“{newest[0].name}”内容完全相同（重复报送），只采用一份。", file=report.name,
            ))
            continue
        report.findings.append(Finding(
            "copy-superseded", Severity.INFO,
            f"同一单位有更新的文件“{newest[0].name}”，本文件未采用。",
            file=report.name,
        ))
    return newest


def _is_late(copy: ReturnedCopy, deadline: dt.date | None) -> bool:
    if deadline is None or copy.saved_at is None:
        return False
    return copy.saved_at.astimezone(CHINA_TIME).date() > deadline


def _read_entries(copy: ReturnedCopy, meta: CopyMeta, framework: Framework,
                  report: FileReport) -> dict[str, Entry]:
    tasks = {task.id: task for task in framework.tasks}
    listed = set(meta.tasks)
    seen: set[str] = set()
    entries: dict[str, Entry] = {}
    texts_intact = _fixed_texts_intact(copy, meta)
    if fixed_text_fingerprint(framework, meta.tasks) != meta.fingerprint:
        report.findings.append(Finding("copy-template-outdated", Severity.INFO,
            "下发后主表中这些任务的指标或目标文字有改动，填报单位看到的是改动前的文字；进展和完成率照常采用。",
            file=report.name, sheet=copy.sheet))
    for row in copy.rows:
        where = {"sheet": copy.sheet, "row": row.row, "task_id": row.task_id}
        if row.task_id in seen:
            _reject(report, "row-duplicate", "任务编号在表中重复出现，只采用第一行。", **where)
            continue
        seen.add(row.task_id)
        if row.task_id not in listed:
            report.findings.append(Finding("row-added", Severity.WARNING,
                "这一行不是下发时的行（增加或改动了任务编号），已忽略。", file=report.name, **where))
            continue
        task = tasks.get(row.task_id)
        if task is None or meta.department not in task.owners:
            report.findings.append(Finding("row-not-owned", Severity.WARNING,
                f"主表中该任务的责任单位不含“{meta.department}”，本行已忽略。", file=report.name, **where))
            continue
        if not row.progress and parse_rate(row.rate).kind is RateKind.MISSING:
            report.findings.append(Finding("row-unfilled", Severity.INFO,
                "本行未填写，主表保持原值。", file=report.name, **where))
            continue
        entry = _entry(row, task, framework, meta.department, copy, report, where, texts_intact)
        if entry is None:
            report.rows_rejected += 1
        else:
            entries[task.id] = entry
            report.rows_taken += 1
    for task_id in meta.tasks:
        if task_id not in seen:
            report.findings.append(Finding("row-deleted", Severity.WARNING,
                "下发的这一行在返回的表中找不到（被删除），主表保持原值。", file=report.name,
                sheet=copy.sheet, task_id=task_id))
    return entries


def _fixed_texts_intact(copy: ReturnedCopy, meta: CopyMeta) -> bool:
    """Tell whether the copy's ID, indicator and target cells are as issued."""
    rows = {row.task_id: row for row in copy.rows}
    found = [[task_id, rows[task_id].indicator, rows[task_id].target] for task_id in meta.tasks if task_id in rows]
    return len(found) == len(meta.tasks) and fingerprint(found) == meta.fingerprint


def _entry(row: CopyRow, task: Task, framework: Framework, department: str, copy: ReturnedCopy,
           report: FileReport, where: dict, texts_intact: bool = False) -> Entry | None:
    indicator = framework.indicator(task.indicator_id).text
    edited = (row.indicator and row.indicator != indicator) or (row.target and row.target != task.target)
    if edited and not texts_intact:
        report.findings.append(Finding("locked-text-edited", Severity.WARNING,
            "指标或目标任务的文字被改动，改动不会写入主表（以主表为准）；进展和完成率照常采用。",
            file=report.name, **where))
    if isinstance(row.progress, ErrorValue):
        _reject(report, "progress-error-value",
                f"进展单元格是错误值 {row.progress}（公式出错），本行未采用：请填写文字进展。",
                value=str(row.progress), **where)
        return None
    if isinstance(row.rate, ErrorValue) or (isinstance(row.rate, str) and is_error_literal(row.rate)):
        _reject(report, "rate-error-value",
                f"完成率单元格是错误值 {str(row.rate).strip()}（公式出错，如除以 0 或找不到数据），本行未采用：请直接填写百分数，如 50%。",
                value=str(row.rate).strip(), **where)
        return None
    progress = _checked_progress(row.progress, report, where)
    if progress is None:
        return None
    reading = parse_rate(row.rate)
    if not progress:
        _reject(report, "progress-missing", "已填完成率但未填进展，本行未采用：请补填进展。", **where)
        return None
    if reading.kind is RateKind.MISSING:
        _reject(report, "rate-missing", "已填进展但未填完成率，本行未采用：请补填完成率。", **where)
        return None
    if reading.kind is RateKind.INVALID:
        _reject(report, "rate-invalid",
                f"完成率“{reading.text}”无法识别，本行未采用：请填写百分数，如 50%。",
                value=reading.text, **where)
        return None
    return Entry(task.id, department, progress, reading.value, reading.text, copy.name, copy.sha256)


def _checked_progress(progress: str, report: FileReport, where: dict) -> str | None:
    """Return the progress to take, or None after reporting why the row is rejected."""
    if len(progress) > EXCEL_CELL_LIMIT:
        _reject(report, "text-too-long",
                f"进展有 {len(progress)} 字，超过 Excel 单元格上限 {EXCEL_CELL_LIMIT} 字，本行未采用：请精简后重新填报。",
                **where)
        return None
    if looks_garbled(progress):
        repaired = repaired_text(progress)
        hint = f"（可能应为“{repaired[:60]}”）" if repaired else ""
        _reject(report, "text-garbled",
                f"进展文字是乱码{hint}，多为编码转换出错，本行未采用：请对方在表中重新输入进展。",
                value=progress[:200], **where)
        return None
    illegal = illegal_characters(progress)
    if illegal:
        progress = remove_illegal_characters(progress)
        report.findings.append(Finding("text-control-chars", Severity.WARNING,
            f"进展中含有不可见的控制字符 {describe_characters(illegal)}，Excel 文件无法保存这些字符，已删除后采用。",
            file=report.name, **where))
    if starts_like_formula(progress):
        report.findings.append(Finding("text-formula-like", Severity.INFO,
            f"进展以“{progress[0]}”开头，已按文字写入主表，不会作为公式计算。",
            file=report.name, **where))
    return progress


def _decide(framework: Framework, entries: dict[str, dict[str, Entry]]):
    changes: list[Change] = []
    notes: dict[str, str] = {}
    conflicts: list[Finding] = []
    taken: dict[str, Entry] = {}
    for task in framework.tasks:
        by_department = entries.get(task.id)
        if not by_department:
            continue
        if task.link:
            conflicts.append(Finding("linked-entry-ignored", Severity.INFO,
                f"该任务已关联 {task.link}，由 {task.link} 的填报填入，本任务自己的填报未采用。",
                task_id=task.id))
            continue
        ordered = [by_department[name] for name in task.owners if name in by_department]
        chosen, others = ordered[0], ordered[1:]
        differing = [other for other in others if not _same_entry(other, chosen)]
        notes[task.id] = ""
        if differing:
            notes[task.id] = fit_cell_text("；".join(
                f"{other.department}：{format_rate(other.rate)}，{other.progress}" for other in differing
            ))
            names = "、".join(other.department for other in differing)
            conflicts.append(Finding("owner-conflict", Severity.WARNING,
                f"多个责任单位填报不一致，已采用“{chosen.department}”的填报，{names} 的填报记入“其他单位填报”列，请核实。",
                task_id=task.id))
        taken[task.id] = chosen
        changes += _changes(task, chosen)
        if notes[task.id] != task.others:
            changes.append(Change(task.id, "others", task.others, notes[task.id],
                                  chosen.department, chosen.file, chosen.sha256))
    changes += _linked_changes(framework, taken)
    return changes, notes, conflicts


def _linked_changes(framework: Framework, taken: dict[str, Entry]) -> list[Change]:
    """Fill each linked task from the entry taken for the task it links to."""
    changes: list[Change] = []
    for task in framework.tasks:
        entry = taken.get(task.link) if task.link else None
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
