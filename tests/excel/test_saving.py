"""Every command that writes the master keeps its VBA project, ribbon and sheet parts."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from xml.etree import ElementTree

import pytest
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import PatternFill
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from helpers import packages
from helpers.libreoffice import convert

from ecomonitor.cli.main import main
from ecomonitor.jobs.split import split
from ecomonitor.xlsx.fill import Typed, fill_copy
from ecomonitor.xlsx.master import open_master, save_master
from ecomonitor.xlsx import preserve
from ecomonitor.xlsx.preserve import find_losses, read_parts
from ecomonitor.xlsx.ribbon import RIBBON_PART, ribbon_targets

CATEGORY = "绿色低碳发展"


@pytest.fixture()
def dressed_master(empty_master, tmp_path):
    """A master with the parts an office adds in Excel: validation, formats, protection, a name."""
    path = tmp_path / "主表.xlsm"
    shutil.copy(empty_master, path)
    book = open_master(path)
    sheet = book.workbook[CATEGORY]
    validation = DataValidation(type="list", formula1='"是,否"', allow_blank=True)
    validation.add("K3:K40")
    sheet.add_data_validation(validation)
    sheet.conditional_formatting.add(
        "G3:G40", CellIsRule(operator="lessThan", formula=["0.3"], fill=PatternFill("solid", fgColor="F4CCCC"))
    )
    book.workbook["配置"].protection.sheet = True
    book.workbook.defined_names["报送截止"] = DefinedName("报送截止", attr_text="配置!$B$3")
    save_master(book)
    return path


@pytest.fixture()
def inbox(dressed_master, example, tmp_path):
    """One department's filled copy, ready to consolidate."""
    copies = {name: path for name, _, path in split(dressed_master, tmp_path / "copies").copies}
    entries = {t.id: Typed(t.progress, t.rate, t.rate_text) for t in example.tasks_owned_by("州水利局")}
    fill_copy(copies["州水利局"], entries, tmp_path / "inbox" / "水利.xlsx")
    return tmp_path / "inbox"


MERGE_RULES = 4  # the category sheet's own rules that print 指标 and 牵头单位 like merged cells
OWN_RULES = MERGE_RULES + 1  # and the one that colours the 状态 column


def test_every_command_keeps_parts(dressed_master, inbox, tmp_path):
    before = read_parts(dressed_master)
    assert before.sheets[CATEGORY].validations == 1
    assert before.sheets[CATEGORY].conditional_formats == OWN_RULES + 1
    assert before.sheets["配置"].protected
    assert ("报送截止", "") in before.names
    commands = [
        ["split", str(dressed_master), "-o", str(tmp_path / "out")],
        ["consolidate", str(dressed_master), str(inbox), "--dry-run"],
        ["consolidate", str(dressed_master), str(inbox)],
        ["summary", str(dressed_master)],
        ["consolidate", str(dressed_master), str(inbox)],
        ["summary", str(dressed_master)],
        ["compute", str(dressed_master)],
        ["validate", str(dressed_master)],
    ]
    for command in commands:
        assert main(["-q", *command]) == 0, command
        after = read_parts(dressed_master)
        assert find_losses(before, after) == [], command
        assert after.vba_project == before.vba_project, command
        assert after.custom_ui == before.custom_ui, command
        assert after.ribbon_related, command
        assert after.sheets[CATEGORY].validations == 1, command
        assert after.sheets[CATEGORY].conditional_formats == OWN_RULES + 1, command
        assert after.sheets["配置"].protected, command
        assert ("报送截止", "") in after.names, command
        assert after.sheets[CATEGORY].page_setup == before.sheets[CATEGORY].page_setup, command


def test_ribbon_relationship_after_commands(dressed_master, inbox):
    for command in (["consolidate", str(dressed_master), str(inbox)], ["summary", str(dressed_master)]):
        assert main(["-q", *command]) == 0
        with zipfile.ZipFile(dressed_master) as package:
            assert RIBBON_PART in ribbon_targets(package.read("_rels/.rels")), command


def test_new_sheets_keep_ribbon_and_vba(dressed_master):
    assert main(["-q", "summary", str(dressed_master)]) == 0
    book = open_master(dressed_master)
    assert {"汇总", "单位汇总"} <= set(book.workbook.sheetnames)
    assert read_parts(dressed_master).vba_project is not None


def drop_validations(path, sheet_part: str) -> None:
    """Rewrite a package as if a save had lost the validations of one sheet."""
    copy = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == sheet_part:
                data = re.sub(rb"<dataValidations.*?</dataValidations>", b"", data, flags=re.DOTALL)
            target.writestr(info, data)
    copy.replace(path)


def test_lost_part_stops_save(dressed_master, tmp_path, monkeypatch):
    from ecomonitor.xlsx import package

    original_copy = package._copy_entries

    def losing_copy(source, target, *args):
        original_copy(source, target, *args)
        drop_validations(target, "xl/worksheets/sheet2.xml")

    monkeypatch.setattr(package, "_copy_entries", losing_copy)
    before = dressed_master.read_bytes()
    assert main(["-q", "summary", str(dressed_master)]) == 1
    assert dressed_master.read_bytes() == before
    assert list(tmp_path.glob(".*.tmp")) == []


def test_loss_message_names_sheet_and_part(dressed_master, tmp_path):
    damaged = tmp_path / "damaged.xlsm"
    shutil.copy(dressed_master, damaged)
    drop_validations(damaged, "xl/worksheets/sheet2.xml")
    losses = find_losses(read_parts(dressed_master), read_parts(damaged))
    assert losses == [f"工作表“{CATEGORY}”的数据验证（1 条变为 0 条）"]


