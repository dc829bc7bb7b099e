"""Writing the master: backups, office lock files, our own lock, checked atomic saves."""

from __future__ import annotations

import datetime as dt
import errno
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.formula import ArrayFormula

from ecomonitor.errors import EcoMonitorError, WorkbookError
from ecomonitor.jobs.build import build
from ecomonitor.jobs.consolidate import consolidate_inbox
from ecomonitor.jobs.summary import summarize
from ecomonitor.xlsx import backup, guard, reopen, save
from ecomonitor.xlsx.guard import MasterLockedError, lock_path, master_write_lock
from ecomonitor.xlsx.master import open_master, save_master


@pytest.fixture()
def master(empty_master, tmp_path):
    path = tmp_path / "主表.xlsm"
    shutil.copy(empty_master, path)
    return path


def digest(path) -> bytes:
    return path.read_bytes()


def test_each_write_keeps_a_backup(master):
    before = master.read_bytes()
    summarize(master)
    [first] = backup.list_backups(master)
    assert first.read_bytes() == before
    assert first.parent.name == "备份"
    assert first.name.startswith("主表_")
    assert first.suffix == ".xlsm"
    summarize(master)
    assert len(backup.list_backups(master)) == 2


def test_backups_pruned_to_setting(master):
    book = open_master(master)
    settings_sheet = book.workbook["配置"]
    row = next(r for r in range(3, settings_sheet.max_row + 1) if settings_sheet.cell(r, 1).value == "备份保留份数")
    settings_sheet.cell(row, 2).value = 3
    save_master(book)
    for _ in range(5):
        summarize(master)
    kept = backup.list_backups(master)
    assert len(kept) == 3
    assert kept == sorted(kept, key=lambda path: path.stat().st_mtime_ns)


def test_backup_default_is_twenty(master):
    moment = dt.datetime(2023, 6, 20, 10, 0, 0)
    original = master.read_bytes()
    for number in range(23):
        master.write_bytes(original + bytes([number]))  # a master changed by each run
        backup.backup_master(master, now=moment)
    names = [path.name for path in backup.list_backups(master)]
    assert len(names) == 20
    assert names[0] == "主表_20230620-100000-4.xlsm"
    assert names[-1] == "主表_20230620-100000-23.xlsm"


def test_failing_runs_do_not_pile_up_backups(master):
    moment = dt.datetime(2023, 6, 20, 10, 0, 0)
    first = backup.backup_master(master, now=moment)
    again = backup.backup_master(master, now=moment + dt.timedelta(seconds=1))
    assert again == first
    assert backup.list_backups(master) == [first]


@pytest.mark.parametrize("lock_name", ["~$主表.xlsm", ".~lock.主表.xlsm#", "~$.xlsm"])
def test_master_open_in_office_not_written(master, lock_name):
    (master.parent / lock_name).write_bytes(b"\x06\xd5\xc5\xc8\xfd\x00\x00" + bytes(40))
    before = digest(master)
    with pytest.raises(MasterLockedError, match="请在这些程序中保存并关闭主表后重新运行") as caught:
        summarize(master)
    assert lock_name in str(caught.value)
    assert digest(master) == before
    assert backup.list_backups(master) == []


def test_office_lock_names_the_user(master):
    (master.parent / ".~lock.主表.xlsm#").write_text(",张三,office-pc,20.06.2023 10:00,file:///home;", "utf-8")
    with pytest.raises(MasterLockedError, match="由“张三”打开"):
        summarize(master)


def test_two_commands_never_write_at_once(master):
    holder = subprocess.Popen(
        [sys.executable, "-c", (
            "import sys, time; from pathlib import Path\n"
            "from ecomonitor.xlsx.guard import master_write_lock\n"
            "with master_write_lock(Path(sys.argv[1])):\n"
            "    print('held', flush=True); time.sleep(60)\n"
        ), str(master)],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        before = digest(master)
        with pytest.raises(MasterLockedError, match=f"进程 {holder.pid}"):
            summarize(master)
        assert digest(master) == before
    finally:
        holder.kill()
        holder.wait()
    summarize(master)
    assert not lock_path(master).exists()


def test_stale_lock_of_dead_process_removed(master):
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                              capture_output=True, text=True, check=True)
    record = {"pid": int(finished.stdout), "host": socket.gethostname(), "time": "2023-06-20T02:00:00+00:00"}
    lock_path(master).write_text(json.dumps(record), "utf-8")
    summarize(master)
    assert not lock_path(master).exists()


def test_lock_from_other_host_held_until_old(master):
    recent = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    lock_path(master).write_text(json.dumps({"pid": 1, "host": "其他电脑", "time": recent}), "utf-8")
    with pytest.raises(MasterLockedError, match="其他电脑"):
        summarize(master)
    lock_path(master).write_text(json.dumps({"pid": 1, "host": "其他电脑", "time": "2023-06-20T02:00:00+00:00"}),
                                 "utf-8")
    summarize(master)


def test_half_written_lock_is_stale(master):
    lock_path(master).write_text("", "utf-8")
    an_hour_ago = time.time() - 3600
    os.utime(lock_path(master), (an_hour_ago, an_hour_ago))
    summarize(master)
    assert not lock_path(master).exists()


def test_fresh_unreadable_lock_is_held(master):
    lock_path(master).write_text("", "utf-8")
    before = digest(master)
    with pytest.raises(MasterLockedError):
        summarize(master)
    assert digest(master) == before
    assert lock_path(master).exists()


def test_lock_without_hard_links(master, monkeypatch):
    def fail_link(source, target):
        raise OSError(errno.EPERM, "hard links not supported")

    monkeypatch.setattr(guard.os, "link", fail_link)
    with master_write_lock(master):
        record = json.loads(lock_path(master).read_text("utf-8"))
        assert record["pid"] == os.getpid()
    assert not lock_path(master).exists()
    assert list(master.parent.glob("*.tmp")) == []


