"""The year change: matching next year's tasks to this year's, then building the new year.

Each year the office issues a new monitoring table. Many tasks continue with
edited texts (a new figure, a reworded target), some are new and some are
dropped. Matching keeps the task IDs of continuing tasks, so history and
trends follow a task across years.

A new task is compared with every current task. The score weighs the target
text by three quarters and the indicator text by one quarter. Texts are
compared with difflib after folding full-width forms and removing white space
and the leading numbering (1. 2、 （3）). A pair that differs only in its
figures (完成投资20亿元 → 完成投资25亿元) counts as nearly equal. Pairs are
assigned greedily from the highest score, each current task at most once.

- 沿用: score at least SURE_SCORE, same category, and no close second candidate;
- 待确认: score at least POSSIBLE_SCORE but below SURE_SCORE, in another
  category, or with a close second candidate (within AMBIGUITY_MARGIN);
- 新增: no current task scores POSSIBLE_SCORE or more;
- 停用: a current task that no new task continues.

Nothing changes until a person has confirmed the proposal (core.yearchange.decide).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import Enum
from functools import lru_cache

from ecomonitor.core.departments import fold
from ecomonitor.core.ids import TASK_ID
from ecomonitor.core.model import Framework, Task
from ecomonitor.core.period import Period
from ecomonitor.errors import PeriodError

SURE_SCORE = 0.85
POSSIBLE_SCORE = 0.55
AMBIGUITY_MARGIN = 0.05
TARGET_WEIGHT = 0.75
INDICATOR_WEIGHT = 0.25
FIGURES_ONLY_FACTOR = 0.95  # a pair equal but for its figures scores just under an exact pair
MAX_NUMBER = 999  # at most three digits per part of a task ID
NEW = "新增"

NUMBERING = re.compile(r"^(?:\d+[.、)）]|[(（]\d+[)）]|[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）])")
FIGURE = re.compile(r"\d+(?:\.\d+)?")
TRAILING = re.compile(r"[。；;，,]+$")


class Verdict(Enum):
    CONTINUED = "沿用"
    UNCERTAIN = "待确认"
    NEW = "新增"
    DROPPED = "停用"


@dataclass
class TaskMatch:
    """A proposed match: a new task (by position) and the current task it continues.

    ``new_index`` is the 0-based position of the task in the new framework,
    or None for a dropped current task. ``old_id`` is the proposed (or
    dropped) current task, and empty for a new task.
    """

    new_index: int | None
    old_id: str
    score: float
    verdict: Verdict
    reason: str


def normalize(text: str) -> str:
    """Return the form of a text that matching compares."""
    folded = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    previous = None
    while previous != folded:
        previous, folded = folded, NUMBERING.sub("", folded)
    return TRAILING.sub("", folded)


@lru_cache(maxsize=65536)
def similarity(first: str, second: str, floor: float = 0.0) -> float:
    """Return the similarity of two normalised texts, from 0 to 1.

    Texts that are equal but for their figures score FIGURES_ONLY_FACTOR. A
    pair that cannot reach ``floor`` scores 0 without the full comparison,
    because difflib's quick ratio bounds its ratio from above.
    """
    if first == second:
        return 1.0
    plain = SequenceMatcher(None, first, second, autojunk=False)
    masked = SequenceMatcher(None, FIGURE.sub("#", first), FIGURE.sub("#", second), autojunk=False)
    if max(plain.quick_ratio(), masked.quick_ratio() * FIGURES_ONLY_FACTOR) < floor:
        return 0.0
    return max(plain.ratio(), masked.ratio() * FIGURES_ONLY_FACTOR)


@dataclass(frozen=True)
class _Side:
    """A task reduced to the texts that matching compares."""

    key: str
    category: str
    indicator: str
    target: str
    lead: str


def _sides(framework: Framework) -> list[_Side]:
    return [
        _Side(task.id, framework.category(task.category).sheet,
              normalize(framework.indicator(task.indicator_id).text), normalize(task.target),
              fold(task.lead_units))
        for task in framework.tasks
    ]


# The target similarity below which a pair cannot reach POSSIBLE_SCORE even with equal indicators.
TARGET_FLOOR = (POSSIBLE_SCORE - INDICATOR_WEIGHT) / TARGET_WEIGHT


def _score(new: _Side, old: _Side) -> float:
    target = similarity(new.target, old.target, TARGET_FLOOR)
    if target == 0.0:
        return 0.0
    return TARGET_WEIGHT * target + INDICATOR_WEIGHT * similarity(new.indicator, old.indicator)


def propose_matches(current: Framework, following: Framework) -> list[TaskMatch]:
    """Propose a match for every task of ``following``, then list the dropped current tasks."""
    olds, news = _sides(current), _sides(following)
    scores = [[_score(new, old) for old in olds] for new in news]
    pairs = sorted(
        ((score, new_index, old_index)
         for new_index, row in enumerate(scores) for old_index, score in enumerate(row) if score >= POSSIBLE_SCORE),
        key=lambda pair: (-pair[0], pair[1], pair[2]),
    )
    chosen: dict[int, int] = {}
    assigned: set[int] = set()
    for score, new_index, old_index in pairs:
        if new_index not in chosen and old_index not in assigned:
            chosen[new_index] = old_index
            assigned.add(old_index)
    matches = [_new_match(index, news, olds, scores, chosen) for index in range(len(news))]
    for old_index, old in enumerate(olds):
        if old_index not in assigned:
            matches.append(_dropped_match(old_index, olds, news, scores))
    return matches


def _new_match(index: int, news, olds, scores, chosen) -> TaskMatch:
    row = scores[index]
    if index not in chosen:
        best = max(range(len(olds)), key=row.__getitem__, default=None)
        reason = "原任务中没有相近的任务"
        if best is not None and row[best] > 0:
            reason = f"最接近的原任务 {olds[best].key}，相似度 {row[best]:.0%}"
        return TaskMatch(index, "", 0.0, Verdict.NEW, reason)
    old_index = chosen[index]
    new, old, score = news[index], olds[old_index], row[old_index]
    reasons = [_likeness(new, old, score)]
    certain = score >= SURE_SCORE
    if new.category != old.category:
        reasons.append(f"跨类别（原属“{old.category}”）")
        certain = False
    rivals = _rivals(index, old_index, scores, olds, chosen)
    if rivals:
        reasons.append(f"另有相近的任务 {'、'.join(rivals)}")
        certain = False
    if new.lead != old.lead:
        reasons.append("牵头单位有变化")
    verdict = Verdict.CONTINUED if certain else Verdict.UNCERTAIN
    return TaskMatch(index, old.key, round(score, 4), verdict, "；".join(reasons))


def _likeness(new: _Side, old: _Side, score: float) -> str:
    if new.target == old.target and new.indicator == old.indicator:
        return "指标和目标任务相同"
    if new.target == old.target:
        return "目标任务相同，指标文字有改动"
    if FIGURE.sub("#", new.target) == FIGURE.sub("#", old.target):
        return "目标任务仅数字不同"
    return (f"相似度 {score:.0%}（目标任务文字 {similarity(new.target, old.target):.0%}，"
            f"指标文字 {similarity(new.indicator, old.indicator):.0%}）")


def _rivals(new_index: int, old_index: int, scores, olds, chosen: dict[int, int]) -> list[str]:
    """Name other candidates that score close to the chosen pair.

    A candidate that clearly belongs to another pair (its own pair scores
    more than AMBIGUITY_MARGIN higher) is no rival.
    """
    best = scores[new_index][old_index]
    if best >= 1.0:
        return []
    holders = {old: new for new, old in chosen.items()}
    names = []
    for other, score in enumerate(scores[new_index]):
        if other == old_index or score < POSSIBLE_SCORE or best - score > AMBIGUITY_MARGIN:
            continue
        holder = holders.get(other)
        if holder is None or scores[holder][other] - score <= AMBIGUITY_MARGIN:
            names.append(olds[other].key)
    for other, row in enumerate(scores):
        score = row[old_index]
        if other == new_index or score < POSSIBLE_SCORE or best - score > AMBIGUITY_MARGIN:
            continue
        own = chosen.get(other)
        if own is None or row[own] - score <= AMBIGUITY_MARGIN:
            names.append(f"新表第 {other + 1} 项")
    return names


def _dropped_match(old_index: int, olds, news, scores) -> TaskMatch:
    column = [row[old_index] for row in scores]
    reason = "新监测表中没有对应的任务"
    best = max(range(len(news)), key=column.__getitem__, default=None)
    if best is not None and column[best] >= POSSIBLE_SCORE:
        reason += f"（新表第 {best + 1} 项与它相近，相似度 {column[best]:.0%}，但已对应其他任务）"
    return TaskMatch(None, olds[old_index].key, 0.0, Verdict.DROPPED, reason)


@dataclass
class Confirmation:
    """The proposal for one new task and the office's entry in the 年度对照 sheet."""

    new_index: int
    verdict: Verdict
    proposed: str
    confirmed: str
    row: int


