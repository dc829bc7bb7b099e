"""Running LibreOffice headless from tests, each run with its own profile."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

TIMEOUT_SECONDS = 180
FONTCONFIG = Path(__file__).resolve().parents[2] / "scripts" / "fontconfig" / "fonts.conf"


def soffice() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if path is None:
        raise AssertionError(
            "LibreOffice (soffice) is not installed; scripts/test.sh installs it with apt-get."
        )
    return path


def convert(source: Path, target_format: str, outdir: Path, infilter: str | None = None,
            official_fonts: bool = False) -> Path:
    """Convert ``source`` with LibreOffice headless and return the converted file.

    ``official_fonts`` maps 仿宋_GB2312, 黑体 and the other fonts of official
    documents to the installed Noto CJK fonts (scripts/fontconfig/fonts.conf).
    """
    env = {**os.environ, "FONTCONFIG_FILE": str(FONTCONFIG)} if official_fonts else None
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        command = [
            soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
            "--convert-to", target_format, "--outdir", str(outdir), str(source),
        ]
        if infilter:
            command.insert(3, f"--infilter={infilter}")
        completed = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, env=env)
    extension = target_format.split(":")[0]
    converted = outdir / f"{source.stem}.{extension}"
    assert completed.returncode == 0, completed.stderr
    assert converted.is_file(), f"LibreOffice wrote no {extension} file: {completed.stdout} {completed.stderr}"
    return converted
