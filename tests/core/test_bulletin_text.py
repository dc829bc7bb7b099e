"""Wording details of the bulletin that need no workbook."""

from __future__ import annotations

from ecomonitor.core.bulletin import _excerpt


def test_excerpt_turns_inner_double_quotes_single():
    assert _excerpt("1.开展“千人以上”培训") == "“开展‘千人以上’培训”"


def test_excerpt_closes_a_quote_left_open_by_the_cut():
    excerpt = _excerpt("持续推进“千人以上集中式饮用水水源地保护区规范化建设”")
    assert excerpt == "“持续推进‘千人以上集中式饮用水水源地保护……’”"
    assert excerpt.count("“") == excerpt.count("”") == 1


def test_short_excerpt_unchanged():
    assert _excerpt("推进绿色建筑。") == "“推进绿色建筑”"
