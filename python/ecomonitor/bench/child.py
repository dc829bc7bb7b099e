"""Run one benchmark step in this process and print its time and peak memory as JSON.

Usage: ``python -m ecomonitor.bench.child STEP FOLDER WORKERS``. Imports
happen before the clock starts. Peak memory is the resident set size of
this process, and separately the largest of its finished worker processes,
from ``resource.getrusage`` (kilobytes on Linux). It is not available on
Windows, where the fields are null.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from ecomonitor.bench.steps import STEPS, Workspace

try:
    import resource
except ImportError:  # Windows
    resource = None


def peak_megabytes(scope: int) -> float | None:
    """Return the peak resident set size in MB of ``scope`` (RUSAGE_SELF or RUSAGE_CHILDREN)."""
    if resource is None:
        return None
    kilobytes = resource.getrusage(scope).ru_maxrss
    if sys.platform == "darwin":  # macOS reports bytes
        kilobytes /= 1024
    return round(kilobytes / 1024, 1)


def main(argv: list[str]) -> int:
    step, folder, workers = argv
    started = time.perf_counter()
    STEPS[step](Workspace(Path(folder)), int(workers) if workers != "auto" else None)
    seconds = time.perf_counter() - started
    print(json.dumps({
        "seconds": seconds,
        "peak_mb": peak_megabytes(resource.RUSAGE_SELF) if resource else None,
        "workers_peak_mb": peak_megabytes(resource.RUSAGE_CHILDREN) if resource else None,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
