"""A copy of a workbook in which only the sheets to print are visible.

LibreOffice's PDF export prints every visible sheet and has no option that
names sheets, so printing a selection means hiding the others. LibreOffice
7.4 still prints a hidden sheet that has a print area, so the copy drops
the print areas of hidden sheets too. The copy is made on the zip package and
changes only xl/workbook.xml. Every other part (charts, print settings,
formats) stays byte for byte as in the master, which an openpyxl round
trip would not guarantee.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from html import unescape
from pathlib import Path

from ecomonitor.errors import WorkbookError

WORKBOOK_PART = "xl/workbook.xml"
SHEET_TAG = re.compile(r"<(?:\w+:)?sheet\b[^>]*/>")
NAME_ATTRIBUTE = re.compile(r'\bname="([^"]*)"')
STATE_ATTRIBUTE = re.compile(r'\s+state="[^"]*"')
VIEW_TAG = re.compile(r"<(?:\w+:)?workbookView\b[^>]*/?>")
PRINT_AREA = re.compile(
    r'<(?:\w+:)?definedName\b(?=[^>]*\bname="_xlnm\.Print_Area")[^>]*\blocalSheetId="(\d+)"[^>]*>.*?</(?:\w+:)?definedName>',
    re.DOTALL,
)


@dataclass(frozen=True)
class SheetEntry:
    name: str
    state: str  # visible, hidden or veryHidden

    @property
    def visible(self) -> bool:
        return self.state == "visible"


def _workbook_xml(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as package:
            return package.read(WORKBOOK_PART).decode("utf-8")
    except (zipfile.BadZipFile, KeyError, OSError) as error:
        raise WorkbookError(f"无法读取“{path}”：文件已损坏或不是 Excel 工作簿（{error}）。") from error


def _entry(tag: str) -> SheetEntry:
    name = unescape(NAME_ATTRIBUTE.search(tag).group(1))
    state = re.search(r'\bstate="([^"]*)"', tag)
    return SheetEntry(name, state.group(1) if state else "visible")


def list_sheets(path: Path) -> list[SheetEntry]:
    """Return the sheets of a workbook in tab order, with their visibility."""
    return [_entry(tag) for tag in SHEET_TAG.findall(_workbook_xml(path))]


def write_print_copy(source: Path, target: Path, sheets: list[str]) -> None:
    """Copy ``source`` to ``target`` with only ``sheets`` visible; the first of them is active."""
    text = _workbook_xml(source)
    entries = [_entry(tag) for tag in SHEET_TAG.findall(text)]
    order = [entry.name for entry in entries]
    first = min(order.index(name) for name in sheets)

    def restate(match: re.Match) -> str:
        tag = match.group(0)
        name = _entry(tag).name
        stripped = STATE_ATTRIBUTE.sub("", tag)
        if name in sheets:
            return stripped
        if _entry(tag).state == "veryHidden":
            return tag
        return stripped[:-2].rstrip() + ' state="hidden"/>'

    text = SHEET_TAG.sub(restate, text)
    hidden = {position for position, name in enumerate(order) if name not in sheets}
    text = PRINT_AREA.sub(lambda match: "" if int(match.group(1)) in hidden else match.group(0), text)
    text = VIEW_TAG.sub(lambda match: _set_active(match.group(0), first), text, count=1)
    with zipfile.ZipFile(source) as package, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as output:
        for info in package.infolist():
            data = text.encode("utf-8") if info.filename == WORKBOOK_PART else package.read(info.filename)
            output.writestr(info, data)


def _set_active(tag: str, index: int) -> str:
    for attribute, value in (("activeTab", index), ("firstSheet", index)):
        pattern = re.compile(rf'\b{attribute}="\d+"')
        if pattern.search(tag):
            tag = pattern.sub(f'{attribute}="{value}"', tag)
        else:
            tag = re.sub(r"(/?>)$", f' {attribute}="{value}"\\1', tag, count=1)
    return tag
