"""Running LibreOffice headless: finding soffice, fonts, one profile per run, a timeout.

Each run gets its own user profile in a temporary folder, because a profile
in use by another soffice process makes a second one exit without doing
anything. On Linux and other fontconfig systems the run also gets a
fontconfig file that includes the system configuration and the platform's
font aliases (fonts/65-ecomonitor-cjk.conf). So 宋体, 仿宋 and 黑体 print in
the installed Noto CJK fonts even where the aliases are not installed.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from contextlib import ExitStack
from importlib import resources
from pathlib import Path

from ecomonitor.errors import LibreOfficeError

SOFFICE_VARIABLE = "ECOMONITOR_SOFFICE"
DEFAULT_TIMEOUT = 300.0
ALIAS_FILE = "65-ecomonitor-cjk.conf"
SYSTEM_FONTCONFIG = ("/etc/fonts/fonts.conf", "/usr/local/etc/fonts/fonts.conf", "/opt/homebrew/etc/fonts/fonts.conf")
INSTALLED_PLACES = (
    "/usr/bin/soffice",
    "/usr/local/bin/soffice",
    "/opt/libreoffice/program/soffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)
INSTALL_HINT = (
    "请安装 LibreOffice 及中文字体：Debian/Ubuntu 上执行 "
    "sudo apt-get install libreoffice-calc fonts-noto-cjk fonts-crosextra-carlito"
    "（或运行项目中的 scripts/setup-print.sh）；Windows 和 macOS 上从 LibreOffice 官网安装。"
    f"安装在其他位置时，请把环境变量 {SOFFICE_VARIABLE} 设为 soffice 程序的完整路径。"
    "有 Excel 的电脑也可以用功能区的“导出PDF”按钮，由 Excel 自己导出。"
)


def find_soffice() -> str:
    """Return the soffice program: ECOMONITOR_SOFFICE, then PATH, then the usual install places."""
    configured = os.environ.get(SOFFICE_VARIABLE, "").strip()
    if configured:
        if Path(configured).is_file():
            return configured
        raise LibreOfficeError(f"环境变量 {SOFFICE_VARIABLE} 指向的“{configured}”不存在。{INSTALL_HINT}")
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for place in INSTALLED_PLACES:
        if Path(place).is_file():
            return place
    raise LibreOfficeError(f"找不到 LibreOffice（soffice 程序），无法导出 PDF。{INSTALL_HINT}")


def uses_fontconfig() -> bool:
    return not sys.platform.startswith(("win", "darwin"))


def write_fontconfig(folder: Path, aliases: Path) -> Path | None:
    """Write a fontconfig file that includes the system's and ours; None when no system one exists."""
    current = os.environ.get("FONTCONFIG_FILE")
    system = next((p for p in ([current] if current else []) + list(SYSTEM_FONTCONFIG) if Path(p).is_file()), None)
    if system is None:
        return None
    path = folder / "fonts.conf"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n<fontconfig>\n'
        f'  <include ignore_missing="yes">{_xml_text(system)}</include>\n'
        f'  <include ignore_missing="yes">{_xml_text(str(aliases))}</include>\n'
        "</fontconfig>\n",
        "utf-8",
    )
    return path


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def run_environment(folder: Path, stack: ExitStack) -> dict[str, str]:
    """Return the environment for soffice, with our fontconfig file where fontconfig is used."""
    environment = dict(os.environ)
    if uses_fontconfig():
        aliases = stack.enter_context(resources.as_file(resources.files("ecomonitor.fonts") / ALIAS_FILE))
        config = write_fontconfig(folder, Path(aliases))
        if config is not None:
            environment["FONTCONFIG_FILE"] = str(config)
    return environment


def convert(source: Path, target_format: str, outdir: Path, timeout: float = DEFAULT_TIMEOUT) -> Path:
    """Convert ``source`` into ``outdir`` with LibreOffice headless and return the new file.

    Raises LibreOfficeError when soffice is missing, fails, times out or writes nothing.
    """
    program = find_soffice()
    extension = target_format.split(":")[0]
    with tempfile.TemporaryDirectory(prefix="ecomonitor-lo-") as scratch, ExitStack() as stack:
        folder = Path(scratch)
        profile = folder / "profile"
        command = [
            program, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
            "--nolockcheck", "--convert-to", target_format, "--outdir", str(outdir), str(source),
        ]
        environment = run_environment(folder, stack)
        completed = _run(command, environment, timeout, source)
    converted = outdir / f"{source.stem}.{extension}"
    if completed.returncode != 0 or not converted.is_file() or converted.stat().st_size == 0:
        output = (completed.stderr or completed.stdout or "").strip()
        raise LibreOfficeError(
            f"LibreOffice 未能把“{source.name}”转换为 {extension}（退出码 {completed.returncode}）：{output or '没有输出'}。"
            "请确认文件能用 LibreOffice 打开，并关闭正在运行的 LibreOffice 后重试。"
        )
    return converted


def _run(command: list[str], environment: dict[str, str], timeout: float, source: Path):
    """Run soffice; on timeout end its whole process group, since soffice starts soffice.bin."""
    options = {"start_new_session": True} if os.name == "posix" else {}
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env=environment, **options)
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _end(process)
        raise LibreOfficeError(
            f"LibreOffice 转换“{source.name}”超过 {timeout:g} 秒仍未完成，已停止。"
            "请关闭其他 LibreOffice 窗口后重试，或用 --timeout 给出更长的时间。"
        ) from None
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def _end(process: subprocess.Popen) -> None:
    if os.name == "posix":
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    else:
        process.kill()
    process.communicate()


# Family names fc-match may return for each font the workbooks use, when
# that font or its alias target is installed.
EXPECTED_FONTS = {
    "宋体": ("CJK", "SimSun", "宋体"),
    "黑体": ("CJK", "SimHei", "黑体"),
    "Calibri": ("Carlito", "Calibri"),
}
FONT_PACKAGES = "fonts-noto-cjk fonts-crosextra-carlito"


def check_fonts() -> list[str]:
    """Return a warning for each workbook font that fontconfig maps to an unrelated font.

    Uses fc-match with the same configuration as a conversion; returns
    nothing where fontconfig is not used or fc-match is missing.
    """
    fc_match = shutil.which("fc-match")
    if not uses_fontconfig() or fc_match is None:
        return []
    warnings = []
    with tempfile.TemporaryDirectory(prefix="ecomonitor-fc-") as scratch, ExitStack() as stack:
        environment = run_environment(Path(scratch), stack)
        for font, expected in EXPECTED_FONTS.items():
            matched = subprocess.run([fc_match, "-f", "%{family}", font], capture_output=True, text=True,
                                     env=environment, timeout=30).stdout
            if not any(name in matched for name in expected):
                warnings.append(f"字体“{font}”将以“{matched or '未知字体'}”代替，打印的字形或列宽会与 Excel 不同："
                                f"请安装 {FONT_PACKAGES}（Debian/Ubuntu 软件包）。")
    return warnings
