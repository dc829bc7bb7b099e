"""Consolidating the returned copies of an inbox folder into a master."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ecomonitor.core.consolidate import ConsolidationResult, MasterIdentity, consolidate
from ecomonitor.errors import EcoMonitorError
from ecomonitor.xlsx.apply import apply_consolidation
from ecomonitor.xlsx.inbox import scan_inbox
from ecomonitor.xlsx.master import open_master, save_master


def consolidate_inbox(master: Path, inbox: Path, dry_run: bool = False) -> ConsolidationResult:
    """Read every copy below ``inbox`` and write the accepted entries into ``master``.

    With ``dry_run`` the result is computed and returned, and nothing is written.
    """
    inbox = Path(inbox)
    if not inbox.is_dir():
        raise EcoMonitorError(f"收件文件夹“{inbox}”不存在：请把收回的填报表放进一个文件夹后重试。")
    book = open_master(master)
    copies = scan_inbox(inbox)
    identity = MasterIdentity(book.meta.instance_id, book.meta.key, book.settings.deadline)
    result = consolidate(book.framework, identity, copies)
    if not dry_run:
        apply_consolidation(book, result, dt.datetime.now(dt.timezone.utc))
        save_master(book)
    return result
