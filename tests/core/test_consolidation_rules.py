"""Consolidation rules on plain data, without files."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from ecomonitor.core.consolidate import MasterIdentity, Status, consolidate
from ecomonitor.core.copymeta import CopyMeta, fixed_text_fingerprint
from ecomonitor.core.findings import Severity
from ecomonitor.core.owners import EntryHolder
from ecomonitor.core.period import Period
from ecomonitor.core.rates import format_rate
from ecomonitor.core.returns import CopyRow, ReturnedCopy
from ecomonitor.core.settings import Settings
from ecomonitor.core.signing import new_key
from ecomonitor.core.validation import RowRecord, ValidationContext, validate_rows

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
    # Nothing filled at all: the copy counts as returned blank, in one finding instead of one per row.
    assert codes(result) == ["copy-blank"]
    assert result.reports[0].rows_rejected == 0
    assert result.unreported.count("州水利局") == 1


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


@pytest.mark.parametrize("rate", ["1" + "0" * 400, "1" + "0" * 400 + "%", float("inf"), float("nan"), 10**400])
def test_non_finite_rate_invalid(example, rate):
    framework = cleared(example)
    first = framework.tasks_owned_by("州水利局")[0]
    entries = {t.id: ("进展" + t.id, "50%") for t in framework.tasks_owned_by("州水利局")}
    entries[first.id] = ("进展", rate)
    result = consolidate(framework, IDENTITY, [returned(framework, "州水利局", entries=entries)])
    assert [f.code for f in result.findings if f.severity is Severity.ERROR] == ["rate-invalid"]
    assert first.id not in {change.task_id for change in result.changes}
    assert result.reports[0].rows_taken == 4


@pytest.mark.parametrize(
    "entry, expected",
    [
        (("完成项目3个", -0.2), ["rate-below-zero"]),
        (("完成项目3个", "150%"), ["rate-above-100-unexplained"]),
        (("超额完成，完成项目30个", "5000%"), ["rate-implausible"]),
        (("超额完成，完成项目30个", "150%"), []),
    ],
)
def test_entry_rules_match_validate(example, entry, expected):
    framework = cleared(example)
    first = framework.tasks_owned_by("州水利局")[0]
    copy = returned(framework, "州水利局", entries={first.id: entry})
    result = consolidate(framework, IDENTITY, [copy])
    errors = [f.code for f in result.findings if f.severity is Severity.ERROR]
    assert errors == expected
    record = RowRecord("填报", 4, first.id, target=first.target, progress=entry[0], rate=entry[1])
    context = ValidationContext("copy.xlsx", framework.period, Settings(2023, 2))
    validated = [f.code for f in validate_rows([record], context) if f.severity is Severity.ERROR]
    assert validated == expected
    assert (first.id in {c.task_id for c in result.changes}) == (not expected)


@pytest.mark.parametrize("entry", [("\u200b\ufeff", "\u2060"), ("\u3164", " \u200d "), ("\u00ad", None)])
def test_zero_width_cells_count_as_unfilled(example, entry):
    framework = cleared(example)
    first = framework.tasks_owned_by("州水利局")[0]
    result = consolidate(framework, IDENTITY, [returned(framework, "州水利局", entries={first.id: entry})])
    assert codes(result) == ["copy-blank"]
    assert result.reports[0].rows_rejected == 0


def test_zero_width_progress_is_missing(example):
    framework = cleared(example)
    first = framework.tasks_owned_by("州水利局")[0]
    result = consolidate(framework, IDENTITY, [returned(framework, "州水利局", entries={first.id: ("\u200b", "50%")})])
    assert [f.code for f in result.findings if f.severity is Severity.ERROR] == ["progress-missing"]
    assert result.changes == []


def test_other_instance_named_before_signature(example):
    framework = cleared(example)
    copy = returned(framework, "州水利局", instance="1" * 32, key=new_key())
    result = consolidate(framework, IDENTITY, [copy])
    assert codes(result) == ["copy-other-instance"]
    assert "州水利局" in result.findings[0].message


def test_task_deleted_from_master_named(example):
    framework = cleared(example)
    copy = returned(framework, "州水利局")
    deleted = framework.tasks_owned_by("州水利局")[0]
    framework.tasks.remove(deleted)
    result = consolidate(framework, IDENTITY, [copy])
    [finding] = [f for f in result.findings if f.task_id == deleted.id]
    assert finding.code == "row-task-deleted"
    assert "该任务已从主表删除" in finding.message
    assert result.reports[0].rows_taken == 4


def test_shuffled_task_ids_rejected(example):
    framework = cleared(example)
    copy = returned(framework, "州水利局")
    first, second = copy.rows[0], copy.rows[1]
    first.task_id, second.task_id = second.task_id, first.task_id
    result = consolidate(framework, IDENTITY, [copy])
    rejected = [f for f in result.findings if f.code == "row-id-mismatch"]
    assert [f.row for f in rejected] == [first.row, second.row]
    master_target = framework.task(first.task_id).target
    assert first.target[:60] in rejected[0].message
    assert master_target[:60] in rejected[0].message
    assert f"第 {first.row} 行" in rejected[0].message
    assert not {first.task_id, second.task_id} & {c.task_id for c in result.changes}
    assert result.reports[0].rows_taken == 3


def test_shuffle_check_skipped_when_outdated(example):
    framework = cleared(example)
    copy = returned(framework, "州水利局")
    copy.rows[0].task_id, copy.rows[1].task_id = copy.rows[1].task_id, copy.rows[0].task_id
    framework.task(copy.rows[2].task_id).target += "（修订）"
    result = consolidate(framework, IDENTITY, [copy])
    assert "copy-template-outdated" in codes(result)
    assert "row-id-mismatch" not in codes(result)


@pytest.mark.parametrize("link", ["T99-99-99", "自己", "chained"])
def test_invalid_link_ignored_and_row_taken(example, link):
    framework = cleared(example)
    copy = returned(framework, "州水利局")
    task = framework.tasks_owned_by("州水利局")[0]
    if link == "自己":
        task.link = task.id
    elif link == "chained":
        task.link = "T01-01-01"
        framework.task("T01-01-01").link = "T01-01-02"
    else:
        task.link = link
    result = consolidate(framework, IDENTITY, [copy])
    [finding] = [f for f in result.findings if f.code == "link-invalid"]
    assert finding.task_id == task.id
    assert finding.severity is Severity.ERROR
    changed = [c for c in result.changes if c.task_id == task.id]
    assert [c.field for c in changed] == ["progress", "rate"]


def test_future_save_time_ordered_by_file_time(example):
    framework = cleared(example)
    now = NOON + dt.timedelta(days=2)
    honest = returned(framework, "州水利局", "honest.xlsx", saved_at=NOON)
    future = returned(framework, "州水利局", "future.xlsx", saved_at=dt.datetime(2099, 1, 1, tzinfo=dt.timezone.utc),
                      entries={t.id: ("旧", "10%") for t in framework.tasks_owned_by("州水利局")})
    future.file_time = NOON - dt.timedelta(days=1)
    result = consolidate(framework, IDENTITY, [future, honest], now=now)
    statuses = {r.name: r.status for r in result.reports}
    assert statuses == {"honest.xlsx": Status.TAKEN, "future.xlsx": Status.SUPERSEDED}
    assert "copy-time-future" in codes(result)


def test_future_time_without_file_time(example):
    framework = cleared(example)
    now = dt.datetime(2023, 6, 24, 4, tzinfo=dt.timezone.utc)
    future = returned(framework, "州水利局", "future.xlsx", saved_at=dt.datetime(2099, 1, 1, tzinfo=dt.timezone.utc))
    result = consolidate(framework, IDENTITY, [future], now=now)
    [report] = result.reports
    assert report.status == Status.TAKEN
    assert not report.late
    assert [f.code for f in report.findings if f.severity is Severity.WARNING] == ["copy-time-future"]


def test_save_time_within_a_day_not_flagged(example):
    framework = cleared(example)
    copy = returned(framework, "州水利局", saved_at=NOON + dt.timedelta(hours=8))
    result = consolidate(framework, IDENTITY, [copy], now=NOON)
    assert "copy-time-future" not in codes(result)


MULTI_OWNER_TASK = "T02-02-01"
HIGHER, LOWER = "州生态环境局", "州林业局"


def lower_entries(framework):
    return {t.id: ("林业局的说法", "70%") for t in framework.tasks_owned_by(LOWER)}


def apply(framework, result) -> dict[str, EntryHolder]:
    """Write a result's changes into the framework as the master would, and return the holders the log names."""
    credited = {}
    for change in result.changes:
        task = framework.task(change.task_id)
        if change.field == "rate":
            task.rate, task.rate_text = change.new, format_rate(change.new)
        else:
            setattr(task, change.field, change.new)
        if change.field in ("progress", "rate"):
            credited[change.task_id] = change
    return {
        task_id: EntryHolder(change.department, framework.task(task_id).progress,
                             format_rate(framework.task(task_id).rate), change.file, change.sha256)
        for task_id, change in credited.items()
    }


