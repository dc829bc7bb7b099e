"""The reported rate against the rate computed from the texts."""

from __future__ import annotations

from collections.abc import Iterator

from ecomonitor.core.computed import percent_text
from ecomonitor.core.findings import Finding, Severity
from ecomonitor.core.rates import RateKind, format_rate
from ecomonitor.core.validation.records import RowFacts, ValidationContext, finding

GAP_DECIMALS = 6


def check_mismatch(facts: list[RowFacts], context: ValidationContext) -> Iterator[Finding]:
    """Warn when the reported and computed rates differ by more than the tolerance.

    Two rates of 100% or more do not differ, because a department reports 100%
    for a target it exceeded.
    """
    tolerance = context.settings.rate_mismatch_tolerance
    for fact in facts:
        computed = fact.computed.value
        if computed is None or fact.reading.kind is not RateKind.VALUE:
            continue
        reported = fact.reading.value
        if reported >= 1 and computed >= 1:
            continue
        gap = round(abs(reported - computed) * 100, GAP_DECIMALS)
        if gap <= tolerance:
            continue
        shown = format_rate(reported)
        yield finding(
            "rate-mismatch", Severity.WARNING,
            f"填报完成率 {shown} 与按进展数字核算的 {percent_text(computed)} 相差 {gap:.1f} 个百分点"
            f"（{fact.computed.explanation}），超过核对容差 {tolerance:g} 个百分点：请核实完成率，"
            "或在进展中写明所用的数字。",
            context, fact.record, "rate", shown,
        )
