"""The computed columns of a task row: 核算完成率, 核算说明, 序时进度, 状态."""

from __future__ import annotations

from ecomonitor.core.assessment import Assessment
from ecomonitor.core.layout import CATEGORY_COLUMNS, Kind
from ecomonitor.xlsx.cells import write_value

COMPUTED_PERCENT_FORMAT = "0.0%"
# Time progress is a whole percentage except for deadlines (2/3 shows 67%),
# and its column is narrow.
TIME_PROGRESS_FORMAT = "0%"
KINDS = {column.key: column.kind for column in CATEGORY_COLUMNS}
COMPUTED_KEYS = ("computed_rate", "computed_note", "time_progress", "status")


def assessment_values(assessment: Assessment) -> dict[str, object]:
    return {
        "computed_rate": assessment.computed.value,
        "computed_note": assessment.computed.explanation or None,
        "time_progress": assessment.time_progress,
        "status": assessment.status.value,
    }


def write_computed_value(cell, key: str, value: object) -> None:
    """Write a computed value: percentages as numbers with a percent format, text as text."""
    if KINDS.get(key) is Kind.PERCENT:
        cell.value = value
        cell.number_format = TIME_PROGRESS_FORMAT if key == "time_progress" else COMPUTED_PERCENT_FORMAT
    else:
        write_value(cell, value)
