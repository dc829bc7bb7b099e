"""The framework JSON and its schema."""

from __future__ import annotations

import json

import pytest

from ecomonitor.core.layout import layout_document
from ecomonitor.core.schema import schema_errors
from ecomonitor.core.serialize import framework_from_dict, framework_to_dict, load_framework, save_framework
from ecomonitor.errors import FrameworkSchemaError


def test_example_framework_valid(example):
    assert schema_errors(framework_to_dict(example), "framework") == []


def test_framework_round_trip(example, tmp_path):
    path = tmp_path / "framework.json"
    save_framework(example, path)
    assert framework_to_dict(load_framework(path)) == framework_to_dict(example)


def test_schema_violation_names_path(example):
    document = framework_to_dict(example)
    document["tasks"][3]["rate"] = "50%"
    with pytest.raises(FrameworkSchemaError) as caught:
        framework_from_dict(document, "x.json")
    assert "$.tasks[3].rate" in str(caught.value)


def test_duplicate_task_id_rejected(example):
    document = framework_to_dict(example)
    document["tasks"][1]["id"] = document["tasks"][0]["id"]
    with pytest.raises(FrameworkSchemaError) as caught:
        framework_from_dict(document, "x.json")
    assert "T01-01-01" in str(caught.value)


def test_unknown_owner_rejected(example):
    document = framework_to_dict(example)
    document["tasks"][0]["owners"] = ["州外星局"]
    with pytest.raises(FrameworkSchemaError) as caught:
        framework_from_dict(document, "x.json")
    assert "州外星局" in str(caught.value)


def test_broken_json_file(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{", "utf-8")
    with pytest.raises(FrameworkSchemaError) as caught:
        load_framework(path)
    assert "不是有效的 JSON" in str(caught.value)


def test_layouts_match_their_schema():
    assert schema_errors(layout_document(), "sheet-layouts") == []


def test_schemas_are_valid_json_schemas():
    from jsonschema import Draft202012Validator
    from importlib import resources

    for entry in resources.files("ecomonitor.schemas").iterdir():
        if entry.name.endswith(".schema.json"):
            Draft202012Validator.check_schema(json.loads(entry.read_text("utf-8")))
