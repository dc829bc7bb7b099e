"""Chinese numerals as the office writes them in headings and headers."""

DIGITS = "零一二三四五六七八九"


def to_numeral(number: int) -> str:
    """Write 1..99 as a Chinese numeral: 1 → 一, 10 → 十, 12 → 十二, 20 → 二十."""
    if not 1 <= number <= 99:
        raise ValueError(f"numeral out of range 1..99: {number}")
    tens, ones = divmod(number, 10)
    text = ""
    if tens:
        text = ("" if tens == 1 else DIGITS[tens]) + "十"
    if ones:
        text += DIGITS[ones]
    return text


def parse_numeral(text: str) -> int:
    """Read a Chinese numeral of 1..99 (一, 十, 十二, 二十三); raise ValueError otherwise."""
    text = text.strip()
    if not text or any(char not in DIGITS + "十" for char in text):
        raise ValueError(f"not a Chinese numeral: {text!r}")
    if "十" not in text:
        if len(text) != 1:
            raise ValueError(f"not a Chinese numeral: {text!r}")
        value = DIGITS.index(text)
    else:
        head, _, tail = text.partition("十")
        if len(head) > 1 or len(tail) > 1 or "十" in tail:
            raise ValueError(f"not a Chinese numeral: {text!r}")
        tens = DIGITS.index(head) if head else 1
        value = tens * 10 + (DIGITS.index(tail) if tail else 0)
    if value == 0:
        raise ValueError(f"not a Chinese numeral: {text!r}")
    return value
