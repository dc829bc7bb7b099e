"""Category sheets printed like the monitoring table, fitted rows, and print copies."""

from __future__ import annotations

import logging
import re
import shutil
import zipfile

from openpyxl import Workbook, load_workbook
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import PatternFill

from ecomonitor.core.textfit import MAX_ROW_HEIGHT
from ecomonitor.xlsx.category_print import MARKER, refresh_category_print
from ecomonitor.xlsx.print_copy import list_sheets, write_print_copy
from ecomonitor.xlsx.rowfit import fit_row
from ecomonitor.xlsx.styles import BODY_FONT, WRAP_LEFT


def merge_rules(sheet) -> list[tuple[str, str]]:
    return [(str(entry.sqref), rule.formula[0]) for entry in sheet.conditional_formatting
            for rule in entry.rules if MARKER in "".join(rule.formula or [])]


def test_repeated_indicators_hidden_by_rules(example_master):
    sheet = load_workbook(example_master)["绿色低碳发展"]
    rules = merge_rules(sheet)
    hide_b = [(ref, formula) for ref, formula in rules if ref.startswith("B") and formula.startswith("AND(")]
    assert len(hide_b) == 1
    assert re.match(r"B4[: ]", hide_b[0][0])  # from the second task row on, except page starts
    assert hide_b[0][1] == "AND(B4=B3,SUBTOTAL(103,B3)=1)"
    starts_b = [(ref, formula) for ref, formula in rules if ref.startswith("B") and formula.startswith("OR(")]
    assert starts_b == [("B3:B16", "OR(NOT(B3=B2),SUBTOTAL(103,B2)=0)")]
    hide_c = [formula for ref, formula in rules if ref.startswith("C") and formula.startswith("AND(")]
    assert hide_c[0] == "AND(B4=B3,C4=C3,SUBTOTAL(103,C3)=1)"


def test_page_start_rows_show_their_indicator(example_master):
    sheet = load_workbook(example_master)["绿色低碳发展"]
    breaks = [brk.id for brk in sheet.row_breaks.brk]
    assert breaks, "a 14-task category prints on more than one page"
    hidden_rows = set()
    for ref, formula in merge_rules(sheet):
        if ref.startswith("B") and formula.startswith("AND("):
            for span in ref.split():
                numbers = [int(number) for number in re.findall(r"\d+", span)]
                first, last = numbers[0], numbers[-1]
                hidden_rows.update(range(first, last + 1))
    for last_on_page in breaks:
        start = last_on_page + 1
        assert start not in hidden_rows
        assert sheet.cell(start, 2).border.top.style == "thin"
        assert sheet.cell(last_on_page, 2).border.bottom.style == "thin"
    assert sheet.cell(4, 2).border.top is None or sheet.cell(4, 2).border.top.style is None


def test_refresh_replaces_only_its_own_rules(example_master, tmp_path):
    workbook = load_workbook(example_master)
    sheet = workbook["绿色低碳发展"]
    sheet.conditional_formatting.add("G3:G16", CellIsRule(operator="lessThan", formula=["0.4"],
                                                           fill=PatternFill("solid", fgColor="FFC7CE")))
    before = merge_rules(sheet)
    assert len(before) == 4  # hiding and run-start rules for 指标 and 牵头单位
    refresh_category_print(sheet)
    refresh_category_print(sheet)
    assert merge_rules(sheet) == before
    others = [str(entry.sqref) for entry in sheet.conditional_formatting
              if not any(MARKER in "".join(rule.formula or []) for rule in entry.rules)]
    assert others == ["I3:I16", "G3:G16"]  # the 状态 column's colours and the rule added here


def _text_sheet(text: str, width: float = 39):
    workbook = Workbook()
    sheet = workbook.active
    sheet.column_dimensions["A"].width = width
    cell = sheet.cell(1, 1, text)
    cell.font, cell.alignment = BODY_FONT, WRAP_LEFT
    return sheet, cell


def test_row_fitted_to_text():
    sheet, _cell = _text_sheet("一" * 100)
    fitted = fit_row(sheet, 1)
    assert 80 < fitted.height < 140
    assert sheet.row_dimensions[1].height == fitted.height
    assert fitted.shrunk == fitted.overflowing == []


def test_text_longer_than_a_page_gets_smaller_font():
    sheet, cell = _text_sheet("一" * 900)
    fitted = fit_row(sheet, 1)
    assert fitted.shrunk == ["A1"]
    assert 7 <= cell.font.sz < 11
    assert fitted.height <= MAX_ROW_HEIGHT


def test_font_restored_when_text_shortens():
    sheet, cell = _text_sheet("一" * 900)
    fit_row(sheet, 1)
    cell.value = "一" * 20
    fit_row(sheet, 1, body_size=11)
    assert cell.font.sz == 11


def test_text_too_long_even_when_small_reported(caplog):
    sheet, cell = _text_sheet("一" * 5000)
    with caplog.at_level(logging.WARNING, logger="ecomonitor.xlsx.rowfit"):
        fitted = fit_row(sheet, 1)
    assert fitted.overflowing == ["A1"]
    assert cell.font.sz == 7
    assert fitted.height == MAX_ROW_HEIGHT
    assert "单元格 A1 文字太长" in caplog.text


def _workbook_part(path) -> str:
    with zipfile.ZipFile(path) as package:
        return package.read("xl/workbook.xml").decode("utf-8")


def test_print_copy_shows_only_chosen_sheets(example_master, tmp_path):
    source = tmp_path / "master.xlsm"
    shutil.copy(example_master, source)
    workbook = load_workbook(source)
    workbook["配置"].print_area = "A1:C5"
    workbook["单位"].print_area = "A1:E5"
    workbook.save(source)
    target = tmp_path / "print.xlsm"
    write_print_copy(source, target, ["彩色森林", "配置"])
    states = {entry.name: entry.state for entry in list_sheets(target)}
    assert [name for name, state in states.items() if state == "visible"] == ["彩色森林", "配置"]
    assert states["_meta"] == "veryHidden"
    assert states["说明"] == "hidden"
    text = _workbook_part(target)
    assert "'配置'!$A$1:$C$5" in text
    assert "'单位'!$A$1:$E$5" not in text
    assert re.search(r'activeTab="7"', text)
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target) as copy:
        for name in original.namelist():
            if name != "xl/workbook.xml":
                assert original.read(name) == copy.read(name), name
