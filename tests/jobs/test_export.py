"""Exporting every period as JSON (checked against the schema) and CSV (columns from the schema)."""

from __future__ import annotations

import csv
import io
import json
import shutil

import pytest

from ecomonitor.core.export import _cell, record_fields
from ecomonitor.core.schema import load_schema, schema_errors
from ecomonitor.errors import EcoMonitorError
from ecomonitor.jobs.export import export_master, render, write_export
from ecomonitor.xlsx.cells import write_value
from ecomonitor.xlsx.master import editing_master, save_master


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


HOSTILE_PROGRESS = {
    "T01-01-01": '=HYPERLINK("http://example.invalid","点此")',
    "T01-01-02": "+86 0743 电话核实",
    "T01-01-03": "-5% 同比下降",
    "T01-02-01": "@SUM(A1)",
}


@pytest.fixture(scope="module")
def hostile_master(example_master, tmp_path_factory):
    path = tmp_path_factory.mktemp("hostile-export") / "主表.xlsm"
    shutil.copy(example_master, path)
    with editing_master(path) as book:
        for task_id, text in HOSTILE_PROGRESS.items():
            write_value(book.cell(task_id, "progress"), text)
        save_master(book)
    return path


def test_csv_neutralizes_formulas(hostile_master, tmp_path):
    path = tmp_path / "export.csv"
    write_export(render(export_master(hostile_master), "csv"), "csv", path)
    rows = list(csv.reader(io.StringIO(path.read_text("utf-8-sig"))))
    fields = rows[0]
    by_task = {row[fields.index("task_id")]: dict(zip(fields, row)) for row in rows[1:]}
    for task_id, text in HOSTILE_PROGRESS.items():
        assert by_task[task_id]["progress"] == "'" + text, task_id
    assert float(by_task["T01-01-01"]["rate"]) == 0.5
    untouched = by_task["T02-03-04"]["progress"]
    assert not untouched.startswith("'")


def test_json_keeps_text_as_is(hostile_master):
    records = {r["task_id"]: r for r in export_master(hostile_master)["records"]}
    assert records["T01-01-01"]["progress"] == HOSTILE_PROGRESS["T01-01-01"]


def test_negative_number_stays_number():
    assert _cell(-0.25) == -0.25
    assert _cell("-0.25") == "'-0.25"
    assert _cell(["=A1", "州林业局"]) == "'=A1、州林业局"
    assert _cell("\t=A1") == "'\t=A1"
    assert _cell("\r=A1") == "'\r=A1"


def test_export_rejects_existing_file(document, tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("办公室自己的文件", "utf-8")
    with pytest.raises(EcoMonitorError, match="已存在.*--force"):
        write_export(render(document, "csv"), "csv", path)
    assert path.read_text("utf-8") == "办公室自己的文件"
    write_export(render(document, "csv"), "csv", path, overwrite=True)
    assert path.read_text("utf-8-sig").startswith("year,")


def test_export_rejects_master_path(hostile_master):
    before = hostile_master.read_bytes()
    with pytest.raises(EcoMonitorError, match="就是主表本身"):
        write_export("x", "csv", hostile_master, master=hostile_master, overwrite=True)
    assert hostile_master.read_bytes() == before
