"""Pairing target figures with progress figures by the words around them.

A figure's words are the pairs of adjacent Chinese characters of its subject
(the text before it back to the previous amount) and, for counts, of the
noun after the classifier. Pairs common to every task (完成, 全州, 计划 …)
carry no meaning and are dropped. A match must be the only best one:
ties mean the texts do not decide it.
"""

from __future__ import annotations

import re

from ecomonitor.core.figures import CLAUSE_END, Figure

CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
COUNT_LIKE = ("count:", "persons", "visits")
NOT_COUNTABLE = re.compile(r"(?:无法|暂无法|不能|尚未|未|没有)(?:进行)?(?:阶段性)?统计|暂无数据|无法核算")
STOP_PAIRS = frozenset({
    "完成", "全州", "目前", "截至", "截止", "已经", "实现", "达到", "计划", "任务", "累计", "全年",
    "以上", "我州", "共计", "其中", "年度", "当前", "预计", "上半", "半年", "增长", "下降", "同比",
    "提高", "开展", "推进", "工作", "湘西", "西州", "年底", "以内", "不低", "低于", "不少", "少于",
})
# Words between a counted noun and its number: 抽查不少于4次, 总数达200个.
COUNT_VERB_TAIL = re.compile(r"(?:不少于|不低于|不超过|至少|突破|超过|达到|达|为|共|共计|合计|累计|完成|实现|约|近)+\s*$")
BOUND_HEAD = re.compile(r"^\s*(?:及)?(?:以上|以下|以内|左右|余|多)")


def word_pairs(text: str) -> set[str]:
    """Return the meaningful pairs of adjacent Chinese characters of a text."""
    pairs: set[str] = set()
    for run in CJK_RUN.findall(text):
        pairs.update(run[i:i + 2] for i in range(len(run) - 1))
    return pairs - STOP_PAIRS


def subject_words(figure: Figure) -> set[str]:
    """Return the word pairs that name what a figure measures."""
    text = figure.subject
    if figure.family.startswith(COUNT_LIKE):
        text += figure.after
    return word_pairs(text)


def counted_noun(figure: Figure) -> str:
    """Return the words naming what a count counts: the noun after 个, or else the one before.

    72个水源保护区 counts 水源保护区; 共发现问题41个 counts 问题.
    """
    after = BOUND_HEAD.sub("", figure.after)
    if len("".join(CJK_RUN.findall(after))) >= 2:
        return after
    before = COUNT_VERB_TAIL.sub("", figure.segment)
    return "".join(CJK_RUN.findall(before))[-4:]


def count_same_thing(goal: Figure, done: Figure) -> bool:
    """Tell whether two counts count the same kind of thing (only counts are checked)."""
    if not goal.family.startswith(COUNT_LIKE):
        return True
    return bool(word_pairs(counted_noun(goal)) & word_pairs(counted_noun(done)))


def best_match(goal: Figure, candidates: list[Figure]) -> Figure | None:
    """Return the candidate sharing the most words with the goal, when no other shares as many."""
    words = subject_words(goal)
    scored = sorted(((len(words & subject_words(c)), c) for c in candidates), key=lambda item: item[0], reverse=True)
    if not scored or scored[0][0] == 0:
        return None
    if len(scored) > 1 and scored[1][0] == scored[0][0]:
        return None
    return scored[0][1]


def declared_uncountable(goal: Figure, progress: str) -> bool:
    """Tell whether a clause of the progress says the goal's measure cannot be counted yet (产值暂时无法统计)."""
    words = subject_words(goal)
    for clause in CLAUSE_END.split(progress):
        if NOT_COUNTABLE.search(clause) and words & word_pairs(clause):
            return True
    return False
