"""The quarterly bulletin: figures equal to the summary sheet, GB/T 9704 layout, a rendered page."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import zipfile

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Pt
from openpyxl import load_workbook

from helpers.rolled import ABSENT_IN_Q3
from ecomonitor.jobs.bulletin import write_bulletin
from ecomonitor.jobs.summary import report_of
from ecomonitor.xlsx.master import open_master
from helpers.libreoffice import convert

DAY = dt.date(2023, 10, 12)


@pytest.fixture(scope="module")
def bulletin(rolled, tmp_path_factory):
    """The Q3 bulletin of the rolled example, whose 汇总 and 未报送 sheets are of Q3."""
    folder = tmp_path_factory.mktemp("bulletin")
    master = folder / "master.xlsm"
    shutil.copy(rolled.q3, master)
    result = write_bulletin(master, folder / "通报.docx", DAY)
    return result, master


def body_text(path) -> str:
    return "\n".join(paragraph.text for paragraph in docx.Document(path).paragraphs)


def summary_rows(master, sheet="汇总") -> dict[str, dict]:
    table = load_workbook(master)[sheet]
    names = [cell.value for cell in table[3]]
    return {row[1]: dict(zip(names, row)) for row in table.iter_rows(min_row=4, values_only=True) if row[1]}


def percent(value: float) -> str:
    return f"{value * 100:.1f}%"


def test_overall_figures_equal_summary_sheet(bulletin):
    result, master = bulletin
    text = body_text(result.path)
    total = summary_rows(master)["合计"]
    found = re.search(r"共确定目标任务(\d+)项，分(\d+)个类别，涉及(\d+)个责任单位。截至2023年三季度末，"
                      r"已填报进展的任务(\d+)项，平均完成率([\d.]+%)，序时进度([\d.]+%)", text)
    assert found, text[:400]
    assert int(found.group(1)) == total["任务数"]
    assert int(found.group(2)) == len(summary_rows(master)) - 1
    assert int(found.group(3)) == len(summary_rows(master, "单位汇总"))
    assert int(found.group(4)) == total["已填报"]
    assert found.group(5) == percent(total["平均完成率"])
    assert found.group(6) == percent(total["序时进度"])


def test_status_counts_equal_summary_sheet(bulletin):
    result, master = bulletin
    text = body_text(result.path)
    total = summary_rows(master)["合计"]
    found = re.search(r"已完成(\d+)项，超序时(\d+)项，正常推进(\d+)项，达到序时进度的共(\d+)项，占[\d.]+%；"
                      r"滞后(\d+)项，严重滞后(\d+)项，落后序时进度的共(\d+)项，占[\d.]+%；未填报(\d+)项", text)
    assert found
    expected = [total[name] for name in ("已完成", "超序时", "正常", "达到序时进度", "滞后", "严重滞后",
                                          "落后序时进度", "未填报")]
    assert [int(value) for value in found.groups()] == expected


def test_change_against_previous_quarter(bulletin):
    result, master = bulletin
    total = summary_rows(master)["合计"]
    found = re.search(r"与2023年二季度相比，平均完成率(提高|下降)([\d.]+)个百分点", body_text(result.path))
    assert found
    sign = 1 if found.group(1) == "提高" else -1
    assert sign * float(found.group(2)) == pytest.approx(round(total["环比变化（百分点）"], 1))


def test_category_paragraphs_equal_summary_sheet(bulletin):
    result, master = bulletin
    text = body_text(result.path)
    rows = summary_rows(master)
    categories = [name for name in rows if name != "合计"]
    for name in categories:
        found = re.search(rf"）{name}。共(\d+)项任务，已填报(\d+)项，平均完成率([\d.]+%)，"
                          rf"达到序时进度(\d+)项，落后序时进度(\d+)项", text)
        assert found, name
        row = rows[name]
        assert int(found.group(1)) == row["任务数"]
        assert int(found.group(2)) == row["已填报"]
        assert found.group(3) == percent(row["平均完成率"])
        assert int(found.group(4)) == row["达到序时进度"]
        assert int(found.group(5)) == row["落后序时进度"]


def test_attachment_tables_equal_summary_sheets(bulletin, rolled):
    result, master = bulletin
    tables = docx.Document(result.path).tables
    assert len(tables) == 2
    for table, sheet in zip(tables, ("汇总", "单位汇总")):
        rows = summary_rows(master, sheet)
        previous = summary_rows(rolled.q2, sheet)
        cells = [[cell.text for cell in row.cells] for row in table.rows]
        header = cells[0]
        assert header[:4] == (["序号", "类别"] if sheet == "汇总" else ["排名", "责任单位"]) + ["任务数", "已填报"]
        assert len(cells) - 1 == len(rows)
        for line in cells[1:]:
            row = rows[line[1]]
            assert int(line[2]) == row["任务数"]
            assert line[4] == percent(row["平均完成率"])
            assert int(line[header.index("落后序时进度")]) == row["落后序时进度"]
            assert line[header.index("上期平均完成率")] == percent(previous[line[1]]["平均完成率"])


def test_unreported_from_sheet(bulletin):
    result, _master = bulletin
    assert result.unreported.from_sheet
    assert result.unreported.names == [ABSENT_IN_Q3]
    assert f"未报送1个：{ABSENT_IN_Q3}。" in body_text(result.path)


def test_lagging_tasks_named(bulletin):
    result, master = bulletin
    report = report_of(open_master(master))
    lagging = report.frame[report.frame["status"].isin(["滞后", "严重滞后"])]["id"]
    text = body_text(result.path)
    assert f"落后序时进度的任务共{len(lagging)}项" in text
    for task_id in lagging:
        assert task_id in text


def test_no_typed_figures_in_fixed_text(bulletin):
    result, _master = bulletin
    fixed = [paragraph.text for paragraph in docx.Document(result.path).paragraphs
             if paragraph.text.startswith(("（一）加快", "（二）提高"))]
    assert len(fixed) == 2
    assert not any(re.search(r"\d", text) for text in fixed)


def test_unreported_without_sheet(example_master, tmp_path):
    master = tmp_path / "m.xlsm"
    shutil.copy(example_master, master)
    result = write_bulletin(master, tmp_path / "b.docx", DAY)
    assert not result.unreported.from_sheet
    assert "主表中尚无本期的报送记录；按填报情况，16个责任单位均有任务填报了进展。" in body_text(result.path)


def test_official_page_layout(bulletin):
    result, _master = bulletin
    document = docx.Document(result.path)
    first, attachments = document.sections
    assert (first.page_width.mm, first.page_height.mm) == (pytest.approx(210, abs=0.1), pytest.approx(297, abs=0.1))
    margins = (first.top_margin, first.bottom_margin, first.left_margin, first.right_margin)
    assert [margin.mm for margin in margins] == pytest.approx([37, 35, 28, 26], abs=0.1)
    grid = first._sectPr.find(qn("w:docGrid"))
    assert (grid.get(qn("w:type")), grid.get(qn("w:linePitch"))) == ("lines", "579")
    assert attachments.page_width > attachments.page_height
    assert document.settings.odd_and_even_pages_header_footer
    footer = first.footer._element.xml + first.even_page_footer._element.xml
    assert footer.count("PAGE") == 2


def test_official_fonts(bulletin):
    result, _master = bulletin
    document = docx.Document(result.path)
    normal = document.styles["Normal"]
    assert normal.font.size == Pt(16)
    assert normal.element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert normal.paragraph_format.line_spacing == Pt(28.95)
    title = document.paragraphs[0].runs[0]
    assert title.text == "关于2023年三季度湘西州打造全国生态文明样板州目标任务推进情况的通报"
    assert title.font.size == Pt(22)
    assert title._element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    heading = next(p for p in document.paragraphs if p.text == "一、总体情况").runs[0]
    assert heading._element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    with zipfile.ZipFile(result.path) as package:
        fonts = package.read("word/fontTable.xml").decode("utf-8")
    assert '<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>' in fonts


def test_signature_and_date(bulletin):
    result, _master = bulletin
    texts = [paragraph.text for paragraph in docx.Document(result.path).paragraphs]
    assert texts[texts.index("州生态文明办") + 1] == "2023年10月12日"
    assert "附件：1.2023年三季度目标任务完成情况汇总表（分类别）" in texts


def test_rendered_pages(bulletin, tmp_path):
    result, _master = bulletin
    pdf = convert(result.path, "pdf", tmp_path, official_fonts=True)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "595.3 x 841.89 pts (A4)" in info.replace("595.304", "595.3")
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "NotoSerifCJK" in fonts
    assert "NotoSansCJK" in fonts
    page = subprocess.run(["pdftotext", "-layout", "-f", "2", "-l", "2", str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    lines = [line for line in page.splitlines() if line.strip()]
    assert lines[-1].strip() == "—2—"
    assert len(lines) - 1 == 22
    first = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"],
                           capture_output=True, text=True, check=True).stdout
    assert "关于 2023 年三季度湘西州打造全国生态文明" in first
