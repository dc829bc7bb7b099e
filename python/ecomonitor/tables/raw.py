"""The table as found in a file, before any rule gives it meaning."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class RawRow:
    """One table row: its cell texts (stripped) and where it was found."""

    cells: list[str]
    where: str


@dataclass
class RawSection:
    """A category heading line, its header row and its data rows."""

    heading: str
    where: str
    header: RawRow | None = None
    rows: list[RawRow] = field(default_factory=list)


@dataclass
class RawTable:
    """The title lines and the sections of a monitoring table file."""

    source: str
    preamble: list[str] = field(default_factory=list)
    sections: list[RawSection] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
