"""The master workbook as a file: parts, layout, settings, and LibreOffice."""

from __future__ import annotations

import zipfile

import pytest
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from ecomonitor.core.layout import CATEGORY_COLUMNS
from ecomonitor.core.serialize import framework_to_dict
from ecomonitor.errors import WorkbookError
from ecomonitor.xlsx.master import open_master
from ecomonitor.xlsx.package import MAIN_CONTENT_TYPES, read_content_type
from helpers.libreoffice import convert

SHEETS = ["说明", "绿色低碳发展", "生态修复治理", "生态文化旅游", "矿业绿色发展", "绿色食品发展",
          "生态宜居城乡建设", "彩色森林", "绿色生产生活", "智慧城市建设", "绿色示范创建", "单位", "配置"]


def test_macro_enabled_content_type(example_master):
    assert read_content_type(example_master) == MAIN_CONTENT_TYPES[".xlsm"]
    with zipfile.ZipFile(example_master) as package:
        assert package.testzip() is None


def test_sheets_in_order(example_master):
    workbook = load_workbook(example_master)
    visible = [s.title for s in workbook.worksheets if s.sheet_state == "visible"]
    assert visible == SHEETS
    assert workbook["_meta"].sheet_state == "veryHidden"


def test_category_sheet_layout(example_master):
    sheet = load_workbook(example_master)["绿色低碳发展"]
    assert sheet["A1"].value == "一、打造绿色低碳发展样板指标监测表（2023年二季度）"
    headers = [cell.value for cell in sheet[2]][: len(CATEGORY_COLUMNS)]
    assert headers == ["任务编号", "指标", "牵头单位", "责任单位", "2023年目标任务", "二季度进展", "完成率",
                       "序时进度", "状态", "其他单位填报", "备注", "核算完成率", "核算说明", "关联任务", "上期进展"]
    assert sheet.freeze_panes == "A3"
    assert sheet["A3"].value == "T01-01-01"
    assert sheet["D3"].value == "州发改委、州生态环境局、州住建局、州工信局"
    assert sheet["E3"].alignment.wrap_text
    assert sheet.column_dimensions["E"].width == 29
    assert sheet.max_row == 2 + 14


def test_rates_are_percent_numbers(example_master):
    sheet = load_workbook(example_master)["生态修复治理"]
    rates = {sheet.cell(row, 1).value: sheet.cell(row, 7) for row in range(3, sheet.max_row + 1)}
    assert rates["T02-03-04"].value == 0.528
    assert rates["T02-03-04"].number_format == "0.00%"
    assert rates["T02-01-01"].number_format == "0%"


def test_row_heights_fit_text(example_master):
    sheet = load_workbook(example_master)["生态修复治理"]
    heights = {sheet.cell(row, 1).value: sheet.row_dimensions[row].height for row in range(3, sheet.max_row + 1)}
    assert heights["T02-02-01"] > heights["T02-01-02"]
    assert all(height >= 19 for height in heights.values())


def test_print_setup(example_master):
    sheet = load_workbook(example_master)["彩色森林"]
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.paperSize == 9  # A4
    assert sheet.page_setup.fitToWidth == 1
    assert sheet.print_title_rows == "$1:$2"
    assert "第 &P 页 共 &N 页" in sheet.oddFooter.center.text


def test_settings_sheet(example_master):
    book = open_master(example_master)
    assert (book.settings.year, book.settings.quarter) == (2023, 2)
    assert book.settings.lag_threshold == 10
    sheet = book.workbook["配置"]
    assert sheet["A3"].value == "年度"
    assert sheet["B3"].value == 2023


def test_register_sheet(example_master):
    book = open_master(example_master)
    assert len(book.register.departments) == 16
    assert book.register.resolve("州住建局（州人防办）") == "州住建局"
    sheet = book.workbook["单位"]
    counts = {sheet.cell(row, 1).value: sheet.cell(row, 5).value for row in range(3, sheet.max_row + 1)}
    assert counts["州住建局"] == 25


def test_master_round_trip(example_master, example):
    framework = open_master(example_master).framework
    expected, actual = framework_to_dict(example), framework_to_dict(framework)
    for task in expected["tasks"] + actual["tasks"]:
        task.pop("source")
        task.pop("rate_text")
    assert actual == expected


def test_master_edits_read_back(example_master, tmp_path):
    path = tmp_path / "edited.xlsm"
    path.write_bytes(example_master.read_bytes())
    book = open_master(path)
    book.cell("T01-01-01", "owners").value = "州发改委"
    from ecomonitor.xlsx.master import save_master
    save_master(book)
    assert open_master(path).framework.task("T01-01-01").owners == ["州发改委"]


def test_unknown_owner_in_master_reported(example_master, tmp_path):
    path = tmp_path / "edited.xlsm"
    path.write_bytes(example_master.read_bytes())
    book = open_master(path)
    book.cell("T01-01-02", "owners").value = "州外星局"
    from ecomonitor.xlsx.master import save_master
    save_master(book)
    with pytest.raises(WorkbookError) as caught:
        open_master(path)
    assert "州外星局" in str(caught.value)
    assert "第 4 行" in str(caught.value)


def test_copy_is_not_a_master(tmp_path):
    path = tmp_path / "plain.xlsm"
    from openpyxl import Workbook
    Workbook().save(path)
    with pytest.raises(WorkbookError) as caught:
        open_master(path)
    assert "不是平台主表" in str(caught.value)


def test_missing_master_file(tmp_path):
    with pytest.raises(WorkbookError) as caught:
        open_master(tmp_path / "none.xlsm")
    assert "找不到主表" in str(caught.value)


def test_libreoffice_opens_master(example_master, tmp_path):
    converted = convert(example_master, "xlsx", tmp_path)
    workbook = CalamineWorkbook.from_path(str(converted))
    assert [name for name in workbook.sheet_names if name != "_meta"] == [*SHEETS, "xlwings.conf"]
    rows = workbook.get_sheet_by_name("生态修复治理").to_python()
    assert rows[2][0] == "T02-01-01"
