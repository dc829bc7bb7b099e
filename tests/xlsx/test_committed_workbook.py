"""The committed master and add-in equal fresh builds of their sources."""

from __future__ import annotations

import zipfile
from pathlib import Path

from openpyxl import load_workbook

from ecomonitor.jobs.addin import build_addin
from ecomonitor.jobs.build import build

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "workbook" / "MonitoringPlatform.xlsm"
COMMITTED_ADDIN = ROOT / "addin" / "EcoMonitor.xlam"
REBUILD = "scripts/build-workbooks.sh"


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as package:
        return {name: package.read(name) for name in package.namelist()}


def test_committed_master_equals_fresh_build(tmp_path):
    fresh = tmp_path / "MonitoringPlatform.xlsm"
    build(None, fresh, reproducible=True)
    committed, rebuilt = members(COMMITTED), members(fresh)
    assert sorted(committed) == sorted(rebuilt), f"parts differ; run `{REBUILD}`"
    changed = [name for name in committed if committed[name] != rebuilt[name]]
    assert changed == [], f"parts differ: {changed}; run `{REBUILD}` and commit the result"
    assert COMMITTED.read_bytes() == fresh.read_bytes()


def test_committed_addin_equals_fresh_build(tmp_path):
    fresh = build_addin(tmp_path / "EcoMonitor.xlam")
    committed, rebuilt = members(COMMITTED_ADDIN), members(fresh)
    assert sorted(committed) == sorted(rebuilt), f"parts differ; run `{REBUILD}`"
    changed = [name for name in committed if committed[name] != rebuilt[name]]
    assert changed == [], f"parts differ: {changed}; run `{REBUILD}` and commit the result"
    assert COMMITTED_ADDIN.read_bytes() == fresh.read_bytes()


def test_committed_master_values_and_layout(tmp_path):
    fresh = tmp_path / "MonitoringPlatform.xlsm"
    build(None, fresh, reproducible=True)
    old, new = load_workbook(COMMITTED), load_workbook(fresh)
    assert old.sheetnames == new.sheetnames
    for name in new.sheetnames:
        before, after = old[name], new[name]
        assert [[c.value for c in row] for row in before.iter_rows()] == \
               [[c.value for c in row] for row in after.iter_rows()], name
        assert before.merged_cells.ranges == after.merged_cells.ranges, name
        assert before.freeze_panes == after.freeze_panes, name
        widths = {k: d.width for k, d in before.column_dimensions.items()}
        assert widths == {k: d.width for k, d in after.column_dimensions.items()}, name
