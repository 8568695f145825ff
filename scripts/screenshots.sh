#!/usr/bin/env bash
# Starts the app under Xvfb at 1366x768, walks through every main view in Indonesian and
# English, and saves a screenshot of each to docs/screenshots/ (or the folder given).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-docs/screenshots}"
scripts/setup.sh --test
export PATH="$HOME/.cargo/bin:$PATH"
cargo build --locked --bin plm-desk
mkdir -p "$out"
export GDK_BACKEND=x11 GSETTINGS_BACKEND=memory NO_AT_BRIDGE=1 PLM_DESK_SHOTS="$(realpath "$out")"
xvfb-run -a -s "-screen 0 1366x768x24" \
  target/e2e-venv/bin/python -m pytest -p no:cacheprovider -q tests/e2e/test_screenshots.py tests/e2e/test_headquarters.py
echo "screenshots in $out"
