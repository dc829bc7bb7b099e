"""The button functions on xlwings' remote engine, with payloads read from real masters."""

from __future__ import annotations

import dataclasses
import shutil
from collections import Counter
from pathlib import Path

import pytest
from openpyxl import Workbook

from ecomonitor import live
from ecomonitor.core.serialize import save_framework
from ecomonitor.jobs.build import build
from ecomonitor.jobs.split import split
from ecomonitor.tables import read_table
from ecomonitor.xlsx.fill import Typed, fill_copy
from ecomonitor.xlsx.master import open_master, save_master
from helpers.remote import actions, alerts, remote_book

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "xiangxi-eco-monitoring-2023q2.txt"


def doubled(framework):
    """The framework with a second task beside every task, under a new ID."""
    extra = []
    for indicator in framework.indicators:
        tasks = [task for task in framework.tasks if task.indicator_id == indicator.id]
        for offset, task in enumerate(tasks, start=len(tasks) + 1):
            extra.append(dataclasses.replace(task, id=f"T{indicator.id[1:]}-{offset:02d}", lead_departments=list(
                task.lead_departments), owners=list(task.owners)))
    framework.tasks = sorted(framework.tasks + extra, key=lambda task: task.id)
    return framework


@pytest.fixture()
def folder(tmp_path):
    path = tmp_path / "平台 文件夹"
    path.mkdir()
    return path


@pytest.fixture()
def master(empty_master, folder):
    path = folder / "主表.xlsm"
    shutil.copy(empty_master, path)
    return path


@pytest.fixture(scope="session")
def doubled_master(tmp_path_factory):
    source = tmp_path_factory.mktemp("doubled") / "framework.json"
    save_framework(doubled(read_table(EXAMPLE).framework), source)
    path = source.with_name("doubled.xlsm")
    build(source, path, empty=True)
    return path


def fill_returns(master, framework, departments, inbox, progress=None):
    """Write filled copies of ``departments`` into ``inbox``, as the departments would return them."""
    result = split(master, master.parent / "copies-made-by-test")
    for name, _count, path in result.copies:
        if name in departments:
            entries = {t.id: Typed(progress or t.progress or "已推进", t.rate if t.rate is not None else 0.5,
                                   t.rate_text) for t in framework.tasks_owned_by(name)}
            fill_copy(path, entries, inbox / path.name)


def counts(book) -> Counter:
    return Counter(action["func"] for action in actions(book))


def test_help_shows_one_message(master):
    book = remote_book(master)
    live.show_help(book)
    assert counts(book) == Counter({"alert": 1})
    assert "生成部门填报表" in alerts(book)[0]


def test_split_writes_copies_beside_master(master, folder):
    book = remote_book(master)
    live.split_copies(book)
    assert len(list((folder / "下发").glob("*.xlsx"))) == 16
    assert counts(book) == Counter({"alert": 1})
    assert "16 个单位" in alerts(book)[0]


def test_consolidate_writes_values_and_sheets(master, folder, example):
    fill_returns(master, example, {"州水利局"}, folder / "收回")
    book = remote_book(master)
    live.consolidate_returns(book)
    found = counts(book)
    assert found["alert"] == 1
    assert "采用 1 份填报表" in alerts(book)[0]
    added = [action["args"][1] for action in actions(book) if action["func"] == "addSheet"]
    assert added == ["报送情况", "未报送", "变更记录"]
    location = open_master(master).locations["T10-02-01"]
    sheet_index = open_master(master).workbook.sheetnames.index(location.sheet)
    rate_column = location.columns["rate"]
    writes = [a for a in actions(book) if a["func"] == "setValues" and a["sheet_position"] == sheet_index
              and a["start_column"] == rate_column]
    assert len(writes) == 1
    rows = range(writes[0]["start_row"], writes[0]["start_row"] + writes[0]["row_count"])
    assert 0.303 in [writes[0]["values"][row - rows.start][0] for row in rows if row == location.row - 1]


def test_consolidate_keeps_formula_text_as_text(master, folder, example):
    fill_returns(master, example, {"州水利局"}, folder / "收回", progress="=HYPERLINK(\"x\")")
    book = remote_book(master)
    live.consolidate_returns(book)
    written = [value for action in actions(book) if action["func"] == "setValues"
               for row in action["values"] for value in row]
    assert "'=HYPERLINK(\"x\")" in written
    assert "=HYPERLINK(\"x\")" not in written


def test_consolidate_without_inbox_says_where(master, folder):
    book = remote_book(master)
    live.consolidate_returns(book)
    assert counts(book) == Counter({"alert": 1})
    assert str(folder / "收回") in alerts(book)[0]


def test_summary_adds_sheets_with_values(master):
    book = remote_book(master)
    live.write_summary(book)
    added = [action["args"][1] for action in actions(book) if action["func"] == "addSheet"]
    assert added == ["汇总", "单位汇总", "滞后清单", "图表", "趋势", "进展未变化"]
    values = [value for action in actions(book) if action["func"] == "setValues"
              for row in action["values"] for value in row]
    assert "合计" in values
    assert counts(book)["setValues"] == 6
    assert counts(book)["alert"] == 1


def test_summary_twice_rewrites_in_place(master, tmp_path):
    first = remote_book(master)
    live.write_summary(first)
    from ecomonitor.jobs.summary import summarize

    summarize(master)
    second = remote_book(master)
    live.write_summary(second)
    assert "addSheet" not in counts(second)
    assert [alert for alert in alerts(second) if "未完成" in alert] == []


def written_values(book) -> list[object]:
    return [value for action in actions(book) if action["func"] == "setValues"
            for row in action["values"] for value in row]


