"""Rules across tasks: the same target in two categories, and links between tasks."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from ecomonitor.core.findings import Finding, Severity
from ecomonitor.core.ids import is_task_id
from ecomonitor.core.quantities import mask_numbering
from ecomonitor.core.validation.records import RowRecord, ValidationContext, finding

IGNORED_CHARACTERS = re.compile(r"[\s，,。.；;、：:！!？?“”\"'‘’（）()]+")


def target_key(target: str) -> str:
    """Return the form of a target used to find the same target twice: no numbering, punctuation or spaces."""
    folded = unicodedata.normalize("NFKC", mask_numbering(target))
    return IGNORED_CHARACTERS.sub("", folded)


def check_duplicate_targets(records: list[RowRecord], context: ValidationContext) -> Iterator[Finding]:
    """Report each target that appears in more than one category, once, until its copies are linked."""
    groups: dict[str, list[RowRecord]] = {}
    for record in records:
        key = target_key(record.target)
        if key and record.task_id:
            groups.setdefault(key, []).append(record)
    for group in groups.values():
        if len({record.category for record in group}) < 2:
            continue
        first, others = group[0], group[1:]
        unlinked = [record for record in others if record.link != first.task_id]
        if not unlinked:
            continue
        places = "、".join(f"“{record.category}”的 {record.task_id}" for record in group)
        fixes = "；".join(f"在工作表“{record.sheet}”任务 {record.task_id} 的“关联任务”列填写 {first.task_id}"
                         for record in unlinked)
        yield finding(
            "target-duplicate", Severity.INFO,
            f"同一目标任务出现在多个类别：{places}。如为同一项工作，请{fixes}；关联后一次填报同时用于这些任务，"
            "关联的任务不再发给各单位单独填写。",
            context, first, "target", "、".join(record.task_id for record in group),
        )


def link_problem(task_id: str, link: str, links: dict[str, str]) -> str | None:
    """Return why ``task_id``'s link is invalid, or None when it is valid.

    ``links`` maps every task ID of the master to its own link ("" for none).
    """
    if not is_task_id(link) or link not in links:
        return f"关联任务“{link}”不是本表中的任务编号"
    if link == task_id:
        return "关联任务是这项任务自己"
    if links[link]:
        return f"关联任务 {link} 本身又关联了 {links[link]}，关联不能串联"
    return None


def check_links(records: list[RowRecord], context: ValidationContext) -> Iterator[Finding]:
    """Report links (关联任务) to unknown tasks, to the task itself, or to a task that is linked itself."""
    links = {record.task_id: record.link for record in records if record.task_id}
    for record in records:
        link = record.link
        problem = link_problem(record.task_id, link, links) if link else None
        if problem:
            yield finding("link-invalid", Severity.ERROR,
                          f"{problem}：请填写另一项任务的编号（如 T01-01-04），该任务的填报将同时用于本任务；不需要关联时请清空。",
                          context, record, "link", link)
