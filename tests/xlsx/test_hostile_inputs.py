"""Hostile and broken returns: each ends with its finding code and the batch goes on."""

from __future__ import annotations

import os
import shutil
import stat
import zipfile

import pytest
from openpyxl import load_workbook

from ecomonitor.core.consolidate import MasterIdentity, consolidate
from ecomonitor.jobs.consolidate import consolidate_inbox
from ecomonitor.xlsx.inbox import scan_inbox
from ecomonitor.xlsx.master import open_master
from helpers import packages
from helpers.packages import add_row, edit_sheet, inline_text, set_cell

DEPARTMENT = "州水利局"
SHEET = "填报"
# 州水利局's five tasks are on rows 4 to 8; progress is column G, rate column H.
FIRST_TASK, LAST_TASK = "T03-03-01", "T10-02-01"


@pytest.fixture(scope="module")
def book(empty_master):
    return open_master(empty_master)


@pytest.fixture(scope="module")
def identity(book):
    return MasterIdentity(book.meta.instance_id, book.meta.key, book.settings.deadline)


@pytest.fixture(scope="module")
def filled(filled_copy) -> bytes:
    """The bytes of 州水利局's copy, filled with the example's entries."""
    return filled_copy.read_bytes()


def run(inbox, book, identity):
    result = consolidate(book.framework, identity, scan_inbox(inbox))
    return result, {report.name: report for report in result.reports}


def codes(report) -> list[str]:
    return [finding.code for finding in report.findings]


def put(inbox, name: str, data: bytes):
    path = inbox / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def with_sheet_edit(filled: bytes, edit) -> bytes:
    return edit_sheet(filled, SHEET, edit)


# Zip returns and zip bombs


def test_zip_return_with_gbk_names_consolidated(filled, book, identity, tmp_path):
    put(tmp_path, "回收.zip", packages.zip_of({"州水利局填报.xlsx": filled}, gbk_names=True))
    result, reports = run(tmp_path, book, identity)
    report = reports["回收.zip/州水利局填报.xlsx"]
    assert report.status == "已采用"
    assert report.rows_taken == 5
    assert result.tasks_changed == 5


def test_nested_zip_read_to_depth_limit(filled, book, identity, tmp_path):
    inner = packages.zip_of({"copy.xlsx": filled})
    put(tmp_path, "outer.zip", packages.zip_of({"inner.zip": inner}))
    put(tmp_path, "deep.zip", packages.zip_of({"a.zip": packages.zip_of({"b.zip": inner})}))
    _result, reports = run(tmp_path, book, identity)
    assert reports["outer.zip/inner.zip/copy.xlsx"].rows_taken == 5
    assert codes(reports["deep.zip/a.zip/b.zip"]) == ["zip-nested-too-deep"]


def test_zip_path_traversal_not_read(filled, book, identity, tmp_path):
    archive = packages.zip_of({"../../evil.xlsx": filled, "/etc/abs.xlsx": filled, "ok/copy.xlsx": filled})
    put(tmp_path, "returns.zip", archive)
    _result, reports = run(tmp_path, book, identity)
    assert codes(reports["returns.zip/../../evil.xlsx"]) == ["zip-path-unsafe"]
    assert codes(reports["returns.zip//etc/abs.xlsx"]) == ["zip-path-unsafe"]
    assert reports["returns.zip/ok/copy.xlsx"].rows_taken == 5
    assert not (tmp_path.parent / "evil.xlsx").exists()


def test_zip_member_link_skipped(filled, book, identity, tmp_path):
    buffer = packages.zip_of({"copy.xlsx": filled})
    with zipfile.ZipFile(put(tmp_path, "links.zip", buffer), "a") as archive:
        link = zipfile.ZipInfo("link.xlsx")
        link.create_system = 3
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")
    _result, reports = run(tmp_path, book, identity)
    assert codes(reports["links.zip/link.xlsx"]) == ["file-link"]
    assert reports["links.zip/copy.xlsx"].rows_taken == 5