def test_compute_writes_computed_columns(master):
    book_file = open_master(master)
    book_file.cell("T07-03-01", "progress").value = "全州完成中药材建设9500亩。"
    book_file.cell("T07-03-01", "rate").value = 0.79
    save_master(book_file)
    book = remote_book(master)
    live.compute_rates(book)
    assert counts(book)["alert"] == 1
    assert "已核算 104 项任务" in alerts(book)[0]
    location = open_master(master).locations["T07-03-01"]
    sheet_index = open_master(master).workbook.sheetnames.index(location.sheet)
    writes = {a["start_column"]: a for a in actions(book)
              if a["func"] == "setValues" and a["sheet_position"] == sheet_index}
    computed = writes[location.columns["computed_rate"]]
    assert computed["values"][location.row - 1 - computed["start_row"]][0] == pytest.approx(9500 / 12000, abs=1e-6)
    status = writes[location.columns["status"]]
    assert status["values"][location.row - 1 - status["start_row"]][0] == "超序时"


def test_validate_adds_findings_sheet(example_master, folder):
    path = folder / "主表.xlsm"
    shutil.copy(example_master, path)
    book = remote_book(path)
    live.validate(book)
    added = [action["args"][1] for action in actions(book) if action["func"] == "addSheet"]
    assert added == ["校验结果"]
    assert "rate-mismatch" in written_values(book)
    assert counts(book)["alert"] == 1
    assert "校验结果" in alerts(book)[0]
    assert "错误 0 条" in alerts(book)[0]


def test_validate_reports_what_blocks_other_buttons(master):
    book_file = open_master(master)
    book_file.cell("T01-01-02", "owners").value = "州外星局"
    save_master(book_file)
    book = remote_book(master)
    live.validate(book)
    assert "department-unknown" in written_values(book)
    assert "错误 1 条" in alerts(book)[0]
    assert actions(book)[-1]["args"][3] != "critical"


def test_validate_guesses_widths_from_layout(example_master, folder):
    path = folder / "主表.xlsm"
    shutil.copy(example_master, path)
    book = remote_book(path)
    live.validate(book)
    assert "text-too-long" not in written_values(book)


def test_new_period_archives_and_moves_on(example_master, folder):
    path = folder / "主表.xlsm"
    shutil.copy(example_master, path)
    book = remote_book(path)
    live.new_period(book)
    assert counts(book)["alert"] == 1
    assert "已进入 2023年三季度" in alerts(book)[0]
    assert "104 项任务已存入“历史”" in alerts(book)[0]
    added = [action["args"][1] for action in actions(book) if action["func"] == "addSheet"]
    assert added == ["历史"]
    written = written_values(book)
    assert "三季度进展" in written
    assert "2023Q2" in written or any(isinstance(v, str) and "2023年二季度" in v for v in written)


def test_new_period_on_empty_quarter_refused(master):
    book = remote_book(master)
    live.new_period(book)
    assert counts(book) == Counter({"alert": 1})
    text = alerts(book)[0]
    assert "还没有任何任务填报" in text
    assert "ecomonitor new-period" in text
    assert "--allow-empty" in text
    assert "Traceback" not in text


def test_pdf_needs_excel(master):
    book = remote_book(master)
    live.export_pdf(book)
    assert counts(book) == Counter({"alert": 1})
    assert "需要在 Excel 中使用" in alerts(book)[0]


def test_other_workbook_gets_chinese_error(tmp_path):
    path = tmp_path / "其他.xlsx"
    Workbook().save(path)
    book = remote_book(path)
    live.write_summary(book)
    assert counts(book) == Counter({"alert": 1})
    assert "不是平台主表" in alerts(book)[0]
    assert actions(book)[0]["args"][3] == "critical"


def test_unsaved_workbook_asks_to_save(master):
    book = remote_book(master, name="主表.xlsm")
    live.split_copies(book)
    assert "尚未保存" in alerts(book)[0]


def test_unexpected_error_has_no_traceback(master, monkeypatch):
    from ecomonitor.live import buttons

    def broken(*_args):
        raise KeyError("sheet")

    monkeypatch.setattr(buttons, "summarize_book", broken)
    book = remote_book(master)
    live.write_summary(book)
    text = alerts(book)[0]
    assert "意外错误" in text
    assert "Traceback" not in text


def test_actions_do_not_grow_with_tasks(master, doubled_master, example, tmp_path):
    big = tmp_path / "big" / "主表.xlsm"
    big.parent.mkdir()
    shutil.copy(doubled_master, big)
    big_framework = open_master(big).framework
    assert len(big_framework.tasks) == 2 * len(example.tasks)
    departments = set(example.department_names())
    # The same progress text everywhere, so the computed columns change alike in both masters.
    fill_returns(master, example, departments, master.parent / "收回", progress="已推进")
    fill_returns(big, big_framework, departments, big.parent / "收回", progress="已推进")
    for button in (live.consolidate_returns, live.write_summary, live.split_copies, live.compute_rates,
                   live.validate):
        # One book at a time: the remote engine sends alerts to the newest book.
        small_book = remote_book(master)
        button(small_book)
        big_book = remote_book(big)
        button(big_book)
        assert counts(big_book) == counts(small_book), (button.__name__, alerts(big_book))
        assert sum(counts(small_book).values()) < 150, button.__name__


def test_summary_button_keeps_office_sheet(master):
    from openpyxl import load_workbook

    workbook = load_workbook(master, keep_vba=True)
    workbook.create_sheet("汇总")["A1"] = "办公室自己的统计"
    workbook.save(master)
    book = remote_book(master)
    live.write_summary(book)
    assert "addSheet" not in counts(book)
    [alert] = alerts(book)
    assert "已有工作表“汇总”" in alert
    assert "不会覆盖" in alert
