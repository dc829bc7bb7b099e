"""Render the printed pages shown in the README into docs/print/.

Runs one quarter on the example table (two departments do not report),
writes the summaries, exports the master to PDF with `ecomonitor pdf` and
renders the first page of each summary sheet, each chart page and one
category sheet with pdftoppm.

Usage: .venv/bin/python scripts/render_docs.py   (needs scripts/setup-print.sh)
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tempfile
from pathlib import Path

from ecomonitor.jobs.build import build
from ecomonitor.jobs.consolidate import consolidate_inbox
from ecomonitor.jobs.demo import fill_returns
from ecomonitor.jobs.pdf import export_pdf
from ecomonitor.jobs.sources import example_table_path, load_source
from ecomonitor.jobs.split import split
from ecomonitor.jobs.summary import summarize

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "docs" / "print"
DPI = 80
UNREPORTED = ("州交通运输局", "州机关事务管理局")
# (image name, sheet, page of that sheet counted from 1)
PAGES = [
    ("summary.png", "汇总", 1),
    ("departments.png", "单位汇总", 1),
    ("lagging.png", "滞后清单", 1),
    ("chart-rates.png", "图表", 1),
    ("chart-status.png", "图表", 2),
    ("chart-ranking.png", "图表", 3),
    ("unreported.png", "未报送", 1),
    ("category.png", "绿色低碳发展", 1),
]


def page_headers(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [page.strip().splitlines()[0] if page.strip() else "" for page in text.split("\f")]


def main() -> int:
    TARGET.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="ecomonitor-docs-") as scratch:
        folder = Path(scratch)
        master = folder / "MonitoringPlatform.xlsm"
        build(None, master, empty=True, overwrite=True)
        copies = split(master, folder / "下发")
        example = load_source(example_table_path()).framework
        fill_returns(copies.copies, example, folder / "收回", skip=UNREPORTED)
        consolidate_inbox(master, folder / "收回")
        summarize(master, made=dt.datetime(2023, 7, 5, 9, 30))
        pdf = export_pdf(master, folder / "master.pdf").path
        headers = page_headers(pdf)
        for image, sheet, page in PAGES:
            numbers = [n for n, header in enumerate(headers, start=1) if header.split()[-1:] == [sheet]]
            number = numbers[page - 1]
            stem = TARGET / Path(image).stem
            subprocess.run(["pdftoppm", "-png", "-r", str(DPI), "-f", str(number), "-l", str(number),
                            "-singlefile", str(pdf), str(stem)], check=True)
            print(f"{stem.with_suffix('.png').relative_to(ROOT)}: {sheet}, page {page} (PDF page {number})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
