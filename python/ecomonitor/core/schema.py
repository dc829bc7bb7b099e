"""JSON Schemas of the package (the top-level ``schemas/`` folder) and checks against them."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from jsonschema import Draft202012Validator

from ecomonitor.errors import FrameworkSchemaError

MAX_LISTED = 20


@cache
def load_schema(name: str) -> dict:
    """Load ``schemas/<name>.schema.json``."""
    text = resources.files("ecomonitor.schemas").joinpath(f"{name}.schema.json").read_text("utf-8")
    return json.loads(text)


def schema_errors(document: object, name: str) -> list[str]:
    """Return every violation of the schema as 'path: message', in document order."""
    validator = Draft202012Validator(load_schema(name))
    errors = sorted(validator.iter_errors(document), key=lambda error: list(error.absolute_path))
    return [f"{error.json_path}: {error.message}" for error in errors]


def check_schema(document: object, name: str, source: str) -> None:
    """Raise FrameworkSchemaError listing the violations, if there are any."""
    errors = schema_errors(document, name)
    if not errors:
        return
    listed = "\n".join(f"  - {error}" for error in errors[:MAX_LISTED])
    more = f"\n  ……另有 {len(errors) - MAX_LISTED} 处" if len(errors) > MAX_LISTED else ""
    raise FrameworkSchemaError(
        f"“{source}”不符合 schemas/{name}.schema.json，共 {len(errors)} 处：\n{listed}{more}"
    )
