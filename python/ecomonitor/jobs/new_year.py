"""The year change in two steps: propose the matches (年度对照), then apply them.

1. ``propose_year`` reads next year's table against the master's register,
   matches its tasks with the current ones and writes the 年度对照 sheet. The
   tasks, entries and history of the master stay as they are.
2. ``apply_year``, after the office has confirmed the sheet, archives the
   fourth quarter, writes the new year's tasks under their kept or new IDs and
   moves the master to the first quarter of the new year.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from ecomonitor.core.model import Framework
from ecomonitor.core.period import Period
from ecomonitor.core.rollover import shifted_deadline
from ecomonitor.core.serialize import framework_from_dict, framework_to_dict
from ecomonitor.core.yearchange import (
    TaskMatch,
    Verdict,
    check_next_year,
    decide,
    next_year_framework,
    propose_matches,
)
from ecomonitor.errors import PeriodError
from ecomonitor.jobs.periods import archive_current_period, check_deadline, note_of
from ecomonitor.tables import read_table
from ecomonitor.xlsx.history_sheet import read_history
from ecomonitor.xlsx.master import open_master, save_master
from ecomonitor.xlsx.new_year import check_sheet_names, write_new_year
from ecomonitor.xlsx.year_sheet import (
    mark_applied,
    read_confirmations,
    read_year_document,
    remove_year_document,
    write_year_document,
    write_year_sheet,
)

DOCUMENT_FORMAT = "ecomonitor-year-change"
DOCUMENT_VERSION = 1


@dataclass
class YearProposal:
    following: Framework
    matches: list[TaskMatch]
    warnings: list[str] = field(default_factory=list)

    def of(self, verdict: Verdict) -> list[TaskMatch]:
        return [match for match in self.matches if match.verdict is verdict]


@dataclass
class YearChange:
    previous: Period
    current: Period
    archived: int
    continued: list[str]
    edited: list[str]
    new: list[str]
    dropped: list[str]
    deadline: dt.date | None


def propose_year(master: Path, table: Path) -> YearProposal:
    """Match the tasks of next year's table with the master's and write 年度对照 for review."""
    book = open_master(master)
    imported = read_table(table, book.register)
    following = imported.framework
    current = book.framework
    check_next_year(current.period, following.period.year)
    matches = propose_matches(current, following)
    write_year_sheet(book.workbook, current, following, matches)
    write_year_document(book.workbook, {
        "format": DOCUMENT_FORMAT,
        "version": DOCUMENT_VERSION,
        "source": Path(table).name,
        "sha256": hashlib.sha256(Path(table).read_bytes()).hexdigest(),
        "current_ids": sorted(task.id for task in current.tasks),
        "framework": framework_to_dict(following),
        "matches": [
            {"new_index": match.new_index, "old_id": match.old_id, "score": match.score,
             "verdict": match.verdict.value, "reason": match.reason}
            for match in matches
        ],
    })
    save_master(book)
    warnings = list(imported.warnings)
    if any(task.progress or task.rate is not None for task in following.tasks):
        warnings.append("新监测表中填有进展或完成率：年度切换只采用目标任务，新年度的进展和完成率从空白开始。")
    return YearProposal(following, matches, warnings)


def apply_year(master: Path, deadline: dt.date | None = None, allow_empty: bool = False,
               now: dt.datetime | None = None) -> YearChange:
    """Apply the confirmed 年度对照: archive the fourth quarter and start the new year.

    Raises PeriodError, and writes nothing, when there is no proposal, the
    master's tasks changed since it was made, the current period is not the
    fourth quarter, or the sheet leaves a match unconfirmed.
    """
    book = open_master(master)
    current = book.framework
    document = read_year_document(book.workbook)
    _check_document(document, current)
    following = framework_from_dict(document["framework"], "年度对照的隐藏数据")
    check_next_year(current.period, following.period.year)
    matches = [_match(entry) for entry in document["matches"]]
    current_ids = {task.id for task in current.tasks}
    decided = decide(read_confirmations(book.workbook, matches), len(following.tasks), current_ids)
    used = current_ids | read_history(book.workbook, book.meta.archived).task_ids()
    notes = {task.id: note_of(book, task.id) for task in current.tasks}
    archived = archive_current_period(book, allow_empty, now or dt.datetime.now(dt.timezone.utc))
    framework = next_year_framework(current, following, decided, used)
    check_sheet_names(book, framework)
    check_deadline(framework.period, deadline)
    previous = current.period
    settings = book.settings
    settings.deadline = deadline or shifted_deadline(settings.deadline, previous, framework.period)
    settings.year, settings.quarter = framework.period.year, framework.period.quarter
    continued = {task.id: task for task in framework.tasks if task.id in current_ids}
    write_new_year(book, framework, {task_id: notes[task_id] for task_id in continued})
    result = YearChange(
        previous=previous,
        current=framework.period,
        archived=archived.rows,
        continued=sorted(continued),
        edited=sorted(task_id for task_id, task in continued.items() if task.target != current.task(task_id).target),
        new=[task.id for task in framework.tasks if task.id not in current_ids],
        dropped=sorted(current_ids - set(continued)),
        deadline=settings.deadline,
    )
    mark_applied(book.workbook, f"已应用：{previous.label}已归档，{framework.period.year}年沿用 {len(result.continued)} 项、"
                                f"新增 {len(result.new)} 项、停用 {len(result.dropped)} 项。")
    remove_year_document(book.workbook)
    save_master(book)
    return result


def _check_document(document: dict, current: Framework) -> None:
    if document.get("format") != DOCUMENT_FORMAT or document.get("version") != DOCUMENT_VERSION:
        raise PeriodError("年度对照的隐藏数据格式不对：请重新运行 ecomonitor new-year 主表 新监测表。")
    if sorted(document.get("current_ids", [])) != sorted(task.id for task in current.tasks):
        raise PeriodError(
            "生成“年度对照”之后，主表的任务有增减或编号有改动，对照已不适用："
            "请重新运行 ecomonitor new-year 主表 新监测表，再核对一次。"
        )
    if current.period.quarter != 4:
        raise PeriodError(
            f"当前报告期为 {current.period.label}：年度切换要在四季度的进展汇总之后进行，"
            "请先用 ecomonitor new-period 进入四季度。"
        )


def _match(entry: dict) -> TaskMatch:
    return TaskMatch(entry["new_index"], entry["old_id"], entry["score"], Verdict(entry["verdict"]), entry["reason"])
