"""Finding the returned copies in an inbox folder, its subfolders and zip archives.

Every file is judged by its content (``sniff``), not its extension, and read
with bounded memory: files above a size limit are not read, zip archives are
read one member at a time and never extracted to disk, and a workbook is
screened before a parser sees it. Links and special files (FIFOs, devices,
sockets) are reported and never followed or opened. Lock files of office
programs, our own lock and temporary files, and system clutter such as
Thumbs.db are skipped without a report line.

Files are read in worker processes when there are enough of them to pay for
starting the workers. Results come back in the order of the walk, so the
result is the same as a serial read.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import logging
import os
import posixpath
import re
import stat
import threading
import zipfile
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from ecomonitor.core.findings import Finding, Severity
from ecomonitor.core.returns import ReturnedCopy
from ecomonitor.xlsx.backup import backup_folder
from ecomonitor.xlsx.copy_reader import file_time, read_copy_bytes
from ecomonitor.xlsx.screen import ReadLimits
from ecomonitor.xlsx.sniff import TEXT_SAMPLE, Kind, sniff, text_encoding
from ecomonitor.xlsx.zipguard import FileRejected, decoded_member_name, open_zip, read_member

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm"}
SKIPPED_PREFIXES = ("~$", ".~lock", "._")
SKIPPED_NAMES = {".ds_store", "thumbs.db", "desktop.ini", "__macosx"}
OWN_FILES = re.compile(r"^\..+\.(tmp|ecomonitor-lock)$")
CHINA_TIME = dt.timezone(dt.timedelta(hours=8))
# Folders nested deeper than this below the inbox are reported, not read.
# Returns are filed a few levels deep at most; a deeper tree is a mistake.
MAX_FOLDER_DEPTH = 32
SAVE_AS_XLSX = "请对方用 Excel、WPS 或 LibreOffice 打开下发的 .xlsx 填报表，填写后按 .xlsx 格式保存发回。"
# NOTE: an estimate, not measured per platform: with fewer files per worker, starting the
# process (a fork on Linux, a new interpreter on Windows) costs more than it saves.
MIN_FILES_PER_WORKER = 8
# Files per task sent to a worker. One copy is read in a few milliseconds, and sending a task
# and its result between processes costs a share of that (an estimate), so files go in batches.
BATCH_SIZE = 16
MAX_WORKERS = 8  # each worker keeps one file of up to ReadLimits.max_file_bytes in memory

logger = logging.getLogger(__name__)

# Called as files are read (after each file, or each batch in worker processes), with the
# number of files read and the total.
ProgressCallback = Callable[[int, int], None]
# A finished result (a rejected link or special file) or a file still to read: (path, name).
_Item = ReturnedCopy | tuple[Path, str]


def scan_inbox(folder: Path, skip: list[Path] | None = None, limits: ReadLimits = ReadLimits(),
               workers: int | None = None, progress: ProgressCallback | None = None) -> list[ReturnedCopy]:
    """Read every file below ``folder``; files that are not copies get a problem.

    ``folder`` may also be a single file, such as a .zip archive of copies.
    ``skip`` lists files that are not returns (the master itself); their
    backup folders are skipped too. ``workers`` is the number of processes
    that read files (default: one per available CPU, at most 8); 1 reads in
    this process. The result does not depend on it.
    """
    with InboxReader(folder, skip, limits, workers, progress) as reader:
        return reader.result()


class InboxReader:
    """Reads the files below an inbox, in worker processes while the caller does other work.

    Creating it walks the folder and, with more than one worker, hands the
    files to the workers at once, so they read while the caller loads the
    master. ``result`` waits for them and returns what ``scan_inbox`` returns.
    ``progress`` is then called from a thread of the process pool, so a
    caller that must stay on one thread (Excel) reads with one worker.
    """

    def __init__(self, folder: Path, skip: list[Path] | None = None, limits: ReadLimits = ReadLimits(),
                 workers: int | None = None, progress: ProgressCallback | None = None):
        folder = Path(folder)
        skipped = {os.path.abspath(path) for path in (skip or [])}
        skipped |= {os.path.abspath(backup_folder(path)) for path in (skip or [])}
        self._items: list[_Item] = []
        if folder.is_dir():
            _scan_tree(folder, skipped, self._items)
        else:
            self._items.append((folder, display_name(Path(folder.name))))
        self._files = [item for item in self._items if isinstance(item, tuple)]
        self._limits = limits
        self._progress = progress or _no_progress
        self._pool: ProcessPoolExecutor | None = None
        self._futures: list[Future] = []
        count = worker_count(workers, len(self._files))
        if count > 1:
            self._start(count)

    def _start(self, workers: int) -> None:
        self._pool = ProcessPoolExecutor(max_workers=workers)
        counter = _Counter(len(self._files), self._progress)
        for first in range(0, len(self._files), BATCH_SIZE):
            batch = self._files[first:first + BATCH_SIZE]
            future = self._pool.submit(_read_batch, batch, self._limits)
            future.add_done_callback(functools.partial(counter.count, len(batch)))
            self._futures.append(future)

    def result(self) -> list[ReturnedCopy]:
        """Return every copy in the order of the folder, then shut the workers down.

        The reader keeps no reference to the copies, so they are freed as
        soon as the caller is done with them.
        """
        read = iter(self._read_files())
        self._futures = []
        self.close()
        results: list[ReturnedCopy] = []
        for item in self._items:
            results.extend(next(read) if isinstance(item, tuple) else [item])
        return results

    def _read_files(self) -> list[list[ReturnedCopy]]:
        if self._pool is not None:
            try:
                return [copies for future in self._futures for copies in future.result()]
            except BrokenProcessPool:
                logger.warning("A worker process ended abnormally while reading %d files; reading them serially.",
                               len(self._files))
        results = []
        for done, (path, name) in enumerate(self._files, start=1):
            results.append(_read_file(path, name, self._limits))
            self._progress(done, len(self._files))
        return results

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> InboxReader:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


class _Counter:
    """Counts finished reads for the progress callback. Futures finish on a thread of the pool."""

    def __init__(self, total: int, progress: ProgressCallback):
        self._total = total
        self._progress = progress
        self._done = 0
        self._lock = threading.Lock()

    def count(self, files: int, future: Future) -> None:
        with self._lock:
            self._done += files
            self._progress(self._done, self._total)


def _read_batch(files: list[tuple[Path, str]], limits: ReadLimits) -> list[list[ReturnedCopy]]:
    return [_read_file(path, name, limits) for path, name in files]


def default_workers() -> int:
    """Return the number of CPUs this process may run on, at most ``MAX_WORKERS``."""
    try:
        available = len(os.sched_getaffinity(0))
    except AttributeError:  # Windows and macOS have no affinity call
        available = os.cpu_count() or 1
    return max(1, min(available, MAX_WORKERS))


def worker_count(workers: int | None, files: int) -> int:
    """Return how many processes to use for ``files`` items: ``workers``, or the CPUs, with 8 items each at least."""
    requested = default_workers() if workers is None else max(1, workers)
    return max(1, min(requested, files // MIN_FILES_PER_WORKER))


def _no_progress(done: int, total: int) -> None:
    pass


def _scan_tree(root: Path, skipped: set[str], copies: list[_Item]) -> None:
    """Walk the folders below ``root`` with an explicit stack, so no nesting depth exhausts Python's stack."""
    pending: list[tuple[Path, int]] = [(root, 0)]
    while pending:
        folder, depth = pending.pop()
        subfolders = _scan_folder(root, folder, skipped, copies)
        for path in reversed(subfolders):
            if depth + 1 > MAX_FOLDER_DEPTH:
                copies.append(rejected(str(path), display_name(path.relative_to(root)), "folder-too-deep",
                                       f"文件夹嵌套超过 {MAX_FOLDER_DEPTH} 层，其中的文件未读取："
                                       "请把填报表移到收件文件夹或其浅层子文件夹中后重新汇总。"))
                continue
            pending.append((path, depth + 1))


