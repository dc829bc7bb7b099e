"""The 图表 sheet: native Excel charts drawn from 汇总 and 单位汇总.

Three charts, one per printed page:

- the average completion rate of each category against the time-progress
  line (bars and a line on shared axes);
- the status counts of each category as stacked bars;
- the departments ranked by average rate (horizontal bars, rank 1 on top).
 The charts
reference the summary cells, so they are live in Excel and LibreOffice.
"""

from __future__ import annotations

import datetime as dt

from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.text import RichText, Text
from openpyxl.chart.title import Title
from openpyxl.drawing.text import (
    CharacterProperties,
    Font,
    Paragraph,
    ParagraphProperties,
    RegularTextRun,
)
from openpyxl.worksheet.pagebreak import Break, RowBreak
from openpyxl.worksheet.worksheet import Worksheet

from ecomonitor.core.model import Framework
from ecomonitor.core.schedule import Status
from ecomonitor.xlsx import styles
from ecomonitor.xlsx.cells import column_letter
from ecomonitor.xlsx.summary_sheets import WrittenTable
from ecomonitor.xlsx.table_sheet import (
    HEADER_ROW,
    SUBTITLE_ROW,
    TITLE_ROW,
    made_on,
    replace_sheet,
    report_title,
    write_heading,
)

CHART_SHEET = "图表"
SHEET_INDEX = 4
COLUMNS = 14
COLUMN_WIDTH = 10.3  # 14 columns of 10.3 units: one A4 landscape page wide
FIRST_CHART_ROW = 3
ROWS_PER_PAGE = 20
ROW_HEIGHT = 20.0
CHART_WIDTH_CM = 26.0
CHART_HEIGHT_CM = 13.0
CHART_FONT = "宋体"
TITLE_FONT = "黑体"
STATUS_COLOURS = {
    Status.COMPLETED: "548235",
    Status.AHEAD: "70AD47",
    Status.ON_TIME: "A9D18E",
    Status.BEHIND: "FFC000",
    Status.FAR_BEHIND: "C00000",
    Status.MISSING: "BFBFBF",
}
RATE_COLOUR = "4472C4"
COMPUTED_COLOUR = "8FAADC"
TIME_PROGRESS_COLOUR = "C00000"

CHART_TITLES = ("各类别平均完成率与序时进度", "各类别任务进度状态", "各责任单位平均完成率排名")


def _properties(size: float, typeface: str = CHART_FONT) -> CharacterProperties:
    font = Font(typeface=typeface)
    return CharacterProperties(latin=font, ea=font, sz=int(size * 100), b=False)


def _text(size: float) -> RichText:
    properties = _properties(size)
    return RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=properties), endParaRPr=properties)])


def _title(text: str) -> Title:
    properties = _properties(14, TITLE_FONT)
    paragraph = Paragraph(pPr=ParagraphProperties(defRPr=properties), r=[RegularTextRun(rPr=properties, t=text)])
    return Title(tx=Text(rich=RichText(p=[paragraph])), overlay=False)


def _style(chart, title: str) -> None:
    chart.title = _title(title)
    chart.width, chart.height = CHART_WIDTH_CM, CHART_HEIGHT_CM
    for axis in (chart.x_axis, chart.y_axis):
        axis.delete = False
        axis.txPr = _text(10)
    chart.legend.position = "b"
    chart.legend.txPr = _text(10)


def _reference(sheet: Worksheet, table: WrittenTable, key: str, with_header: bool = True) -> Reference:
    first = HEADER_ROW if with_header else table.first_row
    return Reference(sheet, min_col=table.columns[key], min_row=first, max_row=table.last_row)


def _value_labels() -> DataLabelList:
    """Data labels with the value only; LibreOffice shows every part a label leaves unset."""
    return DataLabelList(showVal=True, showLegendKey=False, showCatName=False, showSerName=False,
                         showPercent=False, showBubbleSize=False, txPr=_text(9))


def _fill(series, colour: str) -> None:
    series.graphicalProperties.solidFill = colour
    series.graphicalProperties.line.solidFill = colour


