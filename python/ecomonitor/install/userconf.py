"""Writing the interpreter into xlwings' user configuration file.

xlwings' VBA module reads ``%USERPROFILE%\\.xlwings\\xlwings.conf`` when the
workbook's ``xlwings.conf`` sheet does not name a key. Each line is a
quoted pair such as ``"INTERPRETER_WIN","C:\\Python311\\pythonw.exe"``,
read by VBA's ``Input #`` in the system's ANSI code page (GBK on Chinese
Windows), so the file is written in that code page and paths with Chinese
characters come through.

Run as ``python -m ecomonitor.install.userconf PYTHONW`` (install.bat does).
"""

from __future__ import annotations

import csv
import io
import locale
import os
import sys
from pathlib import Path

INTERPRETER_KEY = "INTERPRETER_WIN"


def user_config_path() -> Path:
    return Path(os.environ.get("USERPROFILE", Path.home())) / ".xlwings" / "xlwings.conf"


def read_settings(path: Path, encoding: str) -> list[tuple[str, str]]:
    if not path.is_file():
        return []
    rows = csv.reader(io.StringIO(path.read_text(encoding, errors="replace")))
    return [(row[0], row[1] if len(row) > 1 else "") for row in rows if row]


def write_interpreter(interpreter: Path, path: Path | None = None, encoding: str | None = None) -> Path:
    """Set INTERPRETER_WIN in the user's xlwings.conf, keeping every other setting."""
    path = path or user_config_path()
    encoding = encoding or locale.getpreferredencoding(False)
    settings = [(key, value) for key, value in read_settings(path, encoding)
                if key.upper() != INTERPRETER_KEY]
    settings.insert(0, (INTERPRETER_KEY, str(interpreter)))
    lines = "".join(f'"{key}","{value}"\r\n' for key, value in settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(lines.encode(encoding))
    return path


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("用法：python -m ecomonitor.install.userconf pythonw.exe的完整路径", file=sys.stderr)
        return 2
    try:
        path = write_interpreter(Path(argv[0]))
    except UnicodeEncodeError:
        print(f"路径“{argv[0]}”含有系统代码页无法表示的字符：请把 Python 安装到只含中英文字符的文件夹。", file=sys.stderr)
        return 1
    print(f"已在“{path}”中设置 {INTERPRETER_KEY} = {argv[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
