"""Printing a master to PDF with LibreOffice, checked on the PDF itself.

One quarter is run on files once for the module: 14 of 16 departments
return their copies (two stay unreported), one task gets a progress text
longer than a printed page and a second owner's differing entry, then the
summaries are written and the whole master is exported once. The tests
read that PDF back with pdftotext, pdfinfo and pdftoppm.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import range_boundaries

from ecomonitor.jobs.consolidate import consolidate_inbox
from ecomonitor.jobs.pdf import export_pdf
from ecomonitor.jobs.split import split
from ecomonitor.jobs.summary import summarize
from ecomonitor.tables import read_table
from ecomonitor.xlsx.chart_sheet import CHART_SHEET, CHART_TITLES, RATE_COLOUR, STATUS_COLOURS
from ecomonitor.xlsx.fill import Typed, fill_copy
from ecomonitor.xlsx.report_sheets import read_unreported
from helpers.pdf import (
    count_colour,
    displayed,
    normalize,
    page_pixels,
    page_sizes,
    page_texts,
    word_boxes,
)

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "xiangxi-eco-monitoring-2023q2.txt"
UNREPORTED = ("州交通运输局", "州机关事务管理局")
LONG_TASK = "T02-02-01"  # owners 州生态环境局 (first) and 州林业局
MADE = dt.datetime(2023, 7, 5, 9, 30)
A4_LANDSCAPE = (841.89, 595.28)
# poppler's word boxes for Noto CJK text are 1.3 times the font size high.
BOX_PER_POINT = 1.3


@dataclass
class Printed:
    master: Path
    pdf: Path
    pages: list[str]
    sheet_of_page: list[str]
    framework: object
    folder: Path
    pages_of: dict[str, list[int]] = field(default_factory=dict)

    def sheet_text(self, sheet: str) -> str:
        return normalize("".join(self.pages[i] for i in self.pages_of[sheet]))


def long_progress(example) -> str:
    return "（超长进展，用于检查打印）" + example.task(LONG_TASK).progress * 4


def fill_quarter(master: Path, example, folder: Path) -> Path:
    copies = split(master, folder / "下发")
    inbox = folder / "收回"
    for department, _count, path in copies.copies:
        if department in UNREPORTED:
            continue
        entries = {t.id: Typed(t.progress, t.rate, t.rate_text) for t in example.tasks_owned_by(department)}
        if department == "州生态环境局":
            task = example.task(LONG_TASK)
            entries[LONG_TASK] = Typed(long_progress(example), task.rate, task.rate_text)
        fill_copy(path, entries, inbox / path.name)
    return inbox


def map_pages(pages: list[str], sheets: list[str]) -> list[str]:
    """Name the sheet of each page from its header line (2023年二季度　SHEET)."""
    names = []
    for text in pages:
        header = text.strip().splitlines()[0]
        names.append(next(sheet for sheet in sorted(sheets, key=len, reverse=True) if header.endswith(sheet)))
    return names


@pytest.fixture(scope="module")
def printed(empty_master, tmp_path_factory) -> Printed:
    folder = tmp_path_factory.mktemp("printed")
    master = folder / "主表.xlsm"
    shutil.copy(empty_master, master)
    example = read_table(EXAMPLE).framework
    consolidate_inbox(master, fill_quarter(master, example, folder))
    summarize(master, made=MADE)
    result = export_pdf(master, folder / "主表.pdf")
    pages = page_texts(result.path)
    visible = [s.title for s in load_workbook(master).worksheets if s.sheet_state == "visible"]
    printed = Printed(master, result.path, pages, map_pages(pages, visible), example, folder)
    for number, sheet in enumerate(printed.sheet_of_page):
        printed.pages_of.setdefault(sheet, []).append(number)
    assert result.pages == len(pages)
    return printed


def test_every_visible_sheet_printed_in_order(printed):
    workbook = load_workbook(printed.master)
    visible = [s.title for s in workbook.worksheets if s.sheet_state == "visible"]
    in_order = list(dict.fromkeys(printed.sheet_of_page))
    assert in_order == visible
    assert {"汇总", "单位汇总", "滞后清单", "图表", "未报送", "报送情况", "变更记录"} <= set(in_order)


def test_pages_are_a4_landscape(printed):
    sizes = page_sizes(printed.pdf)
    assert len(sizes) == len(printed.pages)
    for width, height in sizes:
        assert width == pytest.approx(A4_LANDSCAPE[0], abs=1)
        assert height == pytest.approx(A4_LANDSCAPE[1], abs=1)


def test_every_task_id_printed(printed):
    text = normalize("".join(printed.pages))
    missing = [task.id for task in printed.framework.tasks if task.id not in text]
    assert missing == []


def _cells(sheet):
    """Yield the cells that show a value: merged ranges only by their first cell."""
    covered = set()
    for merged in sheet.merged_cells.ranges:
        for row in range(merged.min_row, merged.max_row + 1):
            for column in range(merged.min_col, merged.max_col + 1):
                if (row, column) != (merged.min_row, merged.min_col):
                    covered.add((row, column))
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is not None and (cell.row, cell.column) not in covered and in_print_area(sheet, cell):
                yield cell


def in_print_area(sheet, cell) -> bool:
    """Whether a cell is inside the sheet's print area (the whole sheet when none is set)."""
    if not sheet.print_area:
        return True
    bounds = [range_boundaries(area.split("!")[-1].replace("$", "")) for area in sheet.print_area.split(",")]
    return any(left <= cell.column <= right and top <= cell.row <= bottom
               for left, top, right, bottom in bounds)


