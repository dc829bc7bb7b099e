"""Entry point: read a monitoring table file of either form into a framework."""

from __future__ import annotations

from pathlib import Path

from ecomonitor.core.departments import DepartmentRegister, load_register
from ecomonitor.errors import TableFormatError
from ecomonitor.tables.assemble import ImportResult, assemble
from ecomonitor.tables.docx import read_docx_table
from ecomonitor.tables.text import read_text_table

TEXT_SUFFIXES = {".txt", ".text"}
WORD_SUFFIXES = {".docx"}


def read_table(path: Path, register: DepartmentRegister | None = None) -> ImportResult:
    """Read the text export (.txt) or the Word attachment (.docx) of the table."""
    path = Path(path)
    if not path.is_file():
        raise TableFormatError(str(path), ["文件不存在，请检查路径。"])
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        raw = read_text_table(path)
    elif suffix in WORD_SUFFIXES:
        raw = read_docx_table(path)
    elif suffix == ".doc":
        raise TableFormatError(str(path), ["不支持旧版 Word（.doc）文件：请在 Word 或 WPS 中另存为 .docx 后重试。"])
    else:
        raise TableFormatError(
            str(path), [f"不支持的文件类型“{suffix or '无扩展名'}”：请提供 Word 附件（.docx）或其纯文本导出（.txt）。"]
        )
    return assemble(raw, register or load_register())
