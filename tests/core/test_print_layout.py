"""Wrapped-text estimates and page geometry for printing."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ecomonitor.core.pagelayout import (
    A4_LANDSCAPE,
    body_height,
    fit_scale,
    max_row_height,
    max_table_width,
    page_starts,
    printable_height,
)
from ecomonitor.core.textfit import (
    EXCEL,
    LIBREOFFICE,
    MAX_ROW_HEIGHT,
    fits,
    line_count,
    row_height,
    text_height,
    wrap,
)


def test_cjk_characters_per_line_in_libreoffice():
    # Measured: a 30-unit column fits 14 characters of 11-pt 宋体 per line.
    assert line_count("一" * 14, 30, renderer=LIBREOFFICE) == 1
    assert line_count("一" * 15, 30, renderer=LIBREOFFICE) == 2


def test_excel_layout_is_narrower_than_libreoffice():
    text = "一" * 200
    assert line_count(text, 39, renderer=EXCEL) > line_count(text, 39, renderer=LIBREOFFICE)
    assert line_count(text, 39) == line_count(text, 39, renderer=EXCEL)


def test_latin_word_moves_to_next_line_whole():
    assert wrap("一一一一abcdefgh", 10) == ["一一一一", "abcdefgh"]
    assert wrap("一一一 ab cd", 10) == ["一一一 ab ", "cd"]


def test_word_longer_than_line_is_cut():
    lines = wrap("0123456789" * 3, 10)
    assert "".join(lines) == "0123456789" * 3
    assert [len(line) for line in lines] == [8, 8, 8, 6]


def test_closing_punctuation_stays_with_previous_character():
    # Four characters fit a 10-unit line; a comma may not start a line, a bracket not end one.
    assert wrap("一二三四，五", 10) == ["一二三", "四，五"]
    assert wrap("一二三（四", 10) == ["一二三", "（四"]


@given(
    text=st.text(alphabet="一二，。（）“”—…ab AB01.,%;(\tMw✓", max_size=120),
    width=st.floats(min_value=2, max_value=60),
    size=st.sampled_from([8.0, 9.0, 10.5, 11.0, 14.0]),
)
@settings(max_examples=300, deadline=None, derandomize=True, database=None)
def test_counted_lines_equal_wrapped_lines(text, width, size):
    # line_count counts without building lines, and it must agree with wrap in both layouts.
    for renderer in (LIBREOFFICE, EXCEL):
        assert line_count(text, width, size, renderer) == len(wrap(text, width, size, renderer))


def test_line_breaks_start_new_lines():
    assert line_count("甲\n乙\n丙", 40) == 3
    assert line_count("甲\r乙\r\n丙", 40) == 3  # a lone CR breaks the line in LibreOffice too


def test_symbols_and_wide_letters_count_as_wide():
    # A 30-unit column fits 14 CJK characters; symbols and M or W print about as wide.
    assert line_count("✓" * 15, 30, renderer=LIBREOFFICE) == 2
    assert line_count("MW" * 7 + "M", 30, renderer=LIBREOFFICE) == 2
    assert line_count("ab" * 12, 30, renderer=LIBREOFFICE) == 1


def test_tab_counts_as_four_wide_characters():
    assert line_count("一" * 10 + "\t", 30, renderer=LIBREOFFICE) == 1
    assert line_count("一" * 11 + "\t", 30, renderer=LIBREOFFICE) == 2
    assert line_count("", 40) == 1


def test_height_grows_with_lines_and_font_size():
    short = text_height("一" * 10, 39)
    long = text_height("一" * 100, 39)
    assert long > short * 4
    assert text_height("一" * 100, 39, size=9) < long


def test_row_height_capped_and_fits():
    assert row_height([("字" * 10000, 10)]) == MAX_ROW_HEIGHT
    assert row_height([("字" * 10000, 10)], max_height=300) == 300
    assert not fits("字" * 10000, 10)
    assert fits("字" * 20, 39)


def test_row_height_uses_each_cell_font_size():
    text = "一" * 120
    assert row_height([(text, 39, 8.0)]) < row_height([(text, 39)])


def test_a4_landscape_table_width():
    assert max_table_width() == pytest.approx(145.2, abs=0.1)
    assert fit_scale(145) == 1.0
    assert fit_scale(290) == pytest.approx(0.53, abs=0.01)


def test_body_height_leaves_room_for_repeated_rows():
    assert printable_height() == pytest.approx(A4_LANDSCAPE[1] - 108)
    assert body_height(60, 145) < printable_height() - 60
    assert max_row_height(60, 145) == MAX_ROW_HEIGHT
    assert max_row_height(200, 145) < MAX_ROW_HEIGHT


def test_page_starts():
    assert page_starts([100, 100, 100, 100, 100], 250) == [2, 4]
    assert page_starts([300, 10], 250) == [1]
    assert page_starts([], 250) == []
    assert page_starts([10] * 5, 250) == []
