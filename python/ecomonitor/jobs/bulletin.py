"""Writing the quarterly bulletin (通报) of a master as a Word draft."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ecomonitor.core.bulletin import (
    DEFAULT_ISSUER,
    DEFAULT_RECIPIENTS,
    Bulletin,
    Unreported,
    compose_bulletin,
    departments_without_entries,
)
from ecomonitor.jobs.summary import report_of
from ecomonitor.word.bulletin import write_bulletin_docx
from ecomonitor.xlsx.master import open_master
from ecomonitor.xlsx.report_sheets import read_late, read_unreported


@dataclass
class BulletinResult:
    path: Path
    bulletin: Bulletin
    unreported: Unreported


def write_bulletin(master: Path, output: Path, day: dt.date | None = None, issuer: str = DEFAULT_ISSUER,
                   recipients: str = DEFAULT_RECIPIENTS) -> BulletinResult:
    """Compose the current period's bulletin from the master and write it to ``output`` (.docx).

    The departments that did not report come from the 未报送 sheet when it
    belongs to the current period. Otherwise they are the departments none
    of whose tasks has an entry.
    """
    book = open_master(master)
    report = report_of(book)
    period = book.framework.period
    listed = read_unreported(book.workbook, period)
    if listed is None:
        unreported = Unreported(departments_without_entries(report), from_sheet=False)
    else:
        unreported = Unreported(listed, from_sheet=True, late=read_late(book.workbook, period))
    day = day or dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).date()
    bulletin = compose_bulletin(book.framework, report, unreported, day, issuer, recipients)
    write_bulletin_docx(bulletin, Path(output))
    return BulletinResult(Path(output), bulletin, unreported)
