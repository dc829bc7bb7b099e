"""Consolidating the returned copies of an inbox folder into a master."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ecomonitor.core.consolidate import ConsolidationResult, MasterIdentity, consolidate
from ecomonitor.errors import EcoMonitorError
from ecomonitor.xlsx.apply import apply_consolidation
from ecomonitor.xlsx.inbox import scan_inbox
from ecomonitor.xlsx.master import MasterBook, editing_master, open_master, save_master
from ecomonitor.xlsx.recompute import recompute_master
from ecomonitor.xlsx.report_sheets import read_entry_holders


def consolidate_inbox(master: Path, inbox: Path, dry_run: bool = False) -> ConsolidationResult:
    """Read every copy below ``inbox`` and write the accepted entries into ``master``.

    The computed columns (核算完成率, 序时进度, 状态 …) are recomputed from the
    new entries. With ``dry_run`` the result is computed and returned, and
    nothing is written.
    Otherwise the master's write lock is held from reading to writing.
    """
    check_inbox(inbox)
    if dry_run:
        return consolidate_into(open_master(master), inbox, dry_run=True)
    with editing_master(master) as book:
        result = consolidate_into(book, inbox)
        save_master(book)
    return result


def check_inbox(inbox: Path) -> None:
    """Check that the inbox is a folder or a file (a .zip archive of copies, or one copy)."""
    if not Path(inbox).is_dir() and not Path(inbox).is_file():
        raise EcoMonitorError(f"收件文件夹“{inbox}”不存在：请把收回的填报表放进一个文件夹"
                              "（或打包成一个 .zip 压缩包）后重试。")


def consolidate_into(book: MasterBook, inbox: Path, dry_run: bool = False) -> ConsolidationResult:
    """Consolidate the copies below ``inbox`` into an opened master, in memory only.

    The computed columns are recomputed from the new entries.
    """
    copies = scan_inbox(Path(inbox), skip=[book.path])
    identity = MasterIdentity(book.meta.instance_id, book.meta.key, book.settings.deadline, book.settings)
    now = dt.datetime.now(dt.timezone.utc)
    result = consolidate(book.framework, identity, copies, now, read_entry_holders(book.workbook))
    if not dry_run:
        apply_consolidation(book, result, now)
        recompute_master(book)
    return result