def test_note_change_credited_to_its_file(example):
    framework = cleared(example)
    higher = returned(framework, HIGHER, "a.xlsx")
    lower = returned(framework, LOWER, "b.xlsx", entries=lower_entries(framework))
    result = consolidate(framework, IDENTITY, [lower, higher])
    [note] = [c for c in result.changes if c.task_id == MULTI_OWNER_TASK and c.field == "others"]
    assert (note.department, note.file) == (LOWER, "b.xlsx")
    assert note.new == "州林业局：70%，林业局的说法"


def test_later_lower_owner_goes_to_note(example):
    framework = cleared(example)
    first = consolidate(framework, IDENTITY, [returned(framework, HIGHER, "a.xlsx")])
    holders = apply(framework, first)
    higher_progress = framework.task(MULTI_OWNER_TASK).progress
    second = consolidate(framework, IDENTITY, [returned(framework, LOWER, "b.xlsx", entries=lower_entries(framework))],
                         holders=holders)
    changed = [c for c in second.changes if c.task_id == MULTI_OWNER_TASK]
    assert [c.field for c in changed] == ["others"]
    assert (changed[0].department, changed[0].file) == (LOWER, "b.xlsx")
    apply(framework, second)
    task = framework.task(MULTI_OWNER_TASK)
    assert task.progress == higher_progress
    assert task.others == "州林业局：70%，林业局的说法"


