"""The committed master equals a fresh reproducible build of the example."""

from __future__ import annotations

import zipfile
from pathlib import Path

from openpyxl import load_workbook

from ecomonitor.jobs.build import build

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "workbook" / "MonitoringPlatform.xlsm"
REBUILD = "ecomonitor build --reproducible"


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
