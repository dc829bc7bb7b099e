"""The quarterly bulletin (通报): its texts and tables, composed from a period report.

Every figure in the text comes from the report. The report is computed from
the master by the same functions as the summary sheets, so no figure is
typed. ecomonitor.word.bulletin applies the Word layout.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from enum import Enum

import pandas as pd

from ecomonitor.core.model import Framework
from ecomonitor.core.numerals import to_numeral
from ecomonitor.core.rates import format_rate
from ecomonitor.core.report import PeriodReport
from ecomonitor.core.schedule import LAGGING, Status
from ecomonitor.core.summary import STATUS_COLUMNS, rank_label
from ecomonitor.core.yearchange import NUMBERING

PLATFORM_SUFFIX = re.compile(r"(监测)?(管理)?平台$")
EXCERPT_LENGTH = 20
DEFAULT_ISSUER = "州生态文明办"
DEFAULT_RECIPIENTS = "州直各有关单位"
LAGGING_STEP = ("加快滞后任务推进。", "落后序时进度任务的责任单位要逐项分析原因，明确措施和时限，确保年度目标任务按期完成。")
KEEP_PACE_STEP = ("保持推进力度。", "各责任单位要对照年度目标和序时进度，持续推进各项任务，确保年度目标任务按期完成。")
QUALITY_STEP = ("提高报送质量。", "各责任单位要按时报送进展，进展情况要写明已完成的工作量和具体数据，完成率要与进展相符。")


class Kind(Enum):
    """Layout of a paragraph (GB/T 9704)."""

    TITLE = "title"  # 2号小标宋, centred
    RECIPIENTS = "recipients"  # flush left, ends with a full-width colon
    BODY = "body"  # indented two characters
    HEADING = "heading"  # 一、 in 黑体
    SUBHEADING = "subheading"  # （一） lead in 楷体, then body text
    ATTACHMENT_NOTE = "attachment_note"  # 附件：1.…, later lines aligned with the first item
    ISSUER = "issuer"
    DATE = "date"
    BLANK = "blank"


@dataclass
class Paragraph:
    kind: Kind
    text: str = ""
    lead: str = ""  # text in the lead font before ``text`` (a subheading's （一）…。)


@dataclass
class Attachment:
    """An attachment table: its label (附件1), title, header and rows of text."""

    label: str
    title: str
    header: list[str]
    rows: list[list[str]]


@dataclass
class Unreported:
    """Departments that did not report, and where the list comes from.

    ``from_sheet`` is True when the list was read from the 未报送 sheet of
    the current period. Otherwise the list names the departments none of
    whose tasks has an entry in the master.
    """

    names: list[str]
    from_sheet: bool
    late: list[str] = field(default_factory=list)


@dataclass
class Bulletin:
    title: str
    recipients: str
    paragraphs: list[Paragraph]
    attachments: list[Attachment]
    issuer: str
    date: dt.date
    figures: dict[str, object]


def departments_without_entries(report: PeriodReport) -> list[str]:
    """Return the departments that own tasks but reported none of them, in summary order."""
    exploded = report.frame.explode("owners")
    reported = exploded.groupby("owners", sort=False)["reported"].any()
    return [name for name, any_reported in reported.items() if not any_reported]


def percent(value: float | None) -> str:
    """Write an average rate as the summary sheets show it (0.0%)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return f"{value:.1%}"


def points(value: float) -> str:
    return f"{abs(value):.1f}个百分点"


def chinese_date(day: dt.date) -> str:
    """Write a date as official documents do: 2023年7月10日 (no leading zeros)."""
    return f"{day.year}年{day.month}月{day.day}日"


def subject_of(framework: Framework) -> str:
    """Return the undertaking the platform monitors, from the table's title."""
    subject = PLATFORM_SUFFIX.sub("", framework.title or "").strip()
    return subject or "生态文明样板州建设"


def compose_bulletin(framework: Framework, report: PeriodReport, unreported: Unreported,
                     day: dt.date, issuer: str = DEFAULT_ISSUER,
                     recipients: str = DEFAULT_RECIPIENTS) -> Bulletin:
    """Compose the bulletin of the report's period."""
    period = report.period
    subject = subject_of(framework)
    total = report.categories.iloc[-1]
    figures = _figures(report, total)
    paragraphs = [
        Paragraph(Kind.BODY, f"为推动{subject}{period.year}年度目标任务落实，{issuer}对{period.label}各责任单位"
                             "目标任务推进情况进行了调度。现将有关情况通报如下："),
        Paragraph(Kind.HEADING, "一、总体情况"),
        *_overall(report, total, figures),
        Paragraph(Kind.HEADING, "二、分类别推进情况"),
        *_by_category(report),
        Paragraph(Kind.HEADING, "三、报送情况"),
        _reporting(unreported, figures),
        Paragraph(Kind.HEADING, "四、落后序时进度的任务"),
        *_lagging(framework, report),
        Paragraph(Kind.HEADING, "五、下一步工作要求"),
        *_next_steps(report),
    ]
    attachments = _attachments(report)
    paragraphs += [Paragraph(Kind.BLANK), *_attachment_note(attachments)]
    return Bulletin(
        title=f"关于{period.label}{subject}目标任务推进情况的通报",
        recipients=f"{recipients}：",
        paragraphs=paragraphs,
        attachments=attachments,
        issuer=issuer,
        date=day,
        figures=figures,
    )


