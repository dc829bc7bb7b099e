"""The department register and the reading of lead-unit cells.

A lead-unit cell (牵头单位) may name several departments, separated by line
breaks or 、, and one department may be written several ways (州住建局 and
州住建局（州人防办）). Names are matched against the register's names and
aliases after folding full-width forms and removing white space.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ecomonitor.core.model import Department
from ecomonitor.errors import EcoMonitorError

SEPARATORS = re.compile(r"[\n、，,；;/]+")
OPENING_BRACKETS = ("(", "（")


def fold(name: str) -> str:
    """Return the form of a name used for matching: NFKC, no white space."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))


@dataclass
class LeadUnits:
    """A lead-unit cell read against the register."""

    departments: list[str]
    unknown: list[str]


class DepartmentRegister:
    """Departments with their aliases, looked up by any way they are written."""

    def __init__(self, departments: list[Department]):
        self.departments = list(departments)
        self._by_key: dict[str, str] = {}
        for department in self.departments:
            for written in [department.name, *department.aliases]:
                self._add_key(written, department.name)

    def _add_key(self, written: str, name: str) -> None:
        key = fold(written)
        owner = self._by_key.get(key)
        if owner is not None and owner != name:
            raise EcoMonitorError(
                f"单位名册有误：“{written}”同时是“{owner}”和“{name}”的名称或别名，"
                "请在名册中删去其中一处。"
            )
        self._by_key[key] = name

    def resolve(self, written: str) -> str | None:
        """Return the register name of a department as written, or None."""
        return self._by_key.get(fold(written))

    def get(self, name: str) -> Department:
        for department in self.departments:
            if department.name == name:
                return department
        raise KeyError(name)

    def read_lead_units(self, cell: str) -> LeadUnits:
        """Split a lead-unit cell into register names, keeping the written order.

        A fragment that starts with a bracket belongs to the fragment before it,
        because a long name such as 州住建局（州人防办） may break before the bracket.
        """
        departments: list[str] = []
        unknown: list[str] = []
        for fragment in split_fragments(cell):
            name = self.resolve(fragment)
            if name is None:
                unknown.append(fragment)
            elif name not in departments:
                departments.append(name)
        return LeadUnits(departments, unknown)

    def subset(self, names: list[str]) -> DepartmentRegister:
        """Return a register of the named departments, in register order."""
        wanted = set(names)
        return DepartmentRegister([d for d in self.departments if d.name in wanted])


def split_fragments(cell: str) -> list[str]:
    fragments: list[str] = []
    for piece in SEPARATORS.split(cell):
        piece = piece.strip()
        if not piece:
            continue
        if fragments and piece.startswith(OPENING_BRACKETS):
            fragments[-1] += piece
        else:
            fragments.append(piece)
    return fragments


def load_register(path: Path | None = None) -> DepartmentRegister:
    """Load a register from a JSON file, or the default register of the package."""
    if path is None:
        text = resources.files("ecomonitor.data").joinpath("departments.json").read_text("utf-8")
        source = "默认单位名册"
    else:
        try:
            text = Path(path).read_text("utf-8")
        except OSError as error:
            raise EcoMonitorError(f"无法读取单位名册“{path}”：{error.strerror}") from error
        source = str(path)
    try:
        data = json.loads(text)
        departments = [
            Department(
                name=entry["name"],
                aliases=list(entry.get("aliases", [])),
                contact=entry.get("contact", ""),
                phone=entry.get("phone", ""),
            )
            for entry in data["departments"]
        ]
    except (ValueError, KeyError, TypeError) as error:
        raise EcoMonitorError(
            f"单位名册“{source}”格式不正确（{error}）：应为 "
            '{"departments": [{"name": "州发改委", "aliases": ["…"]}]}。'
        ) from error
    return DepartmentRegister(departments)
