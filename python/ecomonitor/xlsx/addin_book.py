"""The add-in EcoMonitor.xlam: the ribbon and its callbacks, acting on the active workbook.

Its one sheet stays hidden in Excel, as every add-in's sheets do. The VBA
project carries xlwings' add-in module, so ``Book.caller()`` returns the
active workbook rather than the add-in. The package contains nothing that
depends on an office or a date, so every build uses one fixed time stamp
and equal sources give equal bytes.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook

from ecomonitor import __version__
from ecomonitor.xlsx import styles
from ecomonitor.xlsx.save import save_workbook

ADDIN_FILE = "EcoMonitor.xlam"
BUILD_TIME = dt.datetime(2023, 1, 1)
LINES = (
    "湘西州打造全国生态文明样板州监测管理平台：Excel 加载项",
    f"ecomonitor {__version__}",
    "本加载项在 Excel 中显示“生态监测”选项卡，按钮作用于当前打开的平台主表。",
    "请放在受信任位置，并在“文件 → 选项 → 加载项 → 管理 Excel 加载项”中勾选。",
)


def write_addin(path: Path) -> Path:
    """Write the add-in to ``path`` (an ``.xlam`` file) and return the path."""
    path = Path(path)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "EcoMonitor"
    for row, text in enumerate(LINES, start=1):
        sheet.cell(row, 1, text).font = styles.BODY_FONT
    sheet.column_dimensions["A"].width = 90
    workbook.properties.creator = "ecomonitor"
    workbook.properties.title = LINES[0]
    workbook.properties.created = BUILD_TIME
    save_workbook(workbook, path, fixed_time=BUILD_TIME)
    return path
