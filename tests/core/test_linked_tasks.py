"""Linked tasks (关联任务): one entry fills a target that appears in two categories."""

from __future__ import annotations

import datetime as dt

import pytest

from ecomonitor.core.consolidate import MasterIdentity, consolidate
from ecomonitor.core.copymeta import CopyMeta
from ecomonitor.core.returns import CopyRow, ReturnedCopy
from ecomonitor.core.serialize import framework_from_dict, framework_to_dict
from ecomonitor.core.signing import new_key
from ecomonitor.errors import FrameworkSchemaError

KEY = new_key()
INSTANCE = "1" * 32
IDENTITY = MasterIdentity(INSTANCE, KEY)
SAVED = dt.datetime(2023, 6, 20, 4, tzinfo=dt.timezone.utc)
ENTRY = ("截止目前，装配式建筑占比16.7%；认定星级绿色建筑0个", "30%")


def linked(framework):
    for task in framework.tasks:
        task.progress, task.rate, task.rate_text = "", None, ""
    framework.task("T08-02-01").link = "T01-01-04"
    return framework


def returned(framework, department, entries) -> ReturnedCopy:
    tasks = framework.tasks_filled_by(department)
    meta = CopyMeta(INSTANCE, department, framework.period, 1, [t.id for t in tasks], "f" * 64,
                    "2023-06-01T00:00:00Z")
    rows = [CopyRow(index + 4, t.id, framework.indicator(t.indicator_id).text, t.target, *entries.get(t.id, ("", None)))
            for index, t in enumerate(tasks)]
    return ReturnedCopy(path=f"{department}.xlsx", name=f"{department}.xlsx", sha256="b" * 64, saved_at=SAVED,
                        metadata=meta.signed_document(KEY), rows=rows, sheet="填报")


def test_linked_task_not_filled_by_its_owner(example):
    framework = linked(example)
    assert "T08-02-01" in [t.id for t in framework.tasks_owned_by("州住建局")]
    assert "T08-02-01" not in [t.id for t in framework.tasks_filled_by("州住建局")]


def test_one_entry_fills_both(example):
    framework = linked(example)
    result = consolidate(framework, IDENTITY, [returned(framework, "州发改委", {"T01-01-04": ENTRY})])
    changed = {(change.task_id, change.field): change for change in result.changes}
    assert changed[("T01-01-04", "progress")].new == ENTRY[0]
    assert changed[("T08-02-01", "progress")].new == ENTRY[0]
    assert changed[("T08-02-01", "rate")].new == 0.3
    assert changed[("T08-02-01", "rate")].department == "州发改委"
    assert changed[("T08-02-01", "rate")].file == "州发改委.xlsx"


def test_linked_task_without_source_entry_unchanged(example):
    framework = linked(example)
    result = consolidate(framework, IDENTITY, [returned(framework, "州水利局", {})])
    assert not [change for change in result.changes if change.task_id == "T08-02-01"]


def test_own_entry_of_linked_task_reported_not_taken(example):
    framework = linked(example)
    copy = returned(framework, "州住建局", {})
    task = framework.task("T08-02-01")
    copy.rows.append(CopyRow(40, task.id, framework.indicator(task.indicator_id).text, task.target, "自报进展", "40%"))
    copy.metadata = CopyMeta(INSTANCE, "州住建局", framework.period, 1, [*copy.metadata["tasks"], task.id], "f" * 64,
                             "2023-06-01T00:00:00Z").signed_document(KEY)
    result = consolidate(framework, IDENTITY, [copy])
    assert "linked-entry-ignored" in [finding.code for finding in result.findings]
    assert not [change for change in result.changes if change.task_id == "T08-02-01"]


def test_link_and_previous_progress_round_trip(example):
    framework = linked(example)
    framework.task("T01-01-01").previous_progress = "一季度进展"
    document = framework_to_dict(framework)
    restored = framework_from_dict(document, "test")
    assert restored.task("T08-02-01").link == "T01-01-04"
    assert restored.task("T01-01-01").previous_progress == "一季度进展"
    assert "link" not in document["tasks"][0]


def test_link_to_unknown_task_rejected(example):
    framework = linked(example)
    framework.task("T08-02-01").link = "T09-09-09"
    with pytest.raises(FrameworkSchemaError) as caught:
        framework_from_dict(framework_to_dict(framework), "test")
    assert "T09-09-09" in str(caught.value)
