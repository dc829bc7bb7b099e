"""The benchmark's tables: lines for the terminal and a Markdown section for docs/benchmarks.md."""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
from pathlib import Path

from ecomonitor.bench.run import FLOOR_TARGET, MEMORY_TARGET_COPIES, MEMORY_TARGET_MB, NAIVE_TARGET, SizeResult

START_MARK = "<!-- ecomonitor bench: start -->"
END_MARK = "<!-- ecomonitor bench: end -->"
STEP_NAMES = {
    "build": "build (empty master)",
    "split": "split (one copy per department)",
    "ours": "consolidate + summary",
    "serial": "consolidate + summary, read serially",
    "validate": "validate the master",
    "naive": "naive: pandas + openpyxl cell by cell",
    "floor": "floor: calamine read + one master load and save",
}


def machine() -> str:
    """Describe the CPU, its count, the memory and the Python version of this machine."""
    model = platform.processor() or platform.machine()
    try:
        text = Path("/proc/cpuinfo").read_text("utf-8", "replace")
        found = re.search(r"^model name\s*:\s*(.+)$", text, re.MULTILINE)
        model = found.group(1).strip() if found else model
    except OSError:
        pass
    return f"{model}, {os.cpu_count()} CPUs, {_memory()}Python {platform.python_version()}, {platform.system()}"


def _memory() -> str:
    try:
        text = Path("/proc/meminfo").read_text("utf-8", "replace")
    except OSError:
        return ""
    found = re.search(r"^MemTotal:\s*(\d+) kB", text, re.MULTILINE)
    return f"{int(found.group(1)) / 1024 / 1024:.1f} GB RAM, " if found else ""


def _megabytes(value: float | None) -> str:
    """Format a peak in MB. A step without worker processes has a peak of 0, shown as a dash."""
    if value is None:
        return "n/a"
    return "–" if value == 0 else f"{value:.0f}"


def _verdict(met: bool) -> str:
    return "met" if met else "missed"


def _memory_scope(copies: int) -> str:
    """Name the size the memory target is set for, when the run is of another size."""
    return "" if copies == MEMORY_TARGET_COPIES else f", which is set for {MEMORY_TARGET_COPIES:,} copies"


def size_lines(result: SizeResult) -> list[str]:
    """Return the Markdown table of one size with its ratios and target checks."""
    lines = [
        f"### {result.copies:,} copies ({result.tasks:,} tasks)",
        "",
        "| Step | Time in process (s) | Wall time with start-up (s) | Peak RSS (MB) | Largest worker (MB) |",
        "|---|---:|---:|---:|---:|",
    ]
    for step, timing in result.timings.items():
        lines.append(f"| {STEP_NAMES[step]} | {timing.seconds:.2f} | {timing.wall_seconds:.2f} | "
                     f"{_megabytes(timing.peak_mb)} | {_megabytes(timing.workers_peak_mb)} |")
    floor, naive, peak = result.ratio_to_floor(), result.naive_ratio(), result.peak_mb()
    lines += [
        "",
        f"- ours / floor, time in process = {floor:.2f} "
        f"(target at most {FLOOR_TARGET}: {_verdict(floor <= FLOOR_TARGET)})",
        f"- naive / ours, time in process = {naive:.2f} "
        f"(target at least {NAIVE_TARGET}: {_verdict(naive >= NAIVE_TARGET)})",
        f"- peak memory of consolidate + summary = {_megabytes(peak)} MB "
        f"(target under {MEMORY_TARGET_MB:.0f} MB{_memory_scope(result.copies)}: "
        f"{_verdict(peak is not None and peak < MEMORY_TARGET_MB)})",
        f"- result of the parallel read equals the serial read: {'yes' if result.identical else 'NO'}",
        "",
    ]
    return lines


def markdown(results: list[SizeResult], command: str, total_seconds: float, today: dt.date) -> str:
    lines = [
        START_MARK,
        f"Run on {today.isoformat()}, machine: {machine()}.",
        "",
        f"Command: `{command}` (wall time of the whole command, with start-up: {total_seconds:.0f} s).",
        "",
    ]
    for result in results:
        lines += size_lines(result)
    lines.append(END_MARK)
    return "\n".join(lines) + "\n"


def record(path: Path, section: str) -> None:
    """Replace the recorded run in ``path`` with ``section``, or append it when there is none."""
    text = path.read_text("utf-8") if path.exists() else "# Benchmarks\n"
    start, end = text.find(START_MARK), text.find(END_MARK)
    if start >= 0 and end > start:
        text = text[:start] + section.rstrip("\n") + text[end + len(END_MARK):]
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text, "utf-8")
