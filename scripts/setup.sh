#!/usr/bin/env bash
# Installs what PLM Desk needs on Debian 12 that is not there yet. Safe to run again.
#   scripts/setup.sh          system packages to build and run the app
#   scripts/setup.sh --test   plus what the tests need (Xvfb, WebKitWebDriver, poppler,
#                             tauri-driver, and a Python venv with selenium and pytest)
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

pkgs=(build-essential pkg-config curl file libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev
      libayatana-appindicator3-dev libssl-dev libdbus-1-dev perl)
if [ $want_test = 1 ]; then
  # libreoffice-writer-nogui: the tests open the activity report DOCX as Word users will
  pkgs+=(xvfb webkit2gtk-driver poppler-utils python3-venv libreoffice-writer-nogui)
fi

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# python3-venv is Debian's; a pyenv Python has venv built in.
if [ $want_test = 1 ] && python3 -c 'import venv, ensurepip' 2>/dev/null; then
  tmp=(); for p in "${missing[@]}"; do [ "$p" = python3-venv ] || tmp+=("$p"); done; missing=("${tmp[@]}")
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v cargo >/dev/null; then
  echo "setup: Rust is missing. Install it with rustup (https://rustup.rs) and run this again." >&2
  exit 1
fi

if [ $want_test = 1 ]; then
  export PATH="$HOME/.cargo/bin:$PATH"
  if ! cargo clippy --version >/dev/null 2>&1 && command -v rustup >/dev/null; then
    echo "setup: adding clippy"
    rustup component add clippy
  fi
  if ! command -v tauri-driver >/dev/null; then
    echo "setup: installing tauri-driver"
    cargo install tauri-driver --locked --version "^2" --quiet
  fi
  venv=target/e2e-venv
  if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import selenium, pytest' 2>/dev/null; then
    echo "setup: preparing the Python venv for the end-to-end tests"
    mkdir -p target
    python3 -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r tests/e2e/requirements.txt
  fi
fi
