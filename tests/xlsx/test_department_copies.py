"""Department copies: content, protection, validation, metadata, and LibreOffice."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from openpyxl import load_workbook

from ecomonitor.core.copymeta import copy_meta_from_document
from ecomonitor.core.signing import verify
from ecomonitor.jobs.split import split
from ecomonitor.xlsx.copy_reader import read_returned_copy
from ecomonitor.xlsx.fill import Typed, fill_copy
from ecomonitor.xlsx.master import open_master
from helpers.libreoffice import convert


@pytest.fixture(scope="module")
def copies(empty_master, tmp_path_factory):
    folder = tmp_path_factory.mktemp("copies")
    result = split(empty_master, folder)
    return {name: path for name, _count, path in result.copies}


def test_one_copy_per_department(copies):
    assert len(copies) == 16
    assert copies["州林业局"].name == "州林业局_2023年二季度.xlsx"


def test_copy_holds_only_own_tasks(copies, example):
    sheet = load_workbook(copies["州林业局"])["填报"]
    ids = [sheet.cell(row, 2).value for row in range(4, sheet.max_row + 1)]
    assert ids == [t.id for t in example.tasks_owned_by("州林业局")]
    assert len(ids) == 13


def test_task_with_several_leads_goes_to_each(copies):
    for department in ("州住建局", "州农业农村局", "州自然资源和规划局"):
        sheet = load_workbook(copies[department])["填报"]
        ids = [sheet.cell(row, 2).value for row in range(4, sheet.max_row + 1)]
        assert "T06-02-02" in ids


def test_fixed_cells_locked_input_cells_open(copies):
    sheet = load_workbook(copies["州水利局"])["填报"]
    assert sheet.protection.sheet
    headers = [c.value for c in sheet[3]]
    assert headers == ["序号", "任务编号", "类别", "指标", "牵头单位", "2023年目标任务", "二季度进展", "完成率",
                       "序时进度", "状态", "上期进展"]
    for column in "ABCDEFIJK":
        assert sheet[f"{column}4"].protection.locked
    assert not sheet["G4"].protection.locked
    assert not sheet["H4"].protection.locked


def test_rate_cells_validated(copies):
    sheet = load_workbook(copies["州水利局"])["填报"]
    validations = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    rate = validations["H4:H8"]
    # Text such as 已完成 passes; a number must lie between 0% and 100%.
    assert rate.type == "custom"
    assert rate.formula1 == "OR(ISTEXT(H4),AND(H4>=0,H4<=1))"
    assert rate.errorStyle == "warning"
    assert rate.showInputMessage
    assert rate.prompt


def test_instructions_sheet(copies):
    sheet = load_workbook(copies["州水利局"])["填报说明"]
    text = "\n".join(str(c.value) for c in sheet["A"] if c.value)
    assert "州水利局" in text
    assert "完成率" in text
    assert "5 项任务" in text


def test_metadata_signed_by_master_key(copies, empty_master):
    book = open_master(empty_master)
    copy = read_returned_copy(copies["州水利局"], "州水利局.xlsx")
    assert copy.problem is None
    meta, errors = copy_meta_from_document(copy.metadata)
    assert errors == []
    assert meta.department == "州水利局"
    assert (meta.period.year, meta.period.quarter) == (2023, 2)
    assert meta.tasks == ["T03-03-01", "T06-04-01", "T06-04-02", "T06-04-03", "T10-02-01"]
    assert meta.instance_id == book.meta.instance_id
    assert verify(copy.metadata, book.meta.key)
    assert "key" not in json.dumps(copy.metadata)


def test_libreoffice_computes_status_line(copies, tmp_path):
    filled = tmp_path / "filled.xlsx"
    fill_copy(copies["州水利局"], {"T06-04-01": Typed("完成改厕2664个", 0.172, "17.20%"),
                                   "T10-02-01": Typed("完成投资5.75亿元", None)}, filled)
    recalculated = convert(filled, "xlsx", tmp_path / "out")
    sheet = load_workbook(recalculated, data_only=True)["填报"]
    assert sheet["A2"].value == "已填 1 项，共 5 项（进展和完成率都填写才算已填）"


def test_libreoffice_resaved_copy_still_reads(copies, tmp_path):
    filled = tmp_path / "filled.xlsx"
    fill_copy(copies["州水利局"], {"T06-04-01": Typed("完成改厕2664个\n其中吉首市388个", 0.172, "17.20%")}, filled)
    resaved = convert(filled, "xlsx:Calc MS Excel 2007 XML", tmp_path / "lo")
    copy = read_returned_copy(resaved, "resaved.xlsx")
    assert copy.problem is None
    row = next(r for r in copy.rows if r.task_id == "T06-04-01")
    assert row.progress == "完成改厕2664个\n其中吉首市388个"
    assert row.rate == pytest.approx(0.172)
    assert copy.saved_at is not None and copy.saved_at.tzinfo is not None
    assert copy.saved_at > dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
