"""Recomputing the computed columns of an opened master after its entries changed."""

from __future__ import annotations

from dataclasses import dataclass

from ecomonitor.core.assessment import Assessment, assess_tasks
from ecomonitor.core.layout import CATEGORY_COLUMNS
from ecomonitor.xlsx.apply import refit_task_rows
from ecomonitor.xlsx.computed_cells import COMPUTED_KEYS, assessment_values, write_computed_value
from ecomonitor.xlsx.master import MasterBook


@dataclass
class Recomputed:
    """Result of a recomputation: each task's assessment, and the computed columns not found."""

    assessments: dict[str, Assessment]
    missing_headers: list[str]


def recompute_master(book: MasterBook) -> Recomputed:
    """Write every task's computed columns into an opened master.

    A category sheet that lacks a computed column (a master built before the
    column existed) keeps its other columns written; the missing headers are
    returned.
    """
    assessments = assess_tasks(book.framework, book.settings)
    missing: set[str] = set()
    for task_id, assessment in assessments.items():
        location = book.locations[task_id]
        for key, value in assessment_values(assessment).items():
            if key not in location.columns:
                missing.add(key)
                continue
            write_computed_value(book.cell(task_id, key), key, value)
    refit_task_rows(book, set(assessments))
    headers = {column.key: column.header for column in CATEGORY_COLUMNS}
    return Recomputed(assessments, [headers[key] for key in COMPUTED_KEYS if key in missing])
