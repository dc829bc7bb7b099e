"""Fixtures for the Excel front end: the built master and add-in."""

from __future__ import annotations

import os
from pathlib import Path

# xlwings registers its remote engine at import only when a license key is
# set; the noncommercial key covers the office's use.
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

import pytest

from ecomonitor.jobs.addin import build_addin


@pytest.fixture(scope="session")
def built_addin(tmp_path_factory) -> Path:
    return build_addin(tmp_path_factory.mktemp("addin") / "EcoMonitor.xlam")
