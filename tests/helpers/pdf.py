"""Reading PDFs back with poppler-utils (pdftotext, pdfinfo, pdftoppm) and comparing with cells."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
import re
import shutil
import subprocess
from pathlib import Path

TIMEOUT_SECONDS = 120
WHITESPACE = re.compile(r"\s+")
PAGE_SIZE = re.compile(r"^Page\s+\d+\s+size:\s+([\d.]+)\s+x\s+([\d.]+)", re.MULTILINE)
WORD_BOX = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise AssertionError(f"{name} is not installed; scripts/test.sh installs poppler-utils with apt-get.")
    return path


def _run(*command: str) -> str:
    completed = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=True)
    return completed.stdout


def page_texts(pdf: Path) -> list[str]:
    """Return the text of each page, in content order (cells stay whole)."""
    text = _run(_tool("pdftotext"), "-raw", "-enc", "UTF-8", str(pdf), "-")
    pages = text.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def page_sizes(pdf: Path) -> list[tuple[float, float]]:
    """Return (width, height) in points of every page."""
    info = _run(_tool("pdfinfo"), "-f", "1", "-l", "100000", str(pdf))
    return [(float(width), float(height)) for width, height in PAGE_SIZE.findall(info)]


def word_boxes(pdf: Path, page: int) -> list[tuple[float, float, float, float, str]]:
    """Return (x0, y0, x1, y1, text) of every word on a 1-based page."""
    output = _run(_tool("pdftotext"), "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-")
    return [(float(a), float(b), float(c), float(d), text) for a, b, c, d, text in WORD_BOX.findall(output)]


def render_page(pdf: Path, page: int, target: Path, dpi: int) -> Path:
    """Render one 1-based page to PNG and return the file."""
    stem = target.with_suffix("")
    _run(_tool("pdftoppm"), "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile",
         str(pdf), str(stem))
    return stem.with_suffix(".png")


def page_pixels(pdf: Path, page: int, dpi: int = 30) -> tuple[int, int, bytes]:
    """Render one 1-based page as raw RGB: (width, height, bytes)."""
    data = subprocess.run([_tool("pdftoppm"), "-r", str(dpi), "-f", str(page), "-l", str(page), str(pdf)],
                          capture_output=True, timeout=TIMEOUT_SECONDS, check=True).stdout
    match = re.match(rb"P6\s+(\d+)\s+(\d+)\s+255\s", data)
    assert match, "pdftoppm did not write a PPM image"
    width, height = int(match.group(1)), int(match.group(2))
    return width, height, data[match.end():]


def count_colour(pixels: bytes, colour: str, tolerance: int = 40) -> int:
    """Count the pixels within ``tolerance`` of an RRGGBB colour."""
    target = bytes.fromhex(colour)
    count = 0
    for offset in range(0, len(pixels) - 2, 3):
        if all(abs(pixels[offset + i] - target[i]) <= tolerance for i in range(3)):
            count += 1
    return count


def normalize(text: str) -> str:
    """Remove every kind of whitespace, including the line breaks of wrapped cells."""
    return WHITESPACE.sub("", text)


def _round(value: float, places: int, scale: int = 1) -> str:
    """Round half away from zero on the exact binary value, as LibreOffice displays numbers.

    0.4845 is stored as 0.48449999…, so LibreOffice shows 48.4% (Excel, which
    first rounds to 15 digits, would show 48.5%).
    """
    exact = Decimal(value) * scale
    return str(exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def displayed(value: object, number_format: str) -> str:
    """Return a cell value as the sheets display it, for the formats the platform writes."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    percent = re.fullmatch(r"0(?:\.(0+))?%", number_format)
    if percent:
        return f"{_round(value, len(percent.group(1) or ''), scale=100)}%"
    if number_format.startswith("+0.0"):
        shown = _round(value, 1)
        return shown if shown.startswith("-") or shown == "0.0" else f"+{shown}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
