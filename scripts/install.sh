#!/usr/bin/env bash
# Installs everything evidence-check needs on a fresh Debian/Ubuntu machine:
# Debian packages (Tesseract with Chinese, poppler, a CJK font) and a virtualenv in .venv.
# Usage: scripts/install.sh [--test]   (--test adds the test/benchmark extras)
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-osd poppler-utils fonts-wqy-microhei python3-venv)
# --test: the review pages' browser tests drive Debian's Chromium (/usr/bin/chromium; no browser download)
[ "${1:-}" = "--test" ] && APT_PACKAGES+=(chromium)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing Debian packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PY="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
extras=""
[ "${1:-}" = "--test" ] && extras="[test]"
.venv/bin/pip install -q --disable-pip-version-check -e ".${extras}"
echo "evidence-check installed in .venv"
