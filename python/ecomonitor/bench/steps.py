"""The timed steps of the benchmark, each run alone in a fresh child process.

A step takes the size's working folder (see ``Workspace``) and leaves its
output there. ``ours`` runs ``ecomonitor consolidate --summary`` as users
run it, and ``naive`` and ``floor`` are the two baselines it is compared with.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pandas as pd
from python_calamine import CalamineWorkbook

from ecomonitor.core.layout import CATEGORY_COLUMNS, CATEGORY_HEADER_ROW, COPY_HEADER_ROW, locate_columns
from ecomonitor.jobs.build import build
from ecomonitor.jobs.consolidate import consolidate_inbox, result_document
from ecomonitor.jobs.split import split
from ecomonitor.jobs.validate import validate_file

NAIVE_SUMMARY_SHEET = "naive-summary"


@dataclass(frozen=True)
class Workspace:
    """The files of one benchmark size, all inside ``folder``."""

    folder: Path

    @property
    def framework(self) -> Path:
        return self.folder / "framework.json"

    @property
    def built(self) -> Path:
        return self.folder / "built.xlsm"

    @property
    def issued(self) -> Path:
        return self.folder / "issued"

    @property
    def inbox(self) -> Path:
        return self.folder / "inbox"

    def master(self, step: str) -> Path:
        """Return the master a step works on: its own copy of the built master."""
        return self.folder / f"{step}.xlsm"

    def result(self, step: str) -> Path:
        return self.folder / f"{step}.result.json"


def run_build(space: Workspace, workers: int | None) -> None:
    build(space.framework, space.built, empty=True)


def run_split(space: Workspace, workers: int | None) -> None:
    split(space.built, space.issued)


def run_ours(space: Workspace, workers: int | None) -> None:
    _consolidate_and_summarize(space, "ours", workers)


def run_serial(space: Workspace, workers: int | None) -> None:
    _consolidate_and_summarize(space, "serial", 1)


def _consolidate_and_summarize(space: Workspace, step: str, workers: int | None) -> None:
    master = space.master(step)
    result = consolidate_inbox(master, space.inbox, workers=workers, summary=True)
    document = result_document(result)
    space.result(step).write_text(json.dumps(document, ensure_ascii=False, default=str), "utf-8")


def run_validate(space: Workspace, workers: int | None) -> None:
    validate_file(space.master("ours"))


def run_naive(space: Workspace, workers: int | None) -> None:
    """Consolidate as an office's own script would: pandas reads each copy, openpyxl writes cell by cell."""
    frames = [
        pd.read_excel(path, sheet_name=0, header=COPY_HEADER_ROW - 1, engine="openpyxl")
        for path in sorted(space.inbox.rglob("*.xlsx"))
    ]
    workbook = openpyxl.load_workbook(space.master("naive"), keep_vba=True)
    rows = _task_rows(workbook)
    counts: dict[str, list[int]] = {}
    for frame in frames:
        for _, record in frame.iterrows():
            found = rows.get(str(record.iloc[1]))
            if found is None:
                continue
            sheet, row, progress_column, rate_column = found
            sheet.cell(row, progress_column).value = record.iloc[6]
            sheet.cell(row, rate_column).value = record.iloc[7]
            tally = counts.setdefault(sheet.title, [0, 0])
            tally[0] += 1
            tally[1] += 1 if pd.notna(record.iloc[7]) else 0
    summary = workbook.create_sheet(NAIVE_SUMMARY_SHEET)
    for number, (name, (tasks, reported)) in enumerate(sorted(counts.items()), start=1):
        summary.cell(number, 1).value = name
        summary.cell(number, 2).value = tasks
        summary.cell(number, 3).value = reported
    workbook.save(space.master("naive"))


def _task_rows(workbook) -> dict[str, tuple]:
    """Map each task ID to its sheet, row and the columns of progress and rate."""
    rows = {}
    for sheet in workbook.worksheets:
        headers = [cell.value for cell in sheet[CATEGORY_HEADER_ROW]]
        columns = locate_columns(headers, CATEGORY_COLUMNS)
        if not {"id", "progress", "rate"} <= set(columns):
            continue
        for row in range(CATEGORY_HEADER_ROW + 1, sheet.max_row + 1):
            task_id = sheet.cell(row, columns["id"] + 1).value
            if task_id:
                rows[str(task_id)] = (sheet, row, columns["progress"] + 1, columns["rate"] + 1)
    return rows


def run_floor(space: Workspace, workers: int | None) -> None:
    """Do only what no consolidation can avoid: read every copy with calamine, load and save the master once."""
    for path in sorted(space.inbox.rglob("*.xlsx")):
        workbook = CalamineWorkbook.from_path(str(path))
        for name in workbook.sheet_names:
            workbook.get_sheet_by_name(name).to_python()
        workbook.close()
    master = openpyxl.load_workbook(space.master("floor"), keep_vba=True)
    master.save(space.master("floor"))


STEPS = {
    "build": run_build,
    "split": run_split,
    "ours": run_ours,
    "serial": run_serial,
    "validate": run_validate,
    "naive": run_naive,
    "floor": run_floor,
}
# Steps that start from their own copy of the built master.
MASTER_STEPS = ("ours", "serial", "naive", "floor")


def prepare_master(space: Workspace, step: str) -> None:
    if step in MASTER_STEPS:
        shutil.copyfile(space.built, space.master(step))
