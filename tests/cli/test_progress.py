"""The terminal progress display."""

from __future__ import annotations

import shutil

from rich.progress import Progress

from ecomonitor.cli.progress import CountColumn
from ecomonitor.jobs.consolidate import consolidate_inbox


def test_count_shown_only_when_known():
    with Progress(disable=True) as display:
        counted = display.add_task("读取填报表", total=5, completed=2)
        uncounted = display.add_task("生成汇总表", total=None)
        tasks = {task.id: task for task in display.tasks}
    assert CountColumn().render(tasks[counted]).plain == "2/5"
    assert CountColumn().render(tasks[uncounted]).plain == ""


def test_consolidate_names_each_step(empty_master, filled_copy, tmp_path):
    master = tmp_path / "主表.xlsm"
    shutil.copy(empty_master, master)
    inbox = tmp_path / "收回"
    inbox.mkdir()
    shutil.copy(filled_copy, inbox / "州水利局.xlsx")
    steps: list[str] = []
    consolidate_inbox(master, inbox, summary=True, step=steps.append)
    assert steps == ["写入主表并重新核算", "生成汇总表", "保存并核对主表"]
