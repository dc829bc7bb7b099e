"""Telling what a file is from its bytes, regardless of its extension.

Returns are renamed, re-saved and exported by many tools: an .xlsx renamed
.xls, a CSV renamed .xlsx, an "Excel" export that is really HTML, a
password-protected workbook (an OLE2 compound file holding an
EncryptedPackage stream, not a zip). The content decides what is read.
"""

from __future__ import annotations

import io
import zipfile
from enum import Enum

from ecomonitor.xlsx.zipguard import FileRejected, ZipLimits, check_end_record

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
TEXT_SAMPLE = 64 * 1024


class Kind(Enum):
    EMPTY = "empty"
    WORKBOOK = "workbook"  # an OOXML spreadsheet package (.xlsx, .xlsm)
    XLSB = "xlsb"
    ODS = "ods"
    OTHER_OFFICE = "other-office"  # Word or PowerPoint in OOXML or ODF
    ARCHIVE = "archive"  # a zip of other files
    ENCRYPTED = "encrypted"
    OLE_WORKBOOK = "ole-workbook"  # .xls, and WPS .et, both OLE2 with a Workbook stream
    OLE_OTHER = "ole-other"
    RAR = "rar"
    SEVEN_ZIP = "7z"
    MARKUP = "markup"  # HTML or XML Spreadsheet 2003 saved with a spreadsheet extension
    PDF = "pdf"
    TEXT = "text"
    OTHER = "other"


def sniff(data: bytes) -> Kind:
    """Return the kind of file ``data`` is."""
    if not data:
        return Kind.EMPTY
    if data.startswith(ZIP_MAGICS):
        return _zip_kind(data)
    if data.startswith(OLE_MAGIC):
        return _ole_kind(data)
    if data.startswith(b"Rar!\x1a\x07"):
        return Kind.RAR
    if data.startswith(b"7z\xbc\xaf\x27\x1c"):
        return Kind.SEVEN_ZIP
    if data.startswith(b"%PDF-"):
        return Kind.PDF
    text = decode_text(data[:TEXT_SAMPLE])
    if text is None:
        return Kind.OTHER
    if text.lstrip("\ufeff \t\r\n").startswith("<"):
        return Kind.MARKUP
    return Kind.TEXT


def _zip_kind(data: bytes) -> Kind:
    try:
        check_end_record(data, ZipLimits())
    except FileRejected:
        return Kind.ARCHIVE  # reading it as an archive reports why it is rejected
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            mimetype = b""
            if "mimetype" in names:
                with archive.open("mimetype") as member:
                    mimetype = member.read(100)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, KeyError, OSError,
            NotImplementedError):  # zipfile raises this for versions and methods it does not know
        # A damaged workbook is still reported as one: the package screen names the damage.
        return Kind.WORKBOOK if b"xl/workbook" in data[:4096] else Kind.ARCHIVE
    if "xl/workbook.xml" in names:
        return Kind.WORKBOOK
    if "xl/workbook.bin" in names:
        return Kind.XLSB
    if mimetype.startswith(b"application/vnd.oasis.opendocument.spreadsheet"):
        return Kind.ODS
    if mimetype.startswith(b"application/vnd.oasis.opendocument") or {"word/document.xml", "ppt/presentation.xml"} & names:
        return Kind.OTHER_OFFICE
    if "[Content_Types].xml" in names:
        return Kind.WORKBOOK
    return Kind.ARCHIVE


def _ole_kind(data: bytes) -> Kind:
    """Look for stream names in an OLE2 compound file's directory entries (UTF-16)."""
    if "EncryptedPackage".encode("utf-16-le") in data:
        return Kind.ENCRYPTED
    if any(name.encode("utf-16-le") + b"\x00\x00" in data for name in ("Workbook", "Book")):
        return Kind.OLE_WORKBOOK
    return Kind.OLE_OTHER


def decode_text(sample: bytes) -> str | None:
    """Decode a sample of a text file, or return None when it is binary.

    Chinese text files come as UTF-8 (with or without a byte order mark),
    UTF-16 with a byte order mark, or GB18030/GBK.
    """
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return sample.decode("utf-16", "replace")
    if b"\x00" in sample:
        return None
    for codec in ("utf-8-sig", "gb18030"):
        try:
            return sample.decode(codec)
        except UnicodeDecodeError as error:
            if codec == "utf-8-sig" and error.start >= len(sample) - 4:
                return sample[:error.start].decode(codec)  # a character cut by the sample's end
    return None


def text_encoding(sample: bytes) -> str:
    """Name the encoding of a text sample as shown to users."""
    if sample.startswith(b"\xef\xbb\xbf"):
        return "UTF-8（带 BOM）"
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    try:
        sample.decode("utf-8")
        return "UTF-8"
    except UnicodeDecodeError as error:
        if error.start >= len(sample) - 4:
            return "UTF-8"
        return "GBK/GB18030"