def _figures(report: PeriodReport, total: pd.Series) -> dict[str, object]:
    tasks = int(total["tasks"])
    return {
        "tasks": tasks,
        "categories": len(report.categories) - 1,
        "departments": len(report.departments),
        "reported": int(total["reported"]),
        "average_rate": percent(total["average_rate"]),
        "time_progress": percent(total["time_progress"]),
        "completed": int(total[Status.COMPLETED.value]),
        "ahead": int(total[Status.AHEAD.value]),
        "on_time": int(total[Status.ON_TIME.value]),
        "on_schedule": int(total["on_schedule"]),
        "behind": int(total[Status.BEHIND.value]),
        "far_behind": int(total[Status.FAR_BEHIND.value]),
        "lagging": int(total["lagging"]),
        "missing": int(total[Status.MISSING.value]),
        "on_schedule_share": percent(total["on_schedule"] / tasks) if tasks else "—",
        "lagging_share": percent(total["lagging"] / tasks) if tasks else "—",
        "stalled": len(report.stalled),
    }


def _overall(report: PeriodReport, total: pd.Series, figures: dict) -> list[Paragraph]:
    period = report.period
    first = (
        f"{period.year}年度共确定目标任务{figures['tasks']}项，分{figures['categories']}个类别，"
        f"涉及{figures['departments']}个责任单位。截至{period.label}末，已填报进展的任务{figures['reported']}项，"
        f"平均完成率{figures['average_rate']}，序时进度{figures['time_progress']}。"
    )
    second = (
        f"从推进情况看，已完成{figures['completed']}项，超序时{figures['ahead']}项，正常推进{figures['on_time']}项，"
        f"达到序时进度的共{figures['on_schedule']}项，占{figures['on_schedule_share']}；"
        f"滞后{figures['behind']}项，严重滞后{figures['far_behind']}项，落后序时进度的共{figures['lagging']}项，"
        f"占{figures['lagging_share']}；未填报{figures['missing']}项。"
    )
    change = total.get("change") if "change" in total.index else None
    if report.previous is not None and change is not None and not math.isnan(change):
        second += f"与{report.previous.label}相比，平均完成率{_direction(change)}。"
    if report.stalled:
        second += (f"有{len(report.stalled)}项任务的进展与上期相比没有变化（进展文字未更新或完成率未提高），"
                   "详见主表“进展未变化”工作表。")
    return [Paragraph(Kind.BODY, first), Paragraph(Kind.BODY, second)]


def _direction(change: float) -> str:
    if round(change, 1) == 0:
        return "持平"
    return f"{'提高' if change > 0 else '下降'}{points(change)}"


def _by_category(report: PeriodReport) -> list[Paragraph]:
    rows = report.categories.iloc[:-1]
    paragraphs = []
    reported = rows[rows["average_rate"].notna()]
    spread = reported["average_rate"].round(3).nunique() if len(reported) else 0
    if len(reported) > 1 and spread == 1:
        paragraphs.append(Paragraph(Kind.BODY, (
            f"从各类别看，已填报的各类别平均完成率均为{percent(reported['average_rate'].iloc[0])}。"
        )))
    elif len(reported) > 1:
        best = reported.loc[reported["average_rate"].idxmax()]
        worst = reported.loc[reported["average_rate"].idxmin()]
        paragraphs.append(Paragraph(Kind.BODY, (
            f"从各类别看，平均完成率最高的是{best['name']}（{percent(best['average_rate'])}），"
            f"最低的是{worst['name']}（{percent(worst['average_rate'])}）。"
        )))
    for number, (_index, row) in enumerate(rows.iterrows(), start=1):
        if int(row["reported"]) == 0:
            text = f"共{int(row['tasks'])}项任务，均未填报进展和完成率"
        else:
            text = (f"共{int(row['tasks'])}项任务，已填报{int(row['reported'])}项，"
                    f"平均完成率{percent(row['average_rate'])}，"
                    f"达到序时进度{int(row['on_schedule'])}项，落后序时进度{int(row['lagging'])}项")
        change = row.get("change") if "change" in row.index else None
        if report.previous is not None and change is not None and not math.isnan(change):
            text += f"，平均完成率较上季度{_direction(change)}"
        paragraphs.append(Paragraph(Kind.SUBHEADING, text + "。", f"（{to_numeral(number)}）{row['name']}。"))
    return paragraphs


def _next_steps(report: PeriodReport) -> list[Paragraph]:
    """Return the requirements, asking to push lagging tasks only when some task lags."""
    lagging = int(report.categories.iloc[-1]["lagging"])
    steps = [LAGGING_STEP if lagging else KEEP_PACE_STEP, QUALITY_STEP]
    return [Paragraph(Kind.SUBHEADING, text, f"（{to_numeral(number)}）{lead}")
            for number, (lead, text) in enumerate(steps, start=1)]


