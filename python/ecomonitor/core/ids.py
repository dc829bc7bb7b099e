"""Stable identifiers of indicators and tasks.

An ID is built from the position in the framework (category number, indicator
order within the category, task order within the indicator), never from the
texts, so editing a target or a progress text keeps the ID, and importing the
same table again gives the same IDs. Once written to the master, IDs are kept
there and travel with the task.

Each part has two digits, or three from 100 on, so a province-sized framework
with hundreds of indicators in one category still gets IDs (T01-123-04).
"""

import re

TASK_ID = re.compile(r"^T(\d{2,3})-(\d{2,3})-(\d{2,3})$")


def indicator_id(category: int, indicator: int) -> str:
    return f"I{category:02d}-{indicator:02d}"


def task_id(indicator: str, order: int) -> str:
    """Return the ID of a task of an indicator: task 3 of I01-02 is T01-02-03."""
    return f"T{indicator[1:]}-{order:02d}"


def is_task_id(text: str) -> bool:
    return bool(TASK_ID.match(text))


def category_of(task_id: str) -> int | None:
    """Return the category number of a task ID (1 for T01-02-03), or None when it is not one."""
    match = TASK_ID.match(task_id)
    return int(match.group(1)) if match else None
