"""Rules that turn the raw table into a framework.

- A heading 一、打造…样板指标监测表 starts category 一; its sheet is named after
  the part between 打造 and 样板 (绿色低碳发展).
- The header row names the columns; 2023年目标任务 gives the year and
  二季度进展 the quarter, and every category must agree on both.
- An empty indicator or lead-unit cell continues the row above (a merged cell).
- An indicator whose text appears again in the same category (after a page
  break) is the same indicator.
- Texts are kept as written, numbering such as 1. or 3、 included, apart from
  leading and trailing white space.
- A lead-unit cell is read against the department register.
- A rate that cannot be read stays as written, with a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ecomonitor.core.cleantext import EXCEL_CELL_LIMIT
from ecomonitor.core.departments import DepartmentRegister
from ecomonitor.core.ids import indicator_id, task_id
from ecomonitor.core.model import Category, Framework, Indicator, Task
from ecomonitor.core.numerals import parse_numeral, to_numeral
from ecomonitor.core.period import MAX_YEAR, MIN_YEAR, Period, parse_progress_header, parse_target_header
from ecomonitor.core.rates import RateKind, parse_rate
from ecomonitor.core.sheetnames import safe_sheet_name, sheet_key, sheet_name_problem
from ecomonitor.errors import TableFormatError
from ecomonitor.tables.headings import match_heading
from ecomonitor.tables.raw import RawRow, RawSection, RawTable

INDICATOR, LEAD, TARGET, PROGRESS, RATE = "indicator", "lead", "target", "progress", "rate"
FIXED_HEADERS = {"指标": INDICATOR, "牵头单位": LEAD, "责任单位": LEAD, "完成率": RATE}
SHEET_NAME = re.compile(r"^打造(.+?)样板")


@dataclass
class ImportResult:
    """A framework and the warnings that did not stop the import."""

    framework: Framework
    warnings: list[str] = field(default_factory=list)


def assemble(raw: RawTable, register: DepartmentRegister) -> ImportResult:
    return _Assembler(raw, register).run()


class _Assembler:
    def __init__(self, raw: RawTable, register: DepartmentRegister):
        self.raw = raw
        self.register = register
        self.problems: list[str] = list(raw.problems)
        self.warnings: list[str] = []
        self.years: dict[int, str] = {}
        self.quarters: dict[int, str] = {}
        self.categories: list[Category] = []
        self.indicators: list[Indicator] = []
        self.tasks: list[Task] = []

    def run(self) -> ImportResult:
        if not self.raw.sections:
            self.problems.append("没有找到类别标题（如“一、打造绿色低碳发展样板指标监测表”）及其表头。")
        for position, section in enumerate(self.raw.sections, start=1):
            self._read_section(section, position)
        period = self._period()
        if self.problems:
            raise TableFormatError(self.raw.source, self.problems)
        used = {name for task in self.tasks for name in task.lead_departments}
        framework = Framework(
            title=self.raw.preamble[-1] if self.raw.preamble else "",
            period=period,
            categories=self.categories,
            indicators=self.indicators,
            tasks=self.tasks,
            departments=[d for d in self.register.departments if d.name in used],
        )
        return ImportResult(framework, self.warnings)

    def _period(self) -> Period | None:
        for found, what in ((self.years, "年度"), (self.quarters, "季度")):
            if len(found) > 1:
                listed = "、".join(f"{where}为{value}" for value, where in found.items())
                self.problems.append(f"各类别表头的{what}不一致（{listed}），请统一后重试。")
        if len(self.years) != 1 or len(self.quarters) != 1:
            return None
        return Period(next(iter(self.years)), next(iter(self.quarters)))

    def _read_section(self, section: RawSection, position: int) -> None:
        category = self._category(section, position)
        if category is None:
            return
        if section.header is None:
            self.problems.append(f"{section.where}：类别“{section.heading}”下没有表头行。")
            return
        columns = self._columns(section.header)
        if columns is None:
            return
        self.categories.append(category)
        _SectionRows(self, category, columns).read(section)

    def _category(self, section: RawSection, position: int) -> Category | None:
        """Read the heading of the section at ``position`` (1-based) among all sections."""
        match = match_heading(section.heading)
        number = parse_numeral(match.group(1))
        heading = match.group(2)
        if any(known.number == number for known in self.categories):
            self.problems.append(f"{section.where}：类别序号“{match.group(1)}”重复出现。")
            return None
        if number != position:
            self.problems.append(
                f"{section.where}：类别“{section.heading}”是第 {position} 个类别，序号应为“{to_numeral(position)}”，"
                "请检查是否缺少或颠倒了类别。"
            )
            return None
        sheet = self._sheet_name(heading, number)
        requested = self._heading_sheet_name(heading)
        if sheet != requested:
            self.warnings.append(
                f"{section.where}：类别“{section.heading}”{self._sheet_name_reason(requested)}，已改用工作表名“{sheet}”。"
            )
        return Category(number=number, heading=heading, sheet=sheet)

    @staticmethod
    def _heading_sheet_name(heading: str) -> str:
        match = SHEET_NAME.match(heading)
        if match:
            return match.group(1)
        return re.sub(r"(指标)?监测表$", "", heading).removeprefix("打造") or heading

    def _sheet_name(self, heading: str, number: int) -> str:
        used_keys = {sheet_key(category.sheet) for category in self.categories}
        return safe_sheet_name(self._heading_sheet_name(heading), used_keys, fallback=f"类别{to_numeral(number)}")

    def _sheet_name_reason(self, requested: str) -> str:
        problem = sheet_name_problem(requested.strip() or requested) or sheet_name_problem(requested)
        if problem:
            return "的" + problem
        clash = next((c for c in self.categories if sheet_key(c.sheet) == sheet_key(requested)), None)
        if clash is None:
            return f"的工作表名“{requested}”不能直接使用"
        return f"的工作表名“{requested}”与类别“{clash.title}”的“{clash.sheet}”在 Excel 中是同一个名称（不分大小写）"

    def _columns(self, header: RawRow) -> dict[str, int] | None:
        columns: dict[str, int] = {}
        for position, text in enumerate(header.cells):
            role = self._header_role(text, header.where)
            if role is None:
                continue
            if role in columns:
                self.problems.append(f"{header.where}：表头“{text}”重复。")
            columns[role] = position
        missing = [role for role in (INDICATOR, LEAD, TARGET, PROGRESS, RATE) if role not in columns]
        if missing:
            names = {INDICATOR: "指标", LEAD: "牵头单位", TARGET: "XXXX年目标任务",
                     PROGRESS: "X季度进展", RATE: "完成率"}
            listed = "、".join(names[role] for role in missing)
            self.problems.append(f"{header.where}：表头缺少“{listed}”列。")
            return None
        return columns

    def _header_role(self, text: str, where: str) -> str | None:
        if text in FIXED_HEADERS:
            return FIXED_HEADERS[text]
        year = parse_target_header(text)
        if year is not None:
            if MIN_YEAR <= year <= MAX_YEAR:
                self.years.setdefault(year, where)
            else:
                self.problems.append(
                    f"{where}：表头“{text}”中的年度 {year} 不在 {MIN_YEAR} 至 {MAX_YEAR} 之间，请检查年份后重试。"
                )
            return TARGET
        quarter = parse_progress_header(text)
        if quarter is not None:
            self.quarters.setdefault(quarter, where)
            return PROGRESS
        self.problems.append(
            f"{where}：无法识别的表头“{text}”，应为 指标、牵头单位、XXXX年目标任务、X季度进展、完成率。"
        )
        return None


class _SectionRows:
    """Reads the data rows of one category, carrying merged cells down."""

    def __init__(self, owner: _Assembler, category: Category, columns: dict[str, int]):
        self.owner = owner
        self.category = category
        self.columns = columns
        self.width = max(columns.values()) + 1
        self.indicator: Indicator | None = None
        self.indicator_tasks: dict[str, int] = {}
        self.lead_units: str | None = None

    def read(self, section: RawSection) -> None:
        header = section.header.cells
        for row in section.rows:
            if row.cells == header or not any(row.cells):
                continue
            if len(row.cells) != len(header):
                self.owner.problems.append(
                    f"{row.where}：该行有 {len(row.cells)} 个单元格，表头有 {len(header)} 个，"
                    "请检查是否多出或缺少单元格（空单元格也要保留制表符）。"
                )
                continue
            self._read_row(row)

    def _cell(self, row: RawRow, role: str) -> str:
        return row.cells[self.columns[role]]

    def _read_row(self, row: RawRow) -> None:
        problems = self.owner.problems
        indicator = self._indicator(self._cell(row, INDICATOR), row)
        lead_units = self._cell(row, LEAD) or self.lead_units
        if lead_units is None:
            problems.append(f"{row.where}：牵头单位为空，且上方没有可延续的牵头单位。")
            return
        self.lead_units = lead_units
        target = self._cell(row, TARGET)
        if not target:
            problems.append(f"{row.where}：目标任务为空，请填写后重试。")
            return
        if indicator is None:
            return
        lead = self.owner.register.read_lead_units(lead_units)
        for fragment in lead.unknown:
            problems.append(
                f"{row.where}：牵头单位“{fragment}”不在单位名册中，请在名册中加入该单位"
                "或把它作为已有单位的别名（ecomonitor import --departments 名册.json）。"
            )
        self._add_task(row, indicator, lead_units, lead.departments, target)

    def _indicator(self, text: str, row: RawRow) -> Indicator | None:
        if not text:
            if self.indicator is None:
                self.owner.problems.append(f"{row.where}：指标为空，且上方没有可延续的指标。")
            return self.indicator
        for known in self.owner.indicators:
            if known.category == self.category.number and known.text == text:
                if known is not self.indicator:
                    self.owner.warnings.append(
                        f"{row.where}：指标“{text}”在本类别前面已出现且不相邻，已按同一指标处理。"
                    )
                self.indicator = known
                return known
        count = sum(1 for known in self.owner.indicators if known.category == self.category.number)
        self.indicator = Indicator(
            id=indicator_id(self.category.number, count + 1), category=self.category.number, text=text
        )
        self.owner.indicators.append(self.indicator)
        return self.indicator

    def _add_task(self, row, indicator, lead_units, departments, target) -> None:
        order = self.indicator_tasks.get(indicator.id, 0) + 1
        self.indicator_tasks[indicator.id] = order
        self._check_lengths(row, task_id(indicator.id, order))
        reading = parse_rate(self._cell(row, RATE))
        if reading.kind is RateKind.INVALID:
            self.owner.warnings.append(
                f"{row.where}：完成率“{reading.text}”无法识别为百分数，已按原文保留，请核实。"
            )
        self.owner.tasks.append(
            Task(
                id=task_id(indicator.id, order),
                category=self.category.number,
                indicator_id=indicator.id,
                lead_units=lead_units,
                lead_departments=departments,
                target=target,
                progress=self._cell(row, PROGRESS),
                rate=reading.value,
                rate_text=reading.text,
                source=row.where,
            )
        )

    def _check_lengths(self, row: RawRow, task: str) -> None:
        """Report cells longer than an Excel cell can hold: saving them would cut the text."""
        names = {INDICATOR: "指标", LEAD: "牵头单位", TARGET: "目标任务", PROGRESS: "进展", RATE: "完成率"}
        for role, name in names.items():
            length = len(self._cell(row, role))
            if length > EXCEL_CELL_LIMIT:
                self.owner.problems.append(
                    f"{row.where}（任务 {task}）：“{name}”有 {length} 个字符，超过 Excel 单元格的上限 "
                    f"{EXCEL_CELL_LIMIT} 个，请删减或拆分后重试。"
                )