def test_zip_bomb_by_ratio(filled, book, identity, tmp_path):
    put(tmp_path, "bomb.zip", packages.zip_of({"zeros.xlsx": bytes(5 * 1024 * 1024)}))
    put(tmp_path, "bomb-in-copy.xlsx", packages.replace(filled, **{"xl/media/zeros.bin": bytes(5 * 1024 * 1024)}))
    _result, reports = run(tmp_path, book, identity)
    assert codes(reports["bomb.zip"]) == ["zip-bomb"]
    assert codes(reports["bomb-in-copy.xlsx"]) == ["zip-bomb"]


def test_zip_bomb_with_lying_sizes(filled, book, identity, tmp_path):
    zeros = packages.zip_of({"zeros.bin": bytes(3 * 1024 * 1024)})
    put(tmp_path, "declares-huge.zip", packages.lie_about_size(zeros, "zeros.bin", 3_000_000_000))
    put(tmp_path, "declares-small.zip", packages.lie_about_size(zeros, "zeros.bin", 1000))
    _result, reports = run(tmp_path, book, identity)
    assert codes(reports["declares-huge.zip"]) == ["zip-bomb"]
    assert codes(reports["declares-small.zip/zeros.bin"]) == ["zip-bomb"]


def test_zip_with_too_many_members(book, identity, tmp_path):
    put(tmp_path, "many.zip", packages.zip_of({f"{number}.txt": b"x" for number in range(2500)}))
    _result, reports = run(tmp_path, book, identity)
    assert codes(reports["many.zip"]) == ["zip-bomb"]


def test_duplicate_member_names_rejected(filled, book, identity, tmp_path):
    parts = packages.members(filled)
    path = put(tmp_path, "twice.xlsx", filled)
    with pytest.warns(UserWarning), zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/workbook.xml", parts["xl/workbook.xml"])
    _result, reports = run(tmp_path, book, identity)
    assert codes(reports["twice.xlsx"]) == ["zip-duplicate-member"]


# XML bombs, external entities, encodings


BILLION_LAUGHS = (
    '<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa">'
    '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
    f'<sst xmlns="{packages.SHEET_NS}" count="1" uniqueCount="1"><si><t>&c;</t></si></sst>'
)


def test_xml_bomb_and_external_entity_rejected(filled, book, identity, tmp_path):
    put(tmp_path, "bomb.xlsx", packages.replace(filled, **{"xl/sharedStrings.xml": BILLION_LAUGHS.encode()}))

    def external(xml: str) -> str:
        prolog = '<!DOCTYPE worksheet [<!ENTITY e SYSTEM "file:///etc/hostname">]>'
        xml = xml.replace("<worksheet", prolog + "<worksheet", 1)
        return set_cell(xml, "G4", '<c r="G4" t="inlineStr"><is><t>&e;</t></is></c>')

    put(tmp_path, "external.xlsx", with_sheet_edit(filled, external))
    _result, reports = run(tmp_path, book, identity)
    assert codes(reports["bomb.xlsx"]) == ["xml-dtd"]
    assert codes(reports["external.xlsx"]) == ["xml-dtd"]


def test_master_with_xml_bomb_not_opened(empty_master, tmp_path):
    from ecomonitor.errors import WorkbookError

    data = empty_master.read_bytes()
    parts = packages.members(data)
    workbook = parts["xl/workbook.xml"].decode("utf-8")
    hostile = workbook.replace("<workbook", '<!DOCTYPE workbook [<!ENTITY x "x">]><workbook', 1)
    path = put(tmp_path, "master.xlsm", packages.replace(data, **{"xl/workbook.xml": hostile.encode()}))
    with pytest.raises(WorkbookError, match="文档类型或实体声明"):
        open_master(path)


