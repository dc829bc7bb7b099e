"""Consolidating the returned copies of an inbox folder into a master."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from ecomonitor.core.consolidate import ConsolidationResult, MasterIdentity, consolidate
from ecomonitor.core.returns import ReturnedCopy
from ecomonitor.errors import EcoMonitorError
from ecomonitor.jobs.summary import summarize_book
from ecomonitor.xlsx.apply import apply_consolidation
from ecomonitor.xlsx.inbox import InboxReader, ProgressCallback, scan_inbox
from ecomonitor.xlsx.master import MasterBook, editing_master, open_master, save_master
from ecomonitor.xlsx.recompute import recompute_master
from ecomonitor.xlsx.report_sheets import read_entry_holders, read_reported_departments


def consolidate_inbox(master: Path, inbox: Path, dry_run: bool = False, workers: int | None = None,
                      progress: ProgressCallback | None = None, summary: bool = False,
                      step: Callable[[str], None] | None = None) -> ConsolidationResult:
    """Read every copy below ``inbox`` and write the accepted entries into ``master``.

    The computed columns (核算完成率, 序时进度, 状态 …) are recomputed from the
    new entries. With ``dry_run`` the result is computed and returned, and
    nothing is written.
    Otherwise the master's write lock is held from reading to writing.
    With ``summary`` the summary sheets are written too, before the one save.
    ``workers`` and ``progress`` go to ``InboxReader``. ``step`` is called
    with the name of each step after the reading.
    """
    step = step or (lambda name: None)
    check_inbox(inbox)
    # The workers read the copies while this process loads the master.
    with InboxReader(Path(inbox), skip=[Path(master)], workers=workers, progress=progress) as reader:
        if dry_run:
            return consolidate_copies(open_master(master), reader.result(), dry_run=True)
        with editing_master(master) as book:
            copies = reader.result()
            step("写入主表并重新核算")
            result = consolidate_copies(book, copies)
            del copies  # freed before the summary and the save
            if summary:
                step("生成汇总表")
                summarize_book(book)
            step("保存并核对主表")
            save_master(book)
    return result


def check_inbox(inbox: Path) -> None:
    """Check that the inbox is a folder or a file (a .zip archive of copies, or one copy)."""
    if not Path(inbox).is_dir() and not Path(inbox).is_file():
        raise EcoMonitorError(f"收件文件夹“{inbox}”不存在：请把收回的填报表放进一个文件夹"
                              "（或打包成一个 .zip 压缩包）后重试。")


def consolidate_into(book: MasterBook, inbox: Path, dry_run: bool = False, workers: int | None = None,
                     progress: ProgressCallback | None = None) -> ConsolidationResult:
    """Consolidate the copies below ``inbox`` into an opened master, in memory only.

    The computed columns are recomputed from the new entries.
    """
    copies = scan_inbox(Path(inbox), skip=[book.path], workers=workers, progress=progress)
    return consolidate_copies(book, copies, dry_run)


def consolidate_copies(book: MasterBook, copies: list[ReturnedCopy], dry_run: bool = False) -> ConsolidationResult:
    """Consolidate copies read by ``scan_inbox`` into an opened master, in memory only."""
    identity = MasterIdentity(book.meta.instance_id, book.meta.key, book.settings.deadline, book.settings)
    now = dt.datetime.now(dt.timezone.utc)
    reported = read_reported_departments(book.workbook, book.framework.period)
    result = consolidate(book.framework, identity, copies, now, read_entry_holders(book.workbook), reported)
    if not dry_run:
        # recompute_master refits every task row, so apply need not refit the changed ones first.
        apply_consolidation(book, result, now, refit=False)
        recompute_master(book)
    return result


def result_document(result: ConsolidationResult) -> dict:
    """Return the result as the JSON document that ``--json`` prints."""
    return {
        "files": [
            {
                "name": r.name, "sha256": r.sha256, "department": r.department, "status": r.status,
                "saved_at": r.saved_at.isoformat() if r.saved_at else None, "late": r.late,
                "rows_taken": r.rows_taken, "rows_rejected": r.rows_rejected,
                "findings": [f.to_dict() for f in r.findings],
            }
            for r in result.reports
        ],
        "changes": [
            {"task_id": c.task_id, "field": c.field, "old": c.old, "new": c.new,
             "department": c.department, "file": c.file, "sha256": c.sha256}
            for c in result.changes
        ],
        "unreported": result.unreported,
        "findings": [f.to_dict() for f in result.findings],
    }
