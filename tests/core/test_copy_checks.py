"""Checks of a copy's fixed texts against its signed fingerprint."""

from __future__ import annotations

from ecomonitor.core.consolidate import MasterIdentity, consolidate
from ecomonitor.core.copymeta import CopyMeta, fixed_text_fingerprint
from ecomonitor.core.returns import CopyRow, ReturnedCopy
from ecomonitor.core.signing import new_key

KEY = new_key()
INSTANCE = "0" * 32
DEPARTMENT = "州水利局"


def issued_copy(framework) -> ReturnedCopy:
    """A copy as issued and filled: fixed texts of the framework at split time."""
    tasks = framework.tasks_owned_by(DEPARTMENT)
    ids = [task.id for task in tasks]
    meta = CopyMeta(INSTANCE, DEPARTMENT, framework.period, 1, ids,
                    fixed_text_fingerprint(framework, ids), "2023-06-01T00:00:00Z")
    rows = [
        CopyRow(4 + index, task.id, framework.indicator(task.indicator_id).text, task.target, "进展", "50%")
        for index, task in enumerate(tasks)
    ]
    return ReturnedCopy("copy.xlsx", "copy.xlsx", "a" * 64, metadata=meta.signed_document(KEY),
                        rows=rows, sheet="填报")


def test_master_texts_changed_after_split(example):
    copy = issued_copy(example)
    example.tasks_owned_by(DEPARTMENT)[0].target = "办公室改过的目标"
    result = consolidate(example, MasterIdentity(INSTANCE, KEY), [copy])
    codes = [finding.code for finding in result.findings]
    assert "copy-template-outdated" in codes
    assert "locked-text-edited" not in codes
    assert result.reports[0].rows_taken == 5


def test_department_edit_still_reported(example):
    copy = issued_copy(example)
    copy.rows[1].target = "单位改过的目标"
    result = consolidate(example, MasterIdentity(INSTANCE, KEY), [copy])
    codes = [finding.code for finding in result.findings]
    assert codes.count("locked-text-edited") == 1
    assert "copy-template-outdated" not in codes
