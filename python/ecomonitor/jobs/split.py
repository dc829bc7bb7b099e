"""Writing one copy per department from a master."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from ecomonitor.core.instance import MasterMeta
from ecomonitor.core.model import Framework, Task
from ecomonitor.core.settings import Settings
from ecomonitor.errors import EcoMonitorError
from ecomonitor.xlsx.copies import unique_copy_file_names, write_copy
from ecomonitor.xlsx.inbox import BATCH_SIZE, worker_count
from ecomonitor.xlsx.master import MasterBook, open_master


@dataclass
class SplitResult:
    copies: list[tuple[str, int, Path]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    example_key: bool = False


def split(master: Path, output: Path, departments: list[str] | None = None,
          progress: Callable[[int, int], None] | None = None, workers: int | None = None) -> SplitResult:
    return split_book(open_master(master), output, departments, progress, workers)


def split_book(book: MasterBook, output: Path, departments: list[str] | None = None,
               progress: Callable[[int, int], None] | None = None, workers: int | None = None) -> SplitResult:
    """Write one copy per department of an opened master into ``output``.

    ``progress`` is called as copies are written, with the number done and the
    total. Many copies are written in ``workers`` processes (default: the
    CPUs, at most 8), like the copies consolidation reads.
    """
    framework = book.framework
    known = framework.department_names()
    if departments:
        unknown = [name for name in departments if book.register.resolve(name) is None]
        if unknown:
            raise EcoMonitorError(
                f"单位“{'、'.join(unknown)}”不在主表的“单位”工作表中。可选的单位：{'、'.join(known)}。"
            )
        wanted = [book.register.resolve(name) for name in departments]
    else:
        wanted = known
    output = Path(output)
    output.mkdir(parents=True, exist_ok=True)
    created = dt.datetime.now(dt.timezone.utc)
    result = SplitResult(example_key=book.meta.example)
    file_names = unique_copy_file_names(wanted, framework)
    filled = framework.tasks_filled_by_department()
    jobs = [(name, file_names[name], filled[name]) for name in wanted if filled.get(name)]
    result.skipped = [name for name in wanted if not filled.get(name)]
    report = _Progress(progress, len(wanted), len(result.skipped))
    shared = (framework, book.meta, book.settings, output, created)
    count = worker_count(workers, len(jobs))
    paths = _write_parallel(jobs, shared, count, report) if count > 1 else _write_batch(jobs, shared, report)
    result.copies = [(name, len(tasks), path) for (name, _, tasks), path in zip(jobs, paths)]
    return result


# The inputs shared by every copy: framework, master metadata, settings, folder and creation time.
Shared = tuple[Framework, MasterMeta, Settings, Path, dt.datetime]
Job = tuple[str, str, list[Task]]  # department, file name, its tasks


class _Progress:
    """Count written copies (skipped departments count as done) for the ``progress`` callback."""

    def __init__(self, callback: Callable[[int, int], None] | None, total: int, done: int):
        self.callback, self.total, self.done = callback, total, done

    def add(self, count: int) -> None:
        self.done += count
        if self.callback is not None:
            self.callback(self.done, self.total)


def _write_batch(jobs: list[Job], shared: Shared, report: _Progress | None = None) -> list[Path]:
    framework, meta, settings, output, created = shared
    paths = []
    for name, file_name, tasks in jobs:
        paths.append(write_copy(framework, name, meta, settings, output, created, file_name, tasks))
        if report is not None:
            report.add(1)
    return paths


def _write_parallel(jobs: list[Job], shared: Shared, workers: int, report: _Progress) -> list[Path]:
    """Write the copies in batches in ``workers`` processes and return the paths in the order of ``jobs``."""
    batches = [jobs[first:first + BATCH_SIZE] for first in range(0, len(jobs), BATCH_SIZE)]
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_remember, initargs=(shared,))
    try:
        futures = [pool.submit(_write_remembered, batch) for batch in batches]
        sizes = {future: len(batch) for future, batch in zip(futures, batches)}
        for future in as_completed(futures):
            future.result()  # a worker's error is raised here, and the batches not started are cancelled
            report.add(sizes[future])
        return [path for future in futures for path in future.result()]
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


_SHARED: Shared | None = None


def _remember(shared: Shared) -> None:
    """Store the shared inputs in the worker process, so each batch sends only its own jobs."""
    global _SHARED
    _SHARED = shared


def _write_remembered(jobs: list[Job]) -> list[Path]:
    return _write_batch(jobs, _SHARED)
