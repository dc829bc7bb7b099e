"""Counts for the proof runs in tests/reliability: reduced in CI, full on request.

    ECOMONITOR_PROOF=full .venv/bin/python -m pytest tests/reliability

runs the counts that docs/reliability.md reports. Each test records what
happened (finding codes, kill outcomes) and tests/conftest.py prints the
tallies at the end of the run.
"""

from __future__ import annotations

import os
from collections import Counter

from hypothesis import HealthCheck, settings

FULL = os.environ.get("ECOMONITOR_PROOF", "") == "full"

KILL_TRIALS = 100 if FULL else 8
FILE_CASES = 5000 if FULL else 150
MASTER_CASES = 200 if FULL else 4

settings.register_profile(
    "proof-ci", max_examples=FILE_CASES, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)
settings.register_profile(
    "proof-full", max_examples=FILE_CASES, deadline=None, database=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)
PROFILE = "proof-full" if FULL else "proof-ci"

TALLIES: dict[str, Counter] = {}


def tally(name: str) -> Counter:
    return TALLIES.setdefault(name, Counter())


def print_tallies(terminalreporter) -> None:
    if not TALLIES:
        return
    terminalreporter.section(f"proof tallies ({'full' if FULL else 'CI'} counts)")
    for name, counter in sorted(TALLIES.items()):
        terminalreporter.write_line(f"{name}: {sum(counter.values())} recorded")
        for key, count in counter.most_common():
            terminalreporter.write_line(f"    {key}: {count}")
