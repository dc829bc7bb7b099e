#!/usr/bin/env bash
# Render page 1 of the example bulletin to docs/bulletin-page1.png.
#
# Runs the demo (the example's Q2 cycle), writes its bulletin with a fixed
# date, converts it to PDF with LibreOffice Writer headless (own profile,
# fonts mapped by scripts/fontconfig/fonts.conf) and renders page 1 with
# pdftoppm at 100 dpi. Needs what scripts/test.sh installs.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
.venv/bin/ecomonitor -q demo "$work/demo"
.venv/bin/ecomonitor -q bulletin "$work/demo/MonitoringPlatform.xlsm" -o "$work/bulletin.docx" --date 2023-07-10
FONTCONFIG_FILE="$PWD/scripts/fontconfig/fonts.conf" soffice "-env:UserInstallation=file://$work/profile" \
  --headless --norestore --convert-to pdf --outdir "$work" "$work/bulletin.docx" >/dev/null
mkdir -p docs
pdftoppm -png -r 100 -f 1 -l 1 -singlefile "$work/bulletin.pdf" docs/bulletin-page1
echo "docs/bulletin-page1.png"
