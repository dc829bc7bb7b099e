"""Saving workbooks so that a failed save never leaves a half-written file.

The workbook is written to a temporary file in the target's folder,
post-processed, checked (as a zip package, then reopened with openpyxl and
compared with the workbook in memory), flushed to disk and then moved over
the target in one rename, which is atomic on the same file system. A crash
at any moment leaves the old file or the new one, never a mix.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from openpyxl import Workbook

from ecomonitor.errors import WorkbookError
from ecomonitor.xlsx.package import main_content_type, rewrite_package, verify_package
from ecomonitor.xlsx.preserve import source_of
from ecomonitor.xlsx.reopen import verify_reopened


def save_workbook(workbook: Workbook, path: Path, fixed_time: dt.datetime | None = None) -> None:
    path = Path(path)
    content_type = main_content_type(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = path.with_name(f".{path.name}.{os.getpid()}.raw.tmp")
    final = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        try:
            workbook.save(raw)
        except OSError as error:
            raise WorkbookError(f"无法写入“{path}”：{error.strerror}。请检查文件夹是否存在且可写。") from error
        rewrite_package(raw, final, content_type, fixed_time, original=source_of(workbook))
        verify_package(final, content_type)
        verify_reopened(final, workbook, target=path)
        _flush(final)
        try:
            os.replace(final, path)
        except PermissionError as error:
            raise WorkbookError(
                f"无法覆盖“{path}”：文件可能正在 Excel 或 WPS 中打开，或被设为只读（文件属性中的“只读”、"
                "只读的文件夹或网络共享）。请关闭文件或取消只读后重试；主表未被改动。"
            ) from error
        _flush_folder(path.parent)
    finally:
        for leftover in (raw, final):
            leftover.unlink(missing_ok=True)


def _flush(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def _flush_folder(folder: Path) -> None:
    """Flush the rename to disk; folders cannot be opened for that on Windows."""
    if os.name != "posix":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
