"""Consolidation rules on plain data, without files."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from ecomonitor.core.consolidate import MasterIdentity, Status, consolidate
from ecomonitor.core.copymeta import CopyMeta, fixed_text_fingerprint
from ecomonitor.core.period import Period
from ecomonitor.core.returns import CopyRow, ReturnedCopy
from ecomonitor.core.signing import new_key

KEY = new_key()
INSTANCE = "0" * 32
IDENTITY = MasterIdentity(INSTANCE, KEY, deadline=dt.date(2023, 6, 25))
NOON = dt.datetime(2023, 6, 20, 4, tzinfo=dt.timezone.utc)


def cleared(framework):
    for task in framework.tasks:
        task.progress, task.rate, task.rate_text = "", None, ""
    return framework


def returned(framework, department, name="copy.xlsx", period=None, key=KEY, saved_at=NOON,
             instance=INSTANCE, entries=None, rows=None) -> ReturnedCopy:
    tasks = framework.tasks_owned_by(department)
    ids = [t.id for t in tasks]
    meta = CopyMeta(instance, department, period or framework.period, 1, ids,
                    fixed_text_fingerprint(framework, ids), "2023-06-01T00:00:00Z")
    entries = entries if entries is not None else {t.id: ("进展" + t.id, "50%") for t in tasks}
    if rows is None:
        rows = [
            CopyRow(index + 4, t.id, framework.indicator(t.indicator_id).text, t.target,
                    *entries.get(t.id, ("", None)))
            for index, t in enumerate(tasks)
        ]
    digest = hashlib.sha256(repr((name, entries, saved_at)).encode()).hexdigest()
    return ReturnedCopy(path=name, name=name, sha256=digest, saved_at=saved_at,
                        metadata=meta.signed_document(key), rows=rows, sheet="填报")


def codes(result) -> list[str]:
    return [finding.code for finding in result.findings]


def test_valid_copy_taken(example):
    framework = cleared(example)
    result = consolidate(framework, IDENTITY, [returned(framework, "州水利局")])
    [report] = result.reports
    assert report.status == Status.TAKEN
    assert report.rows_taken == 5
    assert result.tasks_changed == 5
    assert "州水利局" not in result.unreported
    assert len(result.unreported) == 15


def test_forged_department_rejected(example):
    framework = cleared(example)
    copy = returned(framework, "州水利局")
    copy.metadata["department"] = "州林业局"
    result = consolidate(framework, IDENTITY, [copy])
    assert codes(result) == ["copy-forged"]
    assert result.changes == []


def test_other_key_rejected(example):
    framework = cleared(example)
    result = consolidate(framework, IDENTITY, [returned(framework, "州水利局", key=new_key())])
    assert codes(result) == ["copy-forged"]


def test_other_period_rejected(example):
    framework = cleared(example)
    result = consolidate(framework, IDENTITY, [returned(framework, "州水利局", period=Period(2023, 1))])
    assert codes(result) == ["copy-other-period"]
    assert result.changes == []


def test_other_instance_rejected(example):
    framework = cleared(example)
    result = consolidate(framework, IDENTITY, [returned(framework, "州水利局", instance="1" * 32)])
    assert codes(result) == ["copy-other-instance"]


def test_metadata_not_matching_schema(example):
    framework = cleared(example)
    copy = returned(framework, "州水利局")
    del copy.metadata["tasks"]
    result = consolidate(framework, IDENTITY, [copy])
    assert codes(result) == ["copy-metadata-invalid"]


def test_newest_copy_wins(example):
    framework = cleared(example)
    old = returned(framework, "州水利局", "old.xlsx", saved_at=NOON - dt.timedelta(days=1))
    new = returned(framework, "州水利局", "new.xlsx",
                   entries={t.id: ("新", "60%") for t in framework.tasks_owned_by("州水利局")})
    result = consolidate(framework, IDENTITY, [new, old])
    statuses = {r.name: r.status for r in result.reports}
    assert statuses == {"old.xlsx": Status.SUPERSEDED, "new.xlsx": Status.TAKEN}
    assert "copy-superseded" in codes(result)
    assert {c.new for c in result.changes if c.field == "rate"} == {0.6}


def test_rows_not_owned_ignored(example):
    framework = cleared(example)
    copy = returned(framework, "州水利局")
    framework.task("T10-02-01").owners = ["州生态环境局"]
    result = consolidate(framework, IDENTITY, [copy])
    assert "row-not-owned" in codes(result)
    assert "T10-02-01" not in {c.task_id for c in result.changes}


def test_added_and_deleted_rows_reported(example):
    framework = cleared(example)
    copy = returned(framework, "州水利局")
    copy.rows[0].task_id = "T99-01-01"
    result = consolidate(framework, IDENTITY, [copy])
    assert "row-added" in codes(result)
    assert "row-deleted" in codes(result)
    assert result.reports[0].rows_taken == 4


def test_locked_text_edit_reported_but_entry_taken(example):
    framework = cleared(example)
    copy = returned(framework, "州水利局")
    copy.rows[0].target = "改过的目标"
    result = consolidate(framework, IDENTITY, [copy])
    assert "locked-text-edited" in codes(result)
    assert result.reports[0].rows_taken == 5
    assert all(c.field != "target" for c in result.changes)


@pytest.mark.parametrize(
    "entry, code",
    [(("进展", "大约一半"), "rate-invalid"), (("", "50%"), "progress-missing"), (("进展", None), "rate-missing")],
)
def test_invalid_rows_leave_master_unchanged(example, entry, code):
    framework = cleared(example)
    first = framework.tasks_owned_by("州水利局")[0]
    copy = returned(framework, "州水利局", entries={first.id: entry})
    result = consolidate(framework, IDENTITY, [copy])
    assert code in codes(result)
    assert result.changes == []
    assert result.reports[0].rows_rejected == 1


def test_unfilled_rows_are_not_rejections(example):
    framework = cleared(example)
    result = consolidate(framework, IDENTITY, [returned(framework, "州水利局", entries={})])
    assert set(codes(result)) == {"row-unfilled"}
    assert result.reports[0].rows_rejected == 0


def test_first_listed_owner_wins_and_conflict_noted(example):
    framework = cleared(example)
    task_id = "T02-02-01"
    assert framework.task(task_id).owners == ["州生态环境局", "州林业局"]
    first = returned(framework, "州生态环境局", "a.xlsx")
    second = returned(framework, "州林业局", "b.xlsx",
                      entries={t.id: ("林业局的说法", "70%") for t in framework.tasks_owned_by("州林业局")})
    result = consolidate(framework, IDENTITY, [second, first])
    progress_changes = {c.task_id: c for c in result.changes if c.field == "progress"}
    assert progress_changes[task_id].department == "州生态环境局"
    assert "owner-conflict" in codes(result)
    assert "林业局的说法" in result.notes[task_id]


def test_late_copy_marked(example):
    framework = cleared(example)
    late = returned(framework, "州水利局", saved_at=dt.datetime(2023, 6, 26, 1, tzinfo=dt.timezone.utc))
    result = consolidate(framework, IDENTITY, [late])
    assert result.reports[0].late
    assert result.reports[0].status == Status.TAKEN


def test_same_values_change_nothing(example):
    framework = cleared(example)
    first = consolidate(framework, IDENTITY, [returned(framework, "州水利局")])
    for change in first.changes:
        task = framework.task(change.task_id)
        setattr(task, change.field, change.new)
    second = consolidate(framework, IDENTITY, [returned(framework, "州水利局")])
    assert second.changes == []
