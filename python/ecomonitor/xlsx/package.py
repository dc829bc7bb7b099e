"""Post-processing of the zip package that openpyxl writes.

openpyxl always gives the workbook part the .xlsx content type unless it
kept a VBA project; Excel refuses an .xlsm whose content type says .xlsx.
openpyxl also stamps the save time into docProps/core.xml and the zip
entries, which would make two builds of the same input differ.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

from ecomonitor.errors import WorkbookError

CONTENT_TYPES_PART = "[Content_Types].xml"
WORKBOOK_PART = "/xl/workbook.xml"
CORE_PART = "docProps/core.xml"

MAIN_CONTENT_TYPES = {
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    ".xlsm": "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    ".xlam": "application/vnd.ms-excel.addin.macroEnabled.main+xml",
}

WORKBOOK_OVERRIDE = re.compile(
    r'(<Override PartName="/xl/workbook\.xml" ContentType=")([^"]+)(")'
)
CORE_TIME = re.compile(r"(<dcterms:(?:created|modified)[^>]*>)([^<]*)(</dcterms:(?:created|modified)>)")


def main_content_type(path: Path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in MAIN_CONTENT_TYPES:
        raise WorkbookError(f"不支持的工作簿扩展名“{suffix}”：应为 .xlsx、.xlsm 或 .xlam。")
    return MAIN_CONTENT_TYPES[suffix]


def rewrite_package(source: Path, target: Path, content_type: str, fixed_time: dt.datetime | None) -> None:
    """Copy the package with the given workbook content type.

    With ``fixed_time`` the document properties and every zip entry carry
    that time, so the same content always gives the same bytes.
    """
    with zipfile.ZipFile(source) as package, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as output:
        for info in package.infolist():
            data = package.read(info.filename)
            if info.filename == CONTENT_TYPES_PART:
                data = _set_content_type(data, content_type)
            elif info.filename == CORE_PART and fixed_time is not None:
                data = _set_core_times(data, fixed_time)
            stamp = fixed_time.timetuple()[:6] if fixed_time else info.date_time
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            output.writestr(entry, data)


def _set_content_type(data: bytes, content_type: str) -> bytes:
    text = data.decode("utf-8")
    text, count = WORKBOOK_OVERRIDE.subn(lambda m: m.group(1) + content_type + m.group(3), text)
    if count != 1:
        raise WorkbookError("工作簿包中找不到 /xl/workbook.xml 的内容类型声明，无法保存。")
    return text.encode("utf-8")


def _set_core_times(data: bytes, moment: dt.datetime) -> bytes:
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    return CORE_TIME.sub(lambda m: m.group(1) + stamp + m.group(3), data.decode("utf-8")).encode("utf-8")


def read_content_type(path: Path) -> str | None:
    """Return the content type the package declares for its workbook part."""
    with zipfile.ZipFile(path) as package:
        text = package.read(CONTENT_TYPES_PART).decode("utf-8")
    match = WORKBOOK_OVERRIDE.search(text)
    return match.group(2) if match else None


def verify_package(path: Path, content_type: str) -> None:
    """Check that a written package is a complete zip with the right content type."""
    try:
        with zipfile.ZipFile(path) as package:
            broken = package.testzip()
            names = set(package.namelist())
    except zipfile.BadZipFile as error:
        raise WorkbookError(f"写出的文件“{path}”不是完整的压缩包：{error}") from error
    if broken is not None:
        raise WorkbookError(f"写出的文件“{path}”中“{broken}”已损坏。")
    if "xl/workbook.xml" not in names:
        raise WorkbookError(f"写出的文件“{path}”缺少 xl/workbook.xml。")
    declared = read_content_type(path)
    if declared != content_type:
        raise WorkbookError(f"写出的文件“{path}”内容类型为“{declared}”，应为“{content_type}”。")
