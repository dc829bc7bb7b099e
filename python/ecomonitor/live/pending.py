"""Buttons whose job is not part of this version of the package."""

from __future__ import annotations

import xlwings as xw

from ecomonitor.live.session import alert


def command_exists(name: str) -> bool:
    """True when the ``ecomonitor`` command line has the subcommand ``name``."""
    from ecomonitor.cli.main import build_parser

    parser = build_parser()
    for action in parser._subparsers._group_actions:
        if name in getattr(action, "choices", {}):
            return True
    return False


def show_unavailable(book: xw.Book, title: str, command: str, example: str, reason: str = "") -> None:
    """Show that the button cannot run here, and the command line that does the same."""
    if command_exists(command):
        where = f"请在命令提示符中运行：\n  {example}"
    else:
        where = f"本版本尚未提供该功能；升级平台后可在命令提示符中运行：\n  {example}"
    lead = reason or f"本版本的“{title}”按钮尚不可用。"
    alert(book, f"{lead}\n\n{where}")
