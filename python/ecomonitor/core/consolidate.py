"""Consolidation: which entries of the returned copies go into the master.

Rules, in order:

1. A file that is not a readable copy is reported and skipped.
2. The metadata must match the schema, name this platform instance, carry a
   valid signature made with the master's key, and name the current period.
   The instance is checked before the signature, so a copy of another master
   is reported as such. The department comes from the metadata, never from
   the file name.
3. Of several copies from one department the newest is taken and the others
   are superseded. Newest means the save time in the file, or the file time
   when the file has none. A save time more than a day after the run is
   reported, and the copy is ordered by its file time instead, or by the
   time of the run when that is in the future too.
4. Only rows of tasks that the master assigns to the department (责任单位) are
   taken; edits of locked texts, added and deleted rows, and rows of tasks
   deleted from the master are reported. While the master's fixed texts are
   those the copy was issued with, a row whose target is another task's
   (its ID was moved) is rejected.
5. A row is taken only when neither cell holds an error value (#DIV/0!,
   #N/A), the progress fits in a cell and is not garbled text, and it passes
   validate's entry rules without an error (both cells filled, a readable
   and finite rate, not below 0, not above 100% unexplained, not
   implausible); otherwise it is reported and the master keeps its value.
   Warnings of those rules are reported with the taken row. A cell holding
   only white space and zero-width characters counts as empty. Control
   characters are removed from a taken progress, and progress that starts
   like a formula is reported; both are written as text.
6. A task with several owners takes the entry of the first owner that has
   one, counting the entries the master contains from earlier runs
   (``core/owners.py``); differing entries of the others are kept as a note
   and reported as a conflict.
7. A linked task (关联任务, for a target that appears in two categories)
   takes the entry taken for the task it links to; entries for the linked
   task itself are reported and not taken. An invalid link is reported and
   ignored.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from ecomonitor.core.cleantext import (
    EXCEL_CELL_LIMIT,
    describe_characters,
    illegal_characters,
    is_blank,
    is_error_literal,
    looks_garbled,
    remove_illegal_characters,
    repaired_text,
    starts_like_formula,
)
from ecomonitor.core.copymeta import CopyMeta, copy_meta_from_document, fixed_text_fingerprint
from ecomonitor.core.findings import Finding, Severity
from ecomonitor.core.model import Framework, Task
from ecomonitor.core.owners import Change, Entry, EntryHolder, decide_entries
from ecomonitor.core.rates import RateKind, parse_rate
from ecomonitor.core.returns import CopyRow, ErrorValue, ReturnedCopy
from ecomonitor.core.settings import Settings
from ecomonitor.core.signing import fingerprint, verify
from ecomonitor.core.validation import RowRecord, ValidationContext, check_entry_rows

ROW_REJECTED = "本行未采用，主表保持原值。"
SHOWN_TEXT = 60
CHINA_TIME = dt.timezone(dt.timedelta(hours=8))
# A save time this far after the run is a wrong clock, not a newer copy. A
# day leaves room for a computer that writes local time as UTC (8 hours).
FUTURE_TOLERANCE = dt.timedelta(days=1)


class Status:
    TAKEN = "已采用"
    SUPERSEDED = "已被新版本取代"
    DUPLICATE = "重复文件"  # the same bytes as the copy taken
    REJECTED = "未采用"
    BLANK = "空表"


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
    settings: Settings | None = None


def consolidate(framework: Framework, identity: MasterIdentity, copies: list[ReturnedCopy],
                now: dt.datetime | None = None, holders: dict[str, EntryHolder] | None = None,
                reported_before: set[str] | None = None) -> ConsolidationResult:
    """Decide which entries of ``copies`` go into the master and report every file, row and conflict.

    ``now`` is the time of the run (default: the current time). A copy saved
    more than a day after it is flagged and ordered by its file time.
    ``holders`` names, per task, the department whose entry the master
    contains from an earlier run (read from the change log), so this run
    does not overwrite it with a lower-ranked owner's entry.
    ``reported_before`` names the departments whose copy an earlier run of
    the same period took, so a run on a later batch of copies does not list
    them as not reported.
    """
    now = now or dt.datetime.now(dt.timezone.utc)
    settings = identity.settings or Settings(framework.period.year, framework.period.quarter)
    reports: list[FileReport] = []
    accepted: dict[str, list[tuple[ReturnedCopy, CopyMeta, FileReport, dt.datetime | None]]] = {}
    for copy in sorted(copies, key=lambda c: c.name):
        report = FileReport(copy.name, copy.sha256, saved_at=copy.saved_at)
        report.findings.extend(copy.notes)
        reports.append(report)
        meta = _check_copy(copy, framework, identity, report)
        if meta is not None:
            moment = _ordering_time(copy, now, report)
            accepted.setdefault(meta.department, []).append((copy, meta, report, moment))
    entries: dict[str, dict[str, Entry]] = {}
    blank: set[str] = set()
    for department, candidates in accepted.items():
        copy, meta, report, moment = _newest(candidates)
        report.status = Status.TAKEN
        report.late = _is_late(moment, identity.deadline)
        for task_id, entry in _read_entries(copy, meta, framework, settings, report).items():
            entries.setdefault(task_id, {})[department] = entry
        if report.rows_taken == 0 and report.rows_rejected == 0:
            _mark_blank(report)
            blank.add(department)
    changes, notes, conflicts = decide_entries(framework, entries, holders or {})
    findings = [finding for report in reports for finding in report.findings] + conflicts
    filling = framework.tasks_filled_by_department()
    unreported = [
        department.name
        for department in framework.departments
        if department.name in filling and department.name not in (reported_before or set())
        and (department.name not in accepted or department.name in blank)
    ]
    return ConsolidationResult(changes, reports, unreported, notes, findings)


def _mark_blank(report: FileReport) -> None:
    """Mark a copy returned without any filled row as blank, so its department counts as not reported."""
    report.status = Status.BLANK
    report.late = False
    # One finding for the whole copy replaces the hint on each unfilled row.
    report.findings = [finding for finding in report.findings if finding.code != "row-unfilled"]
    report.findings.append(Finding(
        "copy-blank", Severity.WARNING,
        "填报表中没有填写任何一行，按未报送统计：请该单位填写进展和完成率后重新报送。", file=report.name,
    ))


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
    # Another master signs with its own key, so its copies would fail the
    # signature check too: the instance is checked first to name the cause.
    if meta.instance_id != identity.instance_id:
        _reject(report, "copy-other-instance",
                f"这份填报表（标明的单位为“{meta.department}”）由另一个主表生成，不属于本平台：请核对文件来源，"
                "并请对方使用本主表下发的填报表。")
        return None
    if not verify(copy.metadata, identity.key):
        _reject(report, "copy-forged",
                f"填报表的隐藏信息签名无效（标明的单位为“{meta.department}”）：隐藏信息被改动过，或不是本主表下发的填报表。请对方使用下发的原表重新填报。")
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


def _ordering_time(copy: ReturnedCopy, now: dt.datetime, report: FileReport) -> dt.datetime | None:
    """Return the time a copy is ordered and judged late by.

    That is its save time, unless the save time lies more than a day after
    ``now``: such a time cannot be true, and would make the copy win over
    every other copy of its department. Then it is the file time (the
    modification time, or the time a zip archive records) when that is not in
    the future too, otherwise ``now``.
    """
    saved = copy.saved_at
    if saved is None or saved <= now + FUTURE_TOLERANCE:
        return saved
    file_time = copy.file_time
    if file_time is not None and file_time <= now + FUTURE_TOLERANCE:
        moment, used = file_time, f"文件时间 {_shown_time(file_time)}"
    else:
        moment, used = now, f"汇总时间 {_shown_time(now)}"
    report.findings.append(Finding(
        "copy-time-future", Severity.WARNING,
        f"文件中的保存时间 {_shown_time(saved)} 晚于汇总时间 {_shown_time(now)} 一天以上（填报电脑的时钟不准），"
        f"不按这个时间判断新旧和逾期，改按{used}：请对方核对电脑的日期和时间。",
        file=report.name, value=saved.isoformat(),
    ))
    return moment


def _shown_time(moment: dt.datetime) -> str:
    return moment.astimezone(CHINA_TIME).strftime("%Y-%m-%d %H:%M")


def _newest(candidates):
    """Return the newest copy of a department; mark the others superseded."""
    def moment(item):
        copy, _meta, _report, stamp = item
        return stamp or dt.datetime.min.replace(tzinfo=dt.timezone.utc), copy.name

    ordered = sorted(candidates, key=moment)
    newest = ordered[-1]
    for copy, _meta, report, _stamp in ordered[:-1]:
        report.status = Status.SUPERSEDED
        if copy.sha256 == newest[0].sha256:
            report.status = Status.DUPLICATE
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


def _is_late(moment: dt.datetime | None, deadline: dt.date | None) -> bool:
    if deadline is None or moment is None:
        return False
    return moment.astimezone(CHINA_TIME).date() > deadline


def _read_entries(copy: ReturnedCopy, meta: CopyMeta, framework: Framework, settings: Settings,
                  report: FileReport) -> dict[str, Entry]:
    listed = set(meta.tasks)
    seen: set[str] = set()
    entries: dict[str, Entry] = {}
    texts_intact = _fixed_texts_intact(copy, meta)
    template_current = fixed_text_fingerprint(framework, meta.tasks) == meta.fingerprint
    if not template_current:
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
        task = framework.find_task(row.task_id)
        if task is None:
            report.findings.append(Finding("row-task-deleted", Severity.WARNING,
                f"该任务已从主表删除（下发填报表后主表中删去了任务 {row.task_id}），本行已忽略；"
                "如仍需该任务的填报，请在主表中恢复该任务后重新汇总。", file=report.name, **where))
            continue
        if meta.department not in task.owners:
            report.findings.append(Finding("row-not-owned", Severity.WARNING,
                f"主表中该任务的责任单位不含“{meta.department}”，本行已忽略。", file=report.name, **where))
            continue
        if _progress_blank(row.progress) and parse_rate(row.rate).kind is RateKind.MISSING:
            report.findings.append(Finding("row-unfilled", Severity.INFO,
                "本行未填写，主表保持原值。", file=report.name, **where))
            continue
        if template_current and _texts_of_other_task(row, task, framework, report, where):
            report.rows_rejected += 1
            continue
        entry = _entry(row, task, framework, settings, meta.department, copy, report, where, texts_intact)
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


def _texts_of_other_task(row: CopyRow, task: Task, framework: Framework, report: FileReport, where: dict) -> bool:
    """Reject a row whose target is another task's: its task ID was moved (say, by sorting one column).

    Only called while the master's fixed texts are those the copy was issued
    with, so a target that differs from the master's was changed in the copy.
    """
    if not row.target or row.target == task.target:
        return False
    owner = next((other for other in framework.tasks if other.id != task.id and other.target == row.target), None)
    if owner is None:
        return False
    _reject(report, "row-id-mismatch",
            f"第 {row.row} 行的任务编号 {task.id} 与本行的目标任务文字不符：本行目标任务为“{_cut(row.target)}”"
            f"（这是任务 {owner.id} 的目标），主表中 {task.id} 的目标任务为“{_cut(task.target)}”。"
            "多为只对任务编号一列排序或改动了编号造成的错位，本行未采用：请使用下发的原表重新填写，不要单独改动任务编号列。",
            value=row.target, **where)
    return True


def _cut(text: str) -> str:
    return text if len(text) <= SHOWN_TEXT else text[:SHOWN_TEXT] + "…"


def _progress_blank(progress: str | ErrorValue) -> bool:
    return isinstance(progress, str) and is_blank(progress)


def _fixed_texts_intact(copy: ReturnedCopy, meta: CopyMeta) -> bool:
    """Tell whether the copy's ID, indicator and target cells are as issued."""
    rows = {row.task_id: row for row in copy.rows}
    found = [[task_id, rows[task_id].indicator, rows[task_id].target] for task_id in meta.tasks if task_id in rows]
    return len(found) == len(meta.tasks) and fingerprint(found) == meta.fingerprint


def _entry(row: CopyRow, task: Task, framework: Framework, settings: Settings, department: str,
           copy: ReturnedCopy, report: FileReport, where: dict, texts_intact: bool = False) -> Entry | None:
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
    record = RowRecord(sheet=copy.sheet, row=row.row, task_id=task.id, indicator=indicator, target=task.target,
                       progress=progress, rate=row.rate, previous_progress=task.previous_progress)
    if not _passes_entry_rules(record, ValidationContext(report.name, framework.period, settings), report):
        return None
    reading = parse_rate(row.rate)
    return Entry(task.id, department, progress, reading.value, reading.text, copy.name, copy.sha256)


def _passes_entry_rules(record: RowRecord, context: ValidationContext, report: FileReport) -> bool:
    """Run validate's entry rules on a row: errors reject it, warnings and hints are reported with it."""
    findings = check_entry_rows([record], context)
    rejected = any(finding.severity is Severity.ERROR for finding in findings)
    for finding in findings:
        if finding.severity is Severity.ERROR:
            finding = replace(finding, message=finding.message + ROW_REJECTED)
        report.findings.append(finding)
    return not rejected


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
