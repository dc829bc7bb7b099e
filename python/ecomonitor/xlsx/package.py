"""Post-processing of the zip package that openpyxl writes.

openpyxl always gives the workbook part the .xlsx content type unless it
kept a VBA project; Excel refuses an .xlsm whose content type says .xlsx.
openpyxl also stamps the save time into docProps/core.xml and the zip
entries, which would make two builds of the same input differ.

A macro-enabled package (.xlsm, .xlam) gets the Excel front end here: a
package without a VBA project gets one with the ribbon (``frontend``), and
a package that has the ribbon part gets its relationship back, which
openpyxl drops. After writing, ``preserve`` checks the result against the
file it replaces.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
import zipfile
from pathlib import Path

from ecomonitor.errors import WorkbookError
from ecomonitor.xlsx import frontend, preserve
from ecomonitor.xlsx.ribbon import (
    RIBBON_NAMESPACE,
    RIBBON_PART,
    ROOT_RELATIONSHIPS_PART,
    ribbon_namespace,
    ribbon_targets,
    with_ribbon_relationship,
)

CONTENT_TYPES_PART = "[Content_Types].xml"
WORKBOOK_PART = "/xl/workbook.xml"
CORE_PART = "docProps/core.xml"
COPY_CHUNK = 1024 * 1024

XLSM_CONTENT_TYPE = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
ADDIN_CONTENT_TYPE = "application/vnd.ms-excel.addin.macroEnabled.main+xml"
MAIN_CONTENT_TYPES = {
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    ".xlsm": XLSM_CONTENT_TYPE,
    ".xlam": ADDIN_CONTENT_TYPE,
}
MACRO_CONTENT_TYPES = {XLSM_CONTENT_TYPE, ADDIN_CONTENT_TYPE}

WORKBOOK_OVERRIDE = re.compile(
    r'(<Override PartName="/xl/workbook\.xml" ContentType=")([^"]+)(")'
)
CORE_TIME = re.compile(r"(<dcterms:(?:created|modified)[^>]*>)([^<]*)(</dcterms:(?:created|modified)>)")


def main_content_type(path: Path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in MAIN_CONTENT_TYPES:
        raise WorkbookError(f"不支持的工作簿扩展名“{suffix}”：应为 .xlsx、.xlsm 或 .xlam。")
    return MAIN_CONTENT_TYPES[suffix]


def rewrite_package(
    source: Path,
    target: Path,
    content_type: str,
    fixed_time: dt.datetime | None,
    original: Path | None = None,
) -> None:
    """Copy the package with the given workbook content type.

    With ``fixed_time`` the document properties and every zip entry carry
    that time, so the same content always gives the same bytes. A
    macro-enabled package without a VBA project gets the front end (VBA
    project and ribbon). With ``original``, the file that ``target`` will
    replace, the result is checked to keep every part the original had
    that a save must not lose (``preserve.check_preserved``).
    """
    target = Path(target)
    with tempfile.TemporaryDirectory(prefix=".ecomonitor-", dir=target.parent) as staging:
        add_front_end = content_type in MACRO_CONTENT_TYPES and not _has_part(source, frontend.VBA_PROJECT_PART)
        if add_front_end:
            with_vba = Path(staging) / "with-vba.xlsm"
            frontend.add_vba_project(source, with_vba, addin=content_type == ADDIN_CONTENT_TYPE)
            source = with_vba
        ribbon = frontend.ribbon_xml() if add_front_end else None
        _copy_entries(source, target, content_type, fixed_time, ribbon)
    if original is not None and Path(original).is_file():
        preserve.check_preserved(Path(original), target)


def _copy_entries(source: Path, target: Path, content_type: str,
                  fixed_time: dt.datetime | None, ribbon: bytes | None) -> None:
    with zipfile.ZipFile(source) as package, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as output:
        names = set(package.namelist())
        has_ribbon = ribbon is not None or RIBBON_PART in names
        for info in package.infolist():
            stamp = fixed_time.timetuple()[:6] if fixed_time else info.date_time
            if info.filename == CONTENT_TYPES_PART:
                data = _set_content_type(package.read(info.filename), content_type)
            elif info.filename == CORE_PART and fixed_time is not None:
                data = _set_core_times(package.read(info.filename), fixed_time)
            elif info.filename == ROOT_RELATIONSHIPS_PART and has_ribbon:
                data = with_ribbon_relationship(package.read(info.filename))
            else:
                # Streamed: a large sheet is never held whole in memory.
                with package.open(info) as source, output.open(_entry(info.filename, stamp), "w") as sink:
                    shutil.copyfileobj(source, sink, COPY_CHUNK)
                continue
            _write_entry(output, info.filename, data, stamp)
        if ribbon is not None and RIBBON_PART not in names:
            stamp = fixed_time.timetuple()[:6] if fixed_time else dt.datetime.now().timetuple()[:6]
            _write_entry(output, RIBBON_PART, ribbon, stamp)


def _write_entry(output: zipfile.ZipFile, name: str, data: bytes, stamp: tuple) -> None:
    output.writestr(_entry(name, stamp), data)


def _entry(name: str, stamp: tuple) -> zipfile.ZipInfo:
    entry = zipfile.ZipInfo(name, date_time=stamp)
    entry.compress_type = zipfile.ZIP_DEFLATED
    entry.external_attr = 0o600 << 16
    return entry


def _has_part(path: Path, name: str) -> bool:
    with zipfile.ZipFile(path) as package:
        return name in package.namelist()


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
    if content_type in MACRO_CONTENT_TYPES:
        _verify_front_end(path, names)


def _verify_front_end(path: Path, names: set[str]) -> None:
    """Check that a macro-enabled package has its VBA project and a ribbon Excel loads."""
    if frontend.VBA_PROJECT_PART not in names:
        raise WorkbookError(f"写出的文件“{path}”缺少 VBA 工程（{frontend.VBA_PROJECT_PART}）。")
    if RIBBON_PART not in names:
        return
    with zipfile.ZipFile(path) as package:
        rels = package.read(ROOT_RELATIONSHIPS_PART)
        ribbon = package.read(RIBBON_PART)
    if RIBBON_PART not in ribbon_targets(rels):
        raise WorkbookError(f"写出的文件“{path}”中功能区（{RIBBON_PART}）缺少关系，Excel 不会显示“生态监测”选项卡。")
    if ribbon_namespace(ribbon) != RIBBON_NAMESPACE:
        raise WorkbookError(f"写出的文件“{path}”中功能区的命名空间不是 {RIBBON_NAMESPACE}。")
