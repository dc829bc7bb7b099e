"""Writing the new year's framework into an opened master.

The category sheets are written anew from the new table (at the place of the
old ones), because tasks are added, dropped and reordered. What the office
kept per task travels with continuing tasks: 责任单位 (core.yearchange) and
备注 (here). Everything else of the old year is in the 历史 sheet by then.
"""

from __future__ import annotations

from ecomonitor.core.assessment import assess_tasks
from ecomonitor.core.layout import CATEGORY_COLUMNS, CATEGORY_HEADER_ROW
from ecomonitor.core.model import Framework
from ecomonitor.errors import PeriodError
from ecomonitor.xlsx.category_sheet import write_category_sheet
from ecomonitor.xlsx.cells import write_value
from ecomonitor.xlsx.guide_sheet import replace_guide_sheet
from ecomonitor.xlsx.master import MasterBook, write_master_meta
from ecomonitor.xlsx.register_sheet import SHEET as REGISTER_SHEET
from ecomonitor.xlsx.register_sheet import write_owned_counts
from ecomonitor.xlsx.settings_sheet import SHEET as SETTINGS_SHEET
from ecomonitor.xlsx.settings_sheet import write_settings


def check_sheet_names(book: MasterBook, framework: Framework) -> None:
    """Raise PeriodError when a new category would take the name of a sheet that is not a category."""
    current = {category.sheet for category in book.meta.categories}
    clashes = [category.sheet for category in framework.categories
               if category.sheet in book.workbook.sheetnames and category.sheet not in current]
    if clashes:
        raise PeriodError(
            f"新监测表的类别工作表“{'、'.join(clashes)}”与主表中已有的其他工作表同名：请先重命名主表中的这些工作表。"
        )


def write_new_year(book: MasterBook, framework: Framework, notes: dict[str, str]) -> None:
    """Replace the category sheets, the metadata, 配置, the counts in 单位 and 说明."""
    workbook = book.workbook
    old = [category.sheet for category in book.meta.categories if category.sheet in workbook.sheetnames]
    first = min((workbook.sheetnames.index(name) for name in old), default=len(workbook.sheetnames))
    for name in old:
        workbook.remove(workbook[name])
    assessments = assess_tasks(framework, book.settings)
    for offset, category in enumerate(framework.categories):
        sheet = write_category_sheet(workbook, framework, category, assessments, first + offset)
        _write_notes(sheet, framework, category.number, notes)
    book.meta.categories = list(framework.categories)
    book.meta.task_ids = [task.id for task in framework.tasks]
    book.meta.title = framework.title
    write_master_meta(book)
    write_settings(workbook[SETTINGS_SHEET], book.settings, ("year", "quarter", "deadline"))
    write_owned_counts(workbook[REGISTER_SHEET], framework)
    replace_guide_sheet(workbook, framework)


def _write_notes(sheet, framework: Framework, category: int, notes: dict[str, str]) -> None:
    position = next(index for index, column in enumerate(CATEGORY_COLUMNS) if column.key == "note")
    for row, task in enumerate(framework.tasks_in(category), start=CATEGORY_HEADER_ROW + 1):
        if notes.get(task.id):
            write_value(sheet.cell(row, position + 1), notes[task.id])
