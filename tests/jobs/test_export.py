"""Exporting every period as JSON (checked against the schema) and CSV (columns from the schema)."""

from __future__ import annotations

import csv
import io
import json

import pytest

from ecomonitor.core.export import record_fields
from ecomonitor.core.schema import load_schema, schema_errors
from ecomonitor.jobs.export import export_master, render, write_export


@pytest.fixture(scope="module")
def document(rolled):
    return export_master(rolled.q4)


def test_json_matches_schema(document):
    assert schema_errors(document, "export") == []
    assert schema_errors(json.loads(render(document, "json")), "export") == []


def test_every_period_exported(document):
    periods = [(p["label"], p["archived"], p["tasks"]) for p in document["periods"]]
    assert periods == [("2023年二季度", True, 104), ("2023年三季度", True, 104), ("2023年四季度", False, 104)]
    assert len(document["records"]) == 312
    assert document["current_period"] == {"year": 2023, "quarter": 4}
    q3 = next(p for p in document["periods"] if p["quarter"] == 3)
    assert q3["reported"] == 102


def test_records_hold_entries(document, rolled):
    records = {(r["quarter"], r["task_id"]): r for r in document["records"]}
    example = rolled.example.task("T02-03-04")
    assert records[(2, "T02-03-04")]["rate"] == pytest.approx(example.rate)
    assert records[(2, "T02-03-04")]["progress"] == example.progress
    assert records[(4, "T02-03-04")]["rate"] == pytest.approx(min(1.0, example.rate + 0.5))
    assert records[(3, "T03-03-01")]["status"] == "未填报"
    assert records[(3, "T03-03-01")]["rate"] is None
    assert records[(2, "T01-01-01")]["owners"] == ["州发改委", "州生态环境局", "州住建局", "州工信局"]


def test_csv_columns_follow_schema(document, tmp_path):
    path = tmp_path / "export.csv"
    write_export(render(document, "csv"), "csv", path)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    fields = record_fields()
    assert rows[0] == fields
    assert fields == list(load_schema("export")["$defs"]["record"]["required"])
    assert len(rows) == 313
    first = dict(zip(fields, rows[1]))
    assert first["period"] == "2023年二季度"
    assert first["archived"] == "true"
    assert first["owners"] == "州发改委、州生态环境局、州住建局、州工信局"
    assert float(first["rate"]) == 0.5
    unreported = next(dict(zip(fields, row)) for row in rows if row[4] == "T03-03-01" and row[1] == "3")
    assert unreported["rate"] == ""


def test_master_without_history(example_master):
    document = export_master(example_master)
    assert schema_errors(document, "export") == []
    assert [p["label"] for p in document["periods"]] == ["2023年二季度"]
    assert document["periods"][0]["archived"] is False
