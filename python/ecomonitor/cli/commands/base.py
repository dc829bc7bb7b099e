"""Shared construction of subcommand parsers."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from ecomonitor.cli import chinese


def new_parser(subparsers, name: str, summary: str, description: str, epilog: str = "") -> argparse.ArgumentParser:
    from ecomonitor.cli.main import add_common_options

    parser = subparsers.add_parser(
        name, help=summary, description=description, epilog=epilog,
        formatter_class=chinese.HelpFormatter, add_help=False,
    )
    add_common_options(parser)
    return parser


def existing_path(text: str) -> Path:
    return Path(text)


def positive_int(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"“{text}”不是正整数，应为 1、2 这样大于 0 的整数")
    return number


def iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.replace("/", "-"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期“{text}”无效，应写成 2023-06-25 的形式") from None


def positive_seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是秒数，应写成 300 这样的正数") from None
    if not seconds > 0 or seconds == float("inf"):
        raise argparse.ArgumentTypeError(f"秒数“{text}”无效，应为大于 0 的数，如 300")
    return seconds


def filled_text(text: str) -> str:
    if not text.strip():
        raise argparse.ArgumentTypeError("不能为空，请写明单位名称")
    return text.strip()
