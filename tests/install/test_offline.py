"""The offline folder resolves completely for 64-bit Windows.

Downloading the wheels takes one Python version here (3.11, about 40 MB
from PyPI); ``ecomonitor offline`` takes every supported version unless
told otherwise.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ecomonitor.cli.main import main
from ecomonitor.install.offline import WHEELS_FOLDER

ROOT = Path(__file__).resolve().parents[2]
PYTHON = "3.11"


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("offline") / "离线安装包"
    assert main(["-q", "offline", "-o", str(path), "--python", PYTHON, "--source", str(ROOT)]) == 0
    return path


def dry_run(folder: Path, *requirements: str) -> subprocess.CompletedProcess:
    """pip's Windows dry run against the folder alone: no index and no configured links."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("PIP_")}
    environment["PIP_CONFIG_FILE"] = os.devnull
    command = [
        sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed",
        "--platform", "win_amd64", "--only-binary=:all:", "--python-version", PYTHON,
        "--no-index", "--find-links", str(folder / WHEELS_FOLDER),
        "--target", str(folder.parent / "target"), *requirements,
    ]
    return subprocess.run(command, capture_output=True, text=True, env=environment, timeout=300)


def test_folder_resolves_for_windows(folder):
    completed = dry_run(folder, "ecomonitor", "pywin32")
    assert completed.returncode == 0, completed.stderr
    assert "Would install" in completed.stdout
    for package in ("ecomonitor", "xlwings-0.37.8", "pywin32", "pandas", "pyOpenVBA"):
        assert package in completed.stdout, package


def test_folder_has_windows_wheels(folder):
    names = [path.name for path in (folder / WHEELS_FOLDER).glob("*.whl")]
    assert any(name.startswith("pywin32-") and name.endswith("win_amd64.whl") for name in names)
    assert any(name.startswith("xlwings-") and "cp311-win_amd64" in name for name in names)
    assert not any("linux" in name or "macosx" in name for name in names)


def test_folder_has_workbook_addin_and_script(folder):
    assert (folder / "EcoMonitor.xlam").is_file()
    assert (folder / "MonitoringPlatform.xlsm").is_file()
    script = (folder / "install.bat").read_bytes().decode("utf-8")
    assert "\r\n" in script
    assert "--no-index" in script
    assert "ecomonitor pywin32" in script
    assert "-m ecomonitor.install.userconf" in script


def test_offline_rejects_folder_without_project(tmp_path, capsys):
    assert main(["offline", "-o", str(tmp_path / "out"), "--python", PYTHON, "--source", str(tmp_path)]) == 1
    assert "pyproject.toml" in capsys.readouterr().err
