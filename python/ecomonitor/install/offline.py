"""Assembling an offline installation folder for 64-bit Windows.

The folder holds wheels of the package and of every dependency for
``win_amd64`` and each chosen Python version, downloaded from PyPI with
pip, the add-in, the example master and ``install.bat``, which installs
into a given Python with ``pip --no-index`` and writes the interpreter
into xlwings' user configuration.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from ecomonitor.errors import EcoMonitorError
from ecomonitor.install.scripts import INSTALL_BAT, README_TEXT
from ecomonitor.jobs.build import build
from ecomonitor.xlsx.addin_book import ADDIN_FILE, write_addin

SUPPORTED_PYTHONS = ("3.10", "3.11", "3.12", "3.13")
PLATFORM = "win_amd64"
# xlwings needs pywin32 on Windows through an environment marker, and pip
# evaluates markers for the machine it runs on, so it must be named.
WINDOWS_ONLY = ("pywin32",)
WHEELS_FOLDER = "wheels"
MASTER_FILE = "MonitoringPlatform.xlsm"
PIP_TIMEOUT_SECONDS = 1800


@dataclass
class OfflineFolder:
    path: Path
    wheels: list[Path]
    pythons: tuple[str, ...]


def assemble(output: Path, source: Path, pythons: tuple[str, ...] = SUPPORTED_PYTHONS) -> OfflineFolder:
    """Write the offline folder into ``output``; ``source`` is the project folder with pyproject.toml."""
    output, source = Path(output), Path(source)
    _check_source(source)
    wheels = output / WHEELS_FOLDER
    wheels.mkdir(parents=True, exist_ok=True)
    package = _build_wheel(source, wheels)
    for version in pythons:
        _pip("download", "--quiet", "--dest", str(wheels), "--platform", PLATFORM,
             "--only-binary=:all:", "--python-version", version, str(package), *WINDOWS_ONLY)
    write_addin(output / ADDIN_FILE)
    build(None, output / MASTER_FILE, reproducible=True, overwrite=True)
    (output / "install.bat").write_bytes(INSTALL_BAT.replace("\n", "\r\n").encode("utf-8"))
    (output / "安装说明.txt").write_bytes(README_TEXT.replace("\n", "\r\n").encode("utf-8-sig"))
    return OfflineFolder(output, sorted(wheels.glob("*.whl")), tuple(pythons))


def _check_source(source: Path) -> None:
    project = source / "pyproject.toml"
    if not project.is_file() or 'name = "ecomonitor"' not in project.read_text("utf-8"):
        raise EcoMonitorError(
            f"“{source}”不是 ecomonitor 的项目文件夹（缺少 pyproject.toml）：请在项目文件夹中运行，或用 --source 指定。"
        )


def _build_wheel(source: Path, wheels: Path) -> Path:
    for old in wheels.glob("ecomonitor-*.whl"):
        old.unlink()
    _pip("wheel", "--quiet", "--no-deps", "--wheel-dir", str(wheels), str(source))
    built = sorted(wheels.glob("ecomonitor-*.whl"))
    if len(built) != 1:
        raise EcoMonitorError(f"生成 ecomonitor 的安装包失败：“{wheels}”中有 {len(built)} 个 ecomonitor 安装包。")
    return built[0]


def _pip(*arguments: str) -> None:
    command = [sys.executable, "-m", "pip", "--disable-pip-version-check", *arguments]
    try:
        completed = subprocess.run(command, capture_output=True, text=True, timeout=PIP_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired as error:
        raise EcoMonitorError(f"pip 超过 {PIP_TIMEOUT_SECONDS} 秒未完成：请检查网络后重试。") from error
    if completed.returncode != 0:
        tail = "\n".join(completed.stderr.strip().splitlines()[-8:])
        raise EcoMonitorError(f"pip {arguments[0]} 失败（需要能访问 PyPI）：\n{tail}")