def _reporting(unreported: Unreported, figures: dict) -> Paragraph:
    expected = figures["departments"]
    if not unreported.from_sheet:
        if not unreported.names:
            return Paragraph(Kind.BODY, f"主表中尚无本期的报送记录；按填报情况，{expected}个责任单位均有任务填报了进展。")
        return Paragraph(Kind.BODY, (
            f"主表中尚无本期的报送记录；按填报情况，{len(unreported.names)}个责任单位本期没有任何任务填报进展："
            f"{'、'.join(unreported.names)}。"
        ))
    if unreported.names:
        text = (f"本期应报送的责任单位{expected}个，已报送{expected - len(unreported.names)}个，"
                f"未报送{len(unreported.names)}个：{'、'.join(unreported.names)}。")
    else:
        text = f"本期应报送的{expected}个责任单位均已报送。"
    if unreported.late:
        text += f"{'、'.join(unreported.late)}逾期报送。"
    return Paragraph(Kind.BODY, text)


def _lagging(framework: Framework, report: PeriodReport) -> list[Paragraph]:
    lagging_values = {status.value for status in LAGGING}
    frame = report.frame[report.frame["status"].isin(lagging_values)]
    if frame.empty:
        return [Paragraph(Kind.BODY, "本期没有落后序时进度的任务。")]
    groups: dict[str, list[str]] = {}
    for _index, row in frame.iterrows():
        task = framework.task(row["id"])
        gap = (row["time_progress"] - row["rate"]) * 100
        item = (f"{task.id}{_excerpt(task.target)}（完成率{format_rate(row['rate'])}，{row['status']}，"
                f"落后序时进度{gap:.1f}个百分点）")
        groups.setdefault(task.owners[0], []).append(item)
    paragraphs = [Paragraph(Kind.BODY, (
        f"落后序时进度的任务共{len(frame)}项，涉及{len(groups)}个责任单位（按排在第一位的责任单位列示）："
    ))]
    for number, (department, items) in enumerate(groups.items(), start=1):
        paragraphs.append(Paragraph(Kind.BODY, f"{number}.{department}（{len(items)}项）：{'；'.join(items)}。"))
    return paragraphs


def _excerpt(target: str) -> str:
    """Return the start of a target without its numbering, quoted: “推进绿色建筑……”.

    Double quotes inside become single ones, and a single quote left open
    by the cut closes after the ellipsis.
    """
    text = re.sub(r"\s+", "", target)
    text = NUMBERING.sub("", text).rstrip("。；;，,").replace("“", "‘").replace("”", "’")
    if len(text) <= EXCERPT_LENGTH:
        return f"“{text}”"
    cut = text[:EXCERPT_LENGTH]
    close = "’" if cut.count("‘") > cut.count("’") else ""
    return f"“{cut}……{close}”"


def _attachments(report: PeriodReport) -> list[Attachment]:
    label = report.period.label
    figure_header = ["任务数", "已填报", "平均完成率", "序时进度", "达到序时进度", "落后序时进度",
                     *STATUS_COLUMNS]
    change = report.previous is not None
    if change:
        figure_header += ["上期平均完成率", "环比（百分点）"]
    categories = [
        [str(index + 1) if row["name"] != "合计" else "", row["name"], *_figure_cells(row, change)]
        for index, row in report.categories.iterrows()
    ]
    departments = [[str(rank_label(row["rank"])), row["name"], *_figure_cells(row, change)]
                   for _index, row in report.departments.iterrows()]
    return [
        Attachment("附件1", f"{label}目标任务完成情况汇总表（分类别）", ["序号", "类别", *figure_header], categories),
        Attachment("附件2", f"{label}目标任务完成情况汇总表（分责任单位）", ["排名", "责任单位", *figure_header],
                   departments),
    ]


def _figure_cells(row: pd.Series, change: bool) -> list[str]:
    cells = [
        str(int(row["tasks"])), str(int(row["reported"])), percent(row["average_rate"]),
        percent(row["time_progress"]), str(int(row["on_schedule"])), str(int(row["lagging"])),
        *[str(int(row[status])) for status in STATUS_COLUMNS],
    ]
    if change:
        difference = row.get("change")
        cells += [percent(row.get("previous_average_rate")),
                  "—" if difference is None or math.isnan(difference) else f"{difference:+.1f}"]
    return cells


def _attachment_note(attachments: list[Attachment]) -> list[Paragraph]:
    if len(attachments) == 1:
        return [Paragraph(Kind.ATTACHMENT_NOTE, f"附件：{attachments[0].title}")]
    return [
        Paragraph(Kind.ATTACHMENT_NOTE, f"{'附件：' if number == 1 else ''}{number}.{attachment.title}")
        for number, attachment in enumerate(attachments, start=1)
    ]