def with_page_setup(data: bytes, page_setup: str, header_footer: str) -> bytes:
    """Return the package with the category sheet's pageSetup and headerFooter replaced."""
    def edit(xml: str) -> str:
        xml = re.sub(r"<pageSetup[^>]*/>", page_setup, xml, count=1)
        return re.sub(r"<headerFooter.*?(?:</headerFooter>|/>)", header_footer, xml, count=1, flags=re.DOTALL)

    return packages.edit_sheet(data, CATEGORY, edit)


def losses_between(empty_master, tmp_path, before: tuple[str, str], after: tuple[str, str]) -> list[str]:
    old, new = tmp_path / "old.xlsm", tmp_path / "new.xlsm"
    old.write_bytes(with_page_setup(empty_master.read_bytes(), *before))
    new.write_bytes(with_page_setup(empty_master.read_bytes(), *after))
    return find_losses(read_parts(old), read_parts(new))


def test_default_page_setup_omitted(empty_master, tmp_path):
    spelled_out = ('<pageSetup orientation="landscape" paperSize="9" cellComments="none" draft="0" '
                   'blackAndWhite="false" copies="1"/>',
                   '<headerFooter differentFirst="false"><oddHeader></oddHeader><oddFooter/></headerFooter>')
    omitted = ('<pageSetup orientation="landscape" paperSize="9"/>', "")
    assert losses_between(empty_master, tmp_path, spelled_out, omitted) == []


def test_changed_page_setup_lost(empty_master, tmp_path):
    changed = ('<pageSetup orientation="landscape" paperSize="9" cellComments="atEnd"/>',
               "<headerFooter><oddFooter>第 &amp;P 页</oddFooter></headerFooter>")
    omitted = ('<pageSetup orientation="landscape" paperSize="9"/>', "")
    losses = losses_between(empty_master, tmp_path, changed, omitted)
    assert f"工作表“{CATEGORY}”的页面设置（cellComments）" in losses
    assert f"工作表“{CATEGORY}”的页眉页脚" in losses
    assert len(losses) == 2


def test_libreoffice_saved_master_writes(dressed_master, inbox, tmp_path):
    saved = convert(dressed_master, "xlsm:Calc MS Excel 2007 VBA XML", tmp_path / "lo")
    before = read_parts(saved)
    assert "cellComments" not in before.sheets[CATEGORY].page_setup
    for command in (["compute", str(saved)], ["consolidate", str(saved), str(inbox)], ["summary", str(saved)]):
        assert main(["-q", *command]) == 0, command
        assert find_losses(before, read_parts(saved)) == [], command


PREFIXED_SHEET = (
    b'<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>&lt;/x:sheetData&gt;</x:t></x:is></x:c>'
    b'</x:row></x:sheetData><x:sheetProtection sheet="1"/>'
    b'<x:conditionalFormatting sqref="A1"><x:cfRule type="expression" priority="1"><x:formula>1</x:formula>'
    b'</x:cfRule></x:conditionalFormatting>'
    b'<x:dataValidations count="1"><x:dataValidation sqref="A1" type="whole"/></x:dataValidations>'
    b'<x:pageSetup paperSize="9" orientation="landscape"/></x:worksheet>'
)


def sheet_parts_of(data: bytes, tmp_path) -> preserve.SheetParts:
    path = tmp_path / "sheet.zip"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("sheet.xml", data)
    with zipfile.ZipFile(path) as package:
        return preserve._read_sheet(package, "sheet.xml")


@pytest.mark.parametrize("chunk", [5, 64, 1024 * 1024])
def test_sheet_parts_around_cells(chunk, tmp_path, monkeypatch):
    # The check skips the cells chunk by chunk. What sits before or after them, prefixed or not, still counts.
    monkeypatch.setattr(preserve, "CHUNK", chunk)
    monkeypatch.setattr(preserve, "TAG_ROOM", 40)
    parts = sheet_parts_of(PREFIXED_SHEET, tmp_path)
    assert parts.validations == 1
    assert parts.conditional_formats == 1
    assert parts.protected
    assert parts.page_setup == {"paperSize", "orientation"}
    assert parts == preserve.sheet_parts(ElementTree.fromstring(PREFIXED_SHEET))
    cut = preserve.without_cells(io.BytesIO(PREFIXED_SHEET))
    assert b"<x:row" not in cut
    assert preserve.sheet_parts(ElementTree.fromstring(cut)) == parts
    moved = PREFIXED_SHEET.replace(b"<x:sheetData>", b'<x:dataValidations count="1"><x:dataValidation sqref="B1"/>'
                                   b"</x:dataValidations><x:sheetData>")
    assert sheet_parts_of(moved, tmp_path).validations == 2
    commented = PREFIXED_SHEET.replace(b"<x:sheetData>", b"<!-- <x:sheetData> --><x:sheetData>")
    assert sheet_parts_of(commented, tmp_path) == parts
    instruction = PREFIXED_SHEET.replace(b"<x:sheetData>", b"<?note <x:sheetData>?><x:sheetData>").replace(
        b"</x:worksheet>", b"<?end?></x:worksheet>")
    assert preserve.without_cells(io.BytesIO(instruction)) is None
    assert sheet_parts_of(instruction, tmp_path) == parts
    empty = PREFIXED_SHEET.replace(PREFIXED_SHEET[PREFIXED_SHEET.index(b"<x:sheetData>"):
                                                  PREFIXED_SHEET.index(b"<x:sheetProtection")], b"<x:sheetData/>")
    assert sheet_parts_of(empty, tmp_path) == parts
