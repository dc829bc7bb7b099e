"""Checks on text that departments type: what Excel and XML can hold, and what looks broken.

- XML 1.0, and so every .xlsx, cannot hold the control characters U+0000 to
  U+001F other than tab, line feed and carriage return; openpyxl raises on
  them. Excel stores them as ``_x0001_`` escapes, which readers decode.
- One cell holds at most 32,767 characters in Excel.
- Text decoded with the wrong code page (mojibake) shows as runs of Latin-1
  letters such as ``å®Œæˆ`` (UTF-8 read as Windows-1252) or as 锟斤拷 (the
  replacement character U+FFFD encoded in UTF-8 and read as GBK).
- Text starting with ``=``, ``+``, ``-`` or ``@`` is what spreadsheet programs
  take as a formula when it is typed or imported.
- Zero-width and other format characters (Unicode category Cf: U+200B, U+FEFF,
  U+2060, U+00AD …) and blank fillers (U+3164 …) show nothing, so a cell holding
  only these and white space looks empty to the person who filled it.
"""

from __future__ import annotations

import re
import unicodedata

EXCEL_CELL_LIMIT = 32767
ILLEGAL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
FORMULA_PREFIXES = ("=", "+", "-", "@")
EXCEL_ERROR_LITERALS = frozenset({
    "#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A",
    "#GETTING_DATA", "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!",
    "#BUSY!", "#UNKNOWN!", "#PYTHON!", "Err:502", "Err:504", "Err:508", "Err:522",
})
GARBLED_MARKERS = ("锟斤拷", "烫烫烫", "屯屯屯", "\ufffd")
LATIN_RUN = re.compile(r"[\u00c0-\u00ff][\u0080-\u00ff\u2018-\u203a\u0152-\u0178\u02c6\u02dc\u20ac\u2122]")
TRUNCATION_MARK = "…（超出单元格上限 32767 字，以下内容未写入）"
# Letters that render as blank space although they are not white space or Cf.
BLANK_FILLERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def is_invisible(char: str) -> bool:
    """Tell whether a character shows nothing: white space, a format character or a blank filler."""
    return char.isspace() or char in BLANK_FILLERS or unicodedata.category(char) == "Cf"


def is_blank(text: str) -> bool:
    """Tell whether text shows nothing, so a cell holding it counts as not filled."""
    return all(is_invisible(char) for char in text)


def remove_format_characters(text: str) -> str:
    """Remove zero-width and other format characters (Cf) and blank fillers, keeping white space."""
    return "".join(char for char in text if char.isspace() or not is_invisible(char))


def illegal_characters(text: str) -> list[str]:
    """Return the characters of ``text`` that an .xlsx cannot hold, in order of appearance."""
    return ILLEGAL_CHARACTERS.findall(text)


def remove_illegal_characters(text: str) -> str:
    return ILLEGAL_CHARACTERS.sub("", text)


def describe_characters(characters: list[str]) -> str:
    """Name characters as code points: U+0001、U+001B."""
    unique = dict.fromkeys(characters)
    return "、".join(f"U+{ord(char):04X}" for char in unique)


def looks_garbled(text: str) -> bool:
    """Tell whether text looks like it was decoded with the wrong code page."""
    if any(marker in text for marker in GARBLED_MARKERS):
        return True
    return _repaired_utf8(text) is not None


def repaired_text(text: str) -> str:
    """Return the text decoded the right way when it is UTF-8 read as Windows-1252 or Latin-1."""
    return _repaired_utf8(text) or ""


def _repaired_utf8(text: str) -> str | None:
    if not LATIN_RUN.search(text):
        return None
    try:
        raw = bytes(_windows_1252_byte(char) for char in text)
        repaired = raw.decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError, ValueError):
        return None
    if repaired != text and re.search(r"[\u3000-\u9fff\uff00-\uffef]", repaired):
        return repaired
    return None


def _windows_1252_byte(char: str) -> int:
    """Return the byte a Windows-1252 (or, for its gaps, Latin-1) decoder read as ``char``."""
    if ord(char) < 256:
        return ord(char)
    return char.encode("cp1252")[0]


def starts_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_PREFIXES)


def is_error_literal(text: str) -> bool:
    """Tell whether text is an Excel or LibreOffice error value such as #DIV/0!."""
    return text.strip() in EXCEL_ERROR_LITERALS


def fit_cell_text(text: str) -> str:
    """Make text writable into one cell: illegal characters removed, length capped.

    Only for texts the platform composes (reports, notes, logs); a
    department's entry that does not fit is rejected instead.
    """
    text = remove_illegal_characters(text)
    if len(text) <= EXCEL_CELL_LIMIT:
        return text
    return text[:EXCEL_CELL_LIMIT - len(TRUNCATION_MARK)] + TRUNCATION_MARK
