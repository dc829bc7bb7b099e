"""The ribbon XML and the VBA callbacks it names."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from defusedxml.ElementTree import fromstring

from ecomonitor.xlsx.ribbon import RIBBON_NAMESPACE, RIBBON_PART, callback_names, ribbon_namespace

ADDIN_SOURCES = Path(__file__).resolve().parents[2] / "addin"
RIBBON = (ADDIN_SOURCES / "customUI14.xml").read_bytes()
CALLBACKS = (ADDIN_SOURCES / "EcoRibbon.bas").read_text("ascii")
BUTTONS = ["生成部门填报表", "汇总合并", "校验", "核算完成率", "生成汇总表", "导出PDF", "新建报告期", "帮助"]
NS = {"ui": RIBBON_NAMESPACE}


def public_subs(source: str) -> dict[str, str]:
    """Return each Public Sub's parameter list, by name."""
    return {name: params.strip() for name, params in
            re.findall(r"^Public Sub (\w+)\(([^)]*)\)", source, re.MULTILINE)}


def test_ribbon_uses_2009_namespace():
    assert ribbon_namespace(RIBBON) == RIBBON_NAMESPACE


def test_ribbon_tab_and_buttons():
    root = fromstring(RIBBON)
    tabs = root.findall(".//ui:tab", NS)
    assert [tab.get("label") for tab in tabs] == ["生态监测"]
    assert tabs[0].get("idQ", "").startswith("eco:")
    labels = [button.get("label") for button in root.iter(f"{{{RIBBON_NAMESPACE}}}button")]
    assert sorted(labels) == sorted(BUTTONS)


def test_every_button_has_an_icon():
    root = fromstring(RIBBON)
    for button in root.iter(f"{{{RIBBON_NAMESPACE}}}button"):
        assert button.get("imageMso"), button.get("label")


def test_every_group_asks_for_visibility():
    root = fromstring(RIBBON)
    groups = root.findall(".//ui:group", NS)
    assert len(groups) >= 4
    for group in groups:
        assert group.get("getVisible") == "EcoGroupVisible", group.get("label")


def test_on_action_matches_public_sub():
    subs = public_subs(CALLBACKS)
    actions = callback_names(RIBBON)["onAction"]
    assert len(actions) == len(BUTTONS)
    for action in actions:
        assert subs.get(action) == "control As IRibbonControl", action


def test_get_visible_matches_public_sub():
    subs = public_subs(CALLBACKS)
    for callback in callback_names(RIBBON)["getVisible"]:
        assert subs.get(callback) == "control As IRibbonControl, ByRef visible", callback


def test_vba_sources_are_ascii():
    for path in ADDIN_SOURCES.glob("*.bas"):
        path.read_bytes().decode("ascii")


def test_built_files_carry_source_ribbon(built_addin, example_master):
    for path in (built_addin, example_master):
        with zipfile.ZipFile(path) as package:
            assert package.read(RIBBON_PART) == RIBBON, path.name


def test_addin_command_rejects_other_suffix(tmp_path, capsys):
    from ecomonitor.cli.main import main

    assert main(["addin", "-o", str(tmp_path / "EcoMonitor.xlsx")]) == 1
    assert ".xlam" in capsys.readouterr().err
    assert not (tmp_path / "EcoMonitor.xlsx").exists()
