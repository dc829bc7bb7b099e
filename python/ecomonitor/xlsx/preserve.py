"""Checking that a save kept every part of the workbook it replaces.

openpyxl rewrites a package from what it understood when it loaded it, so
anything it did not load is gone from the file it writes. Before a
rewritten master replaces the old one, the two packages are compared on
what the master must never lose: the VBA project, the ribbon and its
relationship, defined names, workbook protection, and per sheet the data
validations, conditional formats, protection and print settings. A loss
stops the save, so the old master stays as it was.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from xml.etree.ElementTree import ParseError

from defusedxml.ElementTree import fromstring

from ecomonitor.errors import WorkbookError
from ecomonitor.xlsx.ribbon import RIBBON_PART, ROOT_RELATIONSHIPS_PART, ribbon_targets

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELATIONSHIP_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
PACKAGE_RELATIONSHIP = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
WORKBOOK_PART = "xl/workbook.xml"
WORKBOOK_RELATIONSHIPS_PART = "xl/_rels/workbook.xml.rels"
VBA_PROJECT_PART = "xl/vbaProject.bin"
CUSTOM_UI_FOLDER = "customUI/"
SOURCE_ATTRIBUTE = "ecomonitor_source"

# Attribute defaults of <pageSetup> and <printOptions> (ECMA-376 Part 1, CT_PageSetup
# and CT_PrintOptions). Writers differ in which defaults they spell out: LibreOffice
# 7.4 writes cellComments="none" and draft="false", openpyxl omits them. So an
# attribute that is missing and an attribute that is set to its default are the same
# setting.
PAGE_SETUP_DEFAULTS = {
    "paperSize": "1",
    "scale": "100",
    "firstPageNumber": "1",
    "fitToWidth": "1",
    "fitToHeight": "1",
    "pageOrder": "downThenOver",
    "orientation": "default",
    "usePrinterDefaults": "true",
    "blackAndWhite": "false",
    "draft": "false",
    "cellComments": "none",
    "useFirstPageNumber": "false",
    "errors": "displayed",
    "horizontalDpi": "600",
    "verticalDpi": "600",
    "copies": "1",
}
PRINT_OPTIONS_DEFAULTS = {
    "horizontalCentered": "false",
    "verticalCentered": "false",
    "headings": "false",
    "gridLines": "false",
    "gridLinesSet": "true",
}
# Sheets are read in chunks of CHUNK bytes. A <sheetData> tag longer than TAG_ROOM bytes could be missed.
CHUNK = 1024 * 1024
TAG_ROOM = 4096
# The cell table of a worksheet, with or without a namespace prefix.
SHEET_DATA_START = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?sheetData\b[^>]*>")
SHEET_DATA_END = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?sheetData\s*>")
# xsd:boolean allows 1 and 0 as well as true and false.
XML_BOOLEANS = {"1": "true", "0": "false"}


@dataclass(frozen=True)
class SheetParts:
    """The parts of one worksheet that a save must keep."""

    validations: int
    conditional_formats: int
    protected: bool
    page_setup: frozenset[str]  # attributes whose value differs from the default
    print_options: bool  # any print option differs from the default
    header_footer: bool  # any header or footer has text


@dataclass
class PackageParts:
    """The parts of a package that a save must keep; sheets by name, names as (name, scope sheet)."""

    vba_project: bytes | None = None
    custom_ui: dict[str, bytes] = field(default_factory=dict)
    ribbon_related: bool = False
    names: set[tuple[str, str]] = field(default_factory=set)
    workbook_protected: bool = False
    sheets: dict[str, SheetParts] = field(default_factory=dict)


def remember_source(workbook, path: Path) -> None:
    """Record on an openpyxl workbook the file it was loaded from, for the check on save."""
    setattr(workbook, SOURCE_ATTRIBUTE, Path(path))


def source_of(workbook) -> Path | None:
    """Return the file a workbook was loaded from, or None for a workbook built in memory."""
    return getattr(workbook, SOURCE_ATTRIBUTE, None)


def read_parts(path: Path) -> PackageParts:
    with zipfile.ZipFile(path) as package:
        members = set(package.namelist())
        parts = PackageParts()
        if VBA_PROJECT_PART in members:
            parts.vba_project = package.read(VBA_PROJECT_PART)
        parts.custom_ui = {name: package.read(name) for name in members if name.startswith(CUSTOM_UI_FOLDER)}
        if ROOT_RELATIONSHIPS_PART in members:
            parts.ribbon_related = RIBBON_PART in ribbon_targets(package.read(ROOT_RELATIONSHIPS_PART))
        workbook = fromstring(package.read(WORKBOOK_PART))
        sheet_parts = _sheet_part_names(workbook, fromstring(package.read(WORKBOOK_RELATIONSHIPS_PART)))
        parts.workbook_protected = workbook.find(f"{MAIN}workbookProtection") is not None
        parts.names = _defined_names(workbook, list(sheet_parts))
        for sheet, part in sheet_parts.items():
            if part in members:
                parts.sheets[sheet] = _read_sheet(package, part)
    return parts


def _sheet_part_names(workbook, relationships) -> dict[str, str]:
    targets = {
        element.get("Id"): element.get("Target", "")
        for element in relationships.iter(PACKAGE_RELATIONSHIP)
    }
    parts = {}
    for sheet in workbook.iter(f"{MAIN}sheet"):
        target = targets.get(sheet.get(RELATIONSHIP_ID), "")
        parts[sheet.get("name")] = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
    return parts


def _defined_names(workbook, sheet_names: list[str]) -> set[tuple[str, str]]:
    names = set()
    for element in workbook.iter(f"{MAIN}definedName"):
        scope = element.get("localSheetId")
        sheet = sheet_names[int(scope)] if scope is not None and int(scope) < len(sheet_names) else ""
        names.add((element.get("name", ""), sheet))
    return names


def _read_sheet(package: zipfile.ZipFile, part: str) -> SheetParts:
    with package.open(part) as stream:
        cut = without_cells(stream)
    try:
        root = fromstring(cut) if cut is not None else fromstring(package.read(part))
    except ParseError:
        root = fromstring(package.read(part))  # the cut failed, say on a false end tag, so parse it all
    return sheet_parts(root)


def sheet_parts(root) -> SheetParts:
    """Return what a save must keep of a parsed worksheet."""
    local_names = [element.tag.rsplit("}", 1)[-1] for element in root.iter()]
    header_footer = root.find(f"{MAIN}headerFooter")
    return SheetParts(
        validations=local_names.count("dataValidation"),
        conditional_formats=local_names.count("conditionalFormatting"),
        protected=root.find(f"{MAIN}sheetProtection") is not None,
        page_setup=_changed_attributes(root.find(f"{MAIN}pageSetup"), PAGE_SETUP_DEFAULTS),
        print_options=bool(_changed_attributes(root.find(f"{MAIN}printOptions"), PRINT_OPTIONS_DEFAULTS)),
        header_footer=header_footer is not None and any(
            (child.text or "").strip() for child in header_footer
        ),
    )


def _inside_markup(head: bytes) -> bool:
    """Tell whether ``head`` ends inside a comment, processing instruction or CDATA section."""
    return any(head.count(opening) != head.count(closing)
               for opening, closing in ((b"<!--", b"-->"), (b"<?", b"?>"), (b"<![CDATA[", b"]]>")))


def without_cells(stream: BinaryIO) -> bytes | None:
    """Read a sheet's XML from ``stream``, leaving out the content of <sheetData>.

    The cells contain none of the compared parts but are most of a large
    sheet, so they are skipped chunk by chunk and never read whole. A cell
    text cannot contain the tags, since XML escapes "<" in text. The last ``TAG_ROOM``
    bytes of a chunk are held back, so a tag split between chunks is found.
    Returns None when the tag found is inside a comment, processing
    instruction or CDATA section, where cutting would hide what follows.
    """
    output, pending, state = bytearray(), b"", "before"
    for chunk in iter(lambda: stream.read(CHUNK), b""):
        pending += chunk
        if state == "before":
            start = SHEET_DATA_START.search(pending)
            if start is None:
                settled = max(len(pending) - TAG_ROOM, 0)
                output += pending[:settled]
                pending = pending[settled:]
                continue
            if _inside_markup(bytes(output) + pending[:start.start()]):
                return None
            output += pending[:start.end()]
            pending = pending[start.end():]
            state = "after" if start.group(0).endswith(b"/>") else "inside"
        if state == "inside":
            end = SHEET_DATA_END.search(pending)
            if end is None:
                pending = pending[-TAG_ROOM:]
                continue
            pending = pending[end.start():]
            state = "after"
        output += pending
        pending = b""
    return bytes(output + pending)


def _changed_attributes(element, defaults: dict[str, str]) -> frozenset[str]:
    """Return the names of the element's attributes that differ from their defaults.

    An attribute without a default, such as a relationship id, always counts.
    """
    if element is None:
        return frozenset()
    changed = set()
    for name, value in element.attrib.items():
        default = defaults.get(name)
        value = value.strip()
        if default in XML_BOOLEANS.values():
            value = XML_BOOLEANS.get(value, value)
        if value != default:
            changed.add(name)
    return frozenset(changed)


def find_losses(before: PackageParts, after: PackageParts) -> list[str]:
    """Describe, in Chinese, every part ``before`` has that ``after`` lost."""
    losses = []
    if before.vba_project is not None and after.vba_project != before.vba_project:
        losses.append("VBA 工程（宏）")
    for name, data in sorted(before.custom_ui.items()):
        if after.custom_ui.get(name) != data:
            losses.append(f"功能区文件 {name}")
    if before.ribbon_related and not after.ribbon_related:
        losses.append("功能区的关系（Excel 将不显示“生态监测”选项卡）")
    if before.workbook_protected and not after.workbook_protected:
        losses.append("工作簿保护")
    for name, scope in sorted(before.names - after.names):
        if not scope or scope in after.sheets:
            losses.append(f"名称“{name}”" + (f"（工作表“{scope}”）" if scope else ""))
    for sheet, old in before.sheets.items():
        new = after.sheets.get(sheet)
        if new is not None:
            losses.extend(f"工作表“{sheet}”的{what}" for what in _sheet_losses(old, new))
    return losses


def _sheet_losses(old: SheetParts, new: SheetParts) -> list[str]:
    losses = []
    if new.validations < old.validations:
        losses.append(f"数据验证（{old.validations} 条变为 {new.validations} 条）")
    if new.conditional_formats < old.conditional_formats:
        losses.append(f"条件格式（{old.conditional_formats} 处变为 {new.conditional_formats} 处）")
    if old.protected and not new.protected:
        losses.append("工作表保护")
    missing = sorted(old.page_setup - new.page_setup)
    if missing:
        losses.append(f"页面设置（{'、'.join(missing)}）")
    if old.print_options and not new.print_options:
        losses.append("打印选项")
    if old.header_footer and not new.header_footer:
        losses.append("页眉页脚")
    return losses


def check_preserved(original: Path, written: Path) -> None:
    """Raise ``WorkbookError`` when ``written`` lost a part that ``original`` has."""
    losses = find_losses(read_parts(original), read_parts(written))
    if losses:
        listed = "\n".join(f"  - {loss}" for loss in losses)
        raise WorkbookError(
            f"保存“{original.name}”会丢失以下内容，因此没有保存，原文件保持不变：\n{listed}\n"
            "这些内容可能是用较新版本的 Excel 添加的。请把该文件和本消息发给技术人员。"
        )
