"""Shared fixtures: the example table, its framework, masters built from it, and one rolled through a year."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from ecomonitor.jobs.build import build
from ecomonitor.jobs.periods import new_period
from ecomonitor.jobs.summary import summarize
from ecomonitor.tables import read_table
from ecomonitor.tables.text import read_text_table
from helpers.cycle import play_quarter
from helpers.rolled import ABSENT_IN_Q3, Q2_DEADLINE, RolledExample, synthetic_entry

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


@pytest.fixture(scope="session")
def rolled(tmp_path_factory) -> RolledExample:
    """The example master played through Q2, Q3 (one department absent) and Q4, with summaries."""
    folder = tmp_path_factory.mktemp("rolled")
    example = read_table(EXAMPLE).framework
    master = folder / "master.xlsm"
    build(EXAMPLE, master, empty=True, deadline=Q2_DEADLINE)
    stages = {}
    play_quarter(master, folder / "q2", synthetic_entry(example, 2))
    summarize(master)
    stages["q2"] = _keep(master, folder / "q2.xlsm")
    new_period(master)
    stages["q3_opened"] = _keep(master, folder / "q3-opened.xlsm")
    play_quarter(master, folder / "q3", synthetic_entry(example, 3), absent=(ABSENT_IN_Q3,))
    summarize(master)
    stages["q3"] = _keep(master, folder / "q3.xlsm")
    new_period(master)
    play_quarter(master, folder / "q4", synthetic_entry(example, 4))
    summarize(master)
    stages["q4"] = _keep(master, folder / "q4.xlsm")
    return RolledExample(example=example, **stages)


def _keep(master: Path, target: Path) -> Path:
    shutil.copy(master, target)
    return target


@pytest.fixture(scope="session")
def issued_copy(empty_master, tmp_path_factory) -> Path:
    """州水利局's copy as split writes it from the empty master; copy before writing to it."""
    from helpers.returns import issue_copy

    return issue_copy(empty_master, "州水利局", tmp_path_factory.mktemp("issued"))


@pytest.fixture(scope="session")
def filled_copy(issued_copy, tmp_path_factory) -> Path:
    """州水利局's copy filled with the example's entries; copy before writing to it."""
    from helpers.returns import fill_from_example

    return fill_from_example(issued_copy, "州水利局", tmp_path_factory.mktemp("filled") / "filled.xlsx")


def pytest_terminal_summary(terminalreporter):
    from helpers.proof import print_tallies

    print_tallies(terminalreporter)
