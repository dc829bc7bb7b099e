"""The master workbook: building it from a framework and opening it again."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from ecomonitor.core.assessment import assess_tasks
from ecomonitor.core.departments import DepartmentRegister
from ecomonitor.core.findings import Finding, Severity
from ecomonitor.core.ids import category_of, indicator_id
from ecomonitor.core.instance import MASTER_FORMAT, MasterMeta
from ecomonitor.core.layout import CATEGORY_HEADER_ROW, period_header_problem
from ecomonitor.core.model import Framework, Indicator, Task
from ecomonitor.core.settings import Settings
from ecomonitor.core.validation import check_identity
from ecomonitor.core.validation.records import RowRecord, ValidationContext
from ecomonitor.errors import WorkbookError
from ecomonitor.xlsx.category_sheet import read_category_records, write_category_sheet
from ecomonitor.xlsx.copy_rows import check_workbook_bytes
from ecomonitor.xlsx.cells import merged_ranges_below, read_rate
from ecomonitor.xlsx.backup import backup_master
from ecomonitor.xlsx.guard import check_not_open, master_write_lock, remove_stale_temporary_files
from ecomonitor.xlsx.guide_sheet import write_guide_sheet
from ecomonitor.xlsx.hidden import join_hidden_rows, write_hidden_document
from ecomonitor.xlsx.preserve import remember_source
from ecomonitor.xlsx.register_sheet import SHEET as REGISTER_SHEET
from ecomonitor.xlsx.register_sheet import read_register_sheet, write_register_sheet
from ecomonitor.xlsx.save import save_workbook
from ecomonitor.xlsx.screen import ReadLimits, screen_workbook
from ecomonitor.xlsx.settings_sheet import SHEET as SETTINGS_SHEET
from ecomonitor.xlsx.settings_sheet import read_settings_sheet, write_settings_sheet
from ecomonitor.xlsx.xlwings_conf_sheet import write_xlwings_conf_sheet
from ecomonitor.xlsx.zipguard import FileRejected

META_SHEET = "_meta"
MASTER_SUFFIXES = {".xlsm", ".xlsx"}
# The master is screened like a returned copy before openpyxl parses it, with
# a larger file size allowed: it grows by the change log of every run.
MASTER_LIMITS = ReadLimits(max_file_bytes=200 * 1024 * 1024)


@dataclass
class TaskLocation:
    """Position of a task's row in the master: sheet, row and 0-based column positions."""

    sheet: str
    row: int
    columns: dict[str, int]


@dataclass
class MasterBook:
    """An opened master: the openpyxl workbook and what was read from it."""

    path: Path
    workbook: Workbook
    meta: MasterMeta
    settings: Settings
    register: DepartmentRegister
    framework: Framework
    locations: dict[str, TaskLocation] = field(default_factory=dict)
    records: list[RowRecord] = field(default_factory=list)
    problems: list[Finding] = field(default_factory=list)
    opened_sha256: str = ""

    def cell(self, task_id: str, key: str):
        location = self.locations[task_id]
        if key not in location.columns:
            raise WorkbookError(f"工作表“{location.sheet}”缺少“{key}”列。")
        return self.workbook[location.sheet].cell(location.row, location.columns[key] + 1)


def write_master_meta(book: MasterBook) -> None:
    """Write the master's metadata (``book.meta``) back into its very hidden sheet."""
    write_hidden_document(book.workbook, META_SHEET, MASTER_FORMAT, book.meta.to_document())