@pytest.mark.parametrize("encoding", ["gbk", "utf-16"])
def test_sheet_xml_not_utf8_rejected(filled, book, identity, tmp_path, encoding):
    part = packages.sheet_part(filled, SHEET)
    xml = packages.members(filled)[part].decode("utf-8")
    xml = f'<?xml version="1.0" encoding="{encoding.upper()}"?>' + xml[xml.index("<worksheet"):]
    put(tmp_path, "encoded.xlsx", packages.replace(filled, **{part: xml.encode(encoding)}))
    _result, reports = run(tmp_path, book, identity)
    assert codes(reports["encoded.xlsx"]) == ["xml-encoding"]


# Sheet dimensions, cell sizes and cell contents


def test_value_in_last_cell_rejected_before_parsing(filled, book, identity, tmp_path):
    far = '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    put(tmp_path, "far.xlsx", with_sheet_edit(filled, lambda xml: add_row(xml, far)))
    put(tmp_path, "good.xlsx", filled)
    result, reports = run(tmp_path, book, identity)
    assert codes(reports["far.xlsx"]) == ["sheet-too-large"]
    assert reports["good.xlsx"].rows_taken == 5


def test_shared_string_expansion_rejected(filled, book, identity, tmp_path):
    long_string = f'<sst xmlns="{packages.SHEET_NS}"><si><t>{"长" * 32000}</t></si></sst>'
    cells = "".join(
        f'<row r="{row}">' + "".join(f'<c r="{column}{row}" t="s"><v>0</v></c>' for column in "IJKLMNOP") + "</row>"
        for row in range(20, 200)
    )
    changed = packages.replace(filled, **{"xl/sharedStrings.xml": long_string.encode()})
    put(tmp_path, "amplified.xlsx", edit_sheet(changed, SHEET, lambda xml: add_row(xml, cells)))
    _result, reports = run(tmp_path, book, identity)
    assert codes(reports["amplified.xlsx"]) == ["sheet-too-large"]


def test_overlong_cell_rejected_row_by_row(filled, book, identity, tmp_path):
    long_text = "进展" * 20000
    put(tmp_path, "long.xlsx", with_sheet_edit(filled, lambda xml: set_cell(xml, "G4", inline_text("G4", long_text))))
    result, reports = run(tmp_path, book, identity)
    report = reports["long.xlsx"]
    assert "text-too-long" in codes(report)
    assert (report.rows_taken, report.rows_rejected) == (4, 1)
    assert FIRST_TASK not in {change.task_id for change in result.changes}


FORMULA_TEXTS = ["=cmd|' /C calc'!A0", "+SUM(1,2)", "-2+3+cmd|' /C calc'!A0", "@SUM(A1:A2)"]


def test_formula_injection_stored_as_text(filled, empty_master, tmp_path):
    def inject(xml: str) -> str:
        for row, text in zip(range(4, 8), FORMULA_TEXTS):
            xml = set_cell(xml, f"G{row}", inline_text(f"G{row}", text))
        formula = '<c r="G8" t="str"><f>HYPERLINK("http://127.0.0.1/","点我")</f><v>点我</v></c>'
        return set_cell(xml, "G8", formula)

    master = tmp_path / "master.xlsm"
    shutil.copy(empty_master, master)
    formulas_before = _formula_count(master)
    inbox = tmp_path / "inbox"
    put(inbox, "=HYPERLINK(1).xlsx", with_sheet_edit(filled, inject))
    result = consolidate_inbox(master, inbox)
    assert [f.code for f in result.findings].count("text-formula-like") == 4
    assert _formula_count(master) == formulas_before
    written = open_master(master)
    for task_id, text in zip(book_tasks(result), [*FORMULA_TEXTS, "点我"]):
        assert written.cell(task_id, "progress").value == text
        assert written.cell(task_id, "progress").data_type == "s"
    workbook = written.workbook
    report = workbook["报送情况"]
    assert report["A4"].value == "=HYPERLINK(1).xlsx"
    assert report["A4"].data_type == "s"
    log = workbook["变更记录"]
    assert all(cell.data_type != "f" for row in log.iter_rows(min_row=4) for cell in row)


