"""Fixtures of the job tests."""

from __future__ import annotations

import shutil

import pytest


@pytest.fixture()
def master(empty_master, tmp_path):
    """A writable copy of the empty master; some modules replace it with a filled one."""
    path = tmp_path / "master.xlsm"
    shutil.copy(empty_master, path)
    return path
