"""Wording details of the bulletin that need no workbook."""

from __future__ import annotations

import datetime as dt

from ecomonitor.core.bulletin import Unreported, _excerpt, compose_bulletin
from ecomonitor.core.history import History
from ecomonitor.core.report import period_report
from ecomonitor.core.settings import Settings


def test_excerpt_turns_inner_double_quotes_single():
    assert _excerpt("1.开展“千人以上”培训") == "“开展‘千人以上’培训”"


def test_excerpt_closes_cut_quote():
    excerpt = _excerpt("持续推进“千人以上集中式饮用水水源地保护区规范化建设”")
    assert excerpt == "“持续推进‘千人以上集中式饮用水水源地保护……’”"
    assert excerpt.count("“") == excerpt.count("”") == 1


def test_short_excerpt_unchanged():
    assert _excerpt("推进绿色建筑。") == "“推进绿色建筑”"


def _texts(bulletin) -> str:
    return "\n".join(f"{paragraph.lead}{paragraph.text}" for paragraph in bulletin.paragraphs)


def test_bulletin_all_tasks_done(example):
    for task in example.tasks:
        task.progress, task.rate = task.progress or "已全部完成。", 1.0
    report = period_report(example, Settings(2023, 2), History())
    bulletin = compose_bulletin(example, report, Unreported([], from_sheet=True), dt.date(2023, 7, 10))
    text = _texts(bulletin)
    assert "最高的是" not in text
    assert "已填报的各类别平均完成率均为100.0%" in text
    assert "加快滞后任务推进" not in text
    assert "（一）保持推进力度。" in text
    assert "（二）提高报送质量。" in text


def test_lagging_tasks_keep_the_push_step(example):
    report = period_report(example, Settings(2023, 2), History())
    text = _texts(compose_bulletin(example, report, Unreported([], from_sheet=True), dt.date(2023, 7, 10)))
    assert "（一）加快滞后任务推进。" in text
    assert "最高的是" in text