def book_tasks(result) -> list[str]:
    return sorted({change.task_id for change in result.changes})


def _formula_count(path) -> int:
    with zipfile.ZipFile(path) as archive:
        return sum(archive.read(name).count(b"<f>") + archive.read(name).count(b"<f ")
                   for name in archive.namelist() if name.startswith("xl/worksheets/"))


def test_control_characters_removed_and_reported(filled, book, identity, tmp_path):
    escaped = '<c r="G4" t="inlineStr"><is><t>完成_x0001_改厕_x001B_2664个</t></is></c>'
    put(tmp_path, "control.xlsx", with_sheet_edit(filled, lambda xml: set_cell(xml, "G4", escaped)))
    result, reports = run(tmp_path, book, identity)
    assert "text-control-chars" in codes(reports["control.xlsx"])
    change = next(c for c in result.changes if c.task_id == FIRST_TASK and c.field == "progress")
    assert change.new == "完成改厕2664个"


def test_garbled_text_rejected(filled, book, identity, tmp_path):
    mojibake = "完成改厕2664个".encode("utf-8").decode("latin-1")

    def garble(xml: str) -> str:
        xml = set_cell(xml, "G4", inline_text("G4", mojibake))
        return set_cell(xml, "G5", inline_text("G5", "锟斤拷锟斤拷"))

    put(tmp_path, "garbled.xlsx", with_sheet_edit(filled, garble))
    result, reports = run(tmp_path, book, identity)
    report = reports["garbled.xlsx"]
    assert codes(report).count("text-garbled") == 2
    assert report.rows_rejected == 2
    garbled = next(f for f in report.findings if f.code == "text-garbled" and f.row == 4)
    assert "完成改厕2664个" in garbled.message


def test_error_values_in_rate_cells(filled, book, identity, tmp_path):
    def errors(xml: str) -> str:
        xml = set_cell(xml, "H4", '<c r="H4" t="e"><f>1/0</f><v>#DIV/0!</v></c>')
        xml = set_cell(xml, "H5", '<c r="H5" t="e"><v>#N/A</v></c>')
        return set_cell(xml, "H6", '<c r="H6" t="str"><f>1/0</f><v>#DIV/0!</v></c>')

    put(tmp_path, "errors.xlsx", with_sheet_edit(filled, errors))
    _result, reports = run(tmp_path, book, identity)
    report = reports["errors.xlsx"]
    found = [(f.row, f.value) for f in report.findings if f.code == "rate-error-value"]
    assert found == [(4, "#DIV/0!"), (5, "#N/A"), (6, "#DIV/0!")]
    assert (report.rows_taken, report.rows_rejected) == (2, 3)


# Variants of valid copies: no finding, values read


def test_missing_or_wrong_dimension_read(filled, book, identity, tmp_path):
    import re

    variants = {
        "no-dimension.xlsx": lambda xml: re.sub(r"<dimension[^>]*/>", "", xml),
        "wrong-dimension.xlsx": lambda xml: re.sub(r'<dimension ref="[^"]*"', '<dimension ref="A1"', xml),
    }
    for name, edit in variants.items():
        put(tmp_path / name, name, with_sheet_edit(filled, edit))
        _result, reports = run(tmp_path / name, book, identity)
        assert reports[name].rows_taken == 5
        assert [f for f in reports[name].findings if f.severity.name != "INFO"] == []


def test_inline_strings_and_numbers_as_text(filled, book, identity, tmp_path):
    def retype(xml: str) -> str:
        xml = set_cell(xml, "G4", inline_text("G4", "完成投资5.75亿元"))
        xml = set_cell(xml, "H4", inline_text("H4", "0.5"))
        xml = set_cell(xml, "H5", '<c r="H5" t="str"><v>52.80%</v></c>')
        return set_cell(xml, "H6", inline_text("H6", "75"))

    put(tmp_path, "retyped.xlsx", with_sheet_edit(filled, retype))
    result, reports = run(tmp_path, book, identity)
    assert reports["retyped.xlsx"].rows_taken == 5
    rates = {c.task_id: c.new for c in result.changes if c.field == "rate"}
    tasks = book.framework.tasks_owned_by(DEPARTMENT)
    assert rates[tasks[0].id] == 0.5
    assert rates[tasks[1].id] == pytest.approx(0.528)
    assert rates[tasks[2].id] == 0.75


