#!/usr/bin/env bash
# Install what the tests need and run them.
#
# System packages (Debian/Ubuntu, with apt-get): LibreOffice Calc for opening,
# recalculating and printing workbooks, Noto CJK fonts, and poppler-utils for
# reading the PDFs back. The package and its test extras go into .venv.
# Arguments are passed to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v soffice >/dev/null || ! command -v pdftoppm >/dev/null || ! fc-list | grep -i "Noto Sans CJK" >/dev/null; then
  sudo_prefix=""
  if [ "$(id -u)" -ne 0 ]; then sudo_prefix="sudo"; fi
  $sudo_prefix apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo_prefix apt-get install -y -q --no-install-recommends \
    libreoffice-calc fonts-noto-cjk poppler-utils
fi
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[test]"
.venv/bin/python -m pytest "$@"
