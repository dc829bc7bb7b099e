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
    if not Path(inbox).is_dir():
        raise EcoMonitorError(f"收件文件夹“{inbox}”不存在：请把收回的填报表放进一个文件夹后重试。")


def consolidate_into(book: MasterBook, inbox: Path, dry_run: bool = False) -> ConsolidationResult:
    """Consolidate the copies below ``inbox`` into an opened master, in memory only.

    The computed columns are recomputed from the new entries.
    """
    copies = scan_inbox(Path(inbox), skip=[book.path])
    identity = MasterIdentity(book.meta.instance_id, book.meta.key, book.settings.deadline)
    result = consolidate(book.framework, identity, copies)
    if not dry_run:
        apply_consolidation(book, result, dt.datetime.now(dt.timezone.utc))
        recompute_master(book)
    return result
