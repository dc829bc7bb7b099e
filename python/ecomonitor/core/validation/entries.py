"""Rules on what a department entered: the progress text and the rate."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ecomonitor.core.cleantext import is_blank
from ecomonitor.core.figures import ONGOING
from ecomonitor.core.findings import Finding, Severity
from ecomonitor.core.quantities import find_quantities, fold_text
from ecomonitor.core.rates import NUMBER, RateKind, format_rate, normalize_rate_text
from ecomonitor.core.validation.records import RowFacts, ValidationContext, finding

EXPLAINED_OVER_100 = re.compile(r"超额|超过|超出|超计划|超目标|提前完成|超年度")
WHITE_SPACE = re.compile(r"\s+")
EQUAL_EPSILON = 1e-9
# Above ten times the target (1000%) a rate is taken as a typing error (a
# completed quantity or an extra digit typed into the rate cell), explained or not.
MAX_PLAUSIBLE_RATE = 10.0
SHOWN_RATE_TEXT = 40

# Periods a progress text names for its figures, with the month they end in.
MONTH_RANGE = re.compile(r"(?<![\d年])(1[0-2]|0?[1-9])\s*[-—–~至到一]\s*(1[0-2]|0?[1-9])\s*月(?!\d)")
AS_OF = re.compile(r"截[至止](?:\s*20\d\d\s*年)?\s*(1[0-2]|0?[1-9])\s*月")
QUARTER = re.compile(r"(?<!前)(?:第)?([一二三四])季度")
QUARTER_NUMBERS = {"一": 1, "二": 2, "三": 3, "四": 4}


def check_entries(facts: list[RowFacts], context: ValidationContext) -> Iterator[Finding]:
    for fact in facts:
        yield from _check_presence(fact, context)
        if fact.reading.kind is RateKind.VALUE:
            yield from _check_rate_value(fact, context)
            yield from _check_bare_number(fact, context)
        yield from _check_progress(fact, context)


def _check_presence(fact: RowFacts, context: ValidationContext) -> Iterator[Finding]:
    record, reading = fact.record, fact.reading
    has_progress = not is_blank(record.progress)
    if not has_progress and reading.kind is RateKind.MISSING:
        yield finding("entry-missing", Severity.WARNING,
                      "进展和完成率都未填写：请补报本季度进展和完成率；尚未开展的，在进展中写明原因并填完成率 0%。", context, record, "progress")
    elif not has_progress:
        yield finding("progress-missing", Severity.ERROR,
                      "已填完成率但未填进展：请补填本季度进展，写明完成量等具体数字。", context, record, "progress")
    elif reading.kind is RateKind.MISSING:
        yield finding("rate-missing", Severity.ERROR,
                      "已填进展但未填完成率：请补填完成率，如 50%。", context, record, "rate")
    if reading.kind is RateKind.INVALID:
        shown = reading.text if len(reading.text) <= SHOWN_RATE_TEXT else reading.text[:SHOWN_RATE_TEXT] + "…"
        yield finding("rate-invalid", Severity.ERROR,
                      f"完成率“{shown}”无法识别：请改为百分数（如 50% 或 52.8%），"
                      "或填“已完成”“未启动”。", context, record, "rate", reading.text)


def _check_rate_value(fact: RowFacts, context: ValidationContext) -> Iterator[Finding]:
    record, rate = fact.record, fact.reading.value
    shown = format_rate(rate)
    if rate < 0:
        yield finding("rate-below-zero", Severity.ERROR,
                      f"完成率 {shown} 小于 0：请填写 0% 到 100% 之间的完成率。", context, record, "rate", shown)
    if rate > MAX_PLAUSIBLE_RATE:
        shown = shown if len(shown) <= 12 else f"{rate * 100:.3g}%"
        yield finding("rate-implausible", Severity.ERROR,
                      f"完成率 {shown} 超过 {format_rate(MAX_PLAUSIBLE_RATE)}，不合常理（多为多输了数字，或把完成量填进了完成率）："
                      "请填写实际完成比例，如 50% 或 120%。", context, record, "rate", shown)
    elif rate > 1 + EQUAL_EPSILON and not EXPLAINED_OVER_100.search(record.progress):
        yield finding("rate-above-100-unexplained", Severity.ERROR,
                      f"完成率 {shown} 超过 100%，但进展中没有说明原因：请在进展中写明超额完成的情况"
                      "（如“超额完成”及完成量），或改正完成率。", context, record, "rate", shown)
    ongoing = ONGOING.search(record.progress)
    if rate >= 1 and ongoing:
        yield finding("rate-complete-but-ongoing", Severity.WARNING,
                      f"完成率为 {shown}，但进展写有“{ongoing.group(0)}”，说明工作仍在进行：请填写实际完成比例；"
                      "确已全部完成的，请在进展中写明。", context, record, "rate", shown)
    before = context.previous_rates.get(record.task_id)
    if before is not None and rate < before - EQUAL_EPSILON:
        yield finding("rate-decreased", Severity.WARNING,
                      f"完成率 {shown} 低于上期（{context.previous.label}）的 {format_rate(before)}：完成率按全年目标累计，"
                      "一般不会下降。请核对；确实下降的（如数字核减），请在进展中写明原因。", context, record, "rate", shown)
    if abs(rate - fact.time_progress) < EQUAL_EPSILON and not is_blank(record.progress) and not find_quantities(record.progress):
        yield finding("rate-equals-time-progress", Severity.INFO,
                      f"完成率 {shown} 正好等于序时进度，而进展中没有任何完成量数字：请核实完成率是按实际完成情况"
                      "估算的，而不是直接填了序时进度。", context, record, "rate", shown)


def _check_progress(fact: RowFacts, context: ValidationContext) -> Iterator[Finding]:
    record = fact.record
    if is_blank(record.progress):
        return
    previous = record.previous_progress
    if previous.strip() and _same_text(previous, record.progress):
        yield finding("progress-unchanged", Severity.WARNING,
                      "本季度进展与上季度进展一字不差：请更新为截至本季度末的进展和数字。",
                      context, record, "progress")
    stale = _oldest_period(record.progress, context.period.quarter)
    if stale is not None:
        written, month, months_old = stale
        yield finding("figures-outdated", Severity.INFO,
                      f"进展中“{written}”的数字截至 {month} 月，比本报告期（截至 {3 * context.period.quarter} 月）"
                      f"早 {months_old} 个月：请核实有没有更新的数字。", context, record, "progress", written)


def _same_text(first: str, second: str) -> bool:
    return WHITE_SPACE.sub("", first) == WHITE_SPACE.sub("", second)


def _oldest_period(progress: str, quarter: int) -> tuple[str, int, int] | None:
    """Return the oldest period the progress names before the report period ends.

    The result is (the words as written, the month the period ends in, how many
    months before the end of the report period), or None.
    """
    text = fold_text(progress)
    end_month = 3 * quarter
    named: list[tuple[int, str]] = []
    for match in MONTH_RANGE.finditer(text):
        named.append((int(match.group(2)), match.group(0)))
    for match in AS_OF.finditer(text):
        named.append((int(match.group(1)), match.group(0)))
    for match in QUARTER.finditer(text):
        named.append((3 * QUARTER_NUMBERS[match.group(1)], match.group(0)))
    older = [(month, written) for month, written in named if month < end_month]
    if not older:
        return None
    month, written = min(older)
    return progress[text.find(written):text.find(written) + len(written)], month, end_month - month


def _check_bare_number(fact: RowFacts, context: ValidationContext) -> Iterator[Finding]:
    """Report how a rate written as text without a percent sign was read, since the writer may not know the rule."""
    record, reading = fact.record, fact.reading
    if not isinstance(record.rate, str) or not NUMBER.match(normalize_rate_text(record.rate)):
        return
    shown = format_rate(reading.value)
    yield finding("rate-without-percent", Severity.INFO,
                  f"完成率“{reading.text}”没有百分号，按 {shown} 计（不超过 1 的数按小数，超过 1 的按百分数）："
                  "如不是这个意思，请改写为百分数，如 50%。", context, record, "rate", reading.text)
