"""Recognising category headings and header rows in either form of the table."""

import re

CATEGORY_HEADING = re.compile(r"^\s*([一二三四五六七八九十]{1,3})\s*[、.．]\s*(\S.*?)\s*$")
INDICATOR_HEADER = "指标"


def match_heading(text: str) -> re.Match | None:
    """Match a heading such as 一、打造绿色低碳发展样板指标监测表."""
    return CATEGORY_HEADING.match(text)


def is_header_row(cells: list[str]) -> bool:
    """A header row starts with the 指标 column."""
    return bool(cells) and cells[0].strip() == INDICATOR_HEADER
