"""Task rows as found in a sheet, and the context the validation rules read them in."""

from __future__ import annotations

from dataclasses import dataclass, field

from ecomonitor.core.computed import ComputedRate
from ecomonitor.core.departments import DepartmentRegister
from ecomonitor.core.findings import Finding, Severity
from ecomonitor.core.period import Period
from ecomonitor.core.rates import RateReading
from ecomonitor.core.settings import Settings


@dataclass
class RowRecord:
    """A task row of a master's category sheet or of a copy's data sheet.

    Texts are as written; ``rate`` is the rate cell as stored (a number or a
    text). ``columns`` maps column keys to column letters (rate → G), one
    dict shared by the rows of a sheet,
    ``formulas`` contains the keys whose cell is a formula, and ``widths``
    maps keys to column widths in Excel's units.
    """

    sheet: str
    row: int
    task_id: str
    category: str = ""
    indicator: str = ""
    lead_units: str = ""
    owners: str = ""
    target: str = ""
    progress: str = ""
    rate: object = None
    previous_progress: str = ""
    link: str = ""
    others: str = ""
    columns: dict[str, str] = field(default_factory=dict)
    formulas: frozenset[str] = frozenset()
    widths: dict[str, float] = field(default_factory=dict)

    def cell(self, key: str) -> str:
        """Return the address of the row's cell in column ``key`` (G5), or "" when the sheet lacks it."""
        letter = self.columns.get(key)
        return f"{letter}{self.row}" if letter else ""


@dataclass
class ValidationContext:
    """The file being checked and what the rules need to know about it.

    ``listed_tasks`` and ``department`` are a copy's, from its metadata; both
    are empty for a master. ``register`` is None when unknown.
    ``previous_rates`` holds each task's rate of ``previous``, the quarter
    before in the same year, when the master archived it.
    """

    file: str
    period: Period
    settings: Settings
    register: DepartmentRegister | None = None
    listed_tasks: list[str] | None = None
    department: str = ""
    previous: Period | None = None
    previous_rates: dict[str, float] = field(default_factory=dict)

    @property
    def is_copy(self) -> bool:
        return self.listed_tasks is not None


@dataclass(frozen=True)
class RowFacts:
    """A row with what is worked out from it once, for every rule to use."""

    record: RowRecord
    reading: RateReading
    time_progress: float
    computed: ComputedRate


def finding(code: str, severity: Severity, message: str, context: ValidationContext,
            record: RowRecord | None = None, key: str = "", value: object = "") -> Finding:
    """Build a finding located at a row and, when ``key`` names a column, its cell."""
    if record is None:
        return Finding(code, severity, message, file=context.file, value=str(value))
    return Finding(
        code, severity, message,
        file=context.file,
        sheet=record.sheet,
        row=record.row,
        task_id=record.task_id,
        value="" if value is None else str(value),
        cell=record.cell(key),
    )
