"""Building a master workbook from a framework source."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

from ecomonitor.core.instance import example_meta, new_meta
from ecomonitor.core.model import Framework
from ecomonitor.core.serialize import framework_to_dict
from ecomonitor.core.settings import Settings, deadline_problem
from ecomonitor.core.signing import canonical_json
from ecomonitor.errors import EcoMonitorError
from ecomonitor.jobs.sources import load_source
from ecomonitor.xlsx.master import build_master

QUARTER_END = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}


@dataclass
class BuildResult:
    path: Path
    framework: Framework
    warnings: list[str]
    example_key: bool


def quarter_end(framework: Framework) -> dt.datetime:
    month, day = QUARTER_END[framework.period.quarter]
    return dt.datetime(framework.period.year, month, day)


def clear_progress(framework: Framework) -> None:
    """Empty every task's progress and rate, for a master that starts a collection."""
    for task in framework.tasks:
        task.progress, task.rate, task.rate_text = "", None, ""


def build(
    source: Path | None,
    output: Path,
    register_path: Path | None = None,
    empty: bool = False,
    reproducible: bool = False,
    deadline: dt.date | None = None,
    overwrite: bool = False,
) -> BuildResult:
    """Write a master for the source.

    ``reproducible`` fixes every time stamp to the end of the quarter and
    derives the instance and key from the content, so the same input gives
    the same bytes; the key is then public, which is fine for the example
    only. An existing file at ``output`` is replaced only with ``overwrite``
    (after a backup), because it may be the office's only record.
    """
    output = Path(output)
    if output.exists() and not overwrite:
        raise EcoMonitorError(
            f"“{output}”已存在，未重新生成：它可能是正在使用的主表，重新生成会清空其中的进展、"
            "汇总和历史。请另选文件名；确要替换时加 --force（原文件先备份到同一文件夹的“备份”子文件夹）。"
        )
    imported = load_source(source, register_path)
    framework = imported.framework
    if empty:
        clear_progress(framework)
    if reproducible:
        seed = hashlib.sha256(canonical_json(framework_to_dict(framework))).hexdigest()
        meta = example_meta(framework.title, framework.categories, seed)
        fixed_time = quarter_end(framework)
    else:
        meta = new_meta(framework.title, framework.categories)
        fixed_time = None
    meta.task_ids = [task.id for task in framework.tasks]
    problem = deadline_problem(framework.period, deadline) if deadline else None
    if problem:
        raise EcoMonitorError(f"报送截止日期（--deadline）{problem}")
    settings = Settings(framework.period.year, framework.period.quarter, deadline=deadline)
    build_master(framework, output, meta, settings, fixed_time=fixed_time)
    return BuildResult(output, framework, imported.warnings, reproducible)
