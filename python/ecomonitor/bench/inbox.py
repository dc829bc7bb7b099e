"""Filled department copies for the benchmark, returned as departments return them."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ecomonitor.bench.synthetic import unit_of
from ecomonitor.core.model import Framework
from ecomonitor.xlsx.copies import copy_file_name
from ecomonitor.xlsx.fill import Typed, fill_copy

STEMS = "甲乙丙丁戊己庚辛壬癸"


def unit_tag(unit: int) -> str:
    """Return a tag without digits (甲, 乙, …, 乙甲) that keeps each unit's progress texts apart.

    Digits would add figures to the texts and change the computed rates.
    """
    tag = STEMS[unit % 10]
    unit //= 10
    while unit:
        tag = STEMS[unit % 10] + tag
        unit //= 10
    return tag


def unit_entries(framework: Framework) -> dict[str, dict[str, Typed]]:
    """Return what each department types: the example's entries, tagged with the department's unit.

    Units repeat the example, so without the tag every text would recur in
    every unit and caches keyed by text would make the benchmark look
    faster than a real province.
    """
    entries: dict[str, dict[str, Typed]] = {}
    for task in framework.tasks:
        for owner in task.owners:
            unit = unit_of(owner)
            progress = f"{task.progress}（{unit_tag(unit)}组）" if task.progress else ""
            entries.setdefault(owner, {})[task.id] = Typed(progress, task.rate, task.rate_text)
    return entries


def fill_inbox(framework: Framework, issued: Path, inbox: Path, workers: int | None) -> int:
    """Fill every issued copy with its department's entries into ``inbox``; return the number written."""
    entries = unit_entries(framework)
    jobs = [
        (issued / copy_file_name(name, framework), entries[name], inbox / copy_file_name(name, framework))
        for name in sorted(entries)
    ]
    inbox.mkdir(parents=True, exist_ok=True)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        list(pool.map(fill_copy, *zip(*jobs), chunksize=8))
    return len(jobs)
