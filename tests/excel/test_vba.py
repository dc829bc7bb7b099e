"""The VBA inside the built files, and what each ribbon callback sends to Python."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest
import xlwings
from oletools.olevba import VBA_Parser
from pyopenvba.apps.excel import ExcelApplication
from pyopenvba.interpreter import NOTHING

from ecomonitor.xlsx.frontend import module_files
from ecomonitor.xlsx.ribbon import callback_names

ROOT = Path(__file__).resolve().parents[2]
ADDIN_SOURCES = ROOT / "addin"
XLWINGS_FOLDER = Path(xlwings.__file__).parent
CALLBACKS = (ADDIN_SOURCES / "EcoRibbon.bas").read_text("ascii")
ON_ACTIONS = sorted(callback_names((ADDIN_SOURCES / "customUI14.xml").read_bytes())["onAction"])

# RunPython replaced by a recorder: the real xlwings module calls a DLL
# that exists only on Windows.
RECORDER = '''
Public Commands As New Collection

Public Function RunPython(PythonCommand As String)
    Commands.Add PythonCommand
End Function

Public Function LastCommand() As String
    LastCommand = Commands(Commands.Count)
End Function
'''
COMMAND = re.compile(r"^import ([\w.]+); ([\w.]+)\.(\w+)\(\)$")


def standard_modules(path: Path) -> dict[str, str]:
    parser = VBA_Parser(str(path))
    try:
        return {name[:-4]: code for _, _, name, code in parser.extract_macros() if name.endswith(".bas")}
    finally:
        parser.close()


def source_modules(addin: bool) -> dict[str, str]:
    sources = {}
    for name in module_files(addin):
        text = (ADDIN_SOURCES / name).read_bytes().decode("ascii")
        sources[re.search(r'VB_Name = "(\w+)"', text).group(1)] = text
    return sources


def test_master_vba_equals_sources(example_master):
    assert standard_modules(example_master) == source_modules(addin=False)


def test_addin_vba_equals_sources(built_addin):
    assert standard_modules(built_addin) == source_modules(addin=True)


def test_committed_files_vba_equals_sources():
    assert standard_modules(ROOT / "workbook" / "MonitoringPlatform.xlsm") == source_modules(addin=False)
    assert standard_modules(ROOT / "addin" / "EcoMonitor.xlam") == source_modules(addin=True)


def test_master_has_document_module_per_sheet(example_master):
    parser = VBA_Parser(str(example_master))
    documents = [name for _, _, name, _ in parser.extract_macros() if name.endswith(".cls")]
    parser.close()
    assert "ThisWorkbook.cls" in documents
    assert len(documents) == 1 + 15  # every sheet of the example master, hidden ones included


def test_vendored_xlwings_module_matches_installed():
    installed = (XLWINGS_FOLDER / "xlwings.bas").read_bytes()
    assert (ADDIN_SOURCES / "xlwings.bas").read_bytes() == installed


def test_vendored_addin_module_differs_only_in_project_name():
    installed = (XLWINGS_FOLDER / "xlwings_custom_addin.bas").read_text("ascii")
    vendored = (ADDIN_SOURCES / "xlwings_addin.bas").read_text("ascii")
    expected = installed.replace('PROJECT_NAME As String = "myaddin"', 'PROJECT_NAME As String = "xlwings"')
    assert expected != installed
    assert vendored == expected


def test_vba_module_version_matches_xlwings():
    for name in ("xlwings.bas", "xlwings_addin.bas"):
        text = (ADDIN_SOURCES / name).read_text("ascii")
        assert f'XLWINGS_VERSION As String = "{xlwings.__version__}"' in text, name


@pytest.fixture()
def excel(example_master):
    """The master in pyOpenVBA's Excel model, with the callbacks and the recorder."""
    app = ExcelApplication.open(example_master, with_vba=False)
    app.add_module(CALLBACKS.replace("\r\n", "\n"), name="EcoRibbon")
    app.add_module(RECORDER, name="xlwings")
    return app


@pytest.mark.parametrize("callback", ON_ACTIONS)
def test_callback_runs_existing_function(excel, callback):
    excel.run(callback, NOTHING)
    command = excel.run("LastCommand")
    match = COMMAND.match(command)
    assert match, command
    module, used, function = match.groups()
    assert used == module == "ecomonitor.live"
    assert callable(getattr(importlib.import_module(module), function))


def test_callbacks_send_distinct_commands(excel):
    commands = set()
    for callback in ON_ACTIONS:
        excel.run(callback, NOTHING)
        commands.add(excel.run("LastCommand"))
    assert len(commands) == len(ON_ACTIONS)


def test_split_callback_sends_exact_command(excel):
    excel.run("EcoSplit", NOTHING)
    assert excel.run("LastCommand") == "import ecomonitor.live; ecomonitor.live.split_copies()"


def test_workbook_groups_hidden_while_addin_open(excel, built_addin):
    assert excel.run("GroupsVisible", False) is True
    excel.open_workbook(built_addin)
    assert excel.run("GroupsVisible", False) is False
    assert excel.run("GroupsVisible", True) is True