def _scan_folder(root: Path, folder: Path, skipped: set[str], copies: list[_Item]) -> list[Path]:
    """List the files of one folder to read and return its subfolders, in name order."""
    with os.scandir(folder) as listing:
        entries = sorted(listing, key=lambda entry: entry.name)
    subfolders: list[Path] = []
    for entry in entries:
        path = Path(entry.path)
        if _is_clutter(entry.name) or os.path.abspath(path) in skipped:
            continue
        name = display_name(path.relative_to(root))
        mode = entry.stat(follow_symlinks=False).st_mode
        if stat.S_ISLNK(mode) or _is_junction(entry):
            copies.append(rejected(str(path), name, "file-link",
                                   "这是一个链接（快捷方式），不是文件本身，已跳过：请把填报表文件本身放入收件文件夹。"))
        elif stat.S_ISDIR(mode):
            subfolders.append(path)
        elif not stat.S_ISREG(mode):
            copies.append(rejected(str(path), name, "file-special",
                                   "这不是普通文件（管道、设备或套接字），已跳过：收件文件夹中只应放收回的填报表。"))
        else:
            copies.append((path, name))
    return subfolders


def _is_clutter(name: str) -> bool:
    return name.startswith(SKIPPED_PREFIXES) or name.lower() in SKIPPED_NAMES or bool(OWN_FILES.match(name))