def test_later_higher_owner_takes_over(example):
    framework = cleared(example)
    first = consolidate(framework, IDENTITY, [returned(framework, LOWER, "b.xlsx", entries=lower_entries(framework))])
    holders = apply(framework, first)
    assert framework.task(MULTI_OWNER_TASK).progress == "林业局的说法"
    second = consolidate(framework, IDENTITY, [returned(framework, HIGHER, "a.xlsx")], holders=holders)
    [note] = [c for c in second.changes if c.task_id == MULTI_OWNER_TASK and c.field == "others"]
    assert (note.department, note.file) == (LOWER, "b.xlsx")
    apply(framework, second)
    task = framework.task(MULTI_OWNER_TASK)
    assert task.progress == "进展" + MULTI_OWNER_TASK
    assert task.others == "州林业局：70%，林业局的说法"


def test_note_parts_kept_across_runs(example):
    framework = cleared(example)
    task = framework.task("T01-01-01")
    assert task.owners == ["州发改委", "州生态环境局", "州住建局", "州工信局"]
    task.progress, task.rate, task.rate_text = "发改委进展", 0.5, "50%"
    task.others = "州住建局：30%，住建局进展"
    holders = {task.id: EntryHolder("州发改委", "发改委进展", "50%", "fgw.xlsx", "c" * 64)}
    entries = {t.id: ("工信局进展", "20%") for t in framework.tasks_owned_by("州工信局")}
    result = consolidate(framework, IDENTITY, [returned(framework, "州工信局", "gx.xlsx", entries=entries)],
                         holders=holders)
    changed = [c for c in result.changes if c.task_id == task.id]
    assert [c.field for c in changed] == ["others"]
    assert changed[0].new == "州住建局：30%，住建局进展；州工信局：20%，工信局进展"
    assert changed[0].file == "gx.xlsx"


def test_hand_edited_cells_have_no_holder(example):
    framework = cleared(example)
    task = framework.task(MULTI_OWNER_TASK)
    task.progress, task.rate, task.rate_text = "办公室改过的进展", 0.4, "40%"
    holders = {task.id: EntryHolder(HIGHER, "原来的进展", "50%", "a.xlsx", "c" * 64)}
    result = consolidate(framework, IDENTITY, [returned(framework, LOWER, "b.xlsx", entries=lower_entries(framework))],
                         holders=holders)
    progress = [c for c in result.changes if c.task_id == task.id and c.field == "progress"]
    assert [c.new for c in progress] == ["林业局的说法"]
