"""The Excel front end inside a macro-enabled package: VBA project and ribbon.

The sources are the reviewed text files of ``addin/`` (installed as
``ecomonitor.addin``): the ribbon ``customUI14.xml``, the callback module
``EcoRibbon.bas`` and xlwings' VBA module, standalone for a workbook and
the add-in variant (which works on the active workbook) for the add-in.
pyOpenVBA writes the VBA project; it rewrites only ``xl/vbaProject.bin``
and the sheets' code names, so every other part keeps its bytes.
"""

from __future__ import annotations

import re
import shutil
from importlib import resources
from pathlib import Path

from pyopenvba import ExcelFile
from pyopenvba.exceptions import PyOpenVBAError

from ecomonitor.errors import WorkbookError

ADDIN_PACKAGE = "ecomonitor.addin"
RIBBON_FILE = "customUI14.xml"
CALLBACK_FILE = "EcoRibbon.bas"
WORKBOOK_XLWINGS_FILE = "xlwings.bas"
ADDIN_XLWINGS_FILE = "xlwings_addin.bas"
VBA_PROJECT_PART = "xl/vbaProject.bin"

_MODULE_NAME = re.compile(r'^Attribute VB_Name = "([^"]+)"', re.MULTILINE)


def source_bytes(name: str) -> bytes:
    """Return one file of ``addin/`` as installed with the package."""
    return resources.files(ADDIN_PACKAGE).joinpath(name).read_bytes()


def ribbon_xml() -> bytes:
    return source_bytes(RIBBON_FILE)


def module_files(addin: bool) -> list[str]:
    """Return the ``.bas`` files a workbook (or, with ``addin``, the add-in) carries."""
    return [CALLBACK_FILE, ADDIN_XLWINGS_FILE if addin else WORKBOOK_XLWINGS_FILE]


def module_name(source: str) -> str:
    """Return the module name from a ``.bas`` file's ``Attribute VB_Name`` line."""
    match = _MODULE_NAME.search(source)
    if match is None:
        raise WorkbookError("VBA 模块缺少 Attribute VB_Name 行，无法写入工作簿。")
    return match.group(1)


def vba_sources(addin: bool) -> dict[str, str]:
    """Return the standard modules by name, with the text of their ``.bas`` files."""
    sources = {}
    for name in module_files(addin):
        text = source_bytes(name).decode("ascii")
        sources[module_name(text)] = text
    return sources


def add_vba_project(source: Path, target: Path, addin: bool) -> None:
    """Write ``source`` to ``target`` with a new VBA project and the front end's modules.

    The project contains what Excel puts in a new one (ThisWorkbook and one
    document module per sheet, with the sheets' code names), then the
    standard modules. ``target`` must end in ``.xlsm`` because pyOpenVBA
    adds projects to that format only; the caller sets the add-in content
    type afterwards.
    """
    staged = target.with_name(target.stem + ".novba.xlsm")
    shutil.copyfile(source, staged)
    try:
        with ExcelFile(staged) as workbook:
            project = workbook.add_vba_project()
            for name, text in vba_sources(addin).items():
                project.add_module(name, text)
            workbook.save(target)
    except PyOpenVBAError as error:
        raise WorkbookError(f"无法向“{target.name}”写入 VBA 工程（{error}）。") from error
    finally:
        staged.unlink(missing_ok=True)

