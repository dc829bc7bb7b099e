"""The core stays free of workbook libraries."""

from __future__ import annotations

import ast
from pathlib import Path

import ecomonitor.core

FORBIDDEN = {"openpyxl", "xlwings", "python_calamine", "docx"}


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_core_imports_no_workbook_library():
    folder = Path(ecomonitor.core.__file__).parent
    modules = sorted(folder.glob("*.py"))
    assert len(modules) > 10
    for module in modules:
        assert not imported_roots(module) & FORBIDDEN, module.name
