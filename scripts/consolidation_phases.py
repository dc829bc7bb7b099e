"""Print the time and memory of each phase of one ``consolidate --summary`` run.

    .venv/bin/python scripts/consolidation_phases.py MASTER INBOX [WORKERS]

MASTER is copied to a temporary folder first, so it stays as it was. Use the
``built.xlsm`` and ``inbox`` of an ``ecomonitor bench --folder`` run. Each
phase is timed by wrapping its function. A thread samples the resident set
size every 20 ms, so a phase's peak can miss a shorter spike. The process's
maximum resident set size, printed at the end, includes every spike.
"""

from __future__ import annotations

import functools
import resource
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

import ecomonitor.jobs.consolidate as consolidate_job
import ecomonitor.xlsx.master as master_module
import ecomonitor.xlsx.save as save_module
from openpyxl.workbook.workbook import Workbook

# (module or class, function name, label), in the order the phases run.
PHASES = [
    (master_module, "open_master", "open the master (screen and load)"),
    (consolidate_job, "consolidate_copies", "consolidate (decide, write, recompute)"),
    (consolidate_job, "apply_consolidation", "  write entries and 变更记录"),
    (consolidate_job, "recompute_master", "  recompute and refit every task"),
    (consolidate_job, "summarize_book", "write the summary sheets"),
    (Workbook, "save", "openpyxl save"),
    (save_module, "rewrite_package", "package rewrite and preservation check"),
    (save_module, "verify_reopened", "reopen and compare"),
]


def resident_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


class Sampler(threading.Thread):
    """Record the resident set size every 20 ms, with the time of each sample."""

    def __init__(self):
        super().__init__(daemon=True)
        self.samples: list[tuple[float, float]] = []

    def run(self) -> None:
        while True:
            self.samples.append((time.perf_counter(), resident_mb()))
            time.sleep(0.02)

    def peak(self, start: float, end: float, *measured: float) -> float:
        """Return the largest sample taken between ``start`` and ``end``, or of ``measured``."""
        return max([rss for moment, rss in self.samples if start <= moment <= end] + list(measured))


def wrap_phase(owner, name: str, label: str, sampler: Sampler) -> None:
    function = getattr(owner, name)

    @functools.wraps(function)
    def timed(*args, **kwargs):
        before = resident_mb()
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            end, after = time.perf_counter(), resident_mb()
            print(f"{label:42s} {end - start:7.2f} s   RSS {before:5.0f} -> {after:5.0f} MB, "
                  f"peak {sampler.peak(start, end, before, after):5.0f} MB", flush=True)

    setattr(owner, name, timed)


def main() -> None:
    master, inbox = Path(sys.argv[1]), Path(sys.argv[2])
    workers = int(sys.argv[3]) if len(sys.argv) > 3 else None
    sampler = Sampler()
    sampler.start()
    for owner, name, label in PHASES:
        wrap_phase(owner, name, label, sampler)
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / master.name
        shutil.copy(master, copy)
        start = time.perf_counter()
        consolidate_job.consolidate_inbox(copy, inbox, workers=workers, summary=True)
        total = time.perf_counter() - start
    maximum = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'total':42s} {total:7.2f} s   maximum RSS {maximum:.0f} MB")


if __name__ == "__main__":
    main()
