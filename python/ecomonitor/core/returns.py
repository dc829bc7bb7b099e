"""Returned department copies as plain data, before any rule is applied.

The openpyxl/calamine adapter fills these from the files; the consolidation
rules in ``ecomonitor.core.consolidate`` read only these.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ecomonitor.core.findings import Finding


@dataclass(frozen=True)
class ErrorValue:
    """An error value in a cell in place of a value, such as #DIV/0! or #N/A."""

    text: str

    def __str__(self) -> str:
        return self.text


@dataclass
class CopyRow:
    """A data row of a returned copy: its ID, fixed texts as found, and the entries.

    ``progress`` is the text as read, or an ErrorValue for an error cell.
    ``rate`` is the cell value as read: number, text, ErrorValue or None.
    """

    row: int
    task_id: str
    indicator: str
    target: str
    progress: str | ErrorValue
    rate: object


@dataclass
class ReturnedCopy:
    """One file found in the inbox, or one member of a zip archive in it.

    ``problem`` is set when the file could not be read as a copy at all; then
    ``metadata`` and ``rows`` are empty. ``notes`` are findings about a file
    that was read, such as an extension that does not match its content.
    ``file_time`` is the file's modification time, or the time a zip archive
    records for the member; ``saved_at`` falls back to it when the file has
    no save time of its own.
    """

    path: str
    name: str
    sha256: str
    saved_at: dt.datetime | None = None
    saved_at_source: str = ""
    file_time: dt.datetime | None = None
    metadata: object = None
    rows: list[CopyRow] = field(default_factory=list)
    sheet: str = ""
    problem: Finding | None = None
    notes: list[Finding] = field(default_factory=list)
