"""Category and department names that Excel or the file system cannot take as they are."""

from __future__ import annotations

import json

import pytest

from ecomonitor.core.model import Category
from ecomonitor.core.serialize import framework_to_dict, load_framework, save_framework
from ecomonitor.core.settings import Settings
from ecomonitor.core.sheetnames import safe_sheet_name, sheet_name_problem
from ecomonitor.errors import FrameworkSchemaError, WorkbookError
from ecomonitor.jobs.build import build
from ecomonitor.jobs.split import split
from ecomonitor.core.instance import new_meta
from ecomonitor.tables import read_table
from ecomonitor.xlsx.copies import unique_copy_file_names
from ecomonitor.xlsx.master import build_master, open_master

HEADER = "\t指标\n\t牵头单位\n\t2023年目标任务\n\t二季度进展\n\t完成率\n"
ROW = "\n\t1.指标\n\t州林业局\n\t目标{}\n\t进展\n\t50%\n"
NAMES = ["History", "ABC", "abc", "很长的名字" * 8, "汇总 ", "'引号'", "甲/乙[丙]", "历史"]
NUMERALS = "一二三四五六七八"


@pytest.fixture()
def clashing_table(tmp_path):
    text = "".join(
        f"{numeral}、打造{name}样板指标监测表\n" + HEADER + ROW.format(number)
        for number, (numeral, name) in enumerate(zip(NUMERALS, NAMES), start=1)
    )
    path = tmp_path / "监测表.txt"
    path.write_text(text, "utf-8")
    return path


def test_import_picks_safe_names(clashing_table):
    result = read_table(clashing_table)
    sheets = [category.sheet for category in result.framework.categories]
    assert sheets == ["History(2)", "ABC", "abc(2)", ("很长的名字" * 7)[:31], "汇总(2)", "引号", "甲乙丙", "历史(2)"]
    for sheet in sheets:
        assert sheet_name_problem(sheet) is None, sheet
    assert len(result.warnings) == 7


def test_import_warning_names_category(clashing_table):
    warnings = read_table(clashing_table).warnings
    assert any("“History”是 Excel 或平台保留的名称" in w and "“History(2)”" in w for w in warnings)
    assert any("“abc”与类别“二、打造ABC样板指标监测表”的“ABC”" in w and "不分大小写" in w for w in warnings)
    assert any("Excel 最多允许 31 个" in w for w in warnings)
    assert any("不允许的字符 / [ ]" in w for w in warnings)


def test_build_places_every_task(clashing_table, tmp_path):
    master = tmp_path / "主表.xlsm"
    build(clashing_table, master, empty=True)
    book = open_master(master)
    assert {task.id for task in book.framework.tasks} == {f"T0{n}-01-01" for n in range(1, 9)}
    assert "abc(2)" in book.workbook.sheetnames


def test_framework_json_rejects_names(clashing_table, tmp_path):
    framework = read_table(clashing_table).framework
    path = tmp_path / "框架.json"
    save_framework(framework, path)
    document = json.loads(path.read_text("utf-8"))
    for entry, sheet in zip(document["categories"], ["history", "ABC", "abc", "a", "汇总 ", "'引号'", "b", "c"]):
        entry["sheet"] = sheet
    path.write_text(json.dumps(document, ensure_ascii=False), "utf-8")
    with pytest.raises(FrameworkSchemaError) as caught:
        load_framework(path)
    message = str(caught.value)
    assert "类别“一、打造History样板指标监测表”的工作表名“history”是 Excel 或平台保留的名称" in message
    assert "“abc”与“ABC”在 Excel 中是同一个名称" in message
    assert "“汇总 ”首尾有空格" in message
    assert "以单引号开头或结尾" in message
    assert "categories" in message


def test_build_master_checks_placement(clashing_table, tmp_path):
    framework = read_table(clashing_table).framework
    framework.categories[2] = Category(number=3, heading=framework.categories[2].heading, sheet="ABC")
    path = tmp_path / "主表.xlsm"
    with pytest.raises(WorkbookError) as caught:
        build_master(framework, path, new_meta(framework.title, framework.categories), Settings(2023, 2))
    assert "T03-01-01" in str(caught.value)
    assert "工作表“ABC”" in str(caught.value)
    assert not path.exists()


def test_safe_name_of_empty_heading():
    assert safe_sheet_name("[]", set(), fallback="类别一") == "类别一"
    assert safe_sheet_name("x" * 40, {"x" * 31}, fallback="") == "x" * 28 + "(2)"


def test_copy_file_names_stay_distinct(example):
    names = unique_copy_file_names(["州A/B局", "州A_B局", "州a_b局", "州林业局"], example)
    assert names == {
        "州A/B局": "州A_B局_2023年二季度.xlsx",
        "州A_B局": "州A_B局_2023年二季度_2.xlsx",
        "州a_b局": "州a_b局_2023年二季度_3.xlsx",
        "州林业局": "州林业局_2023年二季度.xlsx",
    }


def test_split_writes_clashing_departments(tmp_path):
    register = tmp_path / "名册.json"
    register.write_text(json.dumps({"departments": [
        {"name": "州ABC局", "aliases": []}, {"name": "州abc局", "aliases": []}]}, ensure_ascii=False), "utf-8")
    table = tmp_path / "监测表.txt"
    table.write_text("一、打造甲样板指标监测表\n" + HEADER + "\n\t1.指标\n\t州ABC局\n\t目标一\n\t进展\n\t50%\n"
                     "\n\t2.指标\n\t州abc局\n\t目标二\n\t进展\n\t50%\n", "utf-8")
    master = tmp_path / "主表.xlsm"
    build(table, master, register, empty=True)
    result = split(master, tmp_path / "下发")
    paths = [path for _, _, path in result.copies]
    assert len(paths) == 2
    assert len({path.name.casefold() for path in paths}) == 2
    assert all(path.is_file() for path in paths)