def _is_junction(entry: os.DirEntry) -> bool:
    is_junction = getattr(entry, "is_junction", None)  # Windows directory junctions, Python 3.12+
    return bool(is_junction and is_junction())


def display_name(relative: Path) -> str:
    """Return a path for reports, decoding names a Linux file system stores as GBK bytes."""
    text = str(relative)
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        raw = os.fsencode(text)
        return raw.decode("gb18030", "replace")


def _read_file(path: Path, name: str, limits: ReadLimits) -> list[ReturnedCopy]:
    size = path.lstat().st_size
    if size > limits.max_file_bytes:
        return [rejected(str(path), name, "file-too-large",
                         f"文件有 {size / 1024 / 1024:.1f} MB，超过上限 {limits.max_file_bytes / 1024 / 1024:.0f} MB，"
                         "未读取：填报表通常只有几十 KB，请核实文件来源。")]
    try:
        data = _read_bounded(path, limits.max_file_bytes)
    except OSError as error:
        return [rejected(str(path), name, "file-unreadable", f"无法读取文件（{error.strerror}）：请检查文件权限。")]
    return read_entry(data, name, str(path), file_time(path), "文件修改时间", 0, limits)


def _read_bounded(path: Path, limit: int) -> bytes:
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    descriptor = os.open(path, flags)
    with os.fdopen(descriptor, "rb") as handle:
        return handle.read(limit + 1)


def read_entry(data: bytes, name: str, path: str, time: dt.datetime | None, time_source: str,
               depth: int, limits: ReadLimits) -> list[ReturnedCopy]:
    """Read one file's bytes, whatever it turns out to be; archives give one result per member."""
    if len(data) > limits.max_file_bytes:
        return [rejected(path, name, "file-too-large", f"文件超过上限 {limits.max_file_bytes / 1024 / 1024:.0f} MB，未读取。",
                         data)]
    kind = sniff(data)
    if kind is Kind.WORKBOOK:
        copy = read_copy_bytes(data, name, path, time, limits, time_source)
        _note_extension(copy, name)
        return [copy]
    if kind is Kind.ARCHIVE:
        return _read_archive(data, name, path, depth, limits)
    code, reason = describe_kind(kind, data, name)
    advice = "请对方取消文件密码后重新发送。" if kind is Kind.ENCRYPTED else SAVE_AS_XLSX
    return [rejected(path, name, code, f"{reason}，已跳过：{advice}", data)]


def _note_extension(copy: ReturnedCopy, name: str) -> None:
    suffix = posixpath.splitext(name)[1].lower()
    if suffix not in WORKBOOK_SUFFIXES:
        copy.notes.append(Finding(
            "file-extension-mismatch", Severity.INFO,
            f"文件扩展名为“{suffix or '无'}”，但内容是 Excel 工作簿（.xlsx），已按内容读取。", file=name,
        ))


