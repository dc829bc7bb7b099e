"""Mutations of a valid returned copy, as hypothesis strategies.

Each mutation changes one thing a department, a tool, a transfer or an
attacker could change: a cell's value or type, a row, a sheet's name, order
or visibility, the signed metadata, or the zip structure. Mutations apply to
the package bytes at the XML and zip level, so thousands of variants are
cheap to make.
"""

from __future__ import annotations

import io
import json
import re
import warnings
import zipfile
from dataclasses import dataclass, field

from hypothesis import strategies as st

from helpers import packages

SHEET = "填报"
META_SHEET = "_meta"
COLUMNS = "ABCDEFGH"
FIRST_ROW, LAST_ROW = 4, 8
ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass
class Mutated:
    """A mutated copy: its bytes, and what the mutations touched."""

    data: bytes
    metadata_changed: bool = False
    applied: list[str] = field(default_factory=list)


def escape(text: str) -> str:
    """Escape text for an XML text node, writing illegal characters as Excel's _xHHHH_ escapes."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return ILLEGAL_XML.sub(lambda match: f"_x{ord(match.group(0)):04X}_", text)


TEXT = st.one_of(
    st.text(max_size=40),
    st.sampled_from([
        "=cmd|' /C calc'!A0", "+SUM(1)", "-2+3", "@A1", "#DIV/0!", "#N/A", "50%", "0.5", "150", "已完成",
        "完成改厕2664个".encode("utf-8").decode("latin-1"), "锟斤拷", "进展\x01\x1b", "  ", "",
    ]),
    st.builds(lambda n: "长" * n, st.sampled_from([32767, 32768, 40000])),
)
NUMBER = st.one_of(st.floats(allow_nan=False, allow_infinity=False), st.integers(-10**6, 10**6))


def cell_xml(reference: str, kind: str, value) -> str:
    if kind == "text":
        return f'<c r="{reference}" t="inlineStr"><is><t xml:space="preserve">{escape(value)}</t></is></c>'
    if kind == "number":
        return f'<c r="{reference}"><v>{value!r}</v></c>'
    if kind == "error":
        return f'<c r="{reference}" t="e"><v>{value}</v></c>'
    if kind == "bool":
        return f'<c r="{reference}" t="b"><v>{int(value)}</v></c>'
    if kind == "formula":
        return f'<c r="{reference}" t="str"><f>{escape(value)}</f><v>{escape(value)}</v></c>'
    return f'<c r="{reference}"/>'


CELL_VALUE = st.one_of(
    st.tuples(st.just("text"), TEXT),
    st.tuples(st.just("number"), NUMBER),
    st.tuples(st.just("error"), st.sampled_from(["#DIV/0!", "#N/A", "#VALUE!", "#REF!"])),
    st.tuples(st.just("bool"), st.booleans()),
    st.tuples(st.just("formula"), TEXT),
    st.tuples(st.just("empty"), st.none()),
)


def set_cell_op(row: int, column: str, value: tuple):
    def apply(mutated: Mutated) -> None:
        reference = f"{column}{row}"
        mutated.data = packages.edit_sheet(
            mutated.data, SHEET, lambda xml: packages.set_cell(xml, reference, cell_xml(reference, *value))
        )
        mutated.applied.append(f"cell {reference} {value[0]}")
    return apply


def add_row_op(row: int, task_id: str, progress: tuple, rate: tuple):
    def apply(mutated: Mutated) -> None:
        cells = cell_xml(f"B{row}", "text", task_id) + cell_xml(f"G{row}", *progress) + cell_xml(f"H{row}", *rate)
        xml_row = f'<row r="{row}">{cells}</row>'
        mutated.data = packages.edit_sheet(mutated.data, SHEET, lambda xml: packages.add_row(xml, xml_row))
        mutated.applied.append(f"add row {row} {task_id}")
    return apply


def delete_row_op(row: int):
    def apply(mutated: Mutated) -> None:
        pattern = re.compile(rf'<row r="{row}"[^>]*>.*?</row>', re.DOTALL)
        mutated.data = packages.edit_sheet(mutated.data, SHEET, lambda xml: pattern.sub("", xml, count=1))
        mutated.applied.append(f"delete row {row}")
    return apply


def workbook_op(kind: str, argument):
    def apply(mutated: Mutated) -> None:
        parts = packages.members(mutated.data)
        workbook = parts["xl/workbook.xml"].decode("utf-8")
        sheets = re.findall(r"<sheet [^>]*/>", workbook)
        if kind == "rename":
            index, name = argument
            replacement = f'name="{escape(name).replace(chr(34), "&quot;")}"'
            renamed = re.sub(r'name="[^"]*"', lambda _match: replacement, sheets[index % len(sheets)], count=1)
            workbook = workbook.replace(sheets[index % len(sheets)], renamed)
        elif kind == "reorder":
            order = sorted(range(len(sheets)), key=lambda i: argument[i % len(argument)])
            workbook = workbook.replace("".join(sheets), "".join(sheets[i] for i in order))
        elif kind == "state":
            index, state = argument
            sheet = sheets[index % len(sheets)]
            changed = re.sub(r' state="[^"]*"', "", sheet).replace("<sheet ", f'<sheet state="{state}" ', 1)
            workbook = workbook.replace(sheet, changed)
        parts["xl/workbook.xml"] = workbook.encode("utf-8")
        mutated.data = packages.repack(parts)
        mutated.applied.append(f"workbook {kind}")
    return apply


def metadata_op(field_name: str, value):
    """Change one field of the signed metadata without re-signing it."""
    def apply(mutated: Mutated) -> None:
        def edit(xml: str) -> str:
            match = re.search(r'<c r="A2"[^>]*><is><t[^>]*>(.*?)</t></is></c>', xml, re.DOTALL)
            text = match.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
            if field_name == "truncate":
                changed = text[: value % max(len(text), 1)]
            else:
                document = json.loads(text)
                if field_name == "tasks+":
                    document["tasks"] = [*document["tasks"], value]
                else:
                    document[field_name] = value
                changed = json.dumps(document, ensure_ascii=False)
            if changed != text:
                mutated.metadata_changed = True
            return xml.replace(match.group(0), packages.inline_text("A2", changed))

        mutated.data = packages.edit_sheet(mutated.data, META_SHEET, edit)
        mutated.applied.append(f"metadata {field_name}")
    return apply


def zip_op(kind: str, argument: int):
    def apply(mutated: Mutated) -> None:
        data = mutated.data
        if kind == "truncate":
            mutated.data = data[: argument % max(len(data), 1)]
        elif kind == "flip" and data:
            position = argument % len(data)
            mutated.data = data[:position] + bytes([data[position] ^ 0xFF]) + data[position + 1:]
        elif kind == "drop":
            parts = packages.members(data)
            name = sorted(parts)[argument % len(parts)]
            mutated.data = packages.replace(data, **{name: None})
        elif kind == "duplicate":
            parts = packages.members(data)
            name = sorted(parts)[argument % len(parts)]
            buffer = io.BytesIO(data)
            with warnings.catch_warnings(), zipfile.ZipFile(buffer, "a") as archive:
                warnings.simplefilter("ignore", UserWarning)  # the duplicate name is the point
                archive.writestr(name + ("" if argument % 2 else ".copy"), parts[name])
            mutated.data = buffer.getvalue()
        elif kind == "stored":
            mutated.data = packages.repack(packages.members(data), zipfile.ZIP_STORED)
        elif kind == "wrap":
            mutated.data = packages.zip_of({"returns/copy.xlsx": data}, gbk_names=bool(argument % 2))
        mutated.applied.append(f"zip {kind}")
    return apply


def mutation(other_task_ids: list[str], own_task_ids: list[str]):
    """A strategy of one mutation: a function that changes a Mutated in place."""
    rows = st.integers(FIRST_ROW, LAST_ROW)
    task_ids = st.sampled_from([*other_task_ids, *own_task_ids, "T99-01-01", ""])
    return st.one_of(
        st.builds(set_cell_op, rows, st.sampled_from(COLUMNS), CELL_VALUE),
        st.builds(set_cell_op, rows, st.sampled_from("GH"), CELL_VALUE),
        st.builds(add_row_op, st.one_of(st.integers(9, 40), st.just(1048576)), task_ids, CELL_VALUE, CELL_VALUE),
        st.builds(delete_row_op, rows),
        st.builds(workbook_op, st.just("rename"), st.tuples(st.integers(0, 2), st.text(min_size=1, max_size=31))),
        st.builds(workbook_op, st.just("reorder"), st.lists(st.integers(0, 9), min_size=3, max_size=3)),
        st.builds(workbook_op, st.just("state"),
                  st.tuples(st.integers(0, 2), st.sampled_from(["visible", "hidden", "veryHidden"]))),
        st.builds(metadata_op, st.sampled_from(["department", "instance_id", "year", "quarter", "signature"]),
                  st.one_of(st.text(max_size=20), st.integers(0, 3000))),
        st.builds(metadata_op, st.just("tasks+"), st.sampled_from(other_task_ids)),
        st.builds(metadata_op, st.just("truncate"), st.integers(0, 10**6)),
        st.builds(zip_op, st.sampled_from(["truncate", "flip", "drop", "duplicate", "stored", "wrap"]),
                  st.integers(0, 10**7)),
    )
