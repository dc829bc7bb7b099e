"""Building the Excel add-in EcoMonitor.xlam."""

from __future__ import annotations

from pathlib import Path

from ecomonitor.errors import EcoMonitorError
from ecomonitor.xlsx.addin_book import write_addin


def build_addin(output: Path) -> Path:
    output = Path(output)
    if output.suffix.lower() != ".xlam":
        raise EcoMonitorError(f"加载项必须保存为 .xlam 文件，而不是“{output.name}”。")
    return write_addin(output)