def test_cells_without_references_read(filled, book, identity, tmp_path):
    import re

    def strip_references(xml: str) -> str:
        return re.sub(r'(<c) r="[A-Z]+\d+"', r"\1", re.sub(r'(<row) r="\d+"', r"\1", xml))

    put(tmp_path, "no-references.xlsx", with_sheet_edit(filled, strip_references))
    _result, reports = run(tmp_path, book, identity)
    assert reports["no-references.xlsx"].rows_taken == 5


# Files in the inbox that are not clean copies


def test_links_and_special_files_skipped(filled, book, identity, tmp_path):
    inbox = tmp_path / "inbox"
    target = put(tmp_path, "outside/copy.xlsx", filled)
    inbox.mkdir()
    os.symlink(target, inbox / "link.xlsx")
    os.symlink(target.parent, inbox / "linked-folder")
    os.mkfifo(inbox / "pipe.xlsx")
    put(inbox, "good.xlsx", filled)
    _result, reports = run(inbox, book, identity)
    assert codes(reports["link.xlsx"]) == ["file-link"]
    assert codes(reports["linked-folder"]) == ["file-link"]
    assert codes(reports["pipe.xlsx"]) == ["file-special"]
    assert reports["good.xlsx"].rows_taken == 5


def test_oversized_file_not_read(book, identity, tmp_path):
    with open(tmp_path / "huge.xlsx", "wb") as handle:
        handle.truncate(60 * 1024 * 1024)
    _result, reports = run(tmp_path, book, identity)
    assert codes(reports["huge.xlsx"]) == ["file-too-large"]


def test_lock_and_clutter_files_ignored(filled, book, identity, tmp_path):
    put(tmp_path, "~$copy.xlsx", b"\x05owner")
    put(tmp_path, ".~lock.copy.xlsx#", b",user,host,2023;")
    put(tmp_path, "Thumbs.db", b"x")
    put(tmp_path, "._copy.xlsx", b"x")
    put(tmp_path, "copy.xlsx", filled)
    _result, reports = run(tmp_path, book, identity)
    assert list(reports) == ["copy.xlsx"]


