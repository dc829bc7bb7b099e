"""Guards around writing the master: office lock files and our own write lock.

Excel and WPS mark an open workbook with an owner file ``~$name`` (Word-style
programs replace the first two characters of the name instead), LibreOffice
with ``.~lock.name#``. A master with such a file beside it is open in one of
them, and writing it would either fail (Windows) or be lost when the user
saves there (every system), so the write is rejected.

Our own lock file ``.name.ecomonitor-lock`` is created atomically, record
included (a hard link of a filled temporary file), before a command reads a
master it will write, and removed when it has written it, so two commands
never read-modify-write the same master at once. The file records the process
id, the host and the time. A lock left by a process that no longer runs on
this host is stale and removed, by one process at a time.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import json
import os
import secrets
import socket
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from ecomonitor.errors import WorkbookError

LOCK_SUFFIX = ".ecomonitor-lock"
# A lock written on another host cannot be checked for a live process; after
# this long it is taken as left by a crash. Every write command finishes in
# minutes, so a lock this old is no longer held by a running command.
FOREIGN_LOCK_STALE_AFTER = dt.timedelta(hours=2)

# A lock file without a readable record is stale only after this many seconds,
# because with the O_EXCL fallback a live process fills it just after creating it.
UNREADABLE_LOCK_GRACE_SECONDS = 60
ACQUIRE_ATTEMPTS = 20
BREAK_WAIT_SECONDS = 0.05
# errno values of a file system that has no hard links.
LINK_UNSUPPORTED = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.ENOSYS, errno.EMLINK}

_held: dict[Path, int] = {}
_held_guard = threading.Lock()


class MasterLockedError(WorkbookError):
    """The master is open in an office program or being written by another command."""


def office_lock_files(path: Path) -> list[Path]:
    """Return the lock files of Excel, WPS and LibreOffice that exist beside ``path``."""
    path = Path(path)
    names = [f"~${path.name}", f"~${path.name[2:]}", f".~lock.{path.name}#"]
    return [path.with_name(name) for name in names if path.with_name(name).exists()]


def check_not_open(path: Path) -> None:
    """Raise MasterLockedError when an office program has ``path`` open."""
    path = Path(path)
    found = office_lock_files(path)
    if not found:
        return
    owner = _office_lock_owner(found[0])
    who = f"（由“{owner}”打开）" if owner else ""
    raise MasterLockedError(
        f"主表“{path.name}”正在 Excel、WPS 或 LibreOffice 中打开{who}，发现锁文件“{found[0].name}”，"
        "本次没有写入主表：请在这些程序中保存并关闭主表后重新运行本命令。"
        f"如果主表确实没有打开（程序异常退出后会留下锁文件），请删除“{found[0]}”后重试。"
    )


def _office_lock_owner(lock: Path) -> str:
    """Return the user name an office lock file records, or "" when unreadable.

    LibreOffice writes ``,user,host,time,profile;`` as UTF-8. Excel and WPS
    write the user name as one length byte and that many single-byte
    characters, followed by the name again in UTF-16.
    """
    try:
        data = lock.read_bytes()[:512]
    except OSError:
        return ""
    if lock.name.startswith(".~lock."):
        fields = data.decode("utf-8", "replace").split(",")
        return fields[1].strip() if len(fields) > 2 else ""
    if len(data) < 2 or data[0] == 0 or data[0] + 1 > len(data):
        return ""
    return data[1:1 + data[0]].decode("gbk", "replace").strip()


def lock_path(path: Path) -> Path:
    path = Path(path)
    return path.with_name(f".{path.name}{LOCK_SUFFIX}")


@contextlib.contextmanager
def master_write_lock(path: Path) -> Iterator[None]:
    """Hold the write lock of ``path``; re-entrant within one process.

    Raises MasterLockedError when another live command holds the lock.
    """
    key = Path(os.path.abspath(path))
    with _held_guard:
        depth = _held.get(key, 0)
        if depth == 0:
            _acquire(key)
        _held[key] = depth + 1
    try:
        yield
    finally:
        with _held_guard:
            _held[key] -= 1
            if _held[key] == 0:
                del _held[key]
                lock_path(key).unlink(missing_ok=True)


def _acquire(path: Path) -> None:
    lock = lock_path(path)
    record = {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "time": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
    }
    for _attempt in range(ACQUIRE_ATTEMPTS):
        try:
            if _create_lock(lock, json.dumps(record)):
                return
        except FileNotFoundError as error:
            raise WorkbookError(f"文件夹“{path.parent}”不存在：请先创建该文件夹，或检查路径。") from error
        except PermissionError as error:
            raise WorkbookError(
                f"没有在文件夹“{path.parent}”中写文件的权限：请换一个可写的文件夹，或请管理员开放权限。"
            ) from error
        except OSError as error:
            raise WorkbookError(
                f"无法在文件夹“{path.parent}”中创建锁文件（系统错误 {error.errno}）：请检查该文件夹是否可写。"
            ) from error
        holder, identity = _read_lock(lock)
        if identity is None:
            continue  # removed meanwhile: try again
        if not _is_stale(holder, identity):
            raise MasterLockedError(_held_message(path, lock, holder))
        _break_stale_lock(lock, identity)
    raise MasterLockedError(_held_message(path, lock, _read_lock(lock)[0]))


def _create_lock(lock: Path, content: str) -> bool:
    """Create ``lock`` with its whole content in one step; return False when it exists.

    The record is written to a private temporary file, which is then hard-linked
    to the lock's name. The link fails when the name exists, so no other process
    reads a lock file without its record. File systems without hard links
    (FAT, some network shares) get O_EXCL and a write instead.
    """
    temporary = lock.with_name(f"{lock.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
    with temporary.open("x", encoding="utf-8") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())
    try:
        os.link(temporary, lock)
        return True
    except FileExistsError:
        return False
    except OSError as error:
        if error.errno not in LINK_UNSUPPORTED:
            raise
        return _create_lock_exclusively(lock, content)
    finally:
        temporary.unlink(missing_ok=True)


def _create_lock_exclusively(lock: Path, content: str) -> bool:
    try:
        descriptor = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        return False
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(content)
    return True


def _break_stale_lock(lock: Path, identity: tuple) -> None:
    """Remove a stale lock unless another process replaced it since it was read.

    Only the holder of the breaker file ``lock.break`` removes a stale lock, and
    it first checks that the lock is still the file judged stale. Without this,
    two processes could both judge one lock stale, and the slower one would
    remove the lock that the faster one had just created.
    """
    breaker = lock.with_name(lock.name + ".break")
    try:
        os.close(os.open(breaker, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
    except FileExistsError:
        _remove_if_old(breaker)
        time.sleep(BREAK_WAIT_SECONDS)
        return
    try:
        if _read_lock(lock)[1] == identity:
            lock.unlink(missing_ok=True)
    finally:
        breaker.unlink(missing_ok=True)


def _remove_if_old(path: Path) -> None:
    """Remove a breaker file left by a process killed while it held it."""
    with contextlib.suppress(OSError):
        if time.time() - path.stat().st_mtime > UNREADABLE_LOCK_GRACE_SECONDS:
            path.unlink()


def _read_lock(lock: Path) -> tuple[dict, tuple | None]:
    """Return the lock's record and its identity (inode, modification time, bytes); None when it is gone."""
    try:
        with lock.open("rb") as handle:
            status = os.fstat(handle.fileno())
            data = handle.read()
    except OSError:
        return {}, None
    identity = (status.st_ino, status.st_mtime_ns, data)
    try:
        document = json.loads(data.decode("utf-8"))
    except ValueError:
        return {}, identity
    return (document if isinstance(document, dict) else {}), identity


