"""The text export of the Word attachment.

Format: each cell starts on a line that begins with a tab; the further lines
of a multi-line cell follow without a tab; a blank line ends a row. A line
such as 二、打造生态修复治理样板指标监测表 starts a category when the next
non-blank line starts its header row (a tab, then 指标). Lines before the
first category are the attachment's title lines.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from ecomonitor.errors import TableFormatError
from ecomonitor.tables.headings import INDICATOR_HEADER, match_heading
from ecomonitor.tables.raw import RawRow, RawSection, RawTable

ENCODINGS = (("utf-8", "UTF-8"), ("gb18030", "GB18030（含 GBK）"))
BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),  # before UTF-16: FF FE 00 00 starts with FF FE
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
)
SAVE_AS_UTF8 = "请在 Word 中另存为“纯文本”，编码选 UTF-8 后重试。"


def decode_text(data: bytes, source: str) -> tuple[str, str]:
    """Decode the text and return it with the encoding's name as shown to users.

    Accepted: UTF-8 (with or without BOM), UTF-16 and UTF-32 with BOM, UTF-16
    without BOM (recognised by its zero bytes), and GB18030, which includes
    GBK. Raises TableFormatError naming the encoding otherwise.
    """
    for mark, codec, name in BYTE_ORDER_MARKS:
        if data.startswith(mark):
            return _decode(data, codec, name, source), name
    if b"\x00" in data:
        return _decode_utf16_without_bom(data, source)
    for codec, name in ENCODINGS:
        try:
            return data.decode(codec), name
        except UnicodeDecodeError:
            continue
    raise TableFormatError(source, ["文件编码无法识别（不是 UTF-8、UTF-16 或 GB18030/GBK）：" + SAVE_AS_UTF8])


def _decode(data: bytes, codec: str, name: str, source: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        raise TableFormatError(
            source, [f"文件开头标明编码为 {name}，但第 {error.start} 个字节起的内容不是有效的 {name}：" + SAVE_AS_UTF8]
        ) from error


def _decode_utf16_without_bom(data: bytes, source: str) -> tuple[str, str]:
    """Decode UTF-16 without a byte order mark, telling the byte order by where ASCII characters put their zero byte."""
    even_zeros = data[0::2].count(0)
    odd_zeros = data[1::2].count(0)
    codec, name = ("utf-16-le", "UTF-16LE（无 BOM）") if odd_zeros > even_zeros else ("utf-16-be", "UTF-16BE（无 BOM）")
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        text = "\x00"
    if "\x00" in text:
        raise TableFormatError(source, ["文件含有空字节，不是纯文本文件，也不是有效的 UTF-16：" + SAVE_AS_UTF8])
    return text, name


def read_text_table(path: Path) -> RawTable:
    data = Path(path).read_bytes()
    text, encoding = decode_text(data, str(path))
    raw = parse_text_table(text, str(path))
    if not raw.sections and encoding != "UTF-8":
        raw.problems.append(
            f"文件按 {encoding} 编码读取后没有找到类别标题；如果文件使用其他编码（如 Big5），" + SAVE_AS_UTF8
        )
    return raw


def parse_text_table(text: str, source: str) -> RawTable:
    return _TextParser(text.splitlines(), source).parse()


class _TextParser:
    def __init__(self, lines: list[str], source: str):
        self.lines = lines
        self.table = RawTable(source=source)
        self.section: RawSection | None = None
        self.row: RawRow | None = None

    def parse(self) -> RawTable:
        for index, line in enumerate(self.lines):
            self._read_line(index, line)
        self._finish_row()
        return self.table

    def _read_line(self, index: int, line: str) -> None:
        number = index + 1
        if line.startswith("\t"):
            if self.row is None:
                self.row = RawRow(cells=[], where=f"第{number}行")
            self.row.cells.append(line[1:])
        elif not line.strip():
            self._finish_row()
        elif self._starts_category(index, line):
            self._finish_row()
            self.section = RawSection(heading=line.strip(), where=f"第{number}行")
            self.table.sections.append(self.section)
        elif self.row is not None:
            self.row.cells[-1] += "\n" + line
        elif self.section is None:
            self.table.preamble.append(line.strip())
        else:
            self.table.problems.append(
                f"第{number}行：文字“{_excerpt(line)}”不在任何单元格内"
                "（单元格应以制表符开头），请检查导出的文本。"
            )

    def _starts_category(self, index: int, line: str) -> bool:
        if not match_heading(line):
            return False
        for following in self.lines[index + 1:]:
            if following.strip():
                return following.startswith("\t") and following[1:].strip() == INDICATOR_HEADER
        return False

    def _finish_row(self) -> None:
        row, self.row = self.row, None
        if row is None:
            return
        row.cells = [cell.strip() for cell in row.cells]
        if self.section is None:
            self.table.problems.append(
                f"{row.where}：表格行出现在第一个类别标题（如“一、……监测表”）之前。"
            )
        elif self.section.header is None:
            self.section.header = row
        else:
            self.section.rows.append(row)


def _excerpt(text: str, limit: int = 30) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[:limit] + "…"