BATCH_SCRIPT = """
import json, resource, sys
from pathlib import Path
from ecomonitor.jobs.consolidate import consolidate_inbox
result = consolidate_inbox(Path(sys.argv[1]), Path(sys.argv[2]), dry_run=True)
print(json.dumps({
    "reports": {r.name: [f.code for f in r.findings] for r in result.reports},
    "taken": [r.name for r in result.reports if r.status == "已采用"],
    "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""


def test_hostile_batch_runs_in_bounded_memory(filled, empty_master, tmp_path):
    import json
    import resource
    import subprocess
    import sys

    inbox = tmp_path / "inbox"
    far = '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    long_string = f'<sst xmlns="{packages.SHEET_NS}"><si><t>{"长" * 32000}</t></si></sst>'
    cells = "".join(
        f'<row r="{row}">' + "".join(f'<c r="{column}{row}" t="s"><v>0</v></c>' for column in "IJKLMNOP") + "</row>"
        for row in range(20, 2000)
    )
    amplified = edit_sheet(packages.replace(filled, **{"xl/sharedStrings.xml": long_string.encode()}), SHEET,
                           lambda xml: add_row(xml, cells))
    put(inbox, "far.xlsx", with_sheet_edit(filled, lambda xml: add_row(xml, far)))
    put(inbox, "amplified.xlsx", amplified)
    put(inbox, "bomb.zip", packages.zip_of({"zeros.xlsx": bytes(40 * 1024 * 1024)}))
    put(inbox, "laughs.xlsx", packages.replace(filled, **{"xl/sharedStrings.xml": BILLION_LAUGHS.encode()}))
    put(inbox, "zz-good.xlsx", filled)

    def limit_memory():
        resource.setrlimit(resource.RLIMIT_AS, (2 * 1024**3, 2 * 1024**3))

    completed = subprocess.run([sys.executable, "-c", BATCH_SCRIPT, str(empty_master), str(inbox)],
                               capture_output=True, text=True, timeout=300, preexec_fn=limit_memory)
    assert completed.returncode == 0, completed.stderr[-2000:]
    outcome = json.loads(completed.stdout)
    assert outcome["reports"]["far.xlsx"] == ["sheet-too-large"]
    assert outcome["reports"]["amplified.xlsx"] == ["sheet-too-large"]
    assert outcome["reports"]["bomb.zip"] == ["zip-bomb"]
    assert outcome["reports"]["laughs.xlsx"] == ["xml-dtd"]
    assert outcome["taken"] == ["zz-good.xlsx"]
    assert outcome["max_rss_mb"] < 250


def test_encrypted_zip_member_rejected(filled, book, identity, tmp_path):
    archive = bytearray(packages.zip_of({"secret.xlsx": filled}))
    for signature, flag_offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = archive.find(signature)
        archive[start + flag_offset] |= 0x01
    put(tmp_path, "secret.zip", bytes(archive))
    _result, reports = run(tmp_path, book, identity)
    assert codes(reports["secret.zip/secret.xlsx"]) == ["file-encrypted"]


def test_gbk_file_name_reported_and_saved(filled, empty_master, tmp_path):
    master = tmp_path / "master.xlsm"
    shutil.copy(empty_master, master)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    with open(os.path.join(os.fsencode(inbox), "州水利局".encode("gbk") + b".xlsx"), "wb") as handle:
        handle.write(filled)
    result = consolidate_inbox(master, inbox)
    assert [report.name for report in result.reports] == ["州水利局.xlsx"]
    assert result.reports[0].rows_taken == 5
    assert load_workbook(master)["报送情况"]["A4"].value == "州水利局.xlsx"


def test_workbook_without_metadata_is_unsigned(book, identity, tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["序号", "任务编号", "类别", "指标", "牵头单位", "2023年目标任务", "二季度进展", "完成率"])
    workbook.active.append([1, FIRST_TASK, "", "", "", "", "自己做的表", "50%"])
    workbook.save(tmp_path / "homemade.xlsx")
    _result, reports = run(tmp_path, book, identity)
    assert codes(reports["homemade.xlsx"]) == ["copy-unsigned"]


@pytest.mark.parametrize("field_offset, value", [(6, 235), (10, 99)])
def test_unknown_zip_versions_and_methods_rejected(filled, book, identity, tmp_path, field_offset, value):
    # Central directory fields: version needed to extract (6), compression method (10).
    damaged = bytearray(filled)
    start = damaged.find(b"PK\x01\x02")
    damaged[start + field_offset:start + field_offset + 2] = value.to_bytes(2, "little")
    put(tmp_path, "odd.xlsx", bytes(damaged))
    put(tmp_path, "odd.zip", packages.zip_of({"inner.xlsx": bytes(damaged)}))
    _result, reports = run(tmp_path, book, identity)
    assert codes(reports["odd.xlsx"]) == ["file-corrupt"]
    assert codes(reports["odd.zip/inner.xlsx"]) == ["file-corrupt"]


def test_validate_screens_a_copy_before_openpyxl(filled, tmp_path):
    from ecomonitor.errors import WorkbookError
    from ecomonitor.jobs.validate import validate_file

    far = '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    path = put(tmp_path, "far.xlsx", with_sheet_edit(filled, lambda xml: add_row(xml, far)))
    with pytest.raises(WorkbookError, match="sheet-too-large"):
        validate_file(path)
