"""Loading a framework from a monitoring table, a framework JSON file or the example."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from ecomonitor.core.departments import DepartmentRegister, load_register
from ecomonitor.core.serialize import load_framework
from ecomonitor.tables import read_table
from ecomonitor.tables.assemble import ImportResult

EXAMPLE_TABLE = "xiangxi-eco-monitoring-2023q2.txt"


def example_table_path() -> Path:
    """Return the path of the example table installed with the package."""
    return Path(str(resources.files("ecomonitor.examples").joinpath(EXAMPLE_TABLE)))


def load_source(source: Path | None, register_path: Path | None = None) -> ImportResult:
    """Read a table (.txt, .docx), a framework (.json), or the example when None."""
    path = example_table_path() if source is None else Path(source)
    if path.suffix.lower() == ".json":
        return ImportResult(load_framework(path))
    register: DepartmentRegister = load_register(register_path)
    return read_table(path, register)