def decide(confirmations: list[Confirmation], count: int, current_ids: set[str]) -> dict[int, str]:
    """Return the current task ID each new task continues (new tasks are absent).

    An entry in 确认 overrides the proposal. A current task ID continues that
    task, and 新增 makes the task new. A 待确认 row needs an entry. Raises
    PeriodError listing every problem with its row.
    """
    problems: list[str] = []
    decided: dict[int, str] = {}
    claimed: dict[str, int] = {}
    seen = {confirmation.new_index for confirmation in confirmations}
    missing = [index + 1 for index in range(count) if index not in seen]
    if missing:
        problems.append(f"缺少序号为 {'、'.join(map(str, missing))} 的行：请不要删除“年度对照”中的行。")
    for confirmation in confirmations:
        choice = _choice(confirmation, current_ids, problems)
        if choice is None or choice == NEW:
            continue
        if choice in claimed:
            problems.append(f"第 {confirmation.row} 行和第 {claimed[choice]} 行都沿用 {choice}：一项原任务只能由一项新任务沿用。")
            continue
        claimed[choice] = confirmation.row
        decided[confirmation.new_index] = choice
    if problems:
        listed = "\n".join(f"  - {problem}" for problem in problems)
        raise PeriodError(f"“年度对照”工作表有 {len(problems)} 处需要处理：\n{listed}")
    return decided