def test_lock_appears_with_record(master, monkeypatch):
    seen = []
    original_link = os.link

    def record_link(source, target):
        seen.append(json.loads(Path(source).read_text("utf-8"))["pid"])
        original_link(source, target)

    monkeypatch.setattr(guard.os, "link", record_link)
    with master_write_lock(master):
        assert seen == [os.getpid()]
    assert list(master.parent.glob("*.tmp")) == []


def test_lock_is_reentrant_in_one_process(master):
    with master_write_lock(master):
        with master_write_lock(master):
            assert lock_path(master).exists()
        assert lock_path(master).exists()
    assert not lock_path(master).exists()


def test_master_changed_on_disk_not_overwritten(master, tmp_path):
    book = open_master(master)
    other = open_master(master)
    save_master(other)
    changed = digest(master)
    with pytest.raises(WorkbookError, match="被其他程序改动过"):
        save_master(book)
    assert digest(master) == changed


@pytest.mark.parametrize("step", ["rewrite_package", "verify_reopened", "_flush", "replace"])
def test_failure_at_each_step_leaves_master_unchanged(master, monkeypatch, step):
    def fail(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    if step == "replace":
        real_replace = os.replace

        def replace_except_master(source, target):
            if os.fspath(target) == os.fspath(master):
                fail()
            real_replace(source, target)

        monkeypatch.setattr(save.os, "replace", replace_except_master)
    else:
        monkeypatch.setattr(save, step, fail)
    before = digest(master)
    with pytest.raises(OSError):
        summarize(master)
    assert digest(master) == before
    assert [path.name for path in master.parent.iterdir() if path.name.endswith(".tmp")] == []
    assert not lock_path(master).exists()
    assert load_workbook(master).sheetnames


def test_reopen_check_catches_lost_value(master, monkeypatch):
    book = open_master(master)
    original = save.rewrite_package

    def drop_a_value(source, target, content_type, fixed_time, **options):
        damaged = load_workbook(io.BytesIO(Path(source).read_bytes()), keep_vba=True)
        damaged["配置"]["B3"] = None
        damaged.save(source)
        original(source, target, content_type, fixed_time, **options)

    monkeypatch.setattr(save, "rewrite_package", drop_a_value)
    before = digest(master)
    with pytest.raises(WorkbookError, match="B3 与应写入的内容不同"):
        save_master(book)
    assert digest(master) == before


def test_leftover_temporary_files_removed(master):
    leftover = master.with_name(f".{master.name}.999999.tmp")
    leftover.write_bytes(b"half")
    raw = master.with_name(f".{master.name}.999999.raw.tmp")
    raw.write_bytes(b"half")
    summarize(master)
    assert not leftover.exists()
    assert not raw.exists()


def test_build_over_existing_master_backs_it_up(master, example_path):
    before = digest(master)
    build(example_path, master, empty=True, overwrite=True)
    [kept] = backup.list_backups(master)
    assert kept.read_bytes() == before


def test_build_refuses_existing_master_without_force(master, example_path):
    before = digest(master)
    with pytest.raises(EcoMonitorError) as caught:
        build(example_path, master, empty=True)
    assert "--force" in str(caught.value)
    assert digest(master) == before
    assert backup.list_backups(master) == []


def test_build_creates_missing_folder(tmp_path, example_path):
    target = tmp_path / "新建" / "文件夹" / "主表.xlsm"
    build(example_path, target, empty=True)
    assert target.is_file()


def test_dry_run_writes_no_backup_and_no_lock(master, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    before = digest(master)
    consolidate_inbox(master, inbox, dry_run=True)
    assert digest(master) == before
    assert backup.list_backups(master) == []
    assert sorted(path.name for path in master.parent.iterdir()) == ["inbox", "主表.xlsm"]


def test_office_lock_owner_unreadable_is_empty(tmp_path):
    lock = tmp_path / "~$x.xlsm"
    lock.write_bytes(b"")
    assert guard._office_lock_owner(lock) == ""


@pytest.mark.parametrize("found, where", [
    ([(1, {1: ("a", False)}), (3, {2: (2.0, False)})], None),
    ([(1, {1: ("a", False)})], (3, 2)),                                             # last row lost
    ([(1, {1: ("a", False)}), (2, {5: ("x", False)}), (3, {2: (2.0, False)})], (2, 5)),  # row added
    ([(1, {1: ("a", True)}), (3, {2: (2.0, False)})], (1, 1)),                      # text became formula
    ([(1, {1: ("a", False)}), (3, {2: (2.0, False), 4: (1, False)})], (3, 4)),     # cell added
])
def test_reopen_compares_row_by_row(found, where):
    expected = [(1, {1: ("a", False)}), (3, {2: (2.0, False)})]
    difference = reopen._first_difference(iter(expected), iter(found))
    place = None if difference is None else difference[0]
    assert place == where


def test_array_formula_master_saves(master):
    book = open_master(master)
    book.workbook["说明"]["Z1"] = ArrayFormula("Z1", "=SUM(1,2)")
    save_master(book)
    assert load_workbook(master)["说明"]["Z1"].value.text == "=SUM(1,2)"


def test_far_formatted_cell_not_walked(master, tmp_path):
    book = open_master(master)
    book.workbook["说明"].cell(5000, 16384).number_format = "0.00"  # formatted, no value
    book.workbook["说明"]["B7"] = "核对"
    save_master(book)
    written = load_workbook(master, read_only=True)
    rows = dict(reopen._rows_reopened(written["说明"]))
    written.close()
    assert rows[7][2] == ("核对", False)
    assert all(max(cells) < 100 for cells in rows.values())
