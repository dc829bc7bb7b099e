"""The history of a master: the entries of every closed period.

When a new period starts, the current period's progress, rates and statuses
are archived as one record per task (the 历史 sheet). A period is archived
once. Archiving a period that the history already contains, or one older
than a period it contains, is rejected.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from ecomonitor.core.model import Framework
from ecomonitor.core.period import Period
from ecomonitor.errors import PeriodError


@dataclass
class HistoryRecord:
    """One task's entry in one archived period, with ``category`` the category's sheet name."""

    period: Period
    task_id: str
    category: str
    indicator: str
    lead_units: str
    owners: list[str]
    target: str
    progress: str
    rate: float | None
    rate_text: str = ""
    time_progress: float | None = None
    status: str = ""
    note: str = ""
    archived_at: dt.datetime | None = None

    @property
    def reported(self) -> bool:
        return bool(self.progress) and self.rate is not None


@dataclass
class History:
    """The records of the 历史 sheet, in sheet order."""

    records: list[HistoryRecord] = field(default_factory=list)

    def periods(self) -> list[Period]:
        return sorted({record.period for record in self.records})

    def records_of(self, period: Period) -> dict[str, HistoryRecord]:
        """Return the records of one period by task ID."""
        return {record.task_id: record for record in self.records if record.period == period}

    def latest_before(self, period: Period) -> Period | None:
        earlier = [known for known in self.periods() if known < period]
        return earlier[-1] if earlier else None

    def task_ids(self) -> set[str]:
        return {record.task_id for record in self.records}


def archive_records(framework: Framework, frame: pd.DataFrame, notes: dict[str, str],
                    archived_at: dt.datetime) -> list[HistoryRecord]:
    """Build the records of the framework's current period, one per task.

    ``frame`` is the tasks frame of core.summary, which gives each task's
    time progress and status. ``notes`` are the 备注 cells by task ID.
    """
    rows = frame.set_index("id")
    records = []
    for task in framework.tasks:
        row = rows.loc[task.id]
        records.append(HistoryRecord(
            period=framework.period,
            task_id=task.id,
            category=framework.category(task.category).sheet,
            indicator=framework.indicator(task.indicator_id).text,
            lead_units=task.lead_units,
            owners=list(task.owners),
            target=task.target,
            progress=task.progress,
            rate=task.rate,
            rate_text=task.rate_text,
            time_progress=float(row["time_progress"]),
            status=str(row["status"]),
            note=notes.get(task.id, ""),
            archived_at=archived_at,
        ))
    return records


def check_archivable(period: Period, history: History, reported: int, allow_empty: bool) -> None:
    """Raise PeriodError unless ``period`` may be archived now.

    ``reported`` is the number of tasks of the period with both progress and
    a rate. A period without any is rejected unless ``allow_empty`` is set,
    because it is most often a period that was started a moment ago.
    """
    archived = history.periods()
    if period in archived:
        count = len(history.records_of(period))
        raise PeriodError(
            f"报告期 {period.label} 已归档在“历史”工作表中（{count} 行），不会重复归档。"
            f"请核对“配置”中的年度和季度；确需重新归档时，请先删除“历史”中 {period.label} 的行。"
        )
    later = [known for known in archived if known > period]
    if later:
        raise PeriodError(
            f"“历史”工作表中已有比当前报告期 {period.label} 更晚的报告期 {later[-1].label}："
            "“配置”中的年度或季度可能被改回了。请把年度和季度改为最新的报告期后重试。"
        )
    if reported == 0 and not allow_empty:
        hint = ""
        if archived and archived[-1] == period.previous():
            hint = f"上一报告期 {archived[-1].label} 已经归档，可能已经新建过报告期。"
        raise PeriodError(
            f"当前报告期 {period.label} 还没有任何任务填报进展和完成率，归档将只有空行。{hint}"
            "请先汇总合并本期的填报表；确要跳过本期时，请加 --allow-empty。"
        )
