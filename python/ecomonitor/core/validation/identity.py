"""Rules on which tasks a sheet contains and who owns them: task IDs and departments."""

from __future__ import annotations

from collections.abc import Iterator

from ecomonitor.core.findings import Finding, Severity
from ecomonitor.core.ids import is_task_id
from ecomonitor.core.validation.records import RowRecord, ValidationContext, finding


def check_task_ids(records: list[RowRecord], context: ValidationContext) -> Iterator[Finding]:
    """Report rows without an ID, malformed and repeated IDs, and, for a copy, IDs not issued."""
    first_row: dict[str, RowRecord] = {}
    for record in records:
        if not record.task_id:
            yield finding("task-id-missing", Severity.ERROR,
                          "这一行有内容但没有任务编号：请补上编号（如 T01-02-03），或删除这一行。", context, record, "id")
            continue
        if not is_task_id(record.task_id):
            yield finding("task-id-invalid", Severity.ERROR,
                          f"任务编号“{record.task_id}”的格式不对，应为 T01-02-03 这样的形式：请恢复原来的编号。",
                          context, record, "id", record.task_id)
        if record.task_id in first_row:
            first = first_row[record.task_id]
            yield finding("task-id-duplicate", Severity.ERROR,
                          f"任务编号 {record.task_id} 重复，第一次出现在工作表“{first.sheet}”第 {first.row} 行："
                          "每项任务只能有一行，请删除重复的行或改正编号。", context, record, "id", record.task_id)
            continue
        first_row[record.task_id] = record
    if context.listed_tasks is not None:
        yield from _check_listed(records, context, set(first_row))


def _check_listed(records: list[RowRecord], context: ValidationContext, found: set[str]) -> Iterator[Finding]:
    listed = set(context.listed_tasks)
    for record in records:
        if record.task_id and record.task_id not in listed:
            yield finding("task-id-unlisted", Severity.WARNING,
                          f"任务 {record.task_id} 不是下发时的任务（增加了行或改了编号），汇总时会被忽略：请删除这一行或恢复原编号。",
                          context, record, "id", record.task_id)
    for task_id in context.listed_tasks:
        if task_id not in found:
            yield Finding("task-id-missing", Severity.ERROR,
                          f"下发的任务 {task_id} 在表中找不到（行被删除或编号被改动）：请使用下发的原表重新填写。",
                          file=context.file, task_id=task_id)


def check_departments(records: list[RowRecord], context: ValidationContext) -> Iterator[Finding]:
    """Report departments a lead-unit or owner cell names that the register does not know."""
    register = context.register
    if register is None:
        return
    if context.department and register.resolve(context.department) is None:
        yield Finding("department-unknown", Severity.ERROR,
                      f"填报表标明的单位“{context.department}”不在单位名册中：请核对是否为本平台下发的填报表，"
                      "或在主表“单位”工作表中加入该单位。", file=context.file, value=context.department)
    if context.is_copy:
        return
    for record in records:
        lead = register.read_lead_units(record.lead_units)
        if record.task_id and not lead.departments and not lead.unknown:
            yield finding("lead-units-missing", Severity.ERROR,
                          "牵头单位为空：请填写牵头单位。", context, record, "lead_units")
        owners = register.read_lead_units(record.owners).unknown if record.owners else []
        for key, fragment in [*(("lead_units", f) for f in lead.unknown), *(("owners", f) for f in owners)]:
            yield finding("department-unknown", Severity.ERROR,
                          f"单位“{fragment}”不在“单位”工作表中：请在“单位”工作表中加入该单位或其别名，或改正单位名称。",
                          context, record, key, fragment)
