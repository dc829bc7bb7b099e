"""LibreOffice headless opens the built add-in (the master is opened in tests/xlsx)."""

from __future__ import annotations

from python_calamine import CalamineWorkbook

from helpers.libreoffice import convert

ADDIN_FILTER = "Calc MS Excel 2007 VBA XML"


def test_libreoffice_opens_addin(built_addin, tmp_path):
    converted = convert(built_addin, "xlsx", tmp_path, infilter=ADDIN_FILTER)
    workbook = CalamineWorkbook.from_path(str(converted))
    assert workbook.sheet_names == ["EcoMonitor"]
    rows = workbook.get_sheet_by_name("EcoMonitor").to_python()
    assert rows[0][0].startswith("湘西州")