def build_master(
    framework: Framework,
    path: Path,
    meta: MasterMeta,
    settings: Settings,
    fixed_time: dt.datetime | None = None,
) -> None:
    """Write a new master workbook for the framework."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.creator = "ecomonitor"
    workbook.properties.title = framework.title
    write_guide_sheet(workbook, framework)
    assessments = assess_tasks(framework, settings)
    for category in framework.categories:
        write_category_sheet(workbook, framework, category, assessments)
    check_tasks_placed(workbook, framework, path)
    write_register_sheet(workbook, framework)
    write_settings_sheet(workbook, settings)
    write_hidden_document(workbook, META_SHEET, MASTER_FORMAT, meta.to_document())
    write_xlwings_conf_sheet(workbook)
    workbook.active = 0
    if fixed_time is not None:
        workbook.properties.created = fixed_time
    workbook.calculation.fullCalcOnLoad = True
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with master_write_lock(path):
        check_not_open(path)
        backup_master(path, settings.backups_kept)
        save_workbook(workbook, path, fixed_time=fixed_time)


def check_tasks_placed(workbook: Workbook, framework: Framework, path: Path) -> None:
    """Raise WorkbookError unless every task of the framework is on its category's sheet.

    openpyxl renames a sheet whose name is already taken (abc becomes abc1) instead
    of failing, so a name clash would otherwise leave a master that cannot be reopened.
    """
    missing = []
    for category in framework.categories:
        expected = [task.id for task in framework.tasks_in(category.number)]
        found: set[str] = set()
        if category.sheet in workbook.sheetnames:
            records, _ = read_category_records(workbook[category.sheet], category.sheet)
            found = {record.task_id for record in records}
        lost = [task_id for task_id in expected if task_id not in found]
        if lost:
            missing.append(f"  - 类别“{category.title}”（工作表“{category.sheet}”）：{'、'.join(lost)}")
    if missing:
        listed = "\n".join(missing)
        raise WorkbookError(
            f"生成“{Path(path).name}”时以下任务没有写入类别工作表，未保存：\n{listed}\n"
            "请检查类别的工作表名是否重复（Excel 不分大小写）或不合规，改正框架文件后重新生成。"
        )


def open_master(path: Path) -> MasterBook:
    """Open a master workbook and read its framework, settings and register."""
    path = Path(path)
    workbook, digest = _load(path)
    book = read_master(workbook, path)
    book.opened_sha256 = digest
    return book


def open_master_leniently(path: Path) -> MasterBook:
    """Open a master workbook for validation (see ``inspect_master``)."""
    path = Path(path)
    workbook, digest = _load(path)
    book = inspect_master(workbook, path)
    book.opened_sha256 = digest
    return book


def read_master(workbook: Workbook, path: Path) -> MasterBook:
    """Read a master from an openpyxl workbook; ``path`` names it in messages and saves.

    Raises WorkbookError listing every problem that keeps the platform from
    working on it: missing sheets or headers, rows without or with repeated
    task IDs, departments the register does not know.
    """
    book = inspect_master(workbook, path)
    context = ValidationContext(book.path.name, book.framework.period, book.settings, book.register)
    problems = [*book.problems, *check_identity(book.records, context)]
    errors = [problem for problem in problems if problem.severity is Severity.ERROR]
    if errors:
        listed = "\n".join(f"  - {_where(problem)}{problem.message}" for problem in errors)
        raise WorkbookError(f"主表“{book.path.name}”有 {len(errors)} 处问题：\n{listed}")
    return book


def inspect_master(workbook: Workbook, path: Path) -> MasterBook:
    """Read a master leniently, for validation.

    Category sheets and headers that cannot be read are recorded in
    ``problems``, and rows are read as they are, so the validation rules can
    report on them. A master without its metadata, 配置 or 单位 sheet still
    raises WorkbookError.
    """
    path = Path(path)
    meta = _read_meta(workbook, path)
    for sheet in (SETTINGS_SHEET, REGISTER_SHEET):
        if sheet not in workbook.sheetnames:
            raise WorkbookError(f"主表“{path.name}”缺少工作表“{sheet}”：请不要删除或重命名该工作表。")
    settings = read_settings_sheet(workbook[SETTINGS_SHEET])
    register = read_register_sheet(workbook[REGISTER_SHEET])
    return _MasterReader(path, workbook, meta, settings, register).read()


@contextlib.contextmanager
def editing_master(path: Path) -> Iterator[MasterBook]:
    """Open a master for a command that will write it, holding its write lock.

    Raises MasterLockedError before anything is read when the master is open
    in an office program or another command is writing it.
    """
    with master_write_lock(path):
        check_not_open(path)
        yield open_master(path)


def _where(problem: Finding) -> str:
    parts = []
    if problem.sheet:
        parts.append(f"工作表“{problem.sheet}”")
    if problem.row is not None:
        parts.append(f"第 {problem.row} 行")
    return "".join(parts) + "：" if parts else ""


def save_master(book: MasterBook, fixed_time: dt.datetime | None = None) -> None:
    """Back up the master on disk, then replace it with the book's workbook.

    Raises WorkbookError, leaving the file untouched, when the master is open
    in an office program or changed on disk since it was opened.
    """
    with master_write_lock(book.path):
        check_not_open(book.path)
        _check_unchanged(book)
        remove_stale_temporary_files(book.path)
        backup_master(book.path, book.settings.backups_kept)
        save_workbook(book.workbook, book.path, fixed_time=fixed_time)
        book.opened_sha256 = hashlib.sha256(book.path.read_bytes()).hexdigest()


def _check_unchanged(book: MasterBook) -> None:
    if not book.opened_sha256 or not book.path.is_file():
        return
    if hashlib.sha256(book.path.read_bytes()).hexdigest() != book.opened_sha256:
        raise WorkbookError(
            f"主表“{book.path.name}”在本命令运行期间被其他程序改动过，本次没有写入，以免覆盖这些改动：请重新运行本命令。"
        )


def _load(path: Path) -> tuple[Workbook, str]:
    if not path.is_file():
        raise WorkbookError(f"找不到主表“{path}”：请检查路径，或先用 ecomonitor build 生成主表。")
    if path.suffix.lower() not in MASTER_SUFFIXES:
        raise WorkbookError(f"“{path.name}”不是 .xlsm 或 .xlsx 文件，不能作为主表。")
    data = path.read_bytes()
    check_workbook_bytes(data, path.name)
    try:
        screen_workbook(data, MASTER_LIMITS)
    except FileRejected as rejection:
        raise WorkbookError(f"主表“{path}”不能打开：{rejection.message}。请从“备份”文件夹恢复主表。") from rejection
    try:
        workbook = load_workbook(io.BytesIO(data), keep_vba=path.suffix.lower() == ".xlsm", rich_text=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise WorkbookError(f"无法打开主表“{path}”：文件已损坏或不是 Excel 工作簿（{error}）。") from error
    _reopen_read_only(workbook)
    remember_source(workbook, path)
    return workbook, hashlib.sha256(data).hexdigest()


def _reopen_read_only(workbook: Workbook) -> None:
    """Hold the kept VBA parts in a read-mode zip.

    openpyxl keeps them in an append-mode zip over a BytesIO; when both are
    garbage-collected together the zip tries to write its directory into the
    closed buffer and raises from __del__. A read-mode zip writes nothing.
    """
    archive = workbook.vba_archive
    if archive is None:
        return
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as copy:
        for name in archive.namelist():
            copy.writestr(name, archive.read(name))
    archive.close()
    workbook.vba_archive = zipfile.ZipFile(io.BytesIO(buffer.getvalue()), "r")


def _read_meta(workbook: Workbook, path: Path) -> MasterMeta:
    if META_SHEET not in workbook.sheetnames:
        raise WorkbookError(
            f"“{path.name}”不是平台主表（缺少隐藏的元数据工作表）：请用 ecomonitor build 生成的主表，"
            "部门填报表请放入收件文件夹后用 ecomonitor consolidate 汇总。"
        )
    sheet = workbook[META_SHEET]
    column = [row[0] for row in sheet.iter_rows(min_col=1, max_col=1, values_only=True)]
    if not column or column[0] != MASTER_FORMAT:
        raise WorkbookError(f"“{path.name}”的隐藏元数据不是主表的元数据：请确认这是平台主表而不是部门填报表。")
    try:
        return MasterMeta.from_document(json.loads(join_hidden_rows(column[1:])))
    except (ValueError, KeyError, TypeError) as error:
        raise WorkbookError(f"主表“{path.name}”的隐藏元数据已损坏（{error}）：请从备份恢复主表。") from error


class _MasterReader:
    def __init__(self, path, workbook, meta, settings, register):
        self.path = path
        self.workbook = workbook
        self.meta = meta
        self.settings = settings
        self.register = register
        self.problems: list[Finding] = []
        self.header_mismatches: dict[str, list[str]] = {}  # mismatch -> sheets
        self.records: list[RowRecord] = []
        self.indicators: list[Indicator] = []
        self.tasks: list[Task] = []
        self.locations: dict[str, TaskLocation] = {}

    def read(self) -> MasterBook:
        for category in self.meta.categories:
            if category.sheet not in self.workbook.sheetnames:
                self._problem("sheet-missing",
                              f"缺少类别“{category.title}”的工作表“{category.sheet}”：请不要删除或重命名类别工作表。")
                continue
            self._read_sheet(category.number, self.workbook[category.sheet])
        self._report_header_mismatches()
        self._check_task_rows()
        framework = Framework(
            title=self.meta.title,
            period=self.settings.period,
            categories=list(self.meta.categories),
            indicators=self.indicators,
            tasks=self.tasks,
            departments=list(self.register.departments),
        )
        return MasterBook(self.path, self.workbook, self.meta, self.settings, self.register,
                          framework, self.locations, self.records, self.problems)

    def _report_header_mismatches(self) -> None:
        """Report period headers of another quarter or year, once per kind of mismatch."""
        for mismatch, sheets in self.header_mismatches.items():
            named = "".join(f"“{name}”" for name in sheets)
            where = "" if len(sheets) == 1 else f"工作表{named}（共 {len(sheets)} 个）"
            self._problem(
                "header-other-period",
                f"{where}第 {CATEGORY_HEADER_ROW} 行的{mismatch}：请把表头改回，"
                "或核对“配置”中的年度和季度（进入下一季度请用 ecomonitor new-period，它会一并改写表头）。",
                sheets[0] if len(sheets) == 1 else "",
            )

    def _check_task_rows(self) -> None:
        """Report tasks of the master's metadata that no category sheet has a row for any more."""
        present = {category.sheet for category in self.meta.categories if category.sheet in self.workbook.sheetnames}
        numbers = {category.number for category in self.meta.categories if category.sheet in present}
        missing = [task_id for task_id in self.meta.task_ids or []
                   if task_id not in self.locations and category_of(task_id) in numbers]
        if missing:
            self._problem("task-row-missing",
                          f"类别工作表中找不到任务 {'、'.join(missing)} 的行（行被删除，或任务编号被改动）："
                          "请从“备份”文件夹中该主表的备份恢复这些行，或改回原来的任务编号。"
                          "任务要停用时，请在年度切换（ecomonitor new-year）中处理。")

    def _problem(self, code: str, message: str, sheet: str = "") -> None:
        self.problems.append(Finding(code, Severity.ERROR, message, file=self.path.name, sheet=sheet))

    def _read_sheet(self, number: int, sheet) -> None:
        try:
            records, columns = read_category_records(sheet, sheet.title)
        except WorkbookError as error:
            self._problem("header-missing", str(error), sheet.title)
            return
        merged = merged_ranges_below([str(r) for r in sheet.merged_cells.ranges], CATEGORY_HEADER_ROW)
        if merged:
            self._problem(
                "merged-cells",
                f"任务行中有合并单元格 {'、'.join(merged)}：合并后只有左上角的单元格保留内容，平台也无法写入"
                "其他单元格。请取消合并，每项任务一行写完整的文字（打印时平台会让相同的指标和牵头单位看起来像合并单元格）。",
                sheet.title,
            )
        headers = [cell.value for cell in sheet[CATEGORY_HEADER_ROW]]
        mismatch = period_header_problem(headers, self.settings.period)
        if mismatch:
            self.header_mismatches.setdefault(mismatch, []).append(sheet.title)
        self.records += records
        for record in records:
            if not record.task_id or record.task_id in self.locations:
                continue
            self.tasks.append(self._task(number, record))
            self.locations[record.task_id] = TaskLocation(sheet.title, record.row, columns)

    def _task(self, number: int, record: RowRecord) -> Task:
        lead = self.register.read_lead_units(record.lead_units)
        owners = self.register.read_lead_units(record.owners) if record.owners else lead
        rate, rate_text = read_rate(record.rate)
        return Task(
            id=record.task_id,
            category=number,
            indicator_id=self._indicator(number, record.indicator).id,
            lead_units=record.lead_units,
            lead_departments=lead.departments,
            target=record.target,
            progress=record.progress,
            rate=rate,
            rate_text=rate_text,
            owners=owners.departments or lead.departments,
            source=f"工作表“{record.sheet}”第 {record.row} 行",
            previous_progress=record.previous_progress,
            link=record.link,
            others=record.others,
        )

    def _indicator(self, number: int, text: str) -> Indicator:
        same_category = [i for i in self.indicators if i.category == number]
        for indicator in same_category:
            if indicator.text == text:
                return indicator
        indicator = Indicator(indicator_id(number, len(same_category) + 1), number, text)
        self.indicators.append(indicator)
        return indicator
