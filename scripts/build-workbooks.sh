#!/usr/bin/env bash
# Rebuild the committed Excel files from the sources:
#   workbook/MonitoringPlatform.xlsm  the example master (ecomonitor build --reproducible)
#   addin/EcoMonitor.xlam             the add-in (ecomonitor addin)
# Both carry the VBA modules and the ribbon of addin/. Run after changing
# addin/, a sheet layout or the example table, and commit both files.
set -euo pipefail
cd "$(dirname "$0")/.."
python=.venv/bin/ecomonitor
if [ ! -x "$python" ]; then python=ecomonitor; fi
"$python" build --reproducible --force --quiet
"$python" addin --quiet
