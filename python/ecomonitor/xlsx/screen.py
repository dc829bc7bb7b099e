"""Screening a workbook package before python-calamine or openpyxl parses it.

The parsers trust what a file declares. Measured with python-calamine 0.9.1:
one value in cell XFD1048576 makes it allocate the whole dense range and
abort the process, and one 32,000-character shared string referenced by
200,000 cells is copied into every cell. openpyxl and calamine ignore or
reject DTDs in most places, but not by contract. So every member is inflated
with the bounds of ``zipguard``, every XML part is parsed here with expat
under defusedxml's rules (a DTD, an entity declaration or an external
reference raises), which rejects entity bombs and external entities, and
every worksheet is measured: the extent of its value cells, their
count, the characters its strings expand to, and where it holds error values
(python-calamine returns error cells as empty strings).
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import xml.sax
from dataclasses import dataclass, field
from xml.parsers import expat

from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import fromstring as parse_xml_string

from ecomonitor.xlsx.zipguard import FileRejected, ZipLimits, open_zip, read_member

WORKBOOK_PART = "xl/workbook.xml"
WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
SHARED_STRINGS = "xl/sharedStrings.xml"
CORE_PART = "docProps/core.xml"
XML_SUFFIXES = (".xml", ".rels", ".vml")
DCTERMS_MODIFIED = "{http://purl.org/dc/terms/}modified"
ENCODING_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*encoding\s*=\s*[\"']([^\"']+)[\"']", re.IGNORECASE)
CELL_REFERENCE = re.compile(r"^([A-Z]{1,3})(\d{1,7})$")


@dataclass(frozen=True)
class SheetLimits:
    """Bounds for one worksheet of a returned copy (a copy has about 40 rows of 8 columns)."""

    max_rows: int = 100_000
    max_columns: int = 1_000
    max_area: int = 1_000_000
    max_text: int = 20_000_000


@dataclass(frozen=True)
class ReadLimits:
    zip: ZipLimits = ZipLimits()
    sheet: SheetLimits = SheetLimits()
    max_file_bytes: int = 50 * 1024 * 1024
    max_archive_depth: int = 2


@dataclass
class SheetFacts:
    """Measurements of one worksheet; rows and columns are 1-based."""

    name: str
    part: str
    state: str = "visible"
    rows: int = 0
    columns: int = 0
    cells: int = 0
    text: int = 0
    errors: dict[tuple[int, int], str] = field(default_factory=dict)
    merges: list[str] = field(default_factory=list)  # merged ranges as written, such as G4:G6


@dataclass
class PackageFacts:
    sheets: dict[str, SheetFacts]
    modified: dt.datetime | None = None


def screen_workbook(data: bytes, limits: ReadLimits = ReadLimits()) -> PackageFacts:
    """Check a workbook package and measure its sheets; raise FileRejected when unsafe."""
    archive, members = open_zip(data, limits.zip)
    with archive:
        by_name = {member.filename: member for member in members if not member.is_dir()}
    if WORKBOOK_PART not in by_name:
        if {"word/document.xml", "ppt/presentation.xml"} & set(by_name):
            raise FileRejected("file-unsupported", "这是 Word 或演示文稿文档，不是 Excel 工作簿：请提供 .xlsx 填报表或 .xlsm 主表")
        raise FileRejected("file-corrupt", "文件不是完整的 Excel 工作簿（缺少 xl/workbook.xml），可能已损坏：请用 Excel 重新保存后再试")
    parts = {
        name: _read_xml(data, by_name[name], limits)
        for name in (WORKBOOK_PART, WORKBOOK_RELS, SHARED_STRINGS, CORE_PART)
        if name in by_name
    }
    if CORE_PART in parts:
        _parse(CORE_PART, parts[CORE_PART])
    sheets = _sheet_names(parts)
    sheet_parts = set(sheets) | {
        name for name in by_name if name.startswith("xl/worksheets/") and name.endswith(".xml")
    }
    _check_other_parts(data, by_name, set(parts) | sheet_parts, limits)

    lengths = _shared_string_lengths(parts.get(SHARED_STRINGS))
    facts = PackageFacts({}, _modified(parts.get(CORE_PART)))
    for part in sorted(sheet_parts):
        if part not in by_name:
            raise FileRejected("file-corrupt", f"工作簿列出的工作表部件“{part}”不存在")
        # Inflated one at a time, after the shared strings are measured.
        content = _read_xml(data, by_name[part], limits)
        name, state = sheets.get(part, (posixpath.basename(part), "visible"))
        sheet = SheetFacts(name, part, state)
        _parse(part, content, _SheetHandler(sheet, lengths, limits.sheet))
        facts.sheets[name] = sheet
    return facts


def screen_document(data: bytes, limits: ReadLimits = ReadLimits()) -> None:
    """Check a Word (.docx) package before python-docx parses it; raise FileRejected when unsafe.

    Every member is inflated within the zip bounds and every XML part is parsed
    without DTDs, as for a workbook. python-docx 1.2.0 already parses with
    ``resolve_entities=False``, but it inflates members without any bound.
    """
    if len(data) > limits.max_file_bytes:
        raise FileRejected(
            "file-too-large", f"文件有 {len(data) / 1024 / 1024:.1f} MB，超过上限 {limits.max_file_bytes // 1024 // 1024} MB"
        )
    archive, members = open_zip(data, limits.zip)
    with archive:
        by_name = {member.filename: member for member in members if not member.is_dir()}
    if "word/document.xml" not in by_name:
        raise FileRejected("file-unsupported", "文件不是 Word 文档（缺少 word/document.xml）")
    _check_other_parts(data, by_name, set(), limits)


def _check_other_parts(data: bytes, by_name: dict, done: set[str], limits: ReadLimits) -> None:
    """Inflate every other member within the bounds and parse every other XML part."""
    for name, member in by_name.items():
        if name in done:
            continue
        content = read_member(data, member, limits.zip)
        if _is_xml(name):
            _check_xml_prolog(name, content)
            _parse(name, content)


def _read_xml(data: bytes, member, limits: ReadLimits) -> bytes:
    content = read_member(data, member, limits.zip)
    _check_xml_prolog(member.filename, content)
    return content


def _is_xml(part: str) -> bool:
    return part.lower().endswith(XML_SUFFIXES)


def _check_xml_prolog(part: str, content: bytes) -> None:
    """Reject XML that is not UTF-8: python-calamine reads only UTF-8 parts."""
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileRejected("xml-encoding", f"部件“{part}”使用 UTF-16 编码，Excel 文件应为 UTF-8")
    match = ENCODING_DECLARATION.match(content[:200].lstrip(b"\xef\xbb\xbf"))
    if match and match.group(1).decode("ascii", "replace").lower().replace("_", "-") not in ("utf-8", "utf8"):
        encoding = match.group(1).decode("ascii", "replace")
        raise FileRejected("xml-encoding", f"部件“{part}”声明的编码为 {encoding}，Excel 文件应为 UTF-8")


def _parse(part: str, content: bytes, handler: xml.sax.ContentHandler | None = None) -> None:
    """Parse one part with expat, calling the handler's SAX methods; attributes come as a dict.

    Without a handler the part is only checked, with no Python call per element.

    expat is driven directly because the SAX layer around it cost more than
    the parsing itself. The DTD and entity handlers raise what
    defusedxml.expatreader raises with forbid_dtd, forbid_entities and
    forbid_external.
    """
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.StartDoctypeDeclHandler = _forbid_dtd
    parser.EntityDeclHandler = _forbid_entity
    parser.UnparsedEntityDeclHandler = _forbid_entity
    parser.ExternalEntityRefHandler = _forbid_external
    if handler is not None:
        parser.StartElementHandler = handler.startElement
        parser.EndElementHandler = handler.endElement
        parser.CharacterDataHandler = handler.characters
    try:
        parser.Parse(content, True)
    except DefusedXmlException as error:
        raise FileRejected(
            "xml-dtd", f"部件“{part}”含有文档类型或实体声明（{type(error).__name__}，XML 炸弹或外部实体），已拒绝读取"
        ) from error
    except expat.ExpatError as error:
        raise FileRejected("file-corrupt", f"部件“{part}”不是完整的 XML（{error}）") from error


def _forbid_dtd(name, system_id, public_id, has_internal_subset):
    raise DTDForbidden(name, system_id, public_id)


def _forbid_entity(name, *details):
    raise EntitiesForbidden(name, None, None, None, None, None)


def _forbid_external(context, base, system_id, public_id):
    raise ExternalReferenceForbidden(context, base, system_id, public_id)


def _local(name: str) -> str:
    return name.rsplit(":", 1)[-1]


class _SheetsHandler(xml.sax.ContentHandler):
    def __init__(self):
        super().__init__()
        self.sheets: list[tuple[str, str, str]] = []
        self.targets: dict[str, str] = {}

    def startElement(self, name, attrs):
        local = _local(name)
        if local == "sheet":
            relation = next((attrs[key] for key in attrs if _local(key) == "id" and ":" in key), "")
            self.sheets.append((attrs.get("name", ""), relation, attrs.get("state", "visible")))
        elif local == "Relationship":
            self.targets[attrs.get("Id", "")] = attrs.get("Target", "")


def _sheet_names(parts: dict[str, bytes]) -> dict[str, tuple[str, str]]:
    """Map worksheet part names to (sheet name, state)."""
    handler = _SheetsHandler()
    _parse(WORKBOOK_PART, parts[WORKBOOK_PART], handler)
    if WORKBOOK_RELS in parts:
        _parse(WORKBOOK_RELS, parts[WORKBOOK_RELS], handler)
    found = {}
    for name, relation, state in handler.sheets:
        target = handler.targets.get(relation, "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        found[part] = (name, state)
    return found


class _StringsHandler(xml.sax.ContentHandler):
    def __init__(self):
        super().__init__()
        self.lengths: list[int] = []
        self.current = 0
        self.in_text = False
        self.in_phonetic = False

    def startElement(self, name, attrs):
        local = _local(name)
        if local == "si":
            self.current = 0
        elif local == "rPh":
            self.in_phonetic = True
        elif local == "t":
            self.in_text = not self.in_phonetic

    def endElement(self, name):
        local = _local(name)
        if local == "si":
            self.lengths.append(self.current)
        elif local == "rPh":
            self.in_phonetic = False
        elif local == "t":
            self.in_text = False

    def characters(self, content):
        if self.in_text:
            self.current += len(content)


def _shared_string_lengths(content: bytes | None) -> list[int]:
    if content is None:
        return []
    handler = _StringsHandler()
    _parse(SHARED_STRINGS, content, handler)
    return handler.lengths


class _SheetHandler(xml.sax.ContentHandler):
    """A handler that measures the value cells of a worksheet and stops at the first limit passed."""

    def __init__(self, facts: SheetFacts, lengths: list[int], limits: SheetLimits):
        super().__init__()
        self.facts = facts
        self.lengths = lengths
        self.limits = limits
        self.row = 0
        self.column = 0
        self.kind = ""
        self.value: list[str] | None = None
        self.has_value = False
        self.inline: int | None = None
        self.in_phonetic = False

    def startElement(self, name, attrs):
        local = _local(name)
        if local == "row":
            self.row = _number(attrs.get("r"), self.row + 1)
            self.column = 0
        elif local == "c":
            self._start_cell(attrs)
        elif local == "v":
            self.value = []
        elif local == "is":
            self.inline = 0
            self.has_value = True
        elif local == "rPh":
            self.in_phonetic = True
        elif local == "t" and self.inline is not None and not self.in_phonetic:
            self.value = []
        elif local == "mergeCell":
            self.facts.merges.append(attrs.get("ref", "") or "")

    def _start_cell(self, attrs) -> None:
        reference = CELL_REFERENCE.match(attrs.get("r", "") or "")
        if reference:
            self.column = _column_number(reference.group(1))
            self.row = int(reference.group(2))
        else:
            self.column += 1
        self.kind = attrs.get("t", "n")
        self.has_value = False
        self.inline = None

    def characters(self, content):
        if self.value is not None:
            self.value.append(content)

    def endElement(self, name):
        local = _local(name)
        if local == "v" and self.value is not None:
            self._end_value("".join(self.value))
            self.value = None
        elif local == "t" and self.value is not None and self.inline is not None:
            self.inline += len("".join(self.value))
            self.value = None
        elif local == "rPh":
            self.in_phonetic = False
        elif local == "c":
            self._end_cell()

    def _end_value(self, text: str) -> None:
        self.has_value = True
        if self.kind == "s":
            index = _number(text, -1)
            self.facts.text += self.lengths[index] if 0 <= index < len(self.lengths) else 0
        elif self.kind == "e":
            self.facts.errors[(self.row, self.column)] = text.strip()
        else:
            self.facts.text += len(text)

    def _end_cell(self) -> None:
        if self.inline is not None:
            self.facts.text += self.inline
        if not self.has_value:
            return
        facts = self.facts
        facts.cells += 1
        facts.rows = max(facts.rows, self.row)
        facts.columns = max(facts.columns, self.column)
        self._check_limits()

    def _check_limits(self) -> None:
        facts, limits = self.facts, self.limits
        if (facts.rows > limits.max_rows or facts.columns > limits.max_columns
                or facts.rows * facts.columns > limits.max_area):
            raise FileRejected(
                "sheet-too-large",
                f"工作表“{facts.name}”的数据延伸到第 {facts.rows} 行、第 {facts.columns} 列，超过上限"
                f"（{limits.max_rows} 行、{limits.max_columns} 列、共 {limits.max_area} 个单元格），已拒绝读取",
            )
        if facts.text > limits.max_text:
            raise FileRejected(
                "sheet-too-large",
                f"工作表“{facts.name}”的文字展开后超过 {limits.max_text} 字（大量单元格引用同一长文本），已拒绝读取",
            )


def _number(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def _modified(content: bytes | None) -> dt.datetime | None:
    """Return the save time in docProps/core.xml, in UTC, or None."""
    if content is None:
        return None
    try:
        text = parse_xml_string(content).findtext(DCTERMS_MODIFIED)
        if not text:
            return None
        stamp = dt.datetime.fromisoformat(re.sub(r"Z$", "+00:00", text.strip()))
    except (ValueError, SyntaxError):
        return None
    return stamp if stamp.tzinfo is not None else stamp.replace(tzinfo=dt.timezone.utc)
