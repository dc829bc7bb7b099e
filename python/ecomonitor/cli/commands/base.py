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


def iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.replace("/", "-"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期“{text}”无效，应写成 2023-06-25 的形式") from None
