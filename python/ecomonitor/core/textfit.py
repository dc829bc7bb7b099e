"""Row heights for wrapped text, which openpyxl cannot autofit.

Excel and LibreOffice wrap the same cell differently, so every estimate
takes the larger of two layouts:

- LibreOffice 7.4 (PDF export, measured with 宋体 mapped to Noto Serif CJK
  SC and Calibri to Carlito): a column-width unit is 5.55 pt, and a cell
  loses about 2.5 pt of its width to padding (3 pt assumed). CJK characters
  advance 1 em, Latin letters and digits about 0.55 em (0.56 assumed), and
  lines are 1.44 em apart. A printed row is about 3% shorter than its
  nominal height (3.5% assumed).
- Excel lays out at screen pixels (96 dpi): a unit is the 7-pixel digit
  width of Calibri 11, minus 5 pixels of padding; an 11-pt CJK character
  takes 15 pixels (the font's pixel size, rounded), Latin ones half of it,
  and a line 19 pixels.

Lines are wrapped greedily like both applications do: CJK characters may
break anywhere, runs of Latin letters and digits only at spaces (or inside
when longer than a line), closing punctuation stays with the character
before it and opening punctuation with the one after. Ambiguous-width
characters (“ ” — …) count as wide. A too-tall row only leaves white space,
while a too-short one hides text on paper, so every rounding goes up.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from dataclasses import dataclass
from typing import NamedTuple

MAX_ROW_HEIGHT = 409.0  # Excel's limit, in points
BODY_SIZE = 11.0
ROW_PADDING_POINTS = 3.0

# LibreOffice and Excel start a new line at LF, CR LF and a lone CR.
LINE_BREAK = re.compile(r"\r\n|\r|\n")
# A tab moves to the next tab stop, up to 1.25 cm (35 pt) away, so it counts as four wide characters.
TAB_UNITS = 4
WIDE_LATIN = set("MWmw@")

# Kept with the character before them: they may not start a line.
CLOSING = set("，。、；：？！）」』】〉》”’…％%‰℃°·,.;:?!)]}")
# Kept with the character after them: they may not end a line.
OPENING = set("（「『【〈《“‘([{")


@dataclass(frozen=True)
class Renderer:
    """The layout of a wrapped cell in one application, in points at ``size`` pt."""

    name: str
    points_per_unit: float
    padding_points: float
    row_scale: float  # printed row height / nominal row height

    def usable_width(self, units: float) -> float:
        return max(units * self.points_per_unit - self.padding_points, 1.0)

    def advances(self, size: float) -> tuple[float, float]:
        """Return the advance of a wide and of a narrow character at ``size`` pt."""
        raise NotImplementedError

    def line_pitch(self, size: float) -> float:
        raise NotImplementedError


class LibreOfficeRenderer(Renderer):
    def advances(self, size: float) -> tuple[float, float]:
        return size, 0.56 * size

    def line_pitch(self, size: float) -> float:
        return 1.44 * size


class ExcelRenderer(Renderer):
    @staticmethod
    def _pixels(size: float) -> int:
        return round(size * 96 / 72)

    def advances(self, size: float) -> tuple[float, float]:
        pixels = self._pixels(size)
        return pixels * 0.75, math.ceil(pixels / 2) * 0.75

    def line_pitch(self, size: float) -> float:
        return math.ceil(self._pixels(size) * 1.27) * 0.75


LIBREOFFICE = LibreOfficeRenderer("LibreOffice", 5.55, 3.0, 0.965)
EXCEL = ExcelRenderer("Excel", 5.25, 3.75, 1.0)
RENDERERS: tuple[Renderer, ...] = (LIBREOFFICE, EXCEL)


@functools.lru_cache(maxsize=65536)
def is_wide(char: str) -> bool:
    """Tell whether a character takes about 1 em: CJK, ambiguous width, symbols, and M W m w @.

    Symbols such as ✓ ⚠ ☑ are narrow by East Asian width, but they print from
    a CJK or symbol font at about 1 em. M W m w @ take 0.7 to 0.9 em in
    Calibri, well above the 0.56 em of an average Latin letter.
    """
    return (unicodedata.east_asian_width(char) in ("W", "F", "A") or unicodedata.category(char) == "So"
            or char in WIDE_LATIN)


@functools.lru_cache(maxsize=65536)
def wide_units(char: str) -> int:
    """Return how many wide-character advances a character takes: a tab 4, a wide character 1, others 0."""
    if char == "\t":
        return TAB_UNITS
    return 1 if is_wide(char) else 0


def _advance(char: str, wide: float, narrow: float) -> float:
    units = wide_units(char)
    return units * wide if units else narrow


class Token(NamedTuple):
    """A piece of a paragraph that no line break may cut, with its wide-character advances and narrow characters."""

    text: str
    wide: int
    narrow: int
    space: bool  # spaces only (no tab), so it may hang past the end of a line

    def length(self, wide_advance: float, narrow_advance: float) -> float:
        return self.wide * wide_advance + self.narrow * narrow_advance


# A small cache, because it only saves tokenizing a text again for another width or font
# size, and a long text's tokens take far more memory than the text.
@functools.lru_cache(maxsize=256)
def tokens(paragraph: str) -> tuple[Token, ...]:
    """Split a paragraph into pieces that no line break may cut."""
    pieces: list[Token] = []
    text, previous, previous_wide = "", "", False
    for char in paragraph:
        wide = is_wide(char)
        glued = text and (
            char in CLOSING
            or previous in OPENING
            or (not wide and not previous_wide and not char.isspace() and not previous.isspace())
        )
        if glued:
            text += char
        else:
            if text:
                pieces.append(_token(text))
            text = char
        previous, previous_wide = char, wide
    if text:
        pieces.append(_token(text))
    return tuple(pieces)


def _token(text: str) -> Token:
    if len(text) == 1:
        return _character(text)
    units = [wide_units(char) for char in text]
    return Token(text, sum(units), units.count(0), text.isspace() and "\t" not in text)


@functools.lru_cache(maxsize=65536)
def _character(char: str) -> Token:
    """Return the token of one character, cached because most tokens of Chinese text are one character."""
    units = wide_units(char)
    return Token(char, units, int(units == 0), char.isspace() and char != "\t")


def wrap(paragraph: str, column_width: float, size: float = BODY_SIZE,
         renderer: Renderer = LIBREOFFICE) -> list[str]:
    """Return the lines one paragraph (no line breaks) wraps into in a cell of this width."""
    width = renderer.usable_width(column_width)
    wide, narrow = renderer.advances(size)
    lines, used = [""], 0.0
    for token in tokens(paragraph):
        length = token.length(wide, narrow)
        if used + length <= width or (token.space and used > 0):
            lines[-1], used = lines[-1] + token.text, used + length
        elif length <= width:
            lines.append(token.text)
            used = length
        else:
            # A token longer than a line is cut between characters.
            if used > 0:
                lines.append("")
                used = 0.0
            for char in token.text:
                advance = _advance(char, wide, narrow)
                if used + advance > width and used > 0:
                    lines.append("")
                    used = 0.0
                lines[-1], used = lines[-1] + char, used + advance
    return lines


def _count_lines(pieces: tuple[Token, ...], width: float, wide: float, narrow: float) -> int:
    """Return ``len(wrap(...))`` of a tokenized paragraph without building its lines."""
    lengths = [token.length(wide, narrow) for token in pieces]
    if sum(lengths) <= width:
        return 1
    count, used = 1, 0.0
    for token, length in zip(pieces, lengths):
        if used + length <= width or (used > 0 and token.space):
            used += length
        elif length <= width:
            count, used = count + 1, length
        else:
            if used > 0:
                count, used = count + 1, 0.0
            for char in token.text:
                advance = _advance(char, wide, narrow)
                if used + advance > width and used > 0:
                    count, used = count + 1, 0.0
                used += advance
    return count


def line_count(text: str, column_width: float, size: float = BODY_SIZE, renderer: Renderer | None = None) -> int:
    """Return how many lines a wrapped cell of this width shows (the larger of both layouts)."""
    return max(_line_counts(str(text), column_width, size, (renderer,) if renderer else RENDERERS))


def _line_counts(text: str, column_width: float, size: float, renderers: tuple[Renderer, ...]) -> list[int]:
    """Return the line count of the text in each renderer's layout, tokenizing each paragraph once."""
    paragraphs = [tokens(paragraph) for paragraph in LINE_BREAK.split(text)]
    counts = []
    for renderer in renderers:
        width = renderer.usable_width(column_width)
        wide, narrow = renderer.advances(size)
        counts.append(sum(_count_lines(pieces, width, wide, narrow) for pieces in paragraphs))
    return counts


@functools.lru_cache(maxsize=16384)
def text_height(text: str, column_width: float, size: float = BODY_SIZE) -> float:
    """Return the nominal row height in points that shows the whole text in both layouts."""
    heights = []
    for renderer, lines in zip(RENDERERS, _line_counts(str(text), column_width, size, RENDERERS)):
        printed = lines * renderer.line_pitch(size) + ROW_PADDING_POINTS
        heights.append(printed / renderer.row_scale)
    return math.ceil(max(heights) * 4) / 4


def row_height(cells: list[tuple], max_height: float = MAX_ROW_HEIGHT) -> float:
    """Return the height in points that shows every cell in full, capped at ``max_height``.

    Each cell is ``(text, column width)`` or ``(text, column width, font size)``.
    """
    heights = [text_height(*cell) for cell in cells if cell[0]]
    height = max(heights, default=text_height("", 10))
    return min(height, max_height)


def fits(text: str, column_width: float, max_height: float = MAX_ROW_HEIGHT, size: float = BODY_SIZE) -> bool:
    """Return whether the text shows in full in a row no taller than ``max_height``."""
    return text_height(text, column_width, size) <= max_height