def describe_kind(kind: Kind, data: bytes, name: str) -> tuple[str, str]:
    """Return the finding code and the Chinese reason why a file of this kind is not read."""
    suffix = posixpath.splitext(name)[1].lower()
    shown = f"（扩展名为“{suffix}”）" if suffix else ""
    if kind is Kind.EMPTY:
        return "file-empty", "文件是空的（0 字节）"
    if kind is Kind.ENCRYPTED:
        return "file-encrypted", f"文件设有打开密码{shown}，无法读取"
    if kind is Kind.OLE_WORKBOOK and suffix in (".et", ".ett"):
        return "file-et", "这是 WPS 表格（.et）格式的文件，不能汇总"
    if kind is Kind.OLE_WORKBOOK:
        return "file-xls", f"这是旧版 Excel（.xls）格式的文件{shown}，不能汇总"
    if kind is Kind.ODS:
        return "file-ods", f"这是 OpenDocument 表格（.ods）格式的文件{shown}，不能汇总"
    if kind is Kind.XLSB:
        return "file-xlsb", f"这是 Excel 二进制工作簿（.xlsb）格式的文件{shown}，不能汇总"
    if kind is Kind.TEXT:
        encoding = text_encoding(data[:TEXT_SAMPLE])
        return "file-csv", f"这是文本（CSV）文件{shown}，编码为 {encoding}，不含填报表的隐藏信息，不能汇总"
    if kind is Kind.MARKUP:
        return "file-unsupported", f"这是网页或 XML 格式的表格{shown}（常见于系统导出的“Excel”文件），不能汇总"
    if kind in (Kind.RAR, Kind.SEVEN_ZIP):
        return "file-archive-unsupported", f"这是 {kind.value.upper()} 压缩包，只支持 .zip 压缩包；请改用 .zip 打包，或直接发送 .xlsx 文件"
    if kind is Kind.PDF:
        return "file-unsupported", f"这是 PDF 文件{shown}，不是 Excel 工作簿"
    if kind is Kind.OTHER_OFFICE:
        return "file-unsupported", f"这是 Word、演示文稿或其他办公文档{shown}，不是填报表"
    return "file-unsupported", f"不是 Excel 工作簿{shown or '（无扩展名）'}"


def rejected(path: str, name: str, code: str, message: str, data: bytes = b"") -> ReturnedCopy:
    return ReturnedCopy(
        path=path, name=name, sha256=hashlib.sha256(data).hexdigest() if data else "",
        problem=Finding(code, Severity.ERROR, message, file=name),
    )


def _read_archive(data: bytes, name: str, path: str, depth: int, limits: ReadLimits) -> list[ReturnedCopy]:
    if depth >= limits.max_archive_depth:
        return [rejected(path, name, "zip-nested-too-deep",
                         f"压缩包嵌套超过 {limits.max_archive_depth} 层，未读取：请把填报表直接放入一个 .zip 压缩包。", data)]
    try:
        archive, members = open_zip(data, limits.zip)
    except FileRejected as rejection:
        return [rejected(path, name, rejection.code, f"压缩包{rejection.message}：请对方重新打包或直接发送 .xlsx 文件。", data)]
    results: list[ReturnedCopy] = []
    with archive:
        for member in members:
            results.extend(_read_member(data, member, name, path, depth, limits))
    if not results:
        results.append(rejected(path, name, "file-empty", "压缩包中没有文件，已跳过：请对方重新打包。", data))
    return results


def _read_member(data: bytes, member: zipfile.ZipInfo, archive_name: str, path: str, depth: int,
                 limits: ReadLimits) -> list[ReturnedCopy]:
    member_name = decoded_member_name(member)
    shown = f"{archive_name}/{_safe_for_display(member_name)}"
    if member.is_dir() or _is_clutter(posixpath.basename(member_name.rstrip("/"))) or "__MACOSX/" in member_name:
        return []
    if _unsafe_member_path(member_name):
        return [rejected(path, shown, "zip-path-unsafe",
                         f"压缩包成员的路径“{member_name}”指向压缩包之外（绝对路径或含“..”），未读取：请核实压缩包来源。")]
    if member.create_system == 3 and stat.S_ISLNK(member.external_attr >> 16):
        return [rejected(path, shown, "file-link", "压缩包中的这个成员是链接，不是文件本身，已跳过。")]
    try:
        content = read_member(data, member, limits.zip)
    except FileRejected as rejection:
        return [rejected(path, shown, rejection.code, f"{rejection.message}：请对方重新打包或直接发送 .xlsx 文件。")]
    stamp = dt.datetime(*member.date_time, tzinfo=CHINA_TIME)
    return read_entry(content, shown, path, stamp, "压缩包中记录的文件时间", depth + 1, limits)


def _unsafe_member_path(name: str) -> bool:
    normal = name.replace("\\", "/")
    if normal.startswith("/") or re.match(r"^[A-Za-z]:", normal) or "\x00" in normal:
        return True
    return ".." in normal.split("/")


def _safe_for_display(name: str) -> str:
    return name.replace("\\", "/").replace("\x00", "")
