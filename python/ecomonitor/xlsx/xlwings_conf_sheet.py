"""The ``xlwings.conf`` sheet: settings that xlwings' VBA module reads first.

xlwings looks a key up in this sheet, then in ``xlwings.conf`` beside the
workbook, then in ``%USERPROFILE%\\.xlwings\\xlwings.conf``. It reads keys
from A1 down to the first empty cell of column A and takes the value in
column B. A key listed with an empty value hides the files below it, so
the interpreter is not listed here: the offline installer writes it into
the user's file, and IT adds an ``INTERPRETER_WIN`` row only to give one
workbook its own Python.
"""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from ecomonitor.xlsx import styles

SHEET = "xlwings.conf"
KEY_WIDTH, VALUE_WIDTH, NOTE_WIDTH = 30, 12, 70

# The package is installed into Python, so nothing next to the master is
# imported: a stray .py file beside it cannot shadow a module.
SETTINGS = (
    ("ADD_WORKBOOK_TO_PYTHONPATH", "false", "不把主表所在的文件夹加入 Python 的模块搜索路径"),
)
NOTE = (
    "需要为本主表单独指定 Python 时，在 A 列紧接着加一行 INTERPRETER_WIN，B 列写 pythonw.exe 的完整路径；"
    "不加则使用安装程序写入 %USERPROFILE%\\.xlwings\\xlwings.conf 的路径。A 列中间不要留空行。"
)


def write_xlwings_conf_sheet(workbook: Workbook) -> Worksheet:
    sheet = workbook.create_sheet(SHEET)
    sheet.sheet_state = "hidden"
    for row, (key, value, note) in enumerate(SETTINGS, start=1):
        sheet.cell(row, 1, key)
        sheet.cell(row, 2, value).number_format = "@"
        sheet.cell(row, 3, note).font = styles.NOTE_FONT
    sheet.cell(len(SETTINGS) + 2, 3, NOTE).font = styles.NOTE_FONT
    for letter, width in zip("ABC", (KEY_WIDTH, VALUE_WIDTH, NOTE_WIDTH)):
        sheet.column_dimensions[letter].width = width
    return sheet
