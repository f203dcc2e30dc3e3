#!/usr/bin/env bash
# Set up everything the project needs on a fresh Debian machine: system packages and a
# virtual environment with the pinned Python packages. Safe to run again: it only does
# what is missing. Used by `make run`, `make test` and .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

# fonts-dejavu-core: the Vietnamese-capable font the OCR tests render known text in.
# chromium: the headless browser tests/test_browser.py drives through Playwright.
# postgresql: the store tests start a throw-away PostgreSQL server (tests/postgres.py).
APT_PACKAGES=(poppler-utils tesseract-ocr tesseract-ocr-eng tesseract-ocr-vie libreoffice-writer-nogui fonts-dejavu-core chromium postgresql)
missing=()
for package in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  echo "setup: installing system packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv"
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ requirements.lock -nt "$stamp" ]; then
  echo "setup: installing Python packages (pinned in pyproject.toml and requirements.lock)"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -c requirements.lock -e ".[dev]"
  touch "$stamp"
fi
