"""Rewriting the zip package of a real workbook, for hostile and broken variants.

The variants start from copies written by the platform (and filled as a
department would), and change one thing at the XML or zip level: what a
tool, a transfer or an attacker could do to a returned file.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile

SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info.filename) for info in archive.infolist()}


def repack(parts: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def replace(data: bytes, **changes: bytes | None) -> bytes:
    """Return the package with members replaced; keyword names use / for path separators."""
    parts = members(data)
    for name, content in changes.items():
        if content is None:
            parts.pop(name, None)
        else:
            parts[name] = content
    return repack(parts)


def sheet_part(data: bytes, sheet_name: str) -> str:
    """Return the zip member of a sheet, found through workbook.xml and its relationships."""
    parts = members(data)
    workbook = parts["xl/workbook.xml"].decode("utf-8")
    relations = parts["xl/_rels/workbook.xml.rels"].decode("utf-8")
    sheet = re.search(rf'<sheet [^>]*name="{re.escape(sheet_name)}"[^>]*/>', workbook).group(0)
    relation = re.search(r'r:id="([^"]+)"', sheet).group(1)
    target = re.search(rf'<Relationship [^>]*Id="{relation}"[^>]*/>', relations).group(0)
    path = re.search(r'Target="([^"]+)"', target).group(1)
    return path.lstrip("/") if path.startswith("/") else "xl/" + path


def edit_sheet(data: bytes, sheet_name: str, edit) -> bytes:
    """Apply ``edit(xml text) -> xml text`` to one sheet's XML."""
    part = sheet_part(data, sheet_name)
    parts = members(data)
    parts[part] = edit(parts[part].decode("utf-8")).encode("utf-8")
    return repack(parts)


def set_cell(xml: str, reference: str, cell_xml: str) -> str:
    """Replace the cell ``reference`` (which must exist) with ``cell_xml``."""
    pattern = re.compile(rf'<c r="{reference}"(?: [^>]*)?(?:/>|>.*?</c>)', re.DOTALL)
    replaced, count = pattern.subn(lambda _match: cell_xml, xml, count=1)
    assert count == 1, f"cell {reference} not found"
    return replaced


def inline_text(reference: str, text: str) -> str:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f'<c r="{reference}" t="inlineStr"><is><t xml:space="preserve">{escaped}</t></is></c>'


def add_row(xml: str, row_xml: str) -> str:
    return xml.replace("</sheetData>", row_xml + "</sheetData>")


def lie_about_size(data: bytes, member: str, declared: int) -> bytes:
    """Patch the uncompressed size a member declares in both its headers."""
    buffer = bytearray(data)
    encoded = member.encode("utf-8")
    for signature, size_offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        name_offset = 30 if signature == b"PK\x03\x04" else 46
        start = 0
        while (start := buffer.find(signature, start)) >= 0:
            name_length = struct.unpack("<H", buffer[start + 28:start + 30])[0]
            name = bytes(buffer[start + name_offset:start + name_offset + name_length])
            if name == encoded:
                buffer[start + size_offset:start + size_offset + 4] = struct.pack("<I", declared)
            start += 4
    return bytes(buffer)


def zip_of(files: dict[str, bytes], gbk_names: bool = False) -> bytes:
    """Return a zip archive of files.

    With ``gbk_names`` the names are stored as GBK bytes without the UTF-8
    flag, as zip tools on Chinese Windows write them.
    """
    placeholders = {}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for number, (name, content) in enumerate(files.items()):
            stored = name
            if gbk_names:
                raw = name.encode("gbk")
                stored = f"{number:0{len(raw)}d}"
                placeholders[stored.encode("ascii")] = raw
            info = zipfile.ZipInfo(stored, date_time=(2023, 6, 20, 10, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    data = buffer.getvalue()
    for placeholder, raw in placeholders.items():
        data = data.replace(placeholder, raw)
    return data
