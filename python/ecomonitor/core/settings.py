"""Settings of a master workbook (the 配置 sheet).

Each setting has a Chinese label, which is how the 配置 sheet names it, and a
kind that says how its cell is read. Thresholds are in percentage points,
as the office speaks of them.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, fields

from ecomonitor.core.period import MAX_YEAR, MIN_YEAR, Period
from ecomonitor.errors import WorkbookError


@dataclass(frozen=True)
class SettingSpec:
    attribute: str
    label: str
    kind: type
    help: str


SPECS: tuple[SettingSpec, ...] = (
    SettingSpec("year", "年度", int, "当前报告期的年度，如 2023。新建报告期时自动更新。"),
    SettingSpec("quarter", "季度", int, "当前报告期的季度，1 至 4。新建报告期时自动更新。"),
    SettingSpec("deadline", "报送截止日期", dt.date, "各单位报送填报表的截止日期；晚于此日期的报送标记为逾期。"),
    SettingSpec("contact", "联系人", str, "填报说明中显示的州生态文明办联系人。"),
    SettingSpec("phone", "联系电话", str, "填报说明中显示的联系电话。"),
    SettingSpec("on_time_tolerance", "序时进度容差（百分点）", float, "完成率高于序时进度不超过此值为正常，超过此值为超序时。"),
    SettingSpec("lag_threshold", "滞后阈值（百分点）", float, "低于序时进度超过此值为滞后。"),
    SettingSpec("severe_lag_threshold", "严重滞后阈值（百分点）", float, "低于序时进度超过此值为严重滞后。"),
    SettingSpec("rate_mismatch_tolerance", "完成率核对容差（百分点）", float,
                "填报完成率与核算完成率相差超过此值时提示核实。默认 3：各单位常把完成率取整（最多差 0.5 个百分点），3 个百分点以上的差别多为算错或数字未更新。"),
    SettingSpec("backups_kept", "备份保留份数", int, "每次写入主表前保留的备份份数。"),
)


@dataclass
class Settings:
    year: int
    quarter: int
    deadline: dt.date | None = None
    contact: str = ""
    phone: str = ""
    on_time_tolerance: float = 5.0
    lag_threshold: float = 10.0
    severe_lag_threshold: float = 30.0
    rate_mismatch_tolerance: float = 3.0
    backups_kept: int = 20

    @property
    def period(self) -> Period:
        return Period(self.year, self.quarter)

    def items(self) -> list[tuple[SettingSpec, object]]:
        return [(spec, getattr(self, spec.attribute)) for spec in SPECS]


def settings_from_cells(values: dict[str, object], sheet: str, cells: dict[str, str] | None = None) -> Settings:
    """Build settings from {label: cell value}; missing optional labels keep defaults.

    ``cells`` maps labels to cell references such as B5, which the messages name.
    Raises WorkbookError listing every unreadable or out-of-range value with
    its label and cell. Numbers must be finite and not negative, and thresholds
    at most 100 percentage points. The severe-lag threshold must exceed the lag
    threshold, and the deadline must fall between the quarter's first day and
    the end of the next quarter.
    """
    cells = cells or {}
    read: dict[str, object] = {}
    problems: list[str] = []
    for spec in SPECS:
        if spec.label not in values:
            continue
        where = _where(spec, cells)
        try:
            read[spec.attribute] = _convert(values[spec.label], spec.kind)
        except (ValueError, OverflowError):
            problems.append(f"{where}的值“{values[spec.label]}”无效：{spec.help}")
            continue
        problem = _range_problem(spec, read[spec.attribute])
        if problem:
            problems.append(f"{where}的值“{values[spec.label]}”无效：{problem}")
            del read[spec.attribute]
    for required in ("year", "quarter"):
        spec = _spec(required)
        if spec.label not in values:
            problems.append(f"缺少“{spec.label}”。")
        elif required in read and read[required] is None:
            problems.append(f"{_where(spec, cells)}为空：{spec.help}")
    if not problems:
        try:
            Period(read["year"], read["quarter"])
        except ValueError as error:
            problems.append(f"年度或季度无效（{error}）：季度应为 1 至 4。")
    if not problems:
        problems += _order_problems(read, cells)
    if problems:
        listed = "\n".join(f"  - {problem}" for problem in problems)
        raise WorkbookError(f"工作表“{sheet}”中的配置有误：\n{listed}")
    defaults = {f.name for f in fields(Settings)}
    return Settings(**{key: value for key, value in read.items() if key in defaults and value is not None})


MAX_THRESHOLD = 100.0  # percentage points; rates run from 0 to 100%, so a larger value is a typing mistake


def _spec(attribute: str) -> SettingSpec:
    return next(spec for spec in SPECS if spec.attribute == attribute)


def _where(spec: SettingSpec, cells: dict[str, str]) -> str:
    cell = cells.get(spec.label)
    return f"单元格 {cell}（{spec.label}）" if cell else f"“{spec.label}”"


def _range_problem(spec: SettingSpec, value: object) -> str | None:
    """Describe in Chinese why a converted value is out of range, or return None."""
    if value is None or spec.kind not in (int, float):
        return None
    if spec.attribute == "year" and not MIN_YEAR <= value <= MAX_YEAR:
        return f"年度应在 {MIN_YEAR} 至 {MAX_YEAR} 之间。"
    if spec.attribute == "quarter" and not 1 <= value <= 4:
        return "季度应为 1 至 4。"
    if value < 0:
        return f"不能为负数。{spec.help}"
    if spec.kind is float and value > MAX_THRESHOLD:
        return f"不能超过 {MAX_THRESHOLD:g} 个百分点。{spec.help}"
    return None


def _order_problems(read: dict[str, object], cells: dict[str, str]) -> list[str]:
    """List settings that contradict each other: lag thresholds and the deadline's quarter."""
    problems = []
    lag, severe = read.get("lag_threshold"), read.get("severe_lag_threshold")
    if lag is not None and severe is not None and severe <= lag:
        problems.append(
            f"{_where(_spec('severe_lag_threshold'), cells)}（{severe:g}）应大于"
            f"{_where(_spec('lag_threshold'), cells)}（{lag:g}），否则不会有任务评为“滞后”。"
        )
    deadline = read.get("deadline")
    problem = deadline_problem(Period(read["year"], read["quarter"]), deadline) if deadline else None
    if problem:
        problems.append(f"{_where(_spec('deadline'), cells)}{problem}")
    return problems


def deadline_problem(period: Period, deadline: dt.date) -> str | None:
    """Describe in Chinese why a deadline cannot belong to the period, or return None.

    A deadline lies between the quarter's first day and the end of the next
    quarter. Anything else is most likely a typing mistake in the year or month.
    """
    first_day = dt.date(period.year, period.quarter * 3 - 2, 1)
    latest = period.next().last_day if period.quarter < 4 else dt.date(period.year + 1, 3, 31)
    if first_day <= deadline <= latest:
        return None
    return (
        f"为 {deadline.isoformat()}，不在 {period.label}（{first_day.isoformat()} 起）到下一季度末"
        f"（{latest.isoformat()}）之间：请检查年份和月份，或先核对“年度”“季度”。"
    )


def _convert(value: object, kind: type) -> object:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if kind is str:
        return str(value).strip()
    if kind is dt.date:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        return dt.date.fromisoformat(str(value).strip().replace("/", "-"))
    if isinstance(value, (dt.date, dt.time, dt.timedelta)):
        raise ValueError(value)  # a number cell formatted as a date or time in Excel
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(value)
    if kind is int:
        if number != int(number):
            raise ValueError(value)
        return int(number)
    return number
