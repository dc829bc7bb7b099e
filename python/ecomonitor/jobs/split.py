"""Writing one copy per department from a master."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ecomonitor.errors import EcoMonitorError
from ecomonitor.xlsx.copies import unique_copy_file_names, write_copy
from ecomonitor.xlsx.master import MasterBook, open_master


@dataclass
class SplitResult:
    copies: list[tuple[str, int, Path]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    example_key: bool = False


def split(master: Path, output: Path, departments: list[str] | None = None,
          progress: Callable[[int, int], None] | None = None) -> SplitResult:
    return split_book(open_master(master), output, departments, progress)


def split_book(book: MasterBook, output: Path, departments: list[str] | None = None,
               progress: Callable[[int, int], None] | None = None) -> SplitResult:
    """Write one copy per department of an opened master into ``output``.

    ``progress`` is called after each department with the number done and the total.
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
    for done, name in enumerate(wanted, start=1):
        tasks = framework.tasks_filled_by(name)
        if tasks:
            path = write_copy(framework, name, book.meta, book.settings, output, created, file_names[name])
            result.copies.append((name, len(tasks), path))
        else:
            result.skipped.append(name)
        if progress is not None:
            progress(done, len(wanted))
    return result
