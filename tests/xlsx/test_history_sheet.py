"""The 历史 sheet read back by header, and a master without a 上期进展 column."""

from __future__ import annotations

import shutil

import pytest

from ecomonitor.errors import WorkbookError
from ecomonitor.jobs.periods import new_period
from ecomonitor.jobs.summary import summarize
from ecomonitor.xlsx.history_sheet import read_history
from ecomonitor.xlsx.master import open_master, save_master


@pytest.fixture()
def archived(example_master, tmp_path):
    """A copy of the example master moved to Q3, so its 历史 contains Q2."""
    path = tmp_path / "master.xlsm"
    shutil.copy(example_master, path)
    new_period(path)
    return path


def test_history_read_after_columns_moved(archived):
    book = open_master(archived)
    sheet = book.workbook["历史"]
    sheet.move_range(f"A3:A{sheet.max_row}", cols=sheet.max_column)
    save_master(book)
    history = read_history(open_master(archived).workbook)
    assert len(history.records) == 104
    assert history.records[0].period.year == 2023


def test_unreadable_history_rows_listed(archived):
    book = open_master(archived)
    sheet = book.workbook["历史"]
    sheet["A5"].value = "明年"
    sheet["D9"].value = None
    save_master(book)
    with pytest.raises(WorkbookError) as caught:
        read_history(open_master(archived).workbook)
    message = str(caught.value)
    assert "有 2 行无法读取" in message
    assert "第 5 行的年度“明年”或季度“2”无效" in message
    assert "第 9 行没有任务编号" in message


def test_history_rows_pasted_twice_rejected(archived):
    book = open_master(archived)
    sheet = book.workbook["历史"]
    for row in (4, 5):
        sheet.append([cell.value for cell in sheet[row]])
    save_master(book)
    with pytest.raises(WorkbookError) as caught:
        read_history(open_master(archived).workbook)
    message = str(caught.value)
    assert "有 2 行无法读取" in message
    assert "第 108 行与第 4 行是同一报告期（2023年二季度）同一任务" in message
    assert "删除重复的行" in message


def test_history_without_required_header(archived):
    book = open_master(archived)
    book.workbook["历史"]["K3"].value = "完成情况"
    save_master(book)
    with pytest.raises(WorkbookError) as caught:
        read_history(open_master(archived).workbook)
    assert "缺少表头“完成率”" in str(caught.value)


def test_master_without_previous_column_gets_one(example_master, tmp_path):
    path = tmp_path / "old.xlsm"
    shutil.copy(example_master, path)
    book = open_master(path)
    for category in book.meta.categories:
        sheet = book.workbook[category.sheet]
        headers = [cell.value for cell in sheet[2]]
        sheet.delete_cols(headers.index("上期进展") + 1)
    save_master(book)
    assert "previous_progress" not in open_master(path).locations["T01-01-01"].columns
    new_period(path)
    book = open_master(path)
    headers = [cell.value for cell in book.workbook["绿色低碳发展"][2]]
    assert headers[-1] == "上期进展"
    assert book.framework.task("T01-01-01").previous_progress.startswith("州政府常务会议审议通过")


def test_lost_history_sheet_stops_the_next_period(archived):
    assert open_master(archived).meta.archived == ["2023Q2"]
    book = open_master(archived)
    book.workbook["历史"].title = "旧历史"
    save_master(book)
    with pytest.raises(WorkbookError) as caught:
        new_period(archived, allow_empty=True)
    assert "工作表“历史”不见了（被删除或改名），其中有已归档的 2023年二季度 的记录" in str(caught.value)
    assert "备份" in str(caught.value)
    assert "旧历史" in open_master(archived).workbook.sheetnames


def test_emptied_history_sheet_reported(archived):
    book = open_master(archived)
    sheet = book.workbook["历史"]
    sheet.delete_rows(4, sheet.max_row)
    save_master(book)
    with pytest.raises(WorkbookError, match="工作表“历史”中没有已归档的 2023年二季度 的记录"):
        summarize(archived)