def _is_stale(holder: dict, identity: tuple) -> bool:
    """Tell whether a lock record was left by a process that no longer runs."""
    try:
        written = dt.datetime.fromisoformat(str(holder["time"]))
        pid = int(holder["pid"])
    except (KeyError, ValueError, TypeError):
        # An unreadable record was half-written by a process killed between
        # creating and filling the file, which only the O_EXCL fallback can
        # leave. It may also be a fallback lock being filled right now, so it
        # counts as stale only once it is older than the grace period.
        _inode, modified_ns, _data = identity
        return time.time() - modified_ns / 1e9 > UNREADABLE_LOCK_GRACE_SECONDS
    if holder.get("host") != socket.gethostname():
        return dt.datetime.now(dt.timezone.utc) - written > FOREIGN_LOCK_STALE_AFTER
    return not process_alive(pid)


def process_alive(pid: int) -> bool:
    """Tell whether a process with this id runs on this host."""
    if pid <= 0:
        return False
    if sys.platform == "win32":
        return _windows_process_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _windows_process_alive(pid: int) -> bool:
    # os.kill(pid, 0) would send CTRL_C_EVENT on Windows, so ask the kernel.
    # NOTE: this branch is not run by the tests, which run on Linux.
    import ctypes

    query_limited_information = 0x1000
    still_active = 259
    kernel = ctypes.windll.kernel32
    handle = kernel.OpenProcess(query_limited_information, False, pid)
    if not handle:
        return False
    try:
        code = ctypes.c_ulong()
        if not kernel.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == still_active
    finally:
        kernel.CloseHandle(handle)


def _held_message(path: Path, lock: Path, holder: dict) -> str:
    who = f"电脑“{holder.get('host', '?')}”上的进程 {holder.get('pid', '?')}，开始于 {holder.get('time', '?')}"
    return (
        f"另一个 ecomonitor 命令正在写入主表“{path.name}”（{who}）：请等它结束后重试。"
        f"如果该命令已不在运行，请删除锁文件“{lock}”后重试。"
    )


def remove_stale_temporary_files(path: Path) -> list[Path]:
    """Delete temporary files that a killed save of ``path`` left behind.

    Call only while holding the write lock: then no other process is saving
    this master, and a temporary file of another process id is left over.
    """
    path = Path(path)
    prefix = f".{path.name}."
    removed = []
    for leftover in path.parent.glob(f"{glob_escape(prefix)}*.tmp"):
        pid = leftover.name[len(prefix):].split(".")[0]
        if pid.isdigit() and int(pid) != os.getpid():
            with contextlib.suppress(OSError):
                leftover.unlink()
                removed.append(leftover)
    return removed


def glob_escape(text: str) -> str:
    return "".join(f"[{char}]" if char in "*?[" else char for char in text)
