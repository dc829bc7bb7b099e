"""Timestamped backups of the master, kept in a 备份 folder beside it.

A backup is a byte copy of the master as it is on disk before a command
writes it, named ``<stem>_<YYYYmmdd-HHMMSS>[-n]<suffix>`` in local time. Of
the backups of one master the newest ``keep`` are kept (配置 备份保留份数) and
older ones are deleted; at least one is always kept.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
from pathlib import Path

from ecomonitor.errors import WorkbookError

BACKUP_FOLDER = "备份"
STAMP_FORMAT = "%Y%m%d-%H%M%S"
DEFAULT_KEPT = 20


def backup_folder(master: Path) -> Path:
    return Path(master).parent / BACKUP_FOLDER


def backup_master(master: Path, keep: int = DEFAULT_KEPT, now: dt.datetime | None = None) -> Path | None:
    """Copy ``master`` into the backup folder and prune old backups.

    Returns the backup's path, or None when ``master`` does not exist yet.
    When the newest backup already holds the same bytes (a run that failed
    after its backup, repeated), that backup is returned and none is added,
    so failing runs cannot push useful backups out.
    Raises WorkbookError when the copy cannot be written, so the caller does
    not go on to write a master it could not back up.
    """
    master = Path(master)
    if not master.is_file():
        return None
    newest = list_backups(master)[-1:]
    if newest and _same_bytes(newest[0], master):
        return newest[0]
    folder = backup_folder(master)
    moment = (now or dt.datetime.now()).strftime(STAMP_FORMAT)
    try:
        folder.mkdir(exist_ok=True)
        _remove_partial_copies(folder)
        target = _free_name(folder, master, moment)
        partial = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        shutil.copyfile(master, partial)
        with open(partial, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, target)
    except OSError as error:
        raise WorkbookError(
            f"无法在“{folder}”中备份主表：{error.strerror}。主表未被改动；请检查该文件夹是否可写、磁盘是否已满。"
        ) from error
    if target.stat().st_size != master.stat().st_size:
        raise WorkbookError(f"主表的备份“{target}”不完整，主表未被改动：请检查磁盘后重试。")
    prune_backups(master, keep)
    return target


def _same_bytes(first: Path, second: Path) -> bool:
    if first.stat().st_size != second.stat().st_size:
        return False
    return _digest(first) == _digest(second)


def _digest(path: Path) -> str:
    hasher = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            hasher.update(block)
    return hasher.hexdigest()


def _remove_partial_copies(folder: Path) -> None:
    """Delete copies that a killed backup left; callers hold the master's write lock."""
    for partial in folder.glob(".*.tmp"):
        pid = partial.name.rsplit(".", 2)[-2]
        if pid.isdigit() and int(pid) != os.getpid():
            partial.unlink(missing_ok=True)


def _free_name(folder: Path, master: Path, moment: str) -> Path:
    """Return the next name for this second, numbered after every backup of that second.

    A number freed by pruning is not reused, so names keep sorting by age.
    """
    taken = [key[1] for key, _path in _backups(master) if key[0] == moment]
    if not taken:
        return folder / f"{master.stem}_{moment}{master.suffix}"
    return folder / f"{master.stem}_{moment}-{max(taken) + 1}{master.suffix}"


def list_backups(master: Path) -> list[Path]:
    """Return the backups of ``master``, oldest first."""
    return [path for _key, path in _backups(master)]


def _backups(master: Path) -> list[tuple[tuple[str, int], Path]]:
    master = Path(master)
    folder = backup_folder(master)
    if not folder.is_dir():
        return []
    pattern = re.compile(
        rf"^{re.escape(master.stem)}_(\d{{8}}-\d{{6}})(?:-(\d+))?{re.escape(master.suffix)}$"
    )
    found = []
    for path in folder.iterdir():
        match = pattern.match(path.name)
        if match and path.is_file():
            found.append(((match.group(1), int(match.group(2) or 1)), path))
    return sorted(found)


def prune_backups(master: Path, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` backups (at least one is kept)."""
    backups = list_backups(master)
    surplus = backups[:max(len(backups) - max(keep, 1), 0)]
    for path in surplus:
        path.unlink(missing_ok=True)
    return surplus
