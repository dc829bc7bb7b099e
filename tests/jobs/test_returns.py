"""Returned copies as files: re-saved, renamed, forged, tampered, duplicated."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from openpyxl import load_workbook

from ecomonitor.jobs.consolidate import consolidate_inbox
from ecomonitor.jobs.split import split
from ecomonitor.xlsx.fill import Typed, fill_copy
from ecomonitor.xlsx.master import open_master
from helpers import packages
from helpers.libreoffice import edit

DEPARTMENT = "州水利局"


def task_values(master) -> dict[str, tuple]:
    framework = open_master(master).framework
    return {task.id: (task.target, task.progress, task.rate, task.others) for task in framework.tasks}


def change_log(master) -> list[tuple]:
    sheet = load_workbook(master)["变更记录"]
    return [tuple(cell.value for cell in row) for row in sheet.iter_rows(min_row=4)]


def test_libreoffice_edit_with_renamed_and_moved_sheets(master, issued_copy, tmp_path):
    inbox = tmp_path / "inbox"
    edit(issued_copy, inbox / "edited.xlsx", [
        ("text", "填报", "G4", "完成农田水利项目12个"),
        ("text", "填报", "H4", "60%"),
        ("text", "填报", "G5", "完成改厕2664个"),
        ("formula", "填报", "H5", "=2664/15500"),
        ("text", "填报", "G6", "进展说明"),
        ("formula", "填报", "H6", "=1/0"),
        ("rename", "填报", "我的进展"),
        ("move", "填报说明", "0"),
    ])
    result = consolidate_inbox(master, inbox)
    [report] = result.reports
    assert report.status == "已采用"
    assert (report.rows_taken, report.rows_rejected) == (2, 1)
    assert [f.code for f in report.findings if f.severity.name != "INFO"] == ["rate-error-value"]
    assert [f.sheet for f in report.findings if f.code == "rate-error-value"] == ["我的进展"]
    framework = open_master(master).framework
    tasks = framework.tasks_owned_by(DEPARTMENT)
    assert (tasks[0].progress, tasks[0].rate) == ("完成农田水利项目12个", 0.6)
    assert tasks[1].rate == pytest.approx(2664 / 15500)
    assert tasks[2].progress == ""


def wps_like(data: bytes) -> bytes:
    """Reproduce what a WPS re-save is known to change that can be made here.

    The sheets are renamed and reordered, the metadata sheet is only
    hidden, docProps/core.xml (and so the save time) is missing, strings move
    into a shared string table, and WPS's own custom properties are added.
    NOTE: WPS itself cannot run on this machine; these changes are the ones
    this project can reproduce, not a recording of a WPS save.
    """
    parts = packages.members(data)
    workbook = parts["xl/workbook.xml"].decode("utf-8")
    workbook = workbook.replace('name="填报"', 'name="Sheet1"').replace('name="填报说明"', 'name="Sheet2"')
    workbook = workbook.replace('state="veryHidden"', 'state="hidden"')
    sheets = re.findall(r"<sheet [^>]*/>", workbook)
    workbook = workbook.replace("".join(sheets), "".join(reversed(sheets)))
    parts["xl/workbook.xml"] = workbook.encode("utf-8")
    parts.pop("docProps/core.xml")
    parts["docProps/custom.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="KSOProductBuildVer">'
        "<vt:lpwstr>2052-11.1.0.11744</vt:lpwstr></property></Properties>"
    ).encode("utf-8")
    return _share_strings(parts)


def _share_strings(parts: dict[str, bytes]) -> bytes:
    """Move the inline strings openpyxl writes into a shared string table, as Excel and WPS store them."""
    strings: list[str] = []

    def shared(match: re.Match) -> str:
        strings.append(match.group(3))
        return f'<c {match.group(1)}t="s"{match.group(2)}><v>{len(strings) - 1}</v></c>'

    for name in [name for name in parts if name.startswith("xl/worksheets/sheet")]:
        xml = parts[name].decode("utf-8")
        parts[name] = re.sub(r'<c ([^>]*?)t="inlineStr"([^>]*)><is>(.*?)</is></c>', shared, xml, flags=re.DOTALL).encode()
    items = "".join(f"<si>{text}</si>" for text in strings)
    parts["xl/sharedStrings.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="{packages.SHEET_NS}" '
        f'count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>'
    ).encode("utf-8")
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b"</Types>", (
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
        b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>'))
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(b"</Relationships>", (
        b'<Relationship Id="rIdShared" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'))
    return packages.repack(parts)


def test_wps_like_resave_consolidated(master, filled_copy, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "wps.xlsx").write_bytes(wps_like(filled_copy.read_bytes()))
    result = consolidate_inbox(master, inbox)
    [report] = result.reports
    assert report.status == "已采用"
    assert report.rows_taken == 5
    assert report.saved_at is not None
    assert result.tasks_changed == 5


def forge(source, target, **changes):
    workbook = load_workbook(source)
    sheet = workbook["_meta"]
    document = json.loads(sheet["A2"].value)
    document.update(changes)
    sheet["A2"].value = json.dumps(document, ensure_ascii=False)
    target.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(target)


def test_forged_copy_leaves_master_unchanged(master, filled_copy, tmp_path):
    before = task_values(master)
    forge(filled_copy, tmp_path / "inbox" / "forged.xlsx", department="州林业局")
    result = consolidate_inbox(master, tmp_path / "inbox")
    assert [f.code for f in result.findings] == ["copy-forged"]
    assert task_values(master) == before
    assert change_log(master) == []


def test_added_tasks_in_metadata_are_forgery(master, filled_copy, tmp_path):
    other = open_master(master).framework.tasks_owned_by("州林业局")[0].id
    document = json.loads(load_workbook(filled_copy)["_meta"]["A2"].value)
    forge(filled_copy, tmp_path / "inbox" / "more.xlsx", tasks=[*document["tasks"], other])
    result = consolidate_inbox(master, tmp_path / "inbox")
    assert [f.code for f in result.findings] == ["copy-forged"]


def test_tampered_target_ignored(master, filled_copy, tmp_path):
    book_before = task_values(master)
    workbook = load_workbook(filled_copy)
    sheet = workbook["填报"]
    sheet["F4"].value = "改低了的目标"
    for row in range(5, 9):
        sheet.cell(row, 7).value = None
        sheet.cell(row, 8).value = None
    (tmp_path / "inbox").mkdir()
    workbook.save(tmp_path / "inbox" / "tampered.xlsx")
    result = consolidate_inbox(master, tmp_path / "inbox")
    codes = [f.code for f in result.findings]
    assert "locked-text-edited" in codes
    after = task_values(master)
    first = open_master(master).framework.tasks_owned_by(DEPARTMENT)[0].id
    assert after[first][0] == book_before[first][0]
    assert {task_id for task_id in after if after[task_id] != book_before[task_id]} == {first}


def test_duplicate_return_taken_once(master, filled_copy, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(filled_copy, inbox / "第一次.xlsx")
    shutil.copy(filled_copy, inbox / "第二次.xlsx")
    result = consolidate_inbox(master, inbox)
    statuses = sorted(report.status for report in result.reports)
    assert statuses == ["已采用", "重复文件"]
    assert [f.code for f in result.findings] == ["copy-duplicate"]
    assert len(change_log(master)) == len(result.changes) == 10


def test_second_run_changes_no_task_and_no_log(master, filled_copy, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(filled_copy, inbox / "a.xlsx")
    consolidate_inbox(master, inbox)
    values, log = task_values(master), change_log(master)
    second = consolidate_inbox(master, inbox)
    assert second.changes == []
    assert task_values(master) == values
    assert change_log(master) == log


def return_copies(master, example, departments, inbox, tmp_path):
    issued = {name: path for name, _, path in split(master, tmp_path / "issued").copies}
    for department in departments:
        entries = {t.id: Typed(t.progress, t.rate, t.rate_text) for t in example.tasks_owned_by(department)}
        fill_copy(issued[department], entries, inbox / f"{department}.xlsx")


def report_rows(master) -> list[tuple]:
    sheet = load_workbook(master)["报送情况"]
    return [(row[0], row[1], row[2]) for row in sheet.iter_rows(min_row=4, max_col=3, values_only=True) if row[1]]


def test_later_batch_keeps_earlier_reporters(master, example, tmp_path):
    return_copies(master, example, ["州水利局", "州林业局"], tmp_path / "batch1", tmp_path)
    first = consolidate_inbox(master, tmp_path / "batch1", summary=True)
    assert "州水利局" not in first.unreported
    return_copies(master, example, ["州生态环境局"], tmp_path / "batch2", tmp_path)
    second = consolidate_inbox(master, tmp_path / "batch2", summary=True)
    assert "州水利局" not in second.unreported
    assert "州林业局" not in second.unreported
    assert "州生态环境局" not in second.unreported
    assert set(first.unreported) - set(second.unreported) == {"州生态环境局"}, (first.unreported, second.unreported)
    departments = [row[1] for row in report_rows(master)]
    assert departments == ["州林业局", "州水利局", "州生态环境局"]
    unreported = [row[0] for row in load_workbook(master)["未报送"].iter_rows(min_row=4, min_col=2, max_col=2,
                                                                                   values_only=True) if row[0]]
    assert "州水利局" not in unreported
    assert len(unreported) == len(second.unreported)
    return_copies(master, example, ["州交通运输局"], tmp_path / "batch3", tmp_path)
    consolidate_inbox(master, tmp_path / "batch3")
    files = [row[0] for row in load_workbook(master)["报送情况"].iter_rows(min_row=4, max_col=1, values_only=True)]
    # The note under the table of the second run is not carried over as a file.
    assert files[:5] == ["州林业局.xlsx", "州水利局.xlsx", "州生态环境局.xlsx", "州交通运输局.xlsx", None]
    assert files[5].startswith("前 3 行")


def test_later_copy_replaces_earlier_row(master, example, tmp_path):
    return_copies(master, example, ["州水利局", "州林业局"], tmp_path / "batch1", tmp_path)
    consolidate_inbox(master, tmp_path / "batch1")
    return_copies(master, example, ["州水利局"], tmp_path / "batch2", tmp_path)
    (tmp_path / "batch2" / "州水利局.xlsx").rename(tmp_path / "batch2" / "水利局补报.xlsx")
    consolidate_inbox(master, tmp_path / "batch2")
    rows = report_rows(master)
    assert [row[1] for row in rows] == ["州林业局", "州水利局"]
    assert rows[1][0] == "水利局补报.xlsx"
    assert [row[2] for row in rows] == ["已采用", "已采用"]


def test_change_log_prints_without_hashes(master, filled_copy, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(filled_copy, inbox / "水利.xlsx")
    consolidate_inbox(master, inbox)
    sheet = load_workbook(master)["变更记录"]
    assert sheet["H3"].value == "SHA-256"
    assert sheet.print_area == f"'变更记录'!$A$1:$G${sheet.max_row}"
    assert len(sheet["H4"].value) == 64
    assert not sheet["H4"].alignment.wrap_text
    rate_rows = [row for row in range(4, sheet.max_row + 1) if sheet.cell(row, 4).value == "完成率"]
    assert rate_rows
    # A rate change fits one line; the hash no longer makes the row five lines tall.
    assert all(sheet.row_dimensions[row].height < 25 for row in rate_rows)
