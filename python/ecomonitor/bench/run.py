"""Running the benchmark: one folder per size, each step timed in its own child process."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ecomonitor.bench.inbox import fill_inbox
from ecomonitor.bench.steps import Workspace, prepare_master
from ecomonitor.bench.synthetic import DEPARTMENTS_PER_UNIT, synthetic_framework
from ecomonitor.core.serialize import save_framework
from ecomonitor.errors import EcoMonitorError
from ecomonitor.jobs.sources import load_source

DEFAULT_SIZES = (16, 224, 2000)
# Timed in this order: ours needs the copies that split issues, validate the master ours wrote.
TIMED_STEPS = ("build", "split", "ours", "serial", "validate", "naive", "floor")
FLOOR_TARGET = 1.5  # ours may take at most 1.5 times the floor
NAIVE_TARGET = 5.0  # and at most a fifth of the naive approach
MEMORY_TARGET_MB = 300.0
MEMORY_TARGET_COPIES = 2000  # the size the memory target is set for


@dataclass
class StepTiming:
    """One step: seconds inside the child (imports excluded), wall seconds with start-up, peaks in MB."""

    step: str
    seconds: float
    wall_seconds: float
    peak_mb: float | None
    workers_peak_mb: float | None


@dataclass
class SizeResult:
    copies: int
    tasks: int
    timings: dict[str, StepTiming] = field(default_factory=dict)
    identical: bool = False

    def ratio_to_floor(self) -> float:
        return self.timings["ours"].seconds / self.timings["floor"].seconds

    def naive_ratio(self) -> float:
        return self.timings["naive"].seconds / self.timings["ours"].seconds

    def peak_mb(self) -> float | None:
        peaks = [value for timing in self.timings.values() if timing.step in ("ours", "serial")
                 for value in (timing.peak_mb, timing.workers_peak_mb) if value is not None]
        return max(peaks, default=None)


# Called with a size's copy count and a step name before the step starts.
StepCallback = Callable[[int, str], None]


def check_size(copies: int) -> int:
    """Return the number of units for ``copies``, which must be a multiple of 16."""
    if copies < DEPARTMENTS_PER_UNIT or copies % DEPARTMENTS_PER_UNIT:
        raise EcoMonitorError(
            f"份数 {copies} 无效：每组 {DEPARTMENTS_PER_UNIT} 个单位，份数应为 {DEPARTMENTS_PER_UNIT} 的倍数（如 16、224、2000）。"
        )
    return copies // DEPARTMENTS_PER_UNIT


def run_size(copies: int, folder: Path, workers: int | None = None,
             on_step: StepCallback | None = None) -> SizeResult:
    """Generate the inbox of ``copies`` copies in ``folder`` and time every step on it."""
    units = check_size(copies)
    space = Workspace(Path(folder))
    space.folder.mkdir(parents=True, exist_ok=True)
    framework = synthetic_framework(load_source(None).framework, units)
    save_framework(framework, space.framework)
    result = SizeResult(copies, len(framework.tasks))
    for step in TIMED_STEPS:
        if on_step is not None:
            on_step(copies, step)
        prepare_master(space, step)
        result.timings[step] = time_step(step, space, workers)
        if step == "split":
            if on_step is not None:
                on_step(copies, "fill")
            fill_inbox(framework, space.issued, space.inbox, workers)
    result.identical = space.result("ours").read_bytes() == space.result("serial").read_bytes()
    return result


def time_step(step: str, space: Workspace, workers: int | None) -> StepTiming:
    command = [sys.executable, "-m", "ecomonitor.bench.child", step, str(space.folder),
               "auto" if workers is None else str(workers)]
    started = time.perf_counter()
    completed = subprocess.run(command, capture_output=True, text=True, encoding="utf-8")
    wall = time.perf_counter() - started
    if completed.returncode != 0:
        raise EcoMonitorError(f"基准测试的步骤“{step}”失败（{space.folder}）：{completed.stderr.strip()[-2000:]}")
    measured = json.loads(completed.stdout.strip().splitlines()[-1])
    return StepTiming(step, measured["seconds"], wall, measured["peak_mb"], measured["workers_peak_mb"])
