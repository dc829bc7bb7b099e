#!/usr/bin/env bash
# Install the package into .venv and run the quarterly cycle on the example table.
# Usage: scripts/demo.sh [OUTPUT_FOLDER]   (default: demo-output; a rerun replaces
# the files of the previous run, keeping a backup of its master)
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e .
.venv/bin/ecomonitor demo --force "${1:-demo-output}"
