"""Rules on cells as objects: formulas where text belongs, error values, text too long to print."""

from __future__ import annotations

from collections.abc import Iterator

from ecomonitor.core.cleantext import is_error_literal
from ecomonitor.core.findings import Finding, Severity
from ecomonitor.core.textfit import MAX_ROW_HEIGHT, line_count, text_height
from ecomonitor.core.validation.records import RowRecord, ValidationContext, finding

TEXT_KEYS = ("indicator", "lead_units", "owners", "target", "progress", "previous_progress", "link")
LONG_TEXT_KEYS = ("indicator", "target", "progress")
COLUMN_NAMES = {
    "indicator": "指标", "lead_units": "牵头单位", "owners": "责任单位", "target": "目标任务",
    "progress": "进展", "previous_progress": "上期进展", "link": "关联任务",
}
MAX_CELL_CHARACTERS = 32767  # Excel's limit for the text of one cell


def check_cells(records: list[RowRecord], context: ValidationContext) -> Iterator[Finding]:
    for record in records:
        yield from _check_formulas(record, context)
        yield from _check_error_values(record, context)
        yield from _check_lengths(record, context)


def _check_formulas(record: RowRecord, context: ValidationContext) -> Iterator[Finding]:
    for key in TEXT_KEYS:
        if key in record.formulas:
            formula = getattr(record, key)
            yield finding("formula-in-text", Severity.ERROR,
                          f"“{COLUMN_NAMES[key]}”单元格是公式“{formula}”，这里应填文字：请删除公式，直接填写文字"
                          "（确需以“=”开头的，请先输入一个英文单引号）。", context, record, key, formula)


def _check_error_values(record: RowRecord, context: ValidationContext) -> Iterator[Finding]:
    # The rate cell is covered by rate-invalid.
    for key in TEXT_KEYS:
        value = getattr(record, key)
        if key not in record.formulas and is_error_literal(value):
            yield finding("cell-error-value", Severity.ERROR,
                          f"“{COLUMN_NAMES[key]}”单元格是错误值“{value.strip()}”，不是填报内容（多半是复制粘贴或删行时公式出错）："
                          "请填回原来的内容，可从“备份”文件夹中的备份查找。", context, record, key, value.strip())


def _check_lengths(record: RowRecord, context: ValidationContext) -> Iterator[Finding]:
    for key in LONG_TEXT_KEYS:
        text = getattr(record, key)
        width = record.widths.get(key)
        if not text or not width:
            continue
        if len(text) > MAX_CELL_CHARACTERS:
            yield finding("text-too-long", Severity.ERROR,
                          f"“{COLUMN_NAMES[key]}”有 {len(text)} 个字，超过 Excel 单元格的上限 {MAX_CELL_CHARACTERS}：请精简。",
                          context, record, key, f"{len(text)} 字")
            continue
        height = text_height(text, width)
        if height > MAX_ROW_HEIGHT:
            yield finding("text-too-long", Severity.WARNING,
                          f"“{COLUMN_NAMES[key]}”约 {len(text)} 个字，按当前列宽需约 {line_count(text, width)} 行"
                          f"（{height:.0f} 磅），超过 Excel 一行的最大高度 {MAX_ROW_HEIGHT:g} 磅，显示和打印时会被截断："
                          "请精简文字，或加宽该列。", context, record, key, f"{len(text)} 字")
