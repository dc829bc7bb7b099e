"""Returned department copies as plain data, before any rule is applied.

The openpyxl/calamine adapter fills these from the files; the consolidation
rules in ``ecomonitor.core.consolidate`` read only these.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ecomonitor.core.findings import Finding


@dataclass
class CopyRow:
    """A data row of a returned copy: its ID, fixed texts as found, and the entries."""

    row: int
    task_id: str
    indicator: str
    target: str
    progress: str
    rate: object


@dataclass
class ReturnedCopy:
    """One file found in the inbox.

    ``problem`` is set when the file could not be read as a copy at all; then
    ``metadata`` and ``rows`` are empty.
    """

    path: str
    name: str
    sha256: str
    saved_at: dt.datetime | None = None
    saved_at_source: str = ""
    metadata: object = None
    rows: list[CopyRow] = field(default_factory=list)
    sheet: str = ""
    problem: Finding | None = None