def test_every_cell_printed_in_full(printed):
    workbook = load_workbook(printed.master)
    missing = []
    checked = 0
    for name, numbers in printed.pages_of.items():
        text = printed.sheet_text(name)
        for cell in _cells(workbook[name]):
            shown = normalize(displayed(cell.value, cell.number_format))
            checked += 1
            if shown not in text:
                missing.append(f"{name}!{cell.coordinate}: {shown[:40]}")
    assert checked > 1500
    assert missing == []


def test_long_text_printed_in_smaller_font(printed):
    workbook = load_workbook(printed.master)
    sheet = workbook["生态修复治理"]
    row = next(r for r in range(3, sheet.max_row + 1) if sheet.cell(r, 1).value == LONG_TASK)
    headers = [cell.value for cell in sheet[2]]
    progress, others = sheet.cell(row, 6), sheet.cell(row, headers.index("其他单位填报") + 1)
    assert progress.value.startswith("（超长进展")
    assert progress.font.sz < 11
    assert others.value.startswith("州林业局")
    assert sheet.row_dimensions[row].height <= 409
    assert normalize(progress.value) in printed.sheet_text("生态修复治理")
    assert normalize(others.value) in printed.sheet_text("生态修复治理")


def _header_cells(sheet, row: int) -> list[str]:
    return [normalize(str(cell.value)) for cell in sheet[row] if cell.value is not None and in_print_area(sheet, cell)]


def test_header_row_on_every_page(printed):
    workbook = load_workbook(printed.master)
    multi_page = {name: numbers for name, numbers in printed.pages_of.items() if len(numbers) > 1}
    assert {"滞后清单", "绿色低碳发展", "生态修复治理"} <= set(multi_page)
    for name, numbers in multi_page.items():
        sheet = workbook[name]
        last_repeated = int(str(sheet.print_title_rows).split(":")[-1].strip("$"))
        headers = _header_cells(sheet, last_repeated)
        assert headers, name
        for number in numbers:
            page = normalize(printed.pages[number])
            absent = [header for header in headers if header not in page]
            assert absent == [], f"{name}, page {number + 1}"


def test_page_footer_numbers_pages(printed):
    total = len(printed.pages)
    for number, text in enumerate(printed.pages, start=1):
        assert f"第{number}页共{total}页" in normalize(text)


