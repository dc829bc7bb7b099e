#!/usr/bin/env bash
# Install what the tests need and run them.
#
# scripts/setup-print.sh installs the system packages (Debian/Ubuntu, with
# apt-get): LibreOffice Calc for opening, recalculating and printing
# workbooks, the Noto CJK and Carlito fonts, poppler-utils for reading the
# PDFs back, and the font aliases for the current user. The package and its
# test extras go into .venv. Arguments are passed to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-print.sh
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[test]"
.venv/bin/python -m pytest "$@"
