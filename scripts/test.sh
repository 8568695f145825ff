#!/usr/bin/env bash
# Sets up what is missing and runs every test: formatting, the library's unit tests, the
# command line and Tauri command tests, the end-to-end tests in the real window under
# Xvfb, then the Windows build and its tests under Wine (scripts/windows.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
export PATH="$HOME/.cargo/bin:$PATH"

# free disk space at each step, so that a full disk on a CI machine shows where it filled
disk() { echo "   (free disk: $(df -h --output=avail . | tail -n1 | tr -d ' '), target/: $(du -sh target 2>/dev/null | cut -f1))"; }

echo "== cargo fmt --check"
cargo fmt --all --check

echo "== cargo clippy (every crate and target, warnings are errors)"
cargo clippy --workspace --all-targets --locked -- -D warnings

disk
echo "== cargo test (library, command line, Tauri commands)"
# database keys of the tests' throwaway data folders go to key files under target/ (the
# system key store, where there is one, is left alone)
PLM_DESK_KEY_DIR="$PWD/target/tmp/test-keys" cargo test --workspace --locked

disk
echo "== end-to-end tests in the real window (Xvfb, tauri-driver, WebKitWebDriver)"
# the window tests use target/debug/plm-desk, which `cargo test` has just built for the
# command-line tests; `cargo build --bin` would build it again with another feature set
# (dev-dependencies unify features for tests) and recompile part of the tree
test -x target/debug/plm-desk
export GDK_BACKEND=x11 GSETTINGS_BACKEND=memory NO_AT_BRIDGE=1
xvfb-run -a -s "-screen 0 1366x768x24" \
  target/e2e-venv/bin/python -m pytest -p no:cacheprovider -o faulthandler_timeout=120 tests/e2e "$@"

disk
echo "== Windows: cross-build, tests under Wine, headless flow, installer"
scripts/windows.sh
disk
