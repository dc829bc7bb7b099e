"""Recomputing the computed columns of a master: the ribbon button 核算完成率."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ecomonitor.core.schedule import Status
from ecomonitor.xlsx.master import MasterBook, open_master, save_master
from ecomonitor.xlsx.recompute import recompute_master


@dataclass
class ComputeResult:
    tasks: int
    computed: int
    statuses: dict[str, int]
    missing_headers: list[str]


def compute(master: Path) -> ComputeResult:
    """Write 核算完成率, 核算说明, 序时进度 and 状态 for every task of the master file."""
    book = open_master(master)
    result = compute_book(book)
    save_master(book)
    return result


def compute_book(book: MasterBook) -> ComputeResult:
    """Write the computed columns into an opened master, in memory only."""
    recomputed = recompute_master(book)
    assessments = recomputed.assessments.values()
    counts = Counter(assessment.status.value for assessment in assessments)
    return ComputeResult(
        tasks=len(recomputed.assessments),
        computed=sum(1 for assessment in assessments if assessment.computed.value is not None),
        statuses={status.value: counts.get(status.value, 0) for status in Status},
        missing_headers=recomputed.missing_headers,
    )
