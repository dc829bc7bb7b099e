"""Write a framework as the text export of a monitoring table, to make synthetic tables."""

from __future__ import annotations

from pathlib import Path

from ecomonitor.core.model import Framework
from ecomonitor.core.period import Period


def text_table(framework: Framework, period: Period) -> str:
    """Return the text export of ``framework`` with the headers of ``period``."""
    lines = ["附件1：", "", framework.title, ""]
    for category in framework.categories:
        lines += [category.title]
        for header in ("指标", "牵头单位", period.target_header, period.progress_header, "完成率"):
            lines.append(f"\t{header}")
        lines.append("")
        previous_indicator = None
        for task in framework.tasks_in(category.number):
            indicator = task.indicator_id if task.indicator_id != previous_indicator else None
            previous_indicator = task.indicator_id
            text = framework.indicator(task.indicator_id).text if indicator else ""
            for cell in (text, task.lead_units, task.target, task.progress, task.rate_text):
                lines.append(f"\t{cell}")
            lines.append("")
    return "\n".join(lines) + "\n"


def write_text_table(framework: Framework, period: Period, path: Path) -> Path:
    path.write_text(text_table(framework, period), "utf-8")
    return path
