"""Quantities in target and progress texts: a number, a magnitude and a unit.

Units belong to families, and a value is converted to its family's base unit
so that figures written in different units compare: 9500亩 and 1.2万亩 are
9500 and 12000 亩, 2700万 and 0.5亿元 are 2.7e7 and 5e7 元.

- money (元): 元, 千元, 万元, 亿元, and a bare 万 or 亿 in a sentence about
  money (投资, 资金, 产值, 收入 …);
- area (亩): 亩, 万亩, 公顷 (15 亩), 平方米, 万平方米, ㎡, 万㎡, 平方公里;
- length (米): 米, 千米, 公里, 里 (500 米);
- weight (吨), volume (立方米);
- percentages (%) and percentage points (个百分点);
- counts, each unit its own family because they count different things:
  个, 家, 户, 栋, 座, 场, 处, 条, 艘, 台, 次, 所, 项, 件, 份, 套, 辆; 人 and 名
  both count persons; 人次 counts visits. 万 multiplies any of them.

Numbers that are not quantities are skipped: ordinals (第10次), durations
(12个月), and numbers followed by no unit (2023年, 6月20日, 5A级). Positions
refer to the text as given: digits written full width are folded one for one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Unit:
    """A unit as written, the family it measures and its size in base units."""

    name: str
    family: str
    factor: float


@dataclass(frozen=True)
class Family:
    key: str
    base: str  # the unit values are converted to, as shown in explanations
    label: str  # what the family measures, for messages


FAMILIES: dict[str, Family] = {
    family.key: family
    for family in (
        Family("money", "元", "金额"),
        Family("area", "亩", "面积"),
        Family("length", "米", "长度"),
        Family("weight", "吨", "重量"),
        Family("volume", "立方米", "体积"),
        Family("percent", "%", "百分比"),
        Family("points", "个百分点", "百分点"),
        Family("persons", "人", "人数"),
        Family("visits", "人次", "人次"),
    )
}

COUNT_UNITS = ("个", "家", "户", "栋", "座", "场", "处", "条", "艘", "台", "次", "所", "项", "件", "份", "套", "辆")

UNITS: dict[str, Unit] = {
    unit.name: unit
    for unit in (
        Unit("元", "money", 1.0),
        Unit("千元", "money", 1e3),
        Unit("亩", "area", 1.0),
        Unit("公顷", "area", 15.0),
        Unit("平方公里", "area", 1500.0),
        Unit("平方米", "area", 0.0015),
        Unit("㎡", "area", 0.0015),
        Unit("米", "length", 1.0),
        Unit("千米", "length", 1000.0),
        Unit("公里", "length", 1000.0),
        Unit("里", "length", 500.0),
        Unit("吨", "weight", 1.0),
        Unit("公斤", "weight", 0.001),
        Unit("千克", "weight", 0.001),
        Unit("立方米", "volume", 1.0),
        Unit("%", "percent", 1.0),
        Unit("个百分点", "points", 1.0),
        Unit("人次", "visits", 1.0),
        Unit("人", "persons", 1.0),
        Unit("名", "persons", 1.0),
        *(Unit(name, f"count:{name}", 1.0) for name in COUNT_UNITS),
    )
}
MAGNITUDES = {"万": 1e4, "亿": 1e8}

# Full-width digits, decimal point, percent and minus signs, folded one for one
# so that positions in the folded text are positions in the original.
FOLD = str.maketrans("０１２３４５６７８９．％－−", "0123456789.%--")

_UNIT_PATTERN = "|".join(re.escape(name) for name in sorted(UNITS, key=len, reverse=True))
QUANTITY = re.compile(
    r"(?<![\d.A-Za-z])(?P<number>\d+(?:\.\d+)?)\s*"
    r"(?P<magnitude>[万亿])?(?P<approx>[余多])?"
    rf"(?P<unit>{_UNIT_PATTERN})?"
)
MONEY_WORDS = re.compile(r"投资|资金|产值|收入|税收|金额|贷款|营收|销售额|补贴|经费|预算|增加值|资产|利润|生产总值|GDP")
SENTENCE_END = re.compile(r"[。；;\n！？!?]")
PER_PERSON = re.compile(r"^\s*(?:/|／|每)人")
APPROX_AFTER = re.compile(r"^\s*(?:左右|余|多)")

# List numbering at the start of the text, of a line or after a sentence:
# "1." "2、" "（3）". What follows is not a decimal part when it is a year
# (1.2023年) or a whole count (1.2个县: counts have no fractions).
_COUNT_PATTERN = "|".join(COUNT_UNITS + ("人", "名"))
NUMBERING = re.compile(
    r"(^|[\n；;。])(\s*)(\d{1,2}[.、．]|[（(]\d{1,2}[)）])"
    rf"(?=\D|\d{{4}}年|\d+(?:{_COUNT_PATTERN}))"
)


@dataclass(frozen=True)
class Quantity:
    """A number with its unit, found at ``start:end`` of a text.

    ``value`` is in the family's base unit; ``number`` and ``unit`` are as
    written (the unit with its magnitude, such as 万亩).
    """

    number: float
    unit: str
    family: str
    value: float
    start: int
    end: int
    text: str
    approximate: bool = False
    per_person: bool = False

    @property
    def is_percent(self) -> bool:
        return self.family in ("percent", "points")


def fold_text(text: str) -> str:
    """Fold full-width digits and signs to ASCII, keeping every position."""
    return text.translate(FOLD)


def mask_numbering(text: str) -> str:
    """Blank out list numbering such as "1." so it is not read as a number."""
    def blank(match: re.Match) -> str:
        return match.group(1) + match.group(2) + " " * len(match.group(3))

    return NUMBERING.sub(blank, text)


def find_quantities(text: str) -> list[Quantity]:
    """Return the quantities of a text in the order written."""
    folded = mask_numbering(fold_text(text))
    found: list[Quantity] = []
    for match in QUANTITY.finditer(folded):
        quantity = _quantity(match, folded, text)
        if quantity is not None:
            found.append(quantity)
    return found


def _quantity(match: re.Match, folded: str, original: str) -> Quantity | None:
    start, end = match.span()
    if start > 0 and folded[start - 1] == "第":
        return None
    unit_name = match.group("unit")
    magnitude = match.group("magnitude")
    if unit_name == "个" and folded[end:end + 1] == "月":
        return None
    if unit_name is None:
        if magnitude is None or not _about_money(folded, start):
            return None
        unit = UNITS["元"]
        written = magnitude
    else:
        unit = UNITS[unit_name]
        written = (magnitude or "") + unit_name
        if magnitude is not None and unit.family in ("percent", "points"):
            return None
    number = float(match.group("number"))
    if start >= 2 and folded[start - 1] == "-" and not folded[start - 2].isdigit():
        number, start = -number, start - 1
    elif start == 1 and folded[0] == "-":
        number, start = -number, 0
    factor = unit.factor * MAGNITUDES.get(magnitude or "", 1.0)
    rest = folded[end:end + 4]
    return Quantity(
        number=number,
        unit=written,
        family=unit.family,
        value=number * factor,
        start=start,
        end=end,
        text=original[start:end].strip(),
        approximate=bool(match.group("approx")) or bool(APPROX_AFTER.match(rest)),
        per_person=bool(PER_PERSON.match(rest)),
    )


def _about_money(text: str, position: int) -> bool:
    """Tell whether the sentence around ``position`` is about money."""
    start = 0
    for match in SENTENCE_END.finditer(text, 0, position):
        start = match.end()
    following = SENTENCE_END.search(text, position)
    end = following.start() if following else len(text)
    return bool(MONEY_WORDS.search(text, start, end))


def _split_unit(unit: str) -> tuple[float, Unit]:
    """Return the magnitude and the unit of a written unit: 万亩 → (1e4, 亩); a bare 万 is 万元."""
    if unit in UNITS:
        return 1.0, UNITS[unit]
    if unit[:1] in MAGNITUDES and unit[1:] in UNITS:
        return MAGNITUDES[unit[:1]], UNITS[unit[1:]]
    if unit in MAGNITUDES:
        return MAGNITUDES[unit], UNITS["元"]
    raise ValueError(f"unknown unit {unit!r}")


def unit_factor(unit: str) -> float:
    """Return how many base units one written unit is: 万亩 → 10000, 公顷 → 15."""
    magnitude, base = _split_unit(unit)
    return magnitude * base.factor


def family_of(unit: str) -> str:
    """Return the family of a unit as written: 万亩 → area, 万 → money."""
    return _split_unit(unit)[1].family


def unit_label(family: str) -> str:
    """Return the unit a family is counted in, for messages: area → 亩, count:个 → 个."""
    if family.startswith("count:"):
        return family.split(":", 1)[1]
    return FAMILIES[family].base


def format_number(number: float) -> str:
    """Write a number without trailing zeros: 12000.0 → 12000, 0.2100 → 0.21."""
    text = f"{number:.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def format_in_unit(value: float, unit: str) -> str:
    """Write a base-unit value in a written unit: (12000, 万亩) → 1.2万亩."""
    magnitude, base = _split_unit(unit)
    return f"{format_number(round(value / (magnitude * base.factor), 6))}{unit}"
