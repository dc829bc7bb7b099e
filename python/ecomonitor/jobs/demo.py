"""The demo: the whole quarterly cycle on the example table.

import → build an empty master → split into department copies → fill each
copy with the table's own Q2 entries → consolidate → summarise → check that
the master holds exactly the table's Q2 values for every task.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ecomonitor.core.model import Framework
from ecomonitor.core.serialize import save_framework
from ecomonitor.errors import EcoMonitorError
from ecomonitor.jobs.build import build
from ecomonitor.jobs.consolidate import consolidate_inbox
from ecomonitor.jobs.sources import example_table_path, load_source
from ecomonitor.jobs.split import split
from ecomonitor.jobs.summary import summarize
from ecomonitor.xlsx.fill import Typed, fill_copy
from ecomonitor.xlsx.master import open_master

MASTER_NAME = "MonitoringPlatform.xlsm"
COPIES_FOLDER = "下发"
RETURNS_FOLDER = "收回"

Report = Callable[[str, str], None]


@dataclass
class DemoResult:
    tasks: int = 0
    matching: int = 0
    mismatches: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.tasks > 0 and self.matching == self.tasks and not self.mismatches


def run_demo(output: Path, report: Report, force: bool = False) -> DemoResult:
    """Run the quarterly cycle on the example into ``output``.

    A folder that already contains files is only written with ``force``; the
    demo's master is then backed up before it is replaced.
    """
    output = Path(output)
    if output.is_dir() and any(output.iterdir()) and not force:
        raise EcoMonitorError(f"文件夹“{output}”中已有文件，演示会覆盖其中的同名文件：请另选一个新文件夹；"
                              "确要覆盖时加 --force（其中的主表先备份到“备份”子文件夹）。")
    output.mkdir(parents=True, exist_ok=True)
    table = example_table_path()
    imported = load_source(table)
    example = imported.framework
    save_framework(example, output / "framework.json")
    report("导入", f"{table.name}：{len(example.categories)} 个类别、{len(example.indicators)} 项指标、"
                   f"{len(example.tasks)} 项任务、{len(example.departments)} 个单位，"
                   f"{example.period.label}；框架已写入 framework.json")
    master = output / MASTER_NAME
    build(table, master, empty=True, overwrite=True)
    report("生成主表", f"{master.name}（进展和完成率为空，等待各单位填报）")
    copies = split(master, output / COPIES_FOLDER)
    report("生成部门填报表", f"{len(copies.copies)} 份，位于“{COPIES_FOLDER}”文件夹")
    filled = fill_returns(copies.copies, example, output / RETURNS_FOLDER)
    report("模拟各单位填报", f"{len(copies.copies)} 份填报表按示例的二季度进展和完成率填写，共 {filled} 行，位于“{RETURNS_FOLDER}”文件夹")
    result = consolidate_inbox(master, output / RETURNS_FOLDER)
    taken = sum(1 for r in result.reports if r.status == "已采用")
    report("汇总合并", f"采用 {taken} 份填报表，{result.tasks_changed} 项任务写入主表，"
                     f"未报送单位 {len(result.unreported)} 个，问题 {len(result.findings)} 条")
    summary = summarize(master)
    total = summary.categories.iloc[-1]
    report("生成汇总表", f"汇总、单位汇总、滞后清单、图表、趋势、进展未变化已写入主表；平均完成率 {total['average_rate']:.1%}，"
                      f"落后序时进度 {int(total['lagging'])} 项")
    check = compare_with_example(master, example)
    verdict = "一致" if check.ok else "不一致"
    report("核对", f"{check.matching}/{check.tasks} 项任务的进展和完成率与示例{verdict}")
    return check


def fill_returns(copies, example: Framework, folder: Path, skip: tuple[str, ...] = ()) -> int:
    """Fill each department's copy with the example's entries into ``folder``; return the rows filled.

    Departments named in ``skip`` return nothing.
    """
    filled = 0
    for department, _count, path in copies:
        if department in skip:
            continue
        entries = {
            task.id: Typed(task.progress, task.rate, task.rate_text)
            for task in example.tasks_owned_by(department)
        }
        filled += fill_copy(path, entries, folder / path.name)
    return filled


def compare_with_example(master: Path, example: Framework) -> DemoResult:
    """Compare the master's progress and rates with the example's, task by task."""
    tasks = {task.id: task for task in open_master(master).framework.tasks}
    result = DemoResult(tasks=len(example.tasks))
    for expected in example.tasks:
        actual = tasks.get(expected.id)
        if actual is None:
            result.mismatches.append(f"{expected.id}：主表中没有该任务")
        elif actual.progress != expected.progress:
            result.mismatches.append(f"{expected.id}：进展不一致")
        elif not _same_rate(actual.rate, expected.rate):
            result.mismatches.append(f"{expected.id}：完成率 {actual.rate} ≠ {expected.rate}")
        else:
            result.matching += 1
    return result


def _same_rate(first: float | None, second: float | None) -> bool:
    if first is None or second is None:
        return first is second
    return math.isclose(first, second, abs_tol=1e-12)
