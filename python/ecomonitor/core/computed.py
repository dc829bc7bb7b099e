"""Completion rates computed from the figures of the target and progress texts.

A computed rate is a check on the rate a department reports, so a wrong
number is worse than none: when the texts do not decide it, nothing is
computed and the explanation says why. Rules, in order:

1. A target over several years (2021-2023年) or with a numbered part that
   names no figure is not computed.
2. Target figures are the amounts and levels it asks for. Parts (其中, or
   figures adding up to an earlier one), baselines of past years (2022年…88台),
   scope (涉及) and per-item figures (每个) are left out; a figure marked as a
   total (共43公里) stands for the others of its family.
3. Progress figures count as done unless they are planned (计划, 任务, 要求 …
   before them in the sentence), parts, remainders (余下), since the start of a
   multi-year project (开工至今, 项目总投资), per item, or an unmarked repetition
   of the target figure.
4. When the progress states a plan and then a done amount of a family the
   target counts in (计划总投资6370.01万元 … 完成工程投资4809.5万元), or the target
   names no figure but a 任务, the progress's own plan is used.
5. Amounts of one family are converted and summed on both sides when both
   have the same number of figures; otherwise each target figure is matched
   to the progress figure whose words it shares, and an unmatched one makes the
   rate undecided unless the progress says it cannot be counted yet (无法统计).
6. Levels (percentages, per-person figures) count 100% when reached; a level
   not reached has no proportion and leaves the rate undecided. Reductions
   (下降2.45%) compare with reductions; a change the other way is said, never
   inverted. A level the progress does not report is left out.
7. The rate is the ratio of a single family, or the mean of the families'
   ratios; a rate made only of levels needs all of them reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ecomonitor.core.figures import ONGOING, Bound, Figure, Mode, mentions_reduction, read_figures
from ecomonitor.core.matching import best_match, count_same_thing, counted_noun, declared_uncountable
from ecomonitor.core.quantities import (
    find_quantities,
    fold_text,
    format_in_unit,
    mask_numbering,
    unit_factor,
    unit_label,
)

MULTI_YEAR = re.compile(r"(20\d\d)\s*[-—–~至到]\s*(20\d\d)\s*年")
ITEM_START = re.compile(r"(?:^|[\n；;。])\s*(?:\d{1,2}[.、．]|[（(]\d{1,2}[)）])(?=\D|\d{4}年)")
SHARED_LEVEL = re.compile(r"[均都]\s*(?:达到|保持|为|在|达)?\s*$")
TASK_WORD = re.compile(r"任务")


@dataclass(frozen=True)
class ComputedRate:
    """A computed rate as a fraction (None when undecided) and why, in Chinese."""

    value: float | None
    explanation: str


@dataclass(frozen=True)
class _Part:
    """The outcome for one family or level of a target.

    A part with neither a ratio nor ``decided`` False is left out: ``text``
    then names the target figures the progress does not report.
    """

    ratio: float | None
    text: str
    decided: bool = True
    level: bool = False
    uncountable: bool = False


def _undecided(text: str) -> _Part:
    return _Part(None, text, decided=False)


def _left_out(goals: str, uncountable: bool = False, level: bool = False) -> _Part:
    return _Part(None, goals, level=level, uncountable=uncountable)


def percent_text(ratio: float) -> str:
    return f"{ratio * 100:.1f}%"


def compute_rate(target: str, progress: str, year: int) -> ComputedRate:
    """Compute the completion rate that the figures of the texts support."""
    if not progress.strip():
        return ComputedRate(None, "")
    problem, goals = _read_target(target, year)
    if problem:
        return ComputedRate(None, f"未核算：{problem}")
    reported = read_figures(progress, year)
    parts = _parts(target, goals, reported, progress)
    return _combine(parts, progress)


@lru_cache(maxsize=4096)
def _read_target(target: str, year: int) -> tuple[str | None, tuple[Figure, ...]]:
    """Return why a target cannot be computed (or None) and its figures, remembered.

    Every copy of a quarter repeats the same targets, so each is read once.
    """
    problem = _target_problem(target)
    return problem, () if problem else tuple(read_figures(target, year))


def _target_problem(target: str) -> str | None:
    span = MULTI_YEAR.search(fold_text(target))
    if span:
        return f"目标为 {span.group(1)}-{span.group(2)} 年的多年累计量，无法用本年进展核算。"
    masked = fold_text(target)
    starts = [match.start() for match in ITEM_START.finditer(masked)]
    if len(starts) >= 2:
        for number, (start, end) in enumerate(zip(starts, [*starts[1:], len(masked)]), start=1):
            if not find_quantities(mask_numbering(masked[start:end])):
                return f"目标第 {number} 项没有数字，完成率无法只按其他各项核算。"
    return None


def _goals(figures: tuple[Figure, ...]) -> tuple[list[Figure], list[Figure], list[Figure]]:
    """Split target figures into amounts, levels and levels shared by several subjects."""
    usable = [f for f in figures if not (f.breakdown or f.baseline or f.scope or f.per_item)]
    amounts = _prefer_totals([f for f in usable if not f.level])
    levels = [f for f in usable if f.level and not SHARED_LEVEL.search(f.segment)]
    shared = [f for f in usable if f.level and SHARED_LEVEL.search(f.segment)]
    return amounts, levels, shared


def _done(figures: list[Figure], goals: list[Figure]) -> tuple[list[Figure], list[Figure]]:
    """Return the progress amounts and levels that count as done."""
    usable = [
        f for f in figures
        if f.mode is not Mode.PLAN
        and not (f.breakdown or f.remainder or f.since_start or f.per_item or f.baseline or f.scope)
    ]
    goal_values = {(g.family, g.quantity.value) for g in goals}
    amounts = [
        f for f in usable
        if not f.level and not (f.mode is Mode.NEUTRAL and (f.family, f.quantity.value) in goal_values)
    ]
    return _prefer_totals(amounts), [f for f in usable if f.level]


def _prefer_totals(figures: list[Figure]) -> list[Figure]:
    """Keep only the total of a family when one figure is marked as a total and is the largest.

    In 吉首市8公里，其余各县5公里（全州共43公里） the 43 stands for the rest; in
    72个水源地中…共发现问题41个 the 41 is a total of something else.
    """
    result: list[Figure] = []
    for family in dict.fromkeys(f.family for f in figures):
        members = [f for f in figures if f.family == family]
        totals = [f for f in members if f.total]
        if len(totals) == 1 and all(totals[0].quantity.value >= f.quantity.value for f in members):
            result += totals
        else:
            result += members
    return sorted(result, key=lambda f: f.index)


def _parts(target: str, goal_figures: tuple[Figure, ...], reported: list[Figure], progress: str) -> list[_Part]:
    amounts, levels, shared = _goals(goal_figures)
    if shared:
        words = "、".join(f.text for f in shared)
        return [_undecided(f"目标中的“{words}”同时适用于多项指标，无法逐项核对。")]
    done_amounts, done_levels = _done(reported, amounts)
    pairs = _plan_pairs(reported)
    if not amounts and not levels:
        if pairs and TASK_WORD.search(target) and len(pairs) == 1:
            plan, done = next(iter(pairs.values()))
            return [_plan_part(plan, done)]
        return [_undecided("目标中没有可核算的数字。")]
    parts: list[_Part] = []
    for family in dict.fromkeys(g.family for g in amounts):
        family_goals = [g for g in amounts if g.family == family]
        if family in pairs:
            parts.append(_plan_part(*pairs[family]))
            continue
        family_done = [d for d in done_amounts if d.family == family]
        parts.append(_amount_part(family_goals, family_done, progress))
    parts += [_level_part(goal, done_levels) for goal in levels]
    return parts


def _plan_pairs(figures: list[Figure]) -> dict[str, tuple[Figure, Figure]]:
    """Find a planned amount followed by exactly one done amount of its family."""
    pairs: dict[str, tuple[Figure, Figure]] = {}
    for plan in figures:
        if plan.mode is not Mode.PLAN or plan.level or plan.since_start or plan.breakdown or plan.per_item:
            continue
        following = [
            f for f in figures[plan.index + 1:]
            if f.family == plan.family and f.mode is Mode.DONE and not f.level
            and not (f.breakdown or f.remainder or f.since_start or f.per_item)
        ]
        if len(following) == 1 and plan.family not in pairs:
            pairs[plan.family] = (plan, following[0])
    return pairs


def _plan_part(plan: Figure, done: Figure) -> _Part:
    ratio = done.quantity.value / plan.quantity.value
    return _Part(ratio, f"进展写明计划 {plan.text}、完成 {done.text}：{_division([done], [plan])} = {percent_text(ratio)}")


def _amount_part(goals: list[Figure], done: list[Figure], progress: str) -> _Part:
    unit = unit_label(goals[0].family)
    wanted = "、".join(g.text for g in goals)
    if goals[0].change < 0 and done and not all(mentions_reduction(d) for d in done):
        return _undecided(f"目标是减少 {wanted}，进展中的数字没有写明是减少量。")
    if not done:
        if all(declared_uncountable(goal, progress) for goal in goals):
            return _left_out(wanted, uncountable=True)
        return _undecided(f"进展中没有以“{unit}”计的完成量（目标 {wanted}）。")
    if len(goals) == len(done):
        for goal, achieved in zip(goals, done):
            if not count_same_thing(goal, achieved):
                return _undecided(f"进展中的 {achieved.text}（{counted_noun(achieved)}）与目标 {goal.text} "
                                  "计的不是同一种对象。")
        return _ratio_part(goals, done)
    matched, left_out, problem = _match(goals, done, progress)
    if problem:
        return _undecided(problem)
    if not matched:
        return _left_out("、".join(left_out), uncountable=True)
    part = _ratio_part([g for g, _d in matched], [d for _g, d in matched])
    if left_out:
        return _Part(part.ratio, f"{part.text}（{'、'.join(left_out)} 进展写明暂无法统计，未计入）")
    return part


def _match(goals: list[Figure], done: list[Figure], progress: str):
    """Pair each target figure with the progress figure that shares its words.

    Returns the pairs, the target figures the progress says it cannot count
    yet, and a reason when a target figure has no unambiguous match.
    """
    matched: list[tuple[Figure, Figure]] = []
    left_out: list[str] = []
    used: set[int] = set()
    for goal in goals:
        best = best_match(goal, done)
        if best is None or best.index in used:
            if declared_uncountable(goal, progress):
                left_out.append(goal.text)
                continue
            candidates = "、".join(d.text for d in done)
            return [], [], (f"无法确定进展中哪个数字对应目标 {goal.text}"
                            f"（进展中以“{unit_label(goal.family)}”计的数字：{candidates}）。")
        used.add(best.index)
        matched.append((goal, best))
    return matched, left_out, None


def _ratio_part(goals: list[Figure], done: list[Figure]) -> _Part:
    wanted = sum(g.quantity.value for g in goals)
    achieved = sum(d.quantity.value for d in done)
    if wanted <= 0:
        return _undecided(f"目标数 {_joined(goals)} 不是正数，无法计算比例。")
    ratio = achieved / wanted
    return _Part(ratio, f"{_division(done, goals)} = {percent_text(ratio)}")


def _joined(figures: list[Figure]) -> str:
    if len(figures) == 1:
        return figures[0].text
    return "(" + " + ".join(f.text for f in figures) + ")"


def _division(numerator: list[Figure], denominator: list[Figure]) -> str:
    """Write a division as written, and again in one unit when the units differ."""
    written = f"{_joined(numerator)} ÷ {_joined(denominator)}"
    figures = numerator + denominator
    sizes = {unit_factor(f.quantity.unit) for f in figures}
    if len(sizes) == 1 and len(numerator) == 1 and len(denominator) == 1:
        return written
    unit = min((f.quantity.unit for f in figures), key=unit_factor)
    if unit in ("万", "亿"):
        unit += "元"
    top = format_in_unit(sum(f.quantity.value for f in numerator), unit)
    bottom = format_in_unit(sum(f.quantity.value for f in denominator), unit)
    return f"{written} = {top} ÷ {bottom}"


def _level_part(goal: Figure, done: list[Figure]) -> _Part:
    best = best_match(goal, [d for d in done if _comparable(goal, d)])
    if best is None:
        return _left_out(_goal_text(goal), level=True)
    return _compare_level(goal, best)


def _goal_text(goal: Figure) -> str:
    return _change_text(goal) if goal.change else goal.text


def _comparable(goal: Figure, candidate: Figure) -> bool:
    if candidate.family != goal.family or candidate.quantity.per_person != goal.quantity.per_person:
        return False
    return (goal.change == 0) == (candidate.change == 0)


def _compare_level(goal: Figure, done: Figure) -> _Part:
    wanted, achieved = goal.quantity, done.quantity
    if goal.change:
        target_value, value = goal.signed_change, done.signed_change
        if value * target_value < 0:
            return _undecided(f"进展为{_change_text(done)}，与目标{_change_text(goal)}方向相反，未达到。")
        reached = value >= target_value if target_value > 0 else value <= target_value
        shown, aim = _change_text(done), _change_text(goal)
    else:
        if goal.bound is Bound.AT_MOST:
            reached = achieved.value <= wanted.value
        else:
            reached = achieved.value >= wanted.value
        shown, aim = done.text, goal.text + ("以内" if goal.bound is Bound.AT_MOST else "")
    if reached:
        return _Part(1.0, f"{shown}，已达到目标 {aim}，按 100% 计", level=True)
    return _undecided(f"{shown}，尚未达到目标 {aim}（比率、增减幅度类目标不按比例折算）。")


def _change_text(figure: Figure) -> str:
    value = figure.signed_change
    word = "增长" if value >= 0 else "下降"
    return f"{word}{abs(value):g}{figure.quantity.unit}"


def _combine(parts: list[_Part], progress: str) -> ComputedRate:
    for part in parts:
        if not part.decided:
            return ComputedRate(None, f"未核算：{part.text}")
    counted = [p for p in parts if p.ratio is not None]
    notes = _left_out_notes([p for p in parts if p.ratio is None])
    if not counted:
        return ComputedRate(None, f"未核算：{notes or '进展中没有可核算的完成量'}。")
    if all(p.level for p in counted) and notes:
        return ComputedRate(None, f"未核算：只有比率类目标可核对，且未全部报告（{notes}）。")
    if any(p.ratio >= 1 and not p.level for p in counted) and ONGOING.search(progress):
        return ComputedRate(None, "未核算：进展中的数字已达到目标，但进展写明工作仍在进行（正在、待、启动等），"
                                  "这些数字可能只是任务范围。")
    value = sum(p.ratio for p in counted) / len(counted)
    text = "；".join(p.text for p in counted)
    if len(counted) > 1:
        shown = " + ".join(percent_text(p.ratio) for p in counted)
        text += f"；{len(counted)} 项平均：({shown}) ÷ {len(counted)} = {percent_text(value)}"
    if notes:
        text += f"（{notes}）"
    return ComputedRate(round(value, 6), text)


def _left_out_notes(parts: list[_Part]) -> str:
    notes = []
    uncountable = [p.text for p in parts if p.uncountable]
    missing = [p.text for p in parts if not p.uncountable]
    if uncountable:
        notes.append(f"{'、'.join(uncountable)} 进展写明暂无法统计，未计入")
    if missing:
        notes.append(f"进展中没有与目标 {'、'.join(missing)} 对应的数字，未计入")
    return "；".join(notes)
