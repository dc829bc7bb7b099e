"""Validating a master or a department copy."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ecomonitor.core.departments import load_register
from ecomonitor.core.findings import Finding, Severity
from ecomonitor.core.period import Period
from ecomonitor.core.settings import Settings
from ecomonitor.core.signing import verify
from ecomonitor.core.trends import previous_period
from ecomonitor.core.validation import ValidationContext, validate_rows
from ecomonitor.errors import EcoMonitorError, WorkbookError
from ecomonitor.xlsx.copy_rows import MASTER, read_copy_rows, workbook_kind
from ecomonitor.xlsx.history_sheet import SHEET as HISTORY_SHEET
from ecomonitor.xlsx.history_sheet import read_history
from ecomonitor.xlsx.master import MasterBook, open_master, open_master_leniently, save_master
from ecomonitor.xlsx.validation_sheet import SHEET, write_validation_sheet

CHINA_TIME = dt.timezone(dt.timedelta(hours=8))


@dataclass
class ValidationReport:
    path: Path
    kind: str
    findings: list[Finding] = field(default_factory=list)
    written_sheet: str = ""

    @property
    def errors(self) -> int:
        return sum(1 for finding in self.findings if finding.severity is Severity.ERROR)


def validate_file(path: Path, master: Path | None = None, register_path: Path | None = None,
                  write: bool = True) -> ValidationReport:
    """Check a master or a copy and collect every finding.

    A master gets the findings in its 校验结果 sheet unless ``write`` is False;
    a copy is never written. A copy is checked against ``master`` when given
    (its signature, the master's thresholds and register), otherwise against
    the default thresholds and ``register_path`` or the built-in register.
    """
    path = Path(path)
    if master is not None and not Path(master).is_file():
        raise EcoMonitorError(f"找不到 --master 指定的主表“{master}”：请检查路径。")
    if workbook_kind(path) == MASTER:
        return _validate_master(path, write)
    return _validate_copy(path, master, register_path)


def _validate_master(path: Path, write: bool) -> ValidationReport:
    book = open_master_leniently(path)
    report = validate_book(book, write)
    if write:
        save_master(book)
    return report


def validate_book(book: MasterBook, write: bool = True) -> ValidationReport:
    """Check an opened master (read with ``inspect_master``) and, with ``write``, fill its 校验结果 sheet in memory."""
    context = ValidationContext(book.path.name, book.settings.period, book.settings, book.register)
    findings = list(book.problems)
    try:
        context.previous, context.previous_rates = previous_rates(book)
    except WorkbookError as error:
        findings.append(Finding("history-unreadable", Severity.ERROR, f"{error}（本次校验不与上期比较。）",
                                file=book.path.name, sheet=HISTORY_SHEET))
    findings += validate_rows(book.records, context)
    report = ValidationReport(book.path, MASTER, findings)
    if write:
        checked = dt.datetime.now(CHINA_TIME).replace(tzinfo=None)
        write_validation_sheet(book.workbook, findings, checked, book.settings.period.label)
        report.written_sheet = SHEET
    return report


def previous_rates(book: MasterBook) -> tuple[Period | None, dict[str, float]]:
    """Return the quarter before in the same year, as archived in 历史, and each task's rate in it."""
    history = read_history(book.workbook, book.meta.archived)
    previous = previous_period(history, book.settings.period)
    if previous is None:
        return None, {}
    records = history.records_of(previous)
    return previous, {task_id: record.rate for task_id, record in records.items() if record.rate is not None}


def _validate_copy(path: Path, master: Path | None, register_path: Path | None) -> ValidationReport:
    copy = read_copy_rows(path)
    report = ValidationReport(path, "copy", list(copy.problems))
    if copy.period is None:
        report.findings.append(Finding("copy-period-unknown", Severity.ERROR,
                                       "无法确定填报表的报告期（隐藏信息和表头都没有写明）：请使用下发的原表重新填报。",
                                       file=path.name))
        return report
    if master is not None:
        book = open_master(master)
        settings, register = book.settings, book.register
        if copy.meta is not None and not verify(copy.metadata, book.meta.key):
            report.findings.append(Finding("copy-forged", Severity.ERROR,
                                           "填报表的隐藏信息签名无效：隐藏信息被改动过，或不是该主表下发的填报表。"
                                           "请使用下发的原表重新填报。", file=path.name))
    else:
        settings = Settings(copy.period.year, copy.period.quarter)
        register = load_register(register_path)
    context = ValidationContext(
        path.name, copy.period, settings, register,
        listed_tasks=list(copy.meta.tasks) if copy.meta else None,
        department=copy.meta.department if copy.meta else "",
    )
    report.findings += validate_rows(copy.records, context)
    return report
