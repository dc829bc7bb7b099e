"""The benchmark at its smallest size, and the parallel read it measures."""

from __future__ import annotations

import io
import json
import shutil
import sys
import zipfile

import pytest

from ecomonitor.bench.inbox import unit_tag
from ecomonitor.bench.run import TIMED_STEPS, run_size
from ecomonitor.bench.synthetic import synthetic_framework
from ecomonitor.core.ids import is_task_id
from ecomonitor.core.serialize import framework_from_dict, framework_to_dict
from ecomonitor.errors import EcoMonitorError
from ecomonitor.jobs.split import split
from ecomonitor.xlsx.fill import Typed, fill_copy
from ecomonitor.xlsx.inbox import scan_inbox


@pytest.fixture(scope="module")
def mixed_inbox(empty_master, tmp_path_factory):
    """Sixteen filled copies, one of them also zipped, beside files that are not copies."""
    from ecomonitor.tables import read_table
    from helpers.returns import EXAMPLE

    folder = tmp_path_factory.mktemp("mixed")
    example = read_table(EXAMPLE).framework
    inbox = folder / "收回"
    for name, _count, path in split(empty_master, folder / "下发").copies:
        entries = {task.id: Typed(task.progress, task.rate, task.rate_text) for task in example.tasks_owned_by(name)}
        fill_copy(path, entries, inbox / "各单位" / path.name)
    first = sorted((inbox / "各单位").iterdir())[0]
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as archive:
        archive.write(first, first.name)
    (inbox / "打包.zip").write_bytes(packed.getvalue())
    (inbox / "空文件.xlsx").write_bytes(b"")
    (inbox / "表格.csv").write_text("任务编号,进展\nT01-01-01,已完成\n", "utf-8")
    return inbox


def test_parallel_scan_equals_serial(mixed_inbox):
    serial = scan_inbox(mixed_inbox, workers=1)
    parallel = scan_inbox(mixed_inbox, workers=2)
    assert len(serial) == 19
    assert [copy.name for copy in parallel] == [copy.name for copy in serial]
    assert parallel == serial


def test_serial_scan_reports_each_file(mixed_inbox):
    calls = []
    scan_inbox(mixed_inbox, workers=1, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(done, 19) for done in range(1, 20)]


def test_parallel_scan_reports_batches(mixed_inbox):
    calls = []
    scan_inbox(mixed_inbox, workers=2, progress=lambda done, total: calls.append((done, total)))
    counts = [done for done, _total in calls]
    assert counts == sorted(set(counts))
    assert counts[-1] == 19
    assert all(total == 19 for _done, total in calls)


def test_synthetic_ids_take_three_digits(example):
    framework = synthetic_framework(example, 25)
    assert len(framework.tasks) == 25 * len(example.tasks)
    assert len(framework.departments) == 25 * len(example.departments)
    ids = [task.id for task in framework.tasks]
    assert len(set(ids)) == len(ids)
    assert all(is_task_id(task_id) for task_id in ids)
    assert any(len(task_id.split("-")[1]) == 3 for task_id in ids)
    again = framework_from_dict(framework_to_dict(framework), "synthetic.json")
    assert [task.id for task in again.tasks] == ids


def test_synthetic_first_unit_keeps_example_ids(example):
    framework = synthetic_framework(example, 1)
    assert [task.id for task in framework.tasks] == [task.id for task in example.tasks]
    assert [task.link for task in framework.tasks] == [task.link for task in example.tasks]


def test_unit_tags_have_no_digits():
    tags = [unit_tag(unit) for unit in range(200)]
    assert len(set(tags)) == 200
    assert not any(char.isdigit() for tag in tags for char in tag)


def test_size_must_be_multiple_of_sixteen(tmp_path):
    with pytest.raises(EcoMonitorError, match="16 的倍数"):
        run_size(20, tmp_path)


@pytest.mark.skipif(sys.platform == "win32", reason="peak memory comes from resource, which Windows lacks")
def test_smallest_size_matches_serial(tmp_path):
    result = run_size(16, tmp_path / "bench", workers=2)
    assert result.identical
    assert list(result.timings) == list(TIMED_STEPS)
    assert all(timing.seconds > 0 for timing in result.timings.values())
    assert all(timing.wall_seconds >= timing.seconds for timing in result.timings.values())
    # Worker processes ran: the consolidating process has a child with a peak.
    assert result.timings["ours"].workers_peak_mb > 0
    assert result.timings["serial"].workers_peak_mb == 0
    document = json.loads((tmp_path / "bench" / "ours.result.json").read_text("utf-8"))
    assert len(document["files"]) == 16
    assert document["unreported"] == []
    assert all(report["status"] == "已采用" for report in document["files"])
    shutil.rmtree(tmp_path / "bench")
