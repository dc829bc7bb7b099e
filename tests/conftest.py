"""Shared fixtures: the example table, its framework, and masters built from it."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from ecomonitor.jobs.build import build
from ecomonitor.jobs.summary import summarize
from ecomonitor.tables import read_table
from ecomonitor.tables.text import read_text_table

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "xiangxi-eco-monitoring-2023q2.txt"


@pytest.fixture(scope="session")
def example_path() -> Path:
    return EXAMPLE


@pytest.fixture(scope="session")
def example_raw():
    return read_text_table(EXAMPLE)


@pytest.fixture()
def example():
    """A fresh framework of the example table (tests may change it)."""
    return read_table(EXAMPLE).framework


@pytest.fixture(scope="session")
def example_master(tmp_path_factory) -> Path:
    """A master of the example, with the table's Q2 progress; copy before writing to it."""
    path = tmp_path_factory.mktemp("master") / "MonitoringPlatform.xlsm"
    build(EXAMPLE, path)
    return path


@pytest.fixture(scope="session")
def empty_master(tmp_path_factory) -> Path:
    """A master of the example with progress and rates cleared; copy before writing to it."""
    path = tmp_path_factory.mktemp("empty") / "MonitoringPlatform.xlsm"
    build(EXAMPLE, path, empty=True)
    return path


@pytest.fixture(scope="session")
def summarized_master(example_master, tmp_path_factory) -> Path:
    """The example master with its summary sheets, made on 2023-07-05; copy before writing to it."""
    path = tmp_path_factory.mktemp("summarized") / "MonitoringPlatform.xlsm"
    shutil.copy(example_master, path)
    summarize(path, made=dt.datetime(2023, 7, 5, 9, 30))
    return path
