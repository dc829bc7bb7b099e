"""Findings: what validation and consolidation report about a cell, a row or a file.

Every finding has a stable code (tests and ``--json`` output check codes, not
wording), a severity, where it is, and a Chinese message that says what to fix.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import Enum


class Severity(Enum):
    ERROR = "错误"
    WARNING = "警告"
    INFO = "提示"


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    message: str
    file: str = ""
    sheet: str = ""
    row: int | None = None
    task_id: str = ""
    value: str = ""
    cell: str = ""

    def where(self) -> str:
        parts = []
        if self.file:
            parts.append(self.file)
        if self.sheet:
            parts.append(f"工作表“{self.sheet}”")
        if self.row is not None:
            parts.append(f"第 {self.row} 行")
        if self.cell:
            parts.append(f"单元格 {self.cell}")
        if self.task_id:
            parts.append(f"任务 {self.task_id}")
        return "，".join(parts)

    def to_dict(self) -> dict:
        document = asdict(self)
        document["severity"] = self.severity.value
        return document


def count_by_severity(findings: list[Finding]) -> dict[Severity, int]:
    counts = {severity: 0 for severity in Severity}
    for finding in findings:
        counts[finding.severity] += 1
    return counts
