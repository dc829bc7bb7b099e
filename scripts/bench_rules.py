"""Time the validation rules and the computed rate on rows in memory, without files.

Builds COPIES copies of ten rows each from the example table, every progress
text made unique so the caches of computed rates do not help, and prints
the time per row of ``validate_rows``. File reading is not included: this
isolates the cost of the rules from the cost of opening workbooks.

Usage: .venv/bin/python scripts/bench_rules.py [COPIES]
"""

from __future__ import annotations

import sys
import time

from ecomonitor.core.departments import load_register
from ecomonitor.core.settings import Settings
from ecomonitor.core.validation import RowRecord, ValidationContext, validate_rows
from ecomonitor.jobs.sources import example_table_path, load_source

ROWS_PER_COPY = 10


def build_rows(copies: int) -> list[RowRecord]:
    tasks = load_source(example_table_path()).framework.tasks
    rows = []
    for copy in range(copies):
        start = (copy * 7) % (len(tasks) - ROWS_PER_COPY)
        for offset, task in enumerate(tasks[start:start + ROWS_PER_COPY]):
            rows.append(RowRecord(
                sheet=f"copy{copy}", row=4 + offset, task_id=task.id, category=str(task.category),
                lead_units=task.lead_units, target=task.target, progress=f"{task.progress}（{copy}）",
                rate=task.rate, widths={"target": 40, "progress": 50},
            ))
    return rows


def main() -> None:
    copies = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    rows = build_rows(copies)
    context = ValidationContext("bench", Settings(2023, 2).period, Settings(2023, 2), load_register())
    started = time.perf_counter()
    findings = validate_rows(rows, context)
    elapsed = time.perf_counter() - started
    print(f"{copies} copies, {len(rows)} rows, {len(findings)} findings: "
          f"{elapsed:.2f} s, {elapsed / len(rows) * 1000:.3f} ms per row")


if __name__ == "__main__":
    main()
