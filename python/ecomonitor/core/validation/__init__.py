"""Validation of a master or a department copy: every rule, every finding.

Each rule reads plain row records (``records.RowRecord``) that the workbook
adapters fill, and yields findings with a stable code. ``validate_rows`` runs
every rule and never stops at the first finding. Rules are linear in the
number of rows, and what is worked out per row (rate reading, time progress,
computed rate) is worked out once, in ``RowFacts``.
"""

from __future__ import annotations

from ecomonitor.core.assessment import cached_rate, cached_time_progress
from ecomonitor.core.findings import Finding
from ecomonitor.core.rates import parse_rate
from ecomonitor.core.validation.cells import check_cells
from ecomonitor.core.validation.entries import check_entries
from ecomonitor.core.validation.identity import check_departments, check_task_ids
from ecomonitor.core.validation.mismatch import check_mismatch
from ecomonitor.core.validation.records import RowFacts, RowRecord, ValidationContext
from ecomonitor.core.validation.targets import check_duplicate_targets, check_links

__all__ = ["RowRecord", "ValidationContext", "row_facts", "validate_rows", "check_identity", "check_entry_rows"]


def row_facts(records: list[RowRecord], context: ValidationContext) -> list[RowFacts]:
    period = context.period
    return [
        RowFacts(
            record=record,
            reading=parse_rate(record.rate),
            time_progress=cached_time_progress(record.target, period),
            computed=cached_rate(record.target, record.progress, period.year),
        )
        for record in records
    ]


def check_identity(records: list[RowRecord], context: ValidationContext) -> list[Finding]:
    """Run the rules a master must pass before the platform works on it: IDs and departments."""
    return [*check_task_ids(records, context), *check_departments(records, context)]


def check_entry_rows(records: list[RowRecord], context: ValidationContext,
                     facts: list[RowFacts] | None = None) -> list[Finding]:
    """Run the rules on what a department entered (progress and rate) row by row.

    Consolidation runs these on each returned row, so a row it takes passes
    the same checks as in ``validate``.
    """
    facts = row_facts(records, context) if facts is None else facts
    return [*check_entries(facts, context), *check_mismatch(facts, context)]


def validate_rows(records: list[RowRecord], context: ValidationContext) -> list[Finding]:
    """Run every rule on the rows of a file and return all findings, in row order."""
    facts = row_facts(records, context)
    findings = [
        *check_identity(records, context),
        *check_entry_rows(records, context, facts),
        *check_cells(records, context),
        *check_duplicate_targets(records, context),
        *check_links(records, context),
    ]
    order = {(record.sheet, record.row): index for index, record in enumerate(records)}
    return sorted(findings, key=lambda f: order.get((f.sheet, f.row), -1))
