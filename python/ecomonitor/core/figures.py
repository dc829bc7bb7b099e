"""Figures: the quantities of a text with what the words around them say.

The same number means different things depending on its context: 15485个
after 计划 is a plan, 388个 after 其中 is part of another figure, 88台 after
2022年 is last year's baseline, 下降2.4% is a change and 66.7% a level. This
module reads those marks; ``ecomonitor.core.computed`` decides what to divide.

Words are looked for in the *segment* before a figure (from the previous
figure or the start of its clause), in the text *after* its unit up to the
next figure, in its *subject* (from the previous figure that is not a
percentage or the start of its sentence), and in its sentence. Clauses end
at ，；。：and line breaks; sentences at 。；and line breaks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import Enum

from ecomonitor.core.quantities import Quantity, find_quantities, fold_text, mask_numbering


class Mode(Enum):
    """How a progress text presents a figure: as planned, as done, or neither."""

    PLAN = "plan"
    DONE = "done"
    NEUTRAL = "neutral"


class Bound(Enum):
    AT_LEAST = "at_least"  # 以上, 不低于: higher is better
    AT_MOST = "at_most"  # 以内, 不超过: lower is better


CLAUSE_END = re.compile(r"[，,。；;：:\n！？!?]")
SENTENCE_END = re.compile(r"[。；;\n！？!?]")

CHANGE = re.compile(r"(?:同比|比上年|较上年)?(增长|提高|提升|增加|上升|下降|降低|减少|压减|削减|缩减)了?\s*$")
DOWN_WORDS = ("下降", "降低", "减少", "压减", "削减", "缩减")
REDUCTION_IN_CLAUSE = re.compile(r"下降|降低|减少|压减|削减|缩减|淘汰|关停|退出|拆解|报废")
AT_LEAST_BEFORE = re.compile(r"不低于|不少于|至少|突破|超过|高于|不小于")
AT_MOST_BEFORE = re.compile(r"不超过|不高于|控制在|不大于|少于|(?<!不)低于")
AT_LEAST_AFTER = re.compile(r"^\s*(?:及)?以上")
AT_MOST_AFTER = re.compile(r"^\s*(?:以下|以内|之内)")
LEVEL_WORDS = re.compile(r"人均|高程|海拔|水位|浓度|指数")
TOTAL = re.compile(r"(?<!公)共(?![享同建])|合计|总计|总数")
SCOPE = re.compile(r"涉及|包括|包含")
# "72个水源地中，38个…": the figure names the set the next figures are counted in.
AMONG = re.compile(r"^[^\d%]{0,12}(?<![施行进设审办建])中\s*$")
ONGOING = re.compile(r"正在|推进中|进行中|实施中|建设中|(?<![接期招款对看])待|启动")
PER_ITEM = re.compile(r"每")
REMAINDER = re.compile(r"余下|剩余|剩下|尚有|还有|尚未|未完成|待完成")
SINCE_START = re.compile(r"开工(?:至今|以来)|建设以来|自开工|历年|项目总投资|总投资规模")
BREAKDOWN = re.compile(r"其中")
PAST_YEAR = re.compile(r"(?<![\d\-~—至到较比])(20\d\d)年(?![\-~—至到\d])")

# Mode words, tried at each position in this order: 计划完成 is a plan, not a done.
MODE_WORDS = re.compile(
    r"(?P<plan>计划(?:完成|新增|投资|总投资)?|任务|目标|要求|预算|规划|下达)"
    r"|(?P<done>已|完成|实现|累计|建成|截至|截止|目前|现有|当前|完工)"
)


@dataclass(frozen=True)
class Figure:
    """A quantity with the marks its context gives it."""

    quantity: Quantity
    segment: str
    after: str
    subject: str
    clause: str
    index: int
    change: int = 0  # +1 for an increase (增长), -1 for a decrease (下降), 0 for neither
    bound: Bound | None = None
    level: bool = False
    total: bool = False
    breakdown: bool = False
    scope: bool = False
    per_item: bool = False
    remainder: bool = False
    since_start: bool = False
    baseline: bool = False
    mode: Mode = Mode.NEUTRAL

    @property
    def family(self) -> str:
        return self.quantity.family

    @property
    def text(self) -> str:
        return self.quantity.text

    @property
    def signed_change(self) -> float:
        """The change in the direction it is written: 下降2.4% is -2.4, 增长-9.8% is -9.8."""
        return self.quantity.number * (1 if self.change >= 0 else -1)


def read_figures(text: str, year: int) -> list[Figure]:
    """Return the figures of a text with their marks; ``year`` is the report year."""
    folded = mask_numbering(fold_text(text))
    quantities = find_quantities(text)
    figures = [_figure(folded, quantities, index, year) for index in range(len(quantities))]
    return _mark_sums(figures)


def _span(pattern: re.Pattern, text: str, position: int) -> tuple[int, int]:
    """Return the bounds of the part of ``text`` around ``position`` between two ends."""
    start = 0
    for match in pattern.finditer(text, 0, position):
        start = match.end()
    following = pattern.search(text, position)
    return start, following.start() if following else len(text)


def _figure(text: str, quantities: list[Quantity], index: int, year: int) -> Figure:
    quantity = quantities[index]
    clause_start, clause_end = _span(CLAUSE_END, text, quantity.start)
    sentence_start, _sentence_end = _span(SENTENCE_END, text, quantity.start)
    previous_end = quantities[index - 1].end if index > 0 else 0
    next_start = quantities[index + 1].start if index + 1 < len(quantities) else len(text)

    segment = text[max(clause_start, previous_end):quantity.start]
    after = text[quantity.end:min(clause_end, next_start)]
    subject = text[max(sentence_start, _previous_amount_end(quantities, index)):quantity.start]
    clause_before = text[clause_start:quantity.start]
    sentence_before = text[sentence_start:quantity.start]

    change = _change(segment)
    return Figure(
        quantity=quantity,
        segment=segment,
        after=after,
        subject=subject,
        clause=text[clause_start:clause_end],
        index=index,
        change=change,
        bound=_bound(segment, after),
        level=quantity.is_percent or quantity.per_person or bool(LEVEL_WORDS.search(subject)),
        total=bool(TOTAL.search(segment)),
        breakdown=not quantity.is_percent and bool(BREAKDOWN.search(sentence_before)),
        scope=bool(SCOPE.search(segment)) or bool(AMONG.match(after)),
        per_item=bool(PER_ITEM.search(segment)),
        remainder=bool(REMAINDER.search(segment)),
        since_start=bool(SINCE_START.search(segment)),
        baseline=change == 0 and _names_past_year(clause_before, year),
        mode=_mode(sentence_before),
    )


def _previous_amount_end(quantities: list[Quantity], index: int) -> int:
    """Return where the nearest earlier figure that is not a percentage ends.

    A percentage often shares its subject with the amount after it
    (生产总值增长10%以上，达17.49亿元), so the subject of that amount reaches back
    over the percentage.
    """
    for earlier in reversed(quantities[:index]):
        if not earlier.is_percent:
            return earlier.end
    return 0


def _change(segment: str) -> int:
    match = CHANGE.search(segment)
    if match is None:
        return 0
    return -1 if match.group(1) in DOWN_WORDS else 1


def _bound(segment: str, after: str) -> Bound | None:
    if AT_MOST_AFTER.match(after) or AT_MOST_BEFORE.search(segment):
        return Bound.AT_MOST
    if AT_LEAST_AFTER.match(after) or AT_LEAST_BEFORE.search(segment):
        return Bound.AT_LEAST
    return None


def _names_past_year(clause_before: str, year: int) -> bool:
    return any(int(match.group(1)) < year for match in PAST_YEAR.finditer(clause_before))


def _mode(sentence_before: str) -> Mode:
    mode = Mode.NEUTRAL
    for match in MODE_WORDS.finditer(sentence_before):
        mode = Mode.PLAN if match.group("plan") else Mode.DONE
    return mode


def _mark_sums(figures: list[Figure]) -> list[Figure]:
    """Mark figures that add up to an earlier figure of their family as its breakdown.

    6.85万亩 followed by 0.6, 1.35 and 4.9万亩 is a total and its parts even
    when no 其中 says so.
    """
    result = list(figures)
    for position, figure in enumerate(result):
        if figure.breakdown or figure.level:
            continue
        followers = [
            index for index in range(position + 1, len(result))
            if result[index].family == figure.family and not result[index].level
        ]
        running = 0.0
        for count, index in enumerate(followers, start=1):
            running += result[index].quantity.value
            if count >= 2 and _same_amount(running, figure.quantity.value):
                for part in followers[:count]:
                    result[part] = replace(result[part], breakdown=True)
                break
            if running > figure.quantity.value:
                break
    return result


def _same_amount(first: float, second: float) -> bool:
    return abs(first - second) <= max(abs(second) * 1e-6, 1e-9)


def mentions_reduction(figure: Figure) -> bool:
    """Tell whether a figure's clause says that something was reduced."""
    return bool(REDUCTION_IN_CLAUSE.search(figure.clause))
