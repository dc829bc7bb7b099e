"""Property-based tests: mutated copies never crash consolidation or change what they must not.

For every mutated copy (cells, types, rows, sheets, metadata, zip
structure), reading the inbox and consolidating it:

- never raises;
- never changes a task the master does not assign to the copy's department,
  nor takes anything from a copy whose signed metadata was changed;
- never takes a row that fails validation: each change comes from a row whose
  progress is non-empty text of at most 32,767 characters, neither garbled
  nor an error value, and whose rate reads as a number.
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
import zlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ecomonitor.core.cleantext import looks_garbled, remove_illegal_characters
from ecomonitor.core.consolidate import MasterIdentity, consolidate
from ecomonitor.core.rates import RateKind, parse_rate
from ecomonitor.core.returns import ErrorValue
from ecomonitor.core.signing import verify
from ecomonitor.jobs.consolidate import consolidate_inbox
from ecomonitor.tables import read_table
from ecomonitor.xlsx.inbox import scan_inbox
from ecomonitor.xlsx.master import open_master
from helpers.mutations import Mutated, mutation
from helpers.proof import MASTER_CASES, PROFILE, tally
from helpers.returns import EXAMPLE, fill_from_example, issue_copy

DEPARTMENT = "州水利局"
OTHER = "州林业局"
SKIPPED = (AssertionError, AttributeError, KeyError, IndexError, ValueError, TypeError, EOFError, OSError,
           NotImplementedError, zipfile.BadZipFile, zlib.error)


@pytest.fixture(scope="module")
def setting(empty_master, tmp_path_factory):
    """The master's framework and identity, and filled copies of two departments."""
    folder = tmp_path_factory.mktemp("proof")
    book = open_master(empty_master)
    filled = {}
    for name in (DEPARTMENT, OTHER):
        issued = issue_copy(empty_master, name, folder / name)
        filled[name] = fill_from_example(issued, name, folder / f"filled-{name}.xlsx").read_bytes()
    identity = MasterIdentity(book.meta.instance_id, book.meta.key, book.settings.deadline)
    return Setting((book, identity, filled))


class Setting(tuple):
    """The module's setting, with a short repr for hypothesis's failure reports."""

    def __repr__(self) -> str:
        return "Setting(master book, identity, filled copies)"


def mutations():
    example = read_table(EXAMPLE).framework
    own = [task.id for task in example.tasks_owned_by(DEPARTMENT)]
    others = [task.id for task in example.tasks if DEPARTMENT not in task.owners]
    return st.lists(mutation(others, own), min_size=1, max_size=4)


def mutate(data: bytes, operations) -> Mutated:
    mutated = Mutated(data)
    for operation in operations:
        try:
            operation(mutated)
        except SKIPPED:
            mutated.applied.append("skipped")  # the target of the mutation is gone after an earlier one
    return mutated


def valid_row_value(row, field: str):
    """Return the value a valid row gives for a field, or None when the row is invalid.

    Written from the rules, not from the code under test, except that rates
    are read with the rate parser (tested on its own in tests/core).
    """
    if isinstance(row.progress, ErrorValue) or isinstance(row.rate, ErrorValue):
        return None
    progress = remove_illegal_characters(row.progress)
    if not progress or len(row.progress) > 32767 or looks_garbled(row.progress):
        return None
    if isinstance(row.rate, str) and row.rate.strip().startswith("#"):
        return None
    reading = parse_rate(row.rate)
    if reading.kind is not RateKind.VALUE:
        return None
    return progress if field == "progress" else reading.value


def check(result, copies, book, identity, metadata_changed_files: set[str]) -> None:
    by_name = {copy.name: copy for copy in copies}
    for change in result.changes:
        task = book.framework.task(change.task_id)
        assert change.department in task.owners, change
        assert change.file not in metadata_changed_files, change
        copy = by_name[change.file]
        assert verify(copy.metadata, identity.key)
        assert copy.metadata["department"] == change.department
        assert change.task_id in copy.metadata["tasks"]
        if change.field == "others":
            continue
        row = next(row for row in copy.rows if row.task_id == change.task_id)
        expected = valid_row_value(row, change.field)
        assert expected is not None, (change, row)
        assert change.new == expected, (change, row)


@settings(settings.get_profile(PROFILE))
@given(operations=mutations())
def test_mutated_copy_never_breaks_consolidation(setting, operations):
    book, identity, filled = setting
    mutated = mutate(filled[DEPARTMENT], operations)
    with tempfile.TemporaryDirectory(prefix="proof-") as folder:
        inbox = Path(folder)
        (inbox / "mutated.xlsx").write_bytes(mutated.data)
        (inbox / "other.xlsx").write_bytes(filled[OTHER])
        copies = scan_inbox(inbox)
    result = consolidate(book.framework, identity, copies)
    changed = {copy.name for copy in copies if copy.name.startswith("mutated") and mutated.metadata_changed}
    check(result, copies, book, identity, changed)
    other = next(report for report in result.reports if report.name == "other.xlsx")
    assert other.status == "已采用"
    outcome = tally("mutated copies (file level)")
    for report in result.reports:
        if report.name != "other.xlsx":
            codes = sorted({f.code for f in report.findings if f.severity.name != "INFO"}) or ["taken cleanly"]
            outcome[" + ".join(codes[:3])] += 1


@settings(settings.get_profile(PROFILE), max_examples=MASTER_CASES)
@given(operations=mutations())
def test_mutated_copy_written_into_master(setting, empty_master, operations):
    book, _identity, filled = setting
    mutated = mutate(filled[DEPARTMENT], operations)
    with tempfile.TemporaryDirectory(prefix="proof-master-") as folder:
        master = Path(folder) / "master.xlsm"
        shutil.copy(empty_master, master)
        inbox = Path(folder) / "inbox"
        inbox.mkdir()
        (inbox / "mutated.xlsx").write_bytes(mutated.data)
        result = consolidate_inbox(master, inbox)
        after = open_master(master).framework
    taken = {report.department for report in result.reports if report.status == "已采用"}
    if mutated.metadata_changed:
        assert not taken
    changed = set()
    for task in after.tasks:
        before = book.framework.task(task.id)
        if (task.progress, task.rate, task.others) != (before.progress, before.rate, before.others):
            changed.add(task.id)
            assert taken & set(before.owners), task.id
    assert changed == {change.task_id for change in result.changes}
    tally("mutated copies (written into a master)")["taken" if taken else "not taken"] += 1
