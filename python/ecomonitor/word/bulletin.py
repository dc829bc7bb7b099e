"""Writing the bulletin as a Word document in the layout of GB/T 9704-2012 (党政机关公文格式).

What the layout sets:

- A4 portrait; top margin 37 mm and left margin 28 mm around a text block of
  156 mm × 225 mm (so bottom 35 mm, right 26 mm);
- body in 3号 (16 pt) 仿宋_GB2312, 22 lines of 28 characters per page. The
  line pitch is exactly 28.95 pt (225 mm / 22), also set as the document
  grid. Characters are condensed by 0.25 pt to 15.75 pt, so 28 of them fill
  the 156 mm (442 pt) line and a 29th does not fit;
- the title in 2号 (22 pt) 方正小标宋简体, centred; 一、 headings in 黑体,
  （一） leads in 楷体_GB2312; paragraphs indented two characters;
- page numbers "— 1 —" in 4号 (14 pt) 宋体 below the text block, odd pages
  right and even pages left, one character in from the edge of the block;
- the attachments on new pages, their tables on landscape pages.

A computer without 仿宋_GB2312, 楷体_GB2312 or 方正小标宋简体 gets 仿宋, 楷体
or 宋体 in Word, through the alternative names in the font table.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from docx import Document
from lxml import etree
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt

from ecomonitor.core.bulletin import Attachment, Bulletin, Kind, Paragraph, chinese_date
from ecomonitor.errors import EcoMonitorError

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
LEAD_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"
ALTERNATIVE_FONTS = {TITLE_FONT: "宋体", BODY_FONT: "仿宋", LEAD_FONT: "楷体"}

TITLE_SIZE = Pt(22)
BODY_SIZE = Pt(16)
PAGE_NUMBER_SIZE = Pt(14)
TABLE_SIZE = Pt(10.5)
LINE_PITCH = Pt(28.95)
TABLE_LINE = Pt(15)
CONDENSED_TWIPS = -5  # twentieths of a point: 16 pt − 0.25 pt = 15.75 pt per character
CHARACTER = Pt(15.75)
GRID_LINE_PITCH = "579"  # 28.95 pt in twentieths of a point

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
TOP, BOTTOM, LEFT, RIGHT = Mm(37), Mm(35), Mm(28), Mm(26)
FOOTER_DISTANCE = Mm(23)  # the number's line starts about 7 mm below the text block
TEXT_WIDTH_LANDSCAPE = Mm(225)
FIRST_COLUMNS = (Mm(12), Mm(36))
ATTACHMENT_LABEL = "附件："
ATTACHMENT_PREFIX = re.compile(r"^(附件：)?(\d+\.)?")

# Elements that follow w:spacing in a run's properties (ECMA-376, CT_RPr).
SPACING_SUCCESSORS = (
    "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd",
    "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish",
    "w:oMath",
)
WORD_NAMESPACE = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def write_bulletin_docx(bulletin: Bulletin, path: Path) -> None:
    """Write the bulletin to ``path`` (through a temporary file, then one rename)."""
    document = Document()
    _set_defaults(document)
    _set_page(document.sections[0])
    _add_page_numbers(document)
    _add_font_alternatives(document)
    _write_text(document, bulletin)
    for number, attachment in enumerate(bulletin.attachments):
        _write_attachment(document, attachment, first=number == 0)
    _save(document, Path(path))


def _save(document, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        document.save(temporary)
        os.replace(temporary, path)
    except OSError as error:
        raise EcoMonitorError(f"无法写入“{path}”：{error.strerror}。文件可能正在 Word 或 WPS 中打开，请关闭后重试。") from error
    finally:
        temporary.unlink(missing_ok=True)


def _set_defaults(document) -> None:
    style = document.styles["Normal"]
    _set_font(style.element.get_or_add_rPr(), BODY_FONT, BODY_SIZE, CONDENSED_TWIPS)
    style.font.size = BODY_SIZE
    paragraph = style.paragraph_format
    paragraph.space_before = paragraph.space_after = Pt(0)
    paragraph.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph.line_spacing = LINE_PITCH
    paragraph.widow_control = False
    defaults = document.styles.element.find(qn("w:docDefaults"))
    for language in defaults.iter(qn("w:lang")):
        language.set(qn("w:val"), "zh-CN")
        language.set(qn("w:eastAsia"), "zh-CN")


def _set_font(properties, font: str, size, spacing: int | None) -> None:
    """Set the Latin and East Asian font, the size and the character spacing of run properties."""
    fonts = properties.get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), font)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    properties.sz_val = size
    old = properties.find(qn("w:spacing"))
    if old is not None:
        properties.remove(old)
    if spacing is not None:
        element = OxmlElement("w:spacing")
        element.set(qn("w:val"), str(spacing))
        properties.insert_element_before(element, *SPACING_SUCCESSORS)


def _set_page(section, landscape: bool = False) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (PAGE_HEIGHT, PAGE_WIDTH) if landscape else (PAGE_WIDTH, PAGE_HEIGHT)
    if landscape:
        section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = LEFT, RIGHT, TOP, BOTTOM
    else:
        section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = TOP, BOTTOM, LEFT, RIGHT
    section.footer_distance = FOOTER_DISTANCE
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    if landscape:
        grid.attrib.pop(qn("w:type"), None)
        grid.set(qn("w:linePitch"), "312")
    else:
        grid.set(qn("w:type"), "lines")
        grid.set(qn("w:linePitch"), GRID_LINE_PITCH)


def _add_page_numbers(document) -> None:
    document.settings.odd_and_even_pages_header_footer = True
    section = document.sections[0]
    _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)


def _page_number(paragraph, alignment) -> None:
    paragraph.alignment = alignment
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    if alignment == WD_ALIGN_PARAGRAPH.RIGHT:
        paragraph.paragraph_format.right_indent = PAGE_NUMBER_SIZE
    else:
        paragraph.paragraph_format.left_indent = PAGE_NUMBER_SIZE
    _run(paragraph, "— ", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        run = _run(paragraph, "", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
        if kind:
            field = OxmlElement("w:fldChar")
            field.set(qn("w:fldCharType"), kind)
            run._element.append(field)
        else:
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = text
            run._element.append(instruction)
    _run(paragraph, " —", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)


def _add_font_alternatives(document) -> None:
    """Declare the official fonts with their alternatives in the font table.

    python-docx loads the font table as a plain part, so its bytes are
    rewritten through the part's private ``_blob``.
    """
    part = document.part.part_related_by(RELATIONSHIP_TYPE.FONT_TABLE)
    table = parse_xml(part.blob)
    for font, alternative in ALTERNATIVE_FONTS.items():
        table.append(parse_xml(
            f'<w:font xmlns:w="{WORD_NAMESPACE}" w:name="{font}"><w:altName w:val="{alternative}"/>'
            '<w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>'
        ))
    part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)


def _run(paragraph, text: str, font: str, size, spacing: int | None = None):
    run = paragraph.add_run(text)
    _set_font(run._element.get_or_add_rPr(), font, size, spacing)
    return run


def _paragraph(document, alignment=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=None):
    paragraph = document.add_paragraph()
    paragraph.alignment = alignment
    if indent is not None:
        paragraph.paragraph_format.first_line_indent = indent
    return paragraph


def _write_text(document, bulletin: Bulletin) -> None:
    title = _paragraph(document, WD_ALIGN_PARAGRAPH.CENTER)
    _snap_to_grid(title, False)
    _run(title, bulletin.title, TITLE_FONT, TITLE_SIZE, 0)
    _paragraph(document)
    _run(_paragraph(document), bulletin.recipients, BODY_FONT, BODY_SIZE, CONDENSED_TWIPS)
    for item in bulletin.paragraphs:
        _write_paragraph(document, item)
    _write_signature(document, bulletin)


def _snap_to_grid(paragraph, snap: bool) -> None:
    """Let a paragraph keep its own line spacing instead of whole lines of the document grid.

    A 22-pt title line is taller than one grid line, so on the grid each of
    its lines would take two.
    """
    element = OxmlElement("w:snapToGrid")
    element.set(qn("w:val"), "1" if snap else "0")
    paragraph._p.get_or_add_pPr().insert_element_before(
        element, "w:spacing", "w:ind", "w:contextualSpacing",
        "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
        "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
    )


def _write_paragraph(document, item: Paragraph) -> None:
    if item.kind is Kind.BLANK:
        _paragraph(document)
        return
    if item.kind is Kind.ATTACHMENT_NOTE:
        _write_attachment_note(document, item.text)
        return
    paragraph = _paragraph(document, indent=Emu(2 * CHARACTER))
    if item.kind is Kind.HEADING:
        paragraph.paragraph_format.keep_with_next = True
        _run(paragraph, item.text, HEADING_FONT, BODY_SIZE, CONDENSED_TWIPS)
        return
    if item.lead:
        _run(paragraph, item.lead, LEAD_FONT, BODY_SIZE, CONDENSED_TWIPS)
    _run(paragraph, item.text, BODY_FONT, BODY_SIZE, CONDENSED_TWIPS)


def _write_attachment_note(document, text: str) -> None:
    """Write one line of 附件：1.名称; a long name wraps to the first character of the name."""
    paragraph = _paragraph(document, WD_ALIGN_PARAGRAPH.LEFT)
    prefix = ATTACHMENT_PREFIX.match(text).group(0)
    name_start = 2 + _width(ATTACHMENT_LABEL) + _width(prefix.removeprefix(ATTACHMENT_LABEL))
    first_line = 2 + (0 if text.startswith(ATTACHMENT_LABEL) else _width(ATTACHMENT_LABEL))
    paragraph.paragraph_format.left_indent = Emu(int(name_start * CHARACTER))
    paragraph.paragraph_format.first_line_indent = Emu(int((first_line - name_start) * CHARACTER))
    _run(paragraph, text, BODY_FONT, BODY_SIZE, CONDENSED_TWIPS)


def _write_signature(document, bulletin: Bulletin) -> None:
    """Place the issuer and the date as for a document without a seal.

    The issuer ends two characters from the right edge, and the date starts
    two characters right of the issuer's first character. When the date is
    the longer, the date ends two characters from the edge instead, and the
    issuer moves left.
    """
    date = chinese_date(bulletin.date)
    issuer_width, date_width = _width(bulletin.issuer), _width(date)
    issuer_right = 2.0
    date_right = issuer_right + issuer_width - date_width - 2
    if date_right < 2:
        date_right = 2.0
        issuer_right = date_right + date_width + 2 - issuer_width
    _paragraph(document)
    for text, right in ((bulletin.issuer, issuer_right), (date, date_right)):
        paragraph = _paragraph(document, WD_ALIGN_PARAGRAPH.RIGHT)
        paragraph.paragraph_format.right_indent = Emu(int(right * CHARACTER))
        _run(paragraph, text, BODY_FONT, BODY_SIZE, CONDENSED_TWIPS)


def _width(text: str) -> float:
    """Estimate the width of a text in characters.

    Digits and Latin letters are half wide, and Word and LibreOffice add about
    a quarter character between Chinese and Latin text by default.
    """
    width = sum(0.5 if character.isascii() else 1.0 for character in text)
    changes = sum(1 for first, second in zip(text, text[1:]) if first.isascii() != second.isascii())
    return width + 0.25 * changes


def _write_attachment(document, attachment: Attachment, first: bool) -> None:
    if first:
        section = document.add_section(WD_SECTION.NEW_PAGE)
        _set_page(section, landscape=True)
    label = _paragraph(document, WD_ALIGN_PARAGRAPH.LEFT)
    label.paragraph_format.page_break_before = not first
    _run(label, attachment.label, HEADING_FONT, BODY_SIZE, 0)
    title = _paragraph(document, WD_ALIGN_PARAGRAPH.CENTER)
    title.paragraph_format.space_after = Pt(6)
    _run(title, attachment.title, TITLE_FONT, TITLE_SIZE, 0)
    _write_table(document, attachment)


def _write_table(document, attachment: Attachment) -> None:
    columns = len(attachment.header)
    table = document.add_table(rows=1 + len(attachment.rows), cols=columns)
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    rest = (TEXT_WIDTH_LANDSCAPE - sum(FIRST_COLUMNS)) // (columns - len(FIRST_COLUMNS))
    widths = [*FIRST_COLUMNS, *[Emu(rest)] * (columns - len(FIRST_COLUMNS))]
    for column, width in zip(table.columns, widths):
        column.width = width
    _repeat_header(table.rows[0])
    for row_index, values in enumerate([attachment.header, *attachment.rows]):
        font = HEADING_FONT if row_index == 0 else BODY_FONT
        for column, (cell, value) in enumerate(zip(table.rows[row_index].cells, values)):
            cell.width = widths[column]
            paragraph = cell.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if column == 1 and row_index else WD_ALIGN_PARAGRAPH.CENTER
            paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            paragraph.paragraph_format.line_spacing = TABLE_LINE
            _run(paragraph, value, font, TABLE_SIZE, 0)


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)
