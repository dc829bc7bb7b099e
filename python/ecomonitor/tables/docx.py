"""The Word attachment itself, read with python-docx.

Category headings are paragraphs (or a table row whose only text is the
heading) before each table. A cell that continues a vertical merge
(w:vMerge without val="restart") reads as empty, exactly like the empty cell
the text export shows for it, so both forms go through the same rules.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from ecomonitor.errors import TableFormatError
from ecomonitor.xlsx.screen import screen_document
from ecomonitor.xlsx.zipguard import FileRejected
from ecomonitor.tables.headings import match_heading
from ecomonitor.tables.raw import RawRow, RawSection, RawTable

RESTART = "restart"


def read_docx_table(path: Path) -> RawTable:
    """Read the tables of a Word attachment after screening its package.

    The package is checked first (zip bombs, DTDs and entity declarations),
    because python-docx inflates whatever sizes the file declares.
    """
    import docx  # python-docx, imported here so the text form needs no Word support
    from docx.opc.exceptions import PackageNotFoundError

    data = Path(path).read_bytes()
    try:
        screen_document(data)
    except FileRejected as rejection:
        if rejection.code in ("file-corrupt", "file-unsupported"):
            message = f"不是有效的 Word（.docx）文件（{rejection.message}）：请用 Word 或 WPS 另存为 .docx 后重试。"
        else:
            message = f"Word 文件已拒绝读取：{rejection.message}。请用 Word 或 WPS 重新另存为 .docx 后重试。"
        raise TableFormatError(str(path), [message]) from rejection
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise TableFormatError(
            str(path), [f"不是有效的 Word（.docx）文件（{error}）：请用 Word 或 WPS 另存为 .docx 后重试。"]
        ) from error
    unwrap_content_controls(document.element.body)
    return _DocxReader(str(path)).read(document)


def unwrap_content_controls(body) -> None:
    """Replace every content control (w:sdt) by its content, in place.

    Word wraps tables, rows, cells or runs in content controls for forms and
    templates. python-docx lists only the direct children of a body, table or
    row, so a row inside w:sdt/w:sdtContent would otherwise be skipped.
    """
    from docx.oxml.ns import qn

    for control in list(body.iter(qn("w:sdt"))):
        parent = control.getparent()
        position = parent.index(control)
        content = control.find(qn("w:sdtContent"))
        for child in list(content) if content is not None else []:
            parent.insert(position, child)
            position += 1
        parent.remove(control)


class _DocxReader:
    def __init__(self, source: str):
        self.table = RawTable(source=source)
        self.section: RawSection | None = None
        self.table_count = 0

    def read(self, document) -> RawTable:
        from docx.table import Table

        for block in document.iter_inner_content():
            if isinstance(block, Table):
                self._read_table(block)
            else:
                self._read_paragraph(block.text.strip())
        if self.table_count == 0:
            self.table.problems.append(
                "文档中没有表格：监测表应是 Word 表格（每个类别一个表格，或整张表一个表格），"
                "请确认打开的是监测表附件，而不是通知正文。"
            )
        return self.table

    def _read_paragraph(self, text: str) -> None:
        if not text:
            return
        if match_heading(text):
            self._start_section(text, f"第{self.table_count + 1}个表格之前的标题")
        elif self.section is None:
            self.table.preamble.append(text)

    def _start_section(self, heading: str, where: str) -> None:
        self.section = RawSection(heading=heading, where=where)
        self.table.sections.append(self.section)

    def _read_table(self, table) -> None:
        self.table_count += 1
        for row_number, tr in enumerate(table._tbl.tr_lst, start=1):
            where = f"第{self.table_count}个表格第{row_number}行"
            cells = self._row_cells(table, tr, where)
            if cells is None:
                continue
            self._add_row(RawRow(cells=cells, where=where))

    def _row_cells(self, table, tr, where: str) -> list[str] | None:
        from docx.table import _Cell

        cells: list[str] = []
        for tc in tr.tc_lst:
            merge = tc.vMerge
            text = "" if merge is not None and merge != RESTART else _Cell(tc, table).text.strip()
            cells.append(text)
            if tc.grid_span > 1:
                cells.extend([text] * (tc.grid_span - 1))
        if len(cells) > 1 and cells[0] and all(cell == cells[0] for cell in cells):
            heading = cells[0]
            if match_heading(heading):
                self._start_section(heading, where)
                return None
        spans = [tc.grid_span for tc in tr.tc_lst]
        if any(span > 1 for span in spans) and self.section and self.section.header:
            self.table.problems.append(f"{where}：数据行中有横向合并的单元格，请拆分后重试。")
        return cells

    def _add_row(self, row: RawRow) -> None:
        if self.section is None:
            self.table.problems.append(
                f"{row.where}：表格出现在第一个类别标题（如“一、……监测表”）之前。"
            )
        elif self.section.header is None:
            self.section.header = row
        else:
            self.section.rows.append(row)