def rate_chart(sheet: Worksheet, table: WrittenTable) -> BarChart:
    """Average completion per category as bars, time progress as a line on the same axes."""
    bars = BarChart()
    bars.type, bars.grouping = "col", "clustered"
    bars.add_data(_reference(sheet, table, "average_rate"), titles_from_data=True)
    colours = [RATE_COLOUR]
    if "average_computed_rate" in table.columns:
        bars.add_data(_reference(sheet, table, "average_computed_rate"), titles_from_data=True)
        colours.append(COMPUTED_COLOUR)
    for series, colour in zip(bars.series, colours):
        _fill(series, colour)
    bars.dataLabels = _value_labels()
    names = _reference(sheet, table, "name", with_header=False)
    bars.set_categories(names)
    line = LineChart()
    line.add_data(_reference(sheet, table, "time_progress"), titles_from_data=True)
    line.set_categories(names)
    progress = line.series[0]
    progress.graphicalProperties.line.solidFill = TIME_PROGRESS_COLOUR
    progress.graphicalProperties.line.width = 28575  # 2.25 pt in EMU
    progress.marker.symbol = "diamond"
    progress.smooth = False
    _style(bars, CHART_TITLES[0])
    bars.y_axis.number_format = "0%"
    bars.y_axis.scaling.min = 0
    bars += line
    return bars


def status_chart(sheet: Worksheet, table: WrittenTable) -> BarChart:
    """Status counts per category as stacked bars, one colour per status."""
    chart = BarChart()
    chart.type, chart.grouping, chart.overlap = "col", "stacked", 100
    for status, colour in STATUS_COLOURS.items():
        chart.add_data(_reference(sheet, table, status.value), titles_from_data=True)
        _fill(chart.series[-1], colour)
    chart.set_categories(_reference(sheet, table, "name", with_header=False))
    _style(chart, CHART_TITLES[1])
    chart.y_axis.number_format = "0"
    chart.y_axis.majorUnit = 2
    return chart


def ranking_chart(sheet: Worksheet, table: WrittenTable) -> BarChart:
    """Departments ranked by average rate as horizontal bars, the first at the top."""
    chart = BarChart()
    chart.type = "bar"
    chart.add_data(_reference(sheet, table, "average_rate"), titles_from_data=True)
    _fill(chart.series[0], RATE_COLOUR)
    chart.set_categories(_reference(sheet, table, "name", with_header=False))
    chart.dataLabels = _value_labels()
    _style(chart, CHART_TITLES[2])
    chart.x_axis.scaling.orientation = "maxMin"
    chart.y_axis.crosses = "max"
    chart.y_axis.number_format = "0%"
    chart.y_axis.scaling.min = 0
    chart.legend = None
    return chart


def write_chart_sheet(workbook: Workbook, framework: Framework, categories: WrittenTable,
                      departments: WrittenTable, made: dt.datetime) -> Worksheet:
    """Write 图表 with one chart per page, drawn from the written summary tables."""
    sheet = replace_sheet(workbook, CHART_SHEET, index=SHEET_INDEX)
    last = column_letter(COLUMNS - 1)
    for position in range(COLUMNS):
        sheet.column_dimensions[column_letter(position)].width = COLUMN_WIDTH
    write_heading(sheet, report_title(framework, "目标任务完成情况图表"), made_on(made), last)
    category_sheet, department_sheet = workbook[categories.sheet], workbook[departments.sheet]
    charts = [rate_chart(category_sheet, categories), status_chart(category_sheet, categories),
              ranking_chart(department_sheet, departments)]
    sheet.row_breaks = RowBreak()
    for page, chart in enumerate(charts):
        top = FIRST_CHART_ROW + page * ROWS_PER_PAGE
        sheet.add_chart(chart, f"A{top}")
        if page:
            sheet.row_breaks.append(Break(id=top - 1))
    last_row = FIRST_CHART_ROW + len(charts) * ROWS_PER_PAGE - 1
    for row in range(FIRST_CHART_ROW, last_row + 1):
        sheet.row_dimensions[row].height = ROW_HEIGHT
    sheet.print_area = f"A1:{last}{last_row}"
    styles.set_print_layout(sheet, f"{TITLE_ROW}:{SUBTITLE_ROW}",
                            styles.page_header(framework.period.label, CHART_SHEET))
    return sheet

