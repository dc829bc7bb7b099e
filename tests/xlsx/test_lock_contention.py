"""Many processes racing for one master's write lock: at most one holds it at any time."""

from __future__ import annotations

import json
import socket
import subprocess
import sys

from ecomonitor.xlsx.guard import lock_path

PROCESSES = 8
ROUNDS = 15

# Each contender takes the lock ROUNDS times. While it holds the lock it creates a
# marker file with O_EXCL, which fails if another holder's marker is there. The
# contender counts such overlaps and prints the count.
CONTENDER = """
import os, sys, time
from pathlib import Path
from ecomonitor.xlsx.guard import MasterLockedError, master_write_lock

master, marker, start = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
while not start.exists():
    time.sleep(0.001)
held = overlaps = 0
while held < int(sys.argv[4]):
    try:
        with master_write_lock(master):
            try:
                descriptor = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            except FileExistsError:
                overlaps += 1
                continue
            os.close(descriptor)
            time.sleep(0.002)
            os.unlink(marker)
            held += 1
    except MasterLockedError:
        time.sleep(0.001)
print(overlaps)
"""


def race(tmp_path) -> list[int]:
    master = tmp_path / "主表.xlsm"
    master.write_bytes(b"")
    start = tmp_path / "start"
    contenders = [
        subprocess.Popen([sys.executable, "-c", CONTENDER, str(master), str(tmp_path / "inside"), str(start),
                          str(ROUNDS)], stdout=subprocess.PIPE, text=True)
        for _ in range(PROCESSES)
    ]
    start.touch()
    outputs = [contender.communicate(timeout=300)[0] for contender in contenders]
    assert all(contender.returncode == 0 for contender in contenders)
    assert not lock_path(master).exists()
    return [int(output) for output in outputs]


def test_contenders_never_overlap(tmp_path):
    assert race(tmp_path) == [0] * PROCESSES


def test_stale_lock_broken_once(tmp_path):
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                              capture_output=True, text=True, check=True)
    record = {"pid": int(finished.stdout), "host": socket.gethostname(), "time": "2023-06-20T02:00:00+00:00"}
    lock_path(tmp_path / "主表.xlsm").write_text(json.dumps(record), "utf-8")
    assert race(tmp_path) == [0] * PROCESSES
