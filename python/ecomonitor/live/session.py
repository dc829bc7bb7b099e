"""Excel services for the ribbon buttons: the workbook, progress, messages, folders.

The same code runs in Excel (xlwings' COM engine, called by RunPython)
and on xlwings' remote engine, where tests run it. Calls that exist in
Excel only (status bar, protection, PDF export) are guarded here, so
the shared path of every button runs on both.
"""

from __future__ import annotations

import datetime as dt
import functools
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path

import xlwings as xw

from ecomonitor.errors import EcoMonitorError

TITLE = "生态监测"
LOG_FILE = Path(tempfile.gettempdir()) / "ecomonitor-excel.log"


def is_excel(book: xw.Book) -> bool:
    """True in Excel itself, False on xlwings' remote engine."""
    return book.app.engine.name == "excel"


def alert(book: xw.Book, text: str, critical: bool = False) -> None:
    """Show one message box; the remote engine records it as an ``alert`` action."""
    book.app.alert(text, title=TITLE, buttons="ok", mode="critical" if critical else "info")


class Progress:
    """Steps shown in Excel's status bar; the remote engine has no status bar."""

    def __init__(self, book: xw.Book, title: str):
        self.book = book
        self.title = title

    def show(self, text: str) -> None:
        if is_excel(self.book):
            self.book.app.status_bar = f"{self.title}：{text}"

    def clear(self) -> None:
        if is_excel(self.book):
            self.book.app.status_bar = False

    def counter(self, text: str) -> Callable[[int, int], None]:
        """Return a callback that shows ``text`` with the count done, such as 读取填报表 12/224.

        The status bar changes only when the whole percent done changes, so
        any number of files makes at most 101 calls to Excel.
        """
        last_shown = {"percent": -1}

        def update(done: int, total: int) -> None:
            percent = done * 100 // max(total, 1)
            if percent != last_shown["percent"]:
                last_shown["percent"] = percent
                self.show(f"{text} {done}/{total}")

        return update


def workbook_folder(book: xw.Book) -> Path:
    """Return the folder the workbook is saved in; its ``下发`` and ``收回`` folders are there."""
    fullname = book.fullname
    if "://" in fullname:
        raise EcoMonitorError(
            f"主表“{book.name}”保存在网络位置（{fullname}）：请先把主表另存到本机或共享盘的文件夹，再使用本按钮。"
        )
    path = Path(fullname)
    if not path.is_absolute():
        raise EcoMonitorError(f"主表“{book.name}”尚未保存：请先保存主表，再使用本按钮。")
    return Path(str(path.parent))


def check_writable(sheet: xw.Sheet) -> None:
    """Raise when Excel would refuse to write into a protected sheet."""
    if is_excel(sheet.book) and sheet.api.ProtectContents:
        raise EcoMonitorError(f"工作表“{sheet.name}”受保护：请在“审阅 → 撤销工作表保护”后重试。")


def button(title: str) -> Callable:
    """Wrap a button function: find the calling workbook and turn every error into a message box.

    The wrapped function takes ``(book, progress)``; the button is called
    with no argument from Excel, or with a book from a test.
    """
    def wrap(function: Callable) -> Callable:
        @functools.wraps(function)
        def run(book: xw.Book | None = None):
            book = book if book is not None else xw.Book.caller()
            progress = Progress(book, title)
            try:
                return function(book, progress)
            except EcoMonitorError as error:
                alert(book, f"{title}未完成。\n\n{error}", critical=True)
            except Exception as error:  # the last line of defence: Excel users never see a traceback
                _log(title, error)
                alert(book, f"{title}时发生了意外错误（{type(error).__name__}：{error}）。\n\n"
                            f"详细信息已写入“{LOG_FILE}”，请把主表和该文件发给技术人员。", critical=True)
            finally:
                progress.clear()
            return None
        return run
    return wrap


def _log(title: str, error: Exception) -> None:
    stamp = dt.datetime.now().isoformat(timespec="seconds")
    lines = traceback.format_exception(type(error), error, error.__traceback__)
    try:
        with open(LOG_FILE, "a", encoding="utf-8") as log:
            log.write(f"{stamp} {title}\n{''.join(lines)}\n")
    except OSError:
        pass  # the message box still names the error
