"""Import of tables with odd years, over-long cells, other encodings, hostile or wrapped Word files."""

from __future__ import annotations

import codecs
import copy
import re
import zipfile

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from helpers import packages
from helpers.docx_builder import build_docx

from ecomonitor.core.serialize import framework_to_dict
from ecomonitor.errors import TableFormatError
from ecomonitor.tables import read_table

HEADER = "\t指标\n\t牵头单位\n\t{year}年目标任务\n\t二季度进展\n\t完成率\n"
ROW = "\n\t1.指标\n\t州林业局\n\t{target}\n\t进展\n\t50%\n"
TABLE = "一、打造甲样板指标监测表\n" + HEADER.format(year=2023) + ROW.format(target="植树造林1万亩")


def problems_of(path) -> list[str]:
    with pytest.raises(TableFormatError) as caught:
        read_table(path)
    assert str(path) in str(caught.value)
    return caught.value.problems


def comparable(framework) -> dict:
    document = framework_to_dict(framework)
    for task in document["tasks"]:
        task.pop("source")
    return document


@pytest.mark.parametrize("year", [1900, 1999, 2101, 9999])
def test_year_out_of_range(tmp_path, year):
    path = tmp_path / "table.txt"
    path.write_text("一、打造甲样板指标监测表\n" + HEADER.format(year=year) + ROW.format(target="目标"), "utf-8")
    [problem] = problems_of(path)
    assert f"“{year}年目标任务”" in problem
    assert "2000 至 2100" in problem
    assert "第2行" in problem


def test_over_long_cell_names_task(tmp_path):
    path = tmp_path / "table.txt"
    long_target = "长" * 32768
    text = "一、打造甲样板指标监测表\n" + HEADER.format(year=2023) + ROW.format(target="目标") + ROW.format(target=long_target)
    path.write_text(text, "utf-8")
    [problem] = problems_of(path)
    assert "任务 T01-01-02" in problem
    assert "“目标任务”有 32768 个字符" in problem
    assert "32767" in problem


def test_cell_at_limit_accepted(tmp_path):
    path = tmp_path / "table.txt"
    path.write_text("一、打造甲样板指标监测表\n" + HEADER.format(year=2023) + ROW.format(target="长" * 32767), "utf-8")
    assert len(read_table(path).framework.tasks[0].target) == 32767


ENCODED = {
    "gbk": TABLE.encode("gbk"),
    "gb18030": TABLE.encode("gb18030"),
    "utf-8-bom": codecs.BOM_UTF8 + TABLE.encode("utf-8"),
    "utf-16-bom": TABLE.encode("utf-16"),
    "utf-16-le": TABLE.encode("utf-16-le"),
    "utf-16-be": TABLE.encode("utf-16-be"),
    "utf-32-bom": TABLE.encode("utf-32"),
}


@pytest.mark.parametrize("encoding", sorted(ENCODED))
def test_text_encodings_read(tmp_path, encoding):
    path = tmp_path / f"{encoding}.txt"
    path.write_bytes(ENCODED[encoding])
    framework = read_table(path).framework
    assert [task.target for task in framework.tasks] == ["植树造林1万亩"]
    assert framework.categories[0].sheet == "甲"


def test_gb18030_beyond_gbk_read(tmp_path):
    path = tmp_path / "table.txt"
    path.write_bytes(TABLE.replace("植树造林", "植树造林㐀").encode("gb18030"))
    with pytest.raises(UnicodeEncodeError):
        "㐀".encode("gbk")
    assert read_table(path).framework.tasks[0].target == "植树造林㐀1万亩"


def test_broken_utf16_names_encoding(tmp_path):
    path = tmp_path / "table.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + TABLE.encode("utf-16-le") + b"\x00\xd8")
    [problem] = problems_of(path)
    assert "UTF-16" in problem
    assert "UTF-8" in problem


def test_big5_names_encoding_used(tmp_path):
    path = tmp_path / "table.txt"
    path.write_bytes("一、打造甲樣板指標監測表\n\t指標\n\t牽頭單位\n".encode("big5"))
    problems = problems_of(path)
    assert any("GB18030" in problem and "Big5" in problem for problem in problems)


def test_binary_with_zero_bytes_rejected(tmp_path):
    path = tmp_path / "table.txt"
    path.write_bytes(b"\x00\x00\x00\x01\xff\x00\xd8\x00" * 100)
    [problem] = problems_of(path)
    assert "不是纯文本" in problem


@pytest.fixture(scope="module")
def small_docx(tmp_path_factory, example_raw):
    return build_docx(example_raw, tmp_path_factory.mktemp("docx") / "attachment.docx")


def test_docx_zip_bomb_rejected(small_docx, tmp_path):
    parts = packages.members(small_docx.read_bytes())
    parts["word/media/padding.bin"] = bytes(20 * 1024 * 1024)
    path = tmp_path / "炸弹.docx"
    path.write_bytes(packages.repack(parts))
    [problem] = problems_of(path)
    assert "压缩炸弹" in problem
    assert "word/media/padding.bin" in problem


def test_docx_entity_expansion_rejected(small_docx, tmp_path):
    parts = packages.members(small_docx.read_bytes())
    document = parts["word/document.xml"].decode("utf-8")
    entities = '<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    document = re.sub(r"(<\?xml[^>]*\?>)", r"\1" + entities, document, count=1)
    document = document.replace("湘西州打造全国生态文明样板州监测管理平台", "&b;", 1)
    parts["word/document.xml"] = document.encode("utf-8")
    path = tmp_path / "实体.docx"
    path.write_bytes(packages.repack(parts))
    [problem] = problems_of(path)
    assert "实体声明" in problem
    assert "word/document.xml" in problem


def test_docx_without_document_part(tmp_path):
    path = tmp_path / "空.docx"
    path.write_bytes(packages.repack({"[Content_Types].xml": b"<Types/>"}))
    [problem] = problems_of(path)
    assert "不是 Word 文档" in problem


def wrap(element) -> None:
    """Put ``element`` inside a new content control (w:sdt/w:sdtContent) at its place."""
    control = OxmlElement("w:sdt")
    control.append(OxmlElement("w:sdtPr"))
    content = OxmlElement("w:sdtContent")
    control.append(content)
    element.addprevious(control)
    content.append(element)


def test_content_controls_read(small_docx, tmp_path, example):
    document = docx.Document(str(small_docx))
    tables = document.tables
    first_rows = tables[0]._tbl.tr_lst
    for row in first_rows[2:5]:
        wrap(row)
    wrap(tables[1]._tbl)
    cell = tables[2]._tbl.tr_lst[1].tc_lst[2]
    run = cell.findall(".//" + qn("w:r"))[0]
    wrap(run)
    wrap(tables[3]._tbl.tr_lst[2].tc_lst[3])
    path = tmp_path / "内容控件.docx"
    document.save(str(path))
    with zipfile.ZipFile(path) as package:
        assert package.read("word/document.xml").count(b"<w:sdt>") == 6
    assert comparable(read_table(path).framework) == comparable(example)


def test_nested_content_controls_read(small_docx, tmp_path, example):
    document = docx.Document(str(small_docx))
    table = document.tables[0]._tbl
    wrap(table)
    wrap(table.getparent().getparent())
    for row in list(table.tr_lst)[1:3]:
        wrap(row)
    path = tmp_path / "嵌套.docx"
    document.save(str(path))
    assert comparable(read_table(path).framework) == comparable(example)
