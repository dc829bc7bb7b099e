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
from ecomonitor.core.period import Period
from ecomonitor.errors import EcoMonitorError
from ecomonitor.jobs.summary import report_of
from ecomonitor.word.bulletin import write_bulletin_docx
from ecomonitor.xlsx.master import open_master
from ecomonitor.xlsx.report_sheets import read_late, read_unreported


@dataclass
class BulletinResult:
    path: Path
    bulletin: Bulletin
    unreported: Unreported


def check_date(day: dt.date, period: Period) -> None:
    """Raise EcoMonitorError for a bulletin date before the quarter or more than a year after it."""
    first = period.previous().last_day + dt.timedelta(days=1)
    latest = period.last_day.replace(year=period.year + 1)
    if not first <= day <= latest:
        raise EcoMonitorError(
            f"成文日期 {day.isoformat()} 不在 {first.isoformat()} 至 {latest.isoformat()} 之间，"
            f"与主表的报告期（{period.label}）不符：请检查 --date，或不写 --date（用今天的日期）。"
        )


def write_bulletin(master: Path, output: Path, day: dt.date | None = None, issuer: str = DEFAULT_ISSUER,
                   recipients: str = DEFAULT_RECIPIENTS) -> BulletinResult:
    """Compose the current period's bulletin from the master and write it to ``output`` (.docx).

    The departments that did not report come from the 未报送 sheet when it
    belongs to the current period. Otherwise they are the departments none
    of whose tasks has an entry.
    """
    book = open_master(master)
    period = book.framework.period
    if day is not None:
        check_date(day, period)
    report = report_of(book)
    listed = read_unreported(book.workbook, period)
    if listed is None:
        unreported = Unreported(departments_without_entries(report), from_sheet=False)
    else:
        unreported = Unreported(listed, from_sheet=True, late=read_late(book.workbook, period))
    day = day or dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).date()
    bulletin = compose_bulletin(book.framework, report, unreported, day, issuer, recipients)
    write_bulletin_docx(bulletin, Path(output))
    return BulletinResult(Path(output), bulletin, unreported)
