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

ENCODINGS = ("utf-8", "gb18030")


def decode_text(data: bytes, source: str) -> str:
    """Decode UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TableFormatError(
        source, ["文件编码无法识别：请在 Word 中另存为“纯文本”，编码选 UTF-8 或 GB18030。"]
    )


def read_text_table(path: Path) -> RawTable:
    data = Path(path).read_bytes()
    return parse_text_table(decode_text(data, str(path)), str(path))


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
