"""Files that are not clean copies: other formats, renamed extensions, passwords, damage."""

from __future__ import annotations

import io
import zipfile

import msoffcrypto.format.ooxml
import pytest

from ecomonitor.core.consolidate import MasterIdentity, consolidate
from ecomonitor.xlsx.inbox import scan_inbox
from ecomonitor.xlsx.master import open_master
from helpers.libreoffice import convert


@pytest.fixture(scope="module")
def converted(issued_copy, tmp_path_factory):
    """The issued copy saved by LibreOffice as .xls, .ods and .csv."""
    folder = tmp_path_factory.mktemp("converted")
    return {
        "xls": convert(issued_copy, "xls:MS Excel 97", folder).read_bytes(),
        "ods": convert(issued_copy, "ods", folder).read_bytes(),
        "csv": convert(issued_copy, "csv:Text - txt - csv (StarCalc):44,34,76", folder).read_bytes(),
    }


@pytest.fixture(scope="module")
def reports(issued_copy, filled_copy, converted, empty_master, tmp_path_factory):
    inbox = tmp_path_factory.mktemp("inbox")
    copy = issued_copy.read_bytes()
    encrypted = io.BytesIO()
    msoffcrypto.format.ooxml.OOXMLFile(io.BytesIO(copy)).encrypt("口令", encrypted)
    files = {
        "old.xls": converted["xls"],
        "wps.et": converted["xls"],
        "open.ods": converted["ods"],
        "table.csv": converted["csv"],
        "table-gbk.csv": converted["csv"].decode("utf-8").encode("gbk"),
        "renamed-xls.xlsx": converted["xls"],
        "renamed-csv.xlsx": converted["csv"],
        "password.xlsx": encrypted.getvalue(),
        "truncated.xlsx": copy[: len(copy) // 2],
        "flipped.xlsx": _flip_member_byte(copy),
        "empty.xlsx": b"",
        "export.xls": "<html><body><table><tr><td>任务</td></tr></table></body></html>".encode("utf-8"),
        "packed.rar": b"Rar!\x1a\x07\x01\x00" + bytes(64),
        "notes.pdf": b"%PDF-1.7\n" + bytes(range(256)),
        "renamed.xls": filled_copy.read_bytes(),
        "binary.xlsb": _xlsb_like(),
    }
    for name, data in files.items():
        (inbox / name).write_bytes(data)
    book = open_master(empty_master)
    identity = MasterIdentity(book.meta.instance_id, book.meta.key, book.settings.deadline)
    result = consolidate(book.framework, identity, scan_inbox(inbox))
    return {report.name: report for report in result.reports}


def _xlsb_like() -> bytes:
    """Return a package with the parts that mark an Excel binary workbook (LibreOffice cannot write one)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.bin", bytes(64))
    return buffer.getvalue()


def _flip_member_byte(data: bytes) -> bytes:
    """Damage one byte inside the first member's compressed data (its CRC no longer matches)."""
    damaged = bytearray(data)
    damaged[80] ^= 0xFF
    return bytes(damaged)


@pytest.mark.parametrize("name, code", [
    ("old.xls", "file-xls"),
    ("wps.et", "file-et"),
    ("open.ods", "file-ods"),
    ("table.csv", "file-csv"),
    ("table-gbk.csv", "file-csv"),
    ("renamed-xls.xlsx", "file-xls"),
    ("renamed-csv.xlsx", "file-csv"),
    ("password.xlsx", "file-encrypted"),
    ("truncated.xlsx", "file-corrupt"),
    ("flipped.xlsx", "file-corrupt"),
    ("empty.xlsx", "file-empty"),
    ("export.xls", "file-unsupported"),
    ("packed.rar", "file-archive-unsupported"),
    ("notes.pdf", "file-unsupported"),
    ("binary.xlsb", "file-xlsb"),
])
def test_unclean_file_gets_one_finding(reports, name, code):
    report = reports[name]
    assert [finding.code for finding in report.findings] == [code]
    assert report.status == "未采用"
    assert report.findings[0].file == name


def test_renamed_extension_names_both(reports):
    assert "扩展名为“.xlsx”" in reports["renamed-xls.xlsx"].findings[0].message
    assert "GBK" in reports["table-gbk.csv"].findings[0].message


def test_real_workbook_with_wrong_extension_read(reports):
    report = reports["renamed.xls"]
    assert report.status == "已采用"
    assert [finding.code for finding in report.findings if finding.code.startswith("file-")] == [
        "file-extension-mismatch"
    ]
