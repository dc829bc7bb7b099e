#!/usr/bin/env bash
# Install what printing workbooks to PDF needs on Debian or Ubuntu.
#
# Debian packages, with apt-get when one is missing: LibreOffice Calc and
# Writer (Writer renders the Word bulletin), the Noto CJK fonts, Carlito and
# poppler-utils. Carlito is metric-compatible
# with Calibri, whose digit width sets the unit of Excel column widths, and
# the tests read PDFs back with poppler's pdftotext and pdftoppm. Then the
# font aliases in fonts/65-ecomonitor-cjk.conf, so that 宋体, 仿宋, 黑体 and their
# English names print in Noto CJK: for the current user by default, or for
# everyone with --system.
#
# Usage: scripts/setup-print.sh [--system]
set -euo pipefail
cd "$(dirname "$0")/.."

scope="user"
case "${1:-}" in
  --system) scope="system" ;;
  "") ;;
  *) echo "usage: scripts/setup-print.sh [--system]" >&2; exit 2 ;;
esac

missing=()
installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep "ok installed" >/dev/null
}
# grep reads the whole list (no -q), so fc-list never dies of SIGPIPE under pipefail.
has_font() {
  fc-list 2>/dev/null | grep -i "$1" >/dev/null
}
command -v soffice >/dev/null || missing+=(libreoffice-calc)
installed libreoffice-writer || missing+=(libreoffice-writer)
command -v pdftoppm >/dev/null || missing+=(poppler-utils)
has_font "Noto Sans CJK" || missing+=(fonts-noto-cjk)
has_font "Carlito" || missing+=(fonts-crosextra-carlito)
if [ "${#missing[@]}" -gt 0 ]; then
  sudo_prefix=""
  if [ "$(id -u)" -ne 0 ]; then sudo_prefix="sudo"; fi
  $sudo_prefix apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo_prefix apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

aliases="fonts/65-ecomonitor-cjk.conf"
if [ "$scope" = "system" ]; then
  target="/etc/fonts/conf.d/65-ecomonitor-cjk.conf"
  sudo_prefix=""
  if [ "$(id -u)" -ne 0 ]; then sudo_prefix="sudo"; fi
  $sudo_prefix install -m 0644 "$aliases" "$target"
else
  target="${XDG_CONFIG_HOME:-$HOME/.config}/fontconfig/conf.d/65-ecomonitor-cjk.conf"
  install -D -m 0644 "$aliases" "$target"
fi
echo "font aliases installed: $target"
echo "宋体 -> $(fc-match -f '%{family}' 宋体)"
echo "黑体 -> $(fc-match -f '%{family}' 黑体)"
