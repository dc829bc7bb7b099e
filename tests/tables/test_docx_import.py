"""The Word attachment gives the same framework as its text export."""

from __future__ import annotations

import docx
import pytest
from docx.oxml.ns import qn

from ecomonitor.core.serialize import framework_to_dict
from ecomonitor.errors import TableFormatError
from ecomonitor.tables import read_table
from helpers.docx_builder import build_docx


def comparable(framework) -> dict:
    document = framework_to_dict(framework)
    for task in document["tasks"]:
        task.pop("source")
    return document


@pytest.fixture(scope="module")
def example_docx(tmp_path_factory, example_raw):
    return build_docx(example_raw, tmp_path_factory.mktemp("docx") / "attachment.docx")


def test_docx_has_vertical_merges(example_docx):
    body = docx.Document(str(example_docx)).element.body
    merges = body.findall(".//" + qn("w:vMerge"))
    continued = [m for m in merges if m.get(qn("w:val")) in (None, "continue")]
    assert len(continued) >= 60


def test_docx_equals_text_export(example_docx, example):
    from_word = read_table(example_docx).framework
    assert comparable(from_word) == comparable(example)


def test_docx_counts(example_docx):
    framework = read_table(example_docx).framework
    assert (len(framework.categories), len(framework.indicators), len(framework.tasks),
            len(framework.departments)) == (10, 36, 104, 16)
    assert (framework.period.year, framework.period.quarter) == (2023, 2)


def test_docx_heading_rows_inside_tables(tmp_path, example_raw, example):
    path = build_docx(example_raw, tmp_path / "headings.docx", heading_in_table=True)
    assert comparable(read_table(path).framework) == comparable(example)


def test_docx_sources_name_table_and_row(example_docx):
    task = read_table(example_docx).framework.task("T02-01-01")
    assert task.source == "第2个表格第2行"


def test_docx_without_tables_says_so(tmp_path):
    document = docx.Document()
    document.add_paragraph("一、打造绿色低碳发展样板指标监测表")
    document.add_paragraph("二、打造生态修复治理样板指标监测表")
    path = tmp_path / "notice.docx"
    document.save(str(path))
    with pytest.raises(TableFormatError) as caught:
        read_table(path)
    problems = caught.value.problems
    assert any("文档中没有表格" in problem for problem in problems)
    assert not any("序号应为" in problem for problem in problems)


def test_corrupt_docx_rejected(tmp_path):
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(TableFormatError) as caught:
        read_table(path)
    assert "不是有效的 Word" in str(caught.value)


def test_shipped_word_example_equals_text(example_path, example):
    word = example_path.with_suffix(".docx")
    assert comparable(read_table(word).framework) == comparable(example)
