"""The kill test: the master is written while its process is killed at random moments.

Each trial starts a writer process (tests/helpers/kill_writer.py) that saves
the master in a loop, waits for its first save, then a random time, and
kills it with SIGKILL. The
master must then open and hold exactly the content of the last save that
finished or of the one that was running: never a mix, never a broken file.
Leftover lock and temporary files must be cleaned up by the next write.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from ecomonitor.xlsx.backup import list_backups
from ecomonitor.xlsx.guard import lock_path
from ecomonitor.xlsx.master import open_master, save_master
from helpers.kill_writer import MARKER
from helpers.proof import KILL_TRIALS, tally

WRITER = Path(__file__).resolve().parents[1] / "helpers" / "kill_writer.py"
STARTUP_TIMEOUT_SECONDS = 120


def cell_values(path: Path) -> dict[str, list[tuple]]:
    workbook = load_workbook(path)
    return {sheet.title: [tuple(c.value for c in row) for row in sheet.iter_rows()] for sheet in workbook.worksheets}


def expected_values(reference: dict, task_sheet: str, task_row: int, note_column: int, number: int | None) -> dict:
    values = {title: [list(row) for row in rows] for title, rows in reference.items()}
    values[task_sheet][task_row - 1][note_column] = None if number is None else MARKER.format(number)
    return {title: [tuple(row) for row in rows] for title, rows in values.items()}


def marker_number(path: Path) -> int | None:
    book = open_master(path)
    note = book.cell(book.framework.tasks[0].id, "note").value
    return None if note is None else int(str(note).split()[-1])


def start_writer(master: Path, first: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(WRITER), str(master), str(first)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1,
    )


def read_until(writer: subprocess.Popen, expected: str) -> list[str]:
    lines = []
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        line = writer.stdout.readline().strip()
        assert line, writer.stderr.read()
        lines.append(line)
        if line == expected:
            return lines
    raise AssertionError(f"writer did not print {expected!r}: {lines}")


def test_master_survives_kills(empty_master, tmp_path):
    master = tmp_path / "主表.xlsm"
    shutil.copy(empty_master, master)
    book = open_master(master)
    location = book.locations[book.framework.tasks[0].id]
    reference = cell_values(master)
    save_duration = _measure_save(master)
    randomness = random.Random(int(os.environ.get("ECOMONITOR_KILL_SEED", "20230625")))
    outcomes = tally("kill test")
    last = marker_number(master) or 0
    for _trial in range(KILL_TRIALS):
        writer = start_writer(master, last + 1)
        # The first save of a fresh process is slower (imports, caches).
        # After it the saves follow each other at a steady pace, so a delay
        # drawn over two save durations lands anywhere in a save.
        printed = "\n".join(read_until(writer, f"done {last + 1}"))
        time.sleep(randomness.uniform(0, 2 * save_duration))
        writer.send_signal(signal.SIGKILL)
        printed += "\n" + writer.communicate()[0]
        finished = _done_numbers(printed)[-1]
        found = marker_number(master)
        found = 0 if found is None else found
        assert found in (finished, finished + 1), (found, finished, printed[-200:])
        expected = expected_values(reference, location.sheet, location.row, location.columns["note"],
                                   found or None)
        assert cell_values(master) == expected
        assert CalamineWorkbook.from_path(str(master)).sheet_names
        outcomes["master held the last finished save" if found == finished else
                 "master held the save that was running"] += 1
        outcomes["a lock file was left behind"] += lock_path(master).exists()
        outcomes["temporary files were left behind"] += any(master.parent.glob("**/.*.tmp"))
        last = found
    save_master(open_master(master))
    assert not lock_path(master).exists()
    assert not list(master.parent.glob(".*.tmp"))
    assert not list((master.parent / "备份").glob(".*.tmp"))
    assert len(list_backups(master)) <= 20


def _done_numbers(printed: str) -> list[int]:
    return [int(line.split()[1]) for line in printed.splitlines() if line.startswith("done ")]


def _measure_save(master: Path) -> float:
    book = open_master(master)
    started = time.perf_counter()
    save_master(book)
    return time.perf_counter() - started
