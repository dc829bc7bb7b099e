"""Writing the department copies in worker processes."""

from __future__ import annotations

from openpyxl import load_workbook

from ecomonitor.bench.synthetic import synthetic_framework
from ecomonitor.core.serialize import save_framework
from ecomonitor.jobs.build import build
from ecomonitor.jobs.split import split
from ecomonitor.jobs.sources import load_source


def cell_values(path) -> dict[str, list[tuple]]:
    """Return every sheet's values except the signed metadata, which contains the creation time."""
    workbook = load_workbook(path)
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in workbook.worksheets
            if sheet.title != "_meta"}


def test_parallel_split_equals_serial(tmp_path):
    framework = synthetic_framework(load_source(None).framework, 2)  # 32 departments
    save_framework(framework, tmp_path / "framework.json")
    master = tmp_path / "主表.xlsm"
    build(tmp_path / "framework.json", master, empty=True)
    counted: list[tuple[int, int]] = []
    parallel = split(master, tmp_path / "parallel", progress=lambda done, total: counted.append((done, total)),
                     workers=2)
    serial = split(master, tmp_path / "serial", workers=1)
    assert len(parallel.copies) == 32
    assert [(name, count, path.name) for name, count, path in parallel.copies] == \
        [(name, count, path.name) for name, count, path in serial.copies]
    assert counted[-1] == (32, 32)
    for (_, _, one), (_, _, other) in zip(parallel.copies, serial.copies):
        assert cell_values(one) == cell_values(other), one.name
