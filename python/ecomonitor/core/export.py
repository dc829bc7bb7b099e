"""Every period's entries of a master as one document (schemas/export.schema.json).

The same records go to JSON as they are and to CSV as one row each, with
the columns in the order the schema lists the record's fields.
"""

from __future__ import annotations

import datetime as dt
import math

from ecomonitor.core.history import HistoryRecord
from ecomonitor.core.period import Period
from ecomonitor.core.schema import load_schema

FORMAT = "ecomonitor-export"
VERSION = 1
SCHEMA = "export"
LIST_SEPARATOR = "、"

# Spreadsheet programs run a CSV cell that starts with one of these characters as a
# formula (OWASP "CSV Injection"), so such text cells get a leading apostrophe.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def record_fields() -> list[str]:
    """Return the record's field names in the schema's order: the CSV columns."""
    return list(load_schema(SCHEMA)["$defs"]["record"]["properties"])


def export_document(title: str, instance_id: str, current: Period, archived: list[HistoryRecord],
                    current_records: list[HistoryRecord], exported_at: dt.datetime) -> dict:
    """Build the export of the archived records and the current period's records."""
    records = [_record(record, True) for record in archived]
    records += [_record(record, False) for record in current_records]
    return {
        "format": FORMAT,
        "version": VERSION,
        "title": title,
        "instance_id": instance_id,
        "exported_at": exported_at.isoformat(timespec="seconds"),
        "current_period": {"year": current.year, "quarter": current.quarter},
        "periods": _periods(records),
        "records": records,
    }


def _record(record: HistoryRecord, archived: bool) -> dict:
    return {
        "year": record.period.year,
        "quarter": record.period.quarter,
        "period": record.period.label,
        "archived": archived,
        "task_id": record.task_id,
        "category": record.category,
        "indicator": record.indicator,
        "lead_units": record.lead_units,
        "owners": list(record.owners),
        "target": record.target,
        "progress": record.progress,
        "rate": _number(record.rate),
        "rate_text": record.rate_text,
        "time_progress": _number(record.time_progress),
        "status": record.status,
        "note": record.note,
    }


def _number(value: float | None) -> float | None:
    return None if value is None or math.isnan(value) else float(value)


def _periods(records: list[dict]) -> list[dict]:
    periods: dict[tuple[int, int], dict] = {}
    for record in records:
        key = (record["year"], record["quarter"])
        entry = periods.setdefault(key, {
            "year": record["year"], "quarter": record["quarter"], "label": record["period"],
            "archived": record["archived"], "tasks": 0, "reported": 0, "rates": [],
        })
        entry["tasks"] += 1
        if record["progress"] and record["rate"] is not None:
            entry["reported"] += 1
            entry["rates"].append(record["rate"])
    result = []
    for key in sorted(periods):
        entry = periods[key]
        rates = entry.pop("rates")
        entry["average_rate"] = sum(rates) / len(rates) if rates else None
        result.append(entry)
    return result


def csv_rows(document: dict) -> list[list[object]]:
    """Return the header row and one row per record, in the schema's column order."""
    fields = record_fields()
    rows: list[list[object]] = [fields]
    for record in document["records"]:
        rows.append([_cell(record[name]) for name in fields])
    return rows


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return neutralize_formula(LIST_SEPARATOR.join(value))
    if isinstance(value, str):
        return neutralize_formula(value)
    return value


def neutralize_formula(text: str) -> str:
    """Prefix an apostrophe to text that Excel, WPS or LibreOffice would read as a formula.

    Numbers are never passed here, so a negative rate stays a number in the CSV.
    """
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text
