#!/usr/bin/env bash
# Sets up what is missing, builds PLM Desk (release) and opens the window.
# The database is created on first start in the app's data folder
# (~/.local/share/id.go.perpusnas.plmdesk on Linux); pass --data DIR to use another.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec cargo run --release --quiet -- "$@"