def _choice(confirmation: Confirmation, current_ids: set[str], problems: list[str]) -> str | None:
    entry = confirmation.confirmed.strip().upper()
    if not entry:
        if confirmation.verdict is Verdict.UNCERTAIN:
            problems.append(
                f"第 {confirmation.row} 行为“待确认”：请在“确认”列填写沿用的原任务编号（如 {confirmation.proposed}），"
                "或填写“新增”。"
            )
            return None
        return confirmation.proposed or NEW
    if entry == NEW:
        return NEW
    if TASK_ID.match(entry) and entry in current_ids:
        return entry
    problems.append(
        f"第 {confirmation.row} 行“确认”列的“{confirmation.confirmed}”既不是当前的任务编号，也不是“新增”："
        "请填写要沿用的原任务编号或“新增”。"
    )
    return None


def allocate_ids(following: Framework, decided: dict[int, str], used: set[str]) -> list[str]:
    """Return the ID of every task of ``following``: the continued ID, or a new one.

    A new task takes the indicator part of a continuing task of its indicator,
    or else a new indicator number in its category. Its task number follows
    every ID in ``used`` (the current tasks and the whole history), so a new
    ID never repeats an old one.
    """
    taken = set(used) | set(decided.values())
    prefixes: dict[str, str] = {}
    for index, task in enumerate(following.tasks):
        if index in decided and task.indicator_id not in prefixes:
            prefixes[task.indicator_id] = decided[index][:6]
    ids = []
    for index, task in enumerate(following.tasks):
        if index in decided:
            ids.append(decided[index])
            continue
        prefix = prefixes.get(task.indicator_id)
        if prefix is None:
            prefix = _new_prefix(task.category, taken, set(prefixes.values()))
            prefixes[task.indicator_id] = prefix
        new_id = f"{prefix}-{_next_number(prefix, taken):02d}"
        taken.add(new_id)
        ids.append(new_id)
    return ids


def _new_prefix(category: int, taken: set[str], reserved: set[str]) -> str:
    """Return the next unused indicator part (T01-07) of a category."""
    numbers = [int(match.group(2)) for match in map(TASK_ID.match, taken)
               if match and int(match.group(1)) == category]
    numbers += [int(prefix.split("-")[1]) for prefix in reserved if prefix.startswith(f"T{category:02d}-")]
    indicator = max(numbers, default=0) + 1
    if indicator > MAX_NUMBER or category > MAX_NUMBER:
        raise PeriodError(f"类别 {category} 的指标编号已用到 {MAX_NUMBER}，无法再分配新的任务编号。")
    return f"T{category:02d}-{indicator:02d}"


def _next_number(prefix: str, taken: set[str]) -> int:
    numbers = [int(task_id.rsplit("-", 1)[1]) for task_id in taken if task_id.startswith(prefix + "-") and TASK_ID.match(task_id)]
    number = max(numbers, default=0) + 1
    if number > MAX_NUMBER:
        raise PeriodError(f"编号 {prefix}-XX 已用到 {MAX_NUMBER}，无法再分配新的任务编号。")
    return number


def next_year_framework(current: Framework, following: Framework, decided: dict[int, str],
                        used: set[str]) -> Framework:
    """Build the new year's framework: the new table's tasks under their final IDs.

    A continuing task keeps its 责任单位 when its lead-unit cell is unchanged,
    and its last progress becomes its previous progress. Entries start empty.
    """
    ids = allocate_ids(following, decided, used)
    tasks = []
    for index, (task, task_id) in enumerate(zip(following.tasks, ids)):
        old = current.task(decided[index]) if index in decided else None
        tasks.append(_next_task(task, task_id, old))
    return Framework(
        title=following.title or current.title,
        period=Period(following.period.year, 1),
        categories=list(following.categories),
        indicators=list(following.indicators),
        tasks=tasks,
        departments=list(current.departments),
    )


def _next_task(task: Task, task_id: str, old: Task | None) -> Task:
    owners = list(task.lead_departments)
    if old is not None and fold(old.lead_units) == fold(task.lead_units):
        owners = list(old.owners)
    return Task(
        id=task_id,
        category=task.category,
        indicator_id=task.indicator_id,
        lead_units=task.lead_units,
        lead_departments=list(task.lead_departments),
        target=task.target,
        owners=owners,
        source=task.source,
        previous_progress=old.progress if old is not None else "",
    )


def check_next_year(current: Period, following_year: int) -> None:
    """Raise PeriodError unless a table of ``following_year`` can follow ``current``."""
    if following_year != current.year + 1:
        raise PeriodError(
            f"新监测表的年度为 {following_year} 年，主表当前为 {current.label}：年度切换只能进入下一年"
            f"（{current.year + 1} 年）。请核对监测表表头的“XXXX年目标任务”。"
        )