def test_body_text_prints_at_least_10_5_pt(printed):
    for name in ("汇总", "单位汇总", "滞后清单", "绿色低碳发展", "未报送"):
        first = printed.pages_of[name][0] + 1
        heights = sorted(y1 - y0 for _x0, y0, _x1, y1, text in word_boxes(printed.pdf, first)
                         if any("\u4e00" <= char <= "\u9fff" for char in text))
        median = heights[len(heights) // 2]
        assert median / BOX_PER_POINT >= 10.5, name


def test_category_pages_show_indicator_once_per_run(printed):
    """Each page shows the indicator of its first task, and a run's indicator once per page."""
    workbook = load_workbook(printed.master)
    for category in printed.framework.categories:
        sheet = workbook[category.sheet]
        indicator_of = {sheet.cell(r, 1).value: sheet.cell(r, 2).value for r in range(3, sheet.max_row + 1)}
        for number in printed.pages_of[category.sheet]:
            page = normalize(printed.pages[number])
            on_page = [task_id for task_id in indicator_of if task_id in page]
            runs = Counter(normalize(indicator_of[task_id]) for task_id in on_page)
            for indicator in runs:
                assert page.count(indicator) == 1, f"{category.sheet}, page {number + 1}: {indicator}"


def test_charts_rendered(printed):
    numbers = printed.pages_of[CHART_SHEET]
    assert len(numbers) == 3
    for number, title in zip(numbers, CHART_TITLES):
        page = normalize(printed.pages[number])
        assert normalize(title) in page
    categories = normalize(printed.pages[numbers[0]])
    assert all(category.sheet in categories for category in printed.framework.categories)
    ranking = normalize(printed.pages[numbers[2]])
    unreported = read_unreported(load_workbook(printed.master), printed.framework.period)
    reported = [d.name for d in printed.framework.departments
                if printed.framework.tasks_owned_by(d.name) and d.name not in unreported]
    assert reported
    assert all(name in ranking for name in reported)
    assert not any(name in ranking for name in unreported)


def test_chart_bars_drawn_in_colour(printed):
    first, second, third = printed.pages_of[CHART_SHEET]
    _w, _h, pixels = page_pixels(printed.pdf, first + 1)
    assert count_colour(pixels, RATE_COLOUR) > 500
    _w, _h, pixels = page_pixels(printed.pdf, second + 1)
    for status, colour in STATUS_COLOURS.items():
        if status.value not in ("已完成", "未填报"):
            assert count_colour(pixels, colour, tolerance=25) > 20, status.value
    _w, _h, pixels = page_pixels(printed.pdf, third + 1)
    assert count_colour(pixels, RATE_COLOUR) > 500


def test_unreported_sheet_lists_missing_departments(printed):
    text = printed.sheet_text("未报送")
    for name in UNREPORTED:
        assert name in text
    assert "湘西州打造全国生态文明样板州监测管理平台" in text
    assert "2023年二季度未报送单位" in text


def test_cli_exports_selected_sheets(printed):
    target = printed.folder / "选中.pdf"
    environment = dict(os.environ)
    completed = subprocess.run(
        [sys.executable, "-m", "ecomonitor", "pdf", str(printed.master), "--sheets", "汇总", "滞后清单",
         "-o", str(target)],
        capture_output=True, text=True, timeout=300, env=environment,
    )
    assert completed.returncode == 0, completed.stderr
    pages = page_texts(target)
    sheets = map_pages(pages, ["汇总", "滞后清单"])
    expected = len(printed.pages_of["汇总"]) + len(printed.pages_of["滞后清单"])
    assert sheets == ["汇总"] * len(printed.pages_of["汇总"]) + ["滞后清单"] * len(printed.pages_of["滞后清单"])
    assert len(pages) == expected
    assert f"共 {expected} 页" in completed.stdout
