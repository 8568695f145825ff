#!/usr/bin/env bash
# PLM Desk as a Windows program, proven on this Debian machine:
#   1. cross-builds the app for x86_64-pc-windows-gnu (Debian's mingw-w64);
#   2. runs the domain crate's tests and the command-line and Tauri command tests as
#      Windows programs under Wine;
#   3. runs a headless flow with the .exe (event, rosters, check-ins with a signature,
#      every PDF checked with poppler here, data files both ways between the Windows and
#      Linux builds) and checks the missing-WebView2 message;
#   4. builds the installer (target/windows/plm-desk-setup.exe) with Debian's makensis,
#      installs it silently under Wine, runs the installed exe, and uninstalls it.
# Called by scripts/test.sh (so CI runs it); safe to run alone.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

TARGET=x86_64-pc-windows-gnu
OUT=target/windows
mkdir -p "$OUT"

step() { echo "== windows: $*"; }

# --- what this needs ------------------------------------------------------------------
pkgs=(mingw-w64 wine nsis poppler-utils)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  step "installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if ! rustup target list --installed 2>/dev/null | grep -qx "$TARGET"; then
  step "adding the Rust target $TARGET"
  rustup target add "$TARGET" || {
    echo "windows: the Rust standard library for $TARGET is missing and could not be downloaded." >&2
    echo "windows: on a machine with internet run: rustup target add $TARGET" >&2
    exit 1
  }
fi

# --- 1. the build ---------------------------------------------------------------------
# Without debug info: a 2-core CI machine links a 60 MB exe instead of 450 MB, and Wine
# starts it faster. Only the Windows artifacts differ; the Linux build is untouched.
wcargo() { CARGO_PROFILE_DEV_DEBUG=0 cargo "$@"; }
step "cross-building the app and the tests"
# the test build makes plm-desk.exe and plm-desk-cli.exe too (the integration tests run
# them), with the same features as the tests: Tauri is compiled once
wcargo test --locked --target "$TARGET" --workspace --no-run
EXE_DIR="target/$TARGET/debug"
EXE="$EXE_DIR/plm-desk.exe"
LOADER=$(ls -t target/$TARGET/debug/build/webview2-com-sys-*/out/x64/WebView2Loader.dll | head -n1)
# WebView2Loader.dll must sit beside every exe that links Tauri (the tests too)
cp "$LOADER" "$EXE_DIR/"
cp "$LOADER" "$EXE_DIR/deps/"

# --- Wine -----------------------------------------------------------------------------
export WINEPREFIX="$PWD/target/wine"
export WINEDLLOVERRIDES="mscoree,mshtml="
export WINEDEBUG=-all
if [ ! -f "$WINEPREFIX/system.reg" ]; then
  step "making the Wine prefix"
  wineboot -i >/dev/null 2>&1 || true
fi
# Debian 12's Wine 8.0 lacks bcryptprimitives.dll (ProcessPrng), which every Rust exe
# imports: a small stand-in for testing only (never shipped).
SYS32="$WINEPREFIX/drive_c/windows/system32"
if [ ! -f "$SYS32/bcryptprimitives.dll" ] || [ scripts/windows/bcryptprimitives.c -nt "$SYS32/bcryptprimitives.dll" ]; then
  x86_64-w64-mingw32-gcc -O2 -shared -o "$OUT/bcryptprimitives.dll" \
    scripts/windows/bcryptprimitives.c scripts/windows/bcryptprimitives.def -ladvapi32
  cp "$OUT/bcryptprimitives.dll" "$SYS32/"
fi
wineserver -p >/dev/null 2>&1 || true

# --- 2. the tests as Windows programs -------------------------------------------------
step "domain, command-line and Tauri command tests under Wine"
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER=wine
wcargo test --locked --target "$TARGET" --workspace -- --test-threads=2
unset CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER

# --- 3. a headless flow with the .exe -------------------------------------------------
step "headless flow with plm-desk.exe"
# the Linux build as `cargo test` makes it (the same feature set: nothing recompiled)
cargo test --locked --workspace --no-run >/dev/null 2>&1 || cargo test --locked --workspace --no-run
LINUX=target/debug/plm-desk
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
W="$WORK/venue-win"; L="$WORK/hq-linux"; mkdir -p "$W" "$L"
winpath() { winepath -w "$1" 2>/dev/null; }
win() { wine "$EXE" --data "$(winpath "$W")" --json "$@"; }
lin() { "$LINUX" --data "$L" --json "$@"; }
field() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval('d' + sys.argv[1]))" "$1"; }
ev=$(win event create --title "PLM Kalimantan Selatan" --province 63 --city Banjarbaru --start 2022-07-05 --days 2 | field "['id']")
for f in roster-kalsel.csv roster-messy-semicolon-cp1252.csv roster-excel-numbers.xlsx roster-libreoffice.ods roster-tab-english.tsv; do
  # the same file, previewed by both builds: the same report
  a=$(win roster import "$(winpath "$PWD/tests/fixtures/$f")" --event "$ev" --dry-run | field "['imported'], d['updated'], len(d['duplicates']), len(d['rejected'])")
  lev=$(lin event create --title "Banding $f" --province 63 --start 2022-07-05 --days 2 | field "['id']")
  b=$(lin roster import "tests/fixtures/$f" --event "$lev" --dry-run | field "['imported'], d['updated'], len(d['duplicates']), len(d['rejected'])")
  [ "$a" = "$b" ] || { echo "windows: $f: Windows $a, Linux $b" >&2; exit 1; }
  lin event delete "$lev" >/dev/null
done
win roster import "$(winpath "$PWD/tests/fixtures/roster-kalsel.csv")" --event "$ev" >/dev/null
codes=$(win participant list --event "$ev" | python3 -c "import json,sys; print(' '.join(p['code'] for p in json.load(sys.stdin)[:6]))")
sig=$(winpath "$PWD/tests/fixtures/signature.png")
for c in $codes; do
  win checkin --event "$ev" --code "$c" --day 1 --signature "$sig" >/dev/null
done
present=$(win attendance list --event "$ev" --day 1 | field "['present']")
[ "$present" = 6 ] || { echo "windows: expected 6 present, got $present" >&2; exit 1; }
# encrypted at rest, the key in Windows' Credential Manager (Wine keeps it in its registry)
doc=$(win doctor)
[ "$(echo "$doc" | field "['encrypted']")" = True ] || { echo "windows: the database is not encrypted" >&2; exit 1; }
[ "$(echo "$doc" | field "['key_store']")" = system ] || { echo "windows: the key is not in Credential Manager: $doc" >&2; exit 1; }
if grep -aq "082143386965" "$W/plm-desk.sqlite3"; then echo "windows: the database shows a participant's phone" >&2; exit 1; fi
pdf() { win export "$@" >/dev/null; }
pdf attendance --event "$ev" --day 1 --out "$(winpath "$WORK/hadir.pdf")"
pdf attendance --event "$ev" --day 2 --blank --paper f4 --out "$(winpath "$WORK/kosong.pdf")"
pdf badges --event "$ev" --out "$(winpath "$WORK/badges.pdf")"
pdf certificates --event "$ev" --out "$(winpath "$WORK/sertifikat.pdf")"
pdf plans --event "$ev" --out "$(winpath "$WORK/rtl.pdf")"
pdf summary --event "$ev" --out "$(winpath "$WORK/ringkasan.pdf")"
# a file name as a facilitator types it keeps its characters (– ’ and the comma)
pdf attendance --event "$ev" --day 1 --out "$(winpath "$WORK/Daftar hadir – Hari ke-1 (Ma’rufah, Banjarbaru).pdf")"
[ -f "$WORK/Daftar hadir – Hari ke-1 (Ma’rufah, Banjarbaru).pdf" ] || { echo "windows: a file name with Indonesian punctuation was not kept" >&2; exit 1; }
for f in hadir kosong badges sertifikat rtl ringkasan; do
  pdfinfo "$WORK/$f.pdf" >/dev/null || { echo "windows: $f.pdf is not a PDF poppler reads" >&2; exit 1; }
done
pdftotext -raw "$WORK/hadir.pdf" - | grep -q "DAFTAR HADIR" || { echo "windows: hadir.pdf has no heading" >&2; exit 1; }
[ "$(pdfimages -list "$WORK/hadir.pdf" | tail -n +3 | wc -l)" -ge 6 ] || { echo "windows: signatures missing from hadir.pdf" >&2; exit 1; }
pdfinfo "$WORK/kosong.pdf" | grep -Eq "609\.4[0-9]* x 935\.4[0-9]*" || { echo "windows: kosong.pdf is not F4" >&2; exit 1; }
# data files: Windows venue -> Linux headquarters, Linux venue -> Windows desk
pub=$(lin hq init --out "$WORK/keys" | field "['public_key']")
win sync set-hq "$pub" >/dev/null
win sync export --event "$ev" --out "$(winpath "$WORK/win.plmsync")" >/dev/null
added=$(lin sync import "$WORK/win.plmsync" | field "['added']")
[ "$added" -gt 30 ] || { echo "windows: Linux headquarters took only $added rows" >&2; exit 1; }
lin_present=$(lin attendance list --event "$ev" --day 1 | field "['present']")
[ "$lin_present" = 6 ] || { echo "windows: Linux sees $lin_present present" >&2; exit 1; }
wkey=$(win sync key | field "['public_key']")
V="$WORK/venue-linux"
lev=$("$LINUX" --data "$V" --json event create --title "PLM Linux" --province 63 --start 2022-07-05 --days 1 | python3 -c "import json,sys; print(json.load(sys.stdin)['id'])")
"$LINUX" --data "$V" --json participant add --event "$lev" --name "Siti Aminah" >/dev/null
"$LINUX" --data "$V" --json sync export --event "$lev" --out "$WORK/lin.plmsync" --to "$wkey" >/dev/null
wadded=$(win sync import "$(winpath "$WORK/lin.plmsync")" | field "['added']")
[ "$wadded" -ge 2 ] || { echo "windows: the Windows build took only $wadded rows" >&2; exit 1; }
# no WebView2 under Wine: the window refuses in the user's language, logs it, exits 1
set +e
PLM_DESK_NO_MESSAGE_BOX=1 wine "$EXE" --data "$(winpath "$W")" 2>"$WORK/nowv2.txt"
rc=$?
set -e
[ $rc = 1 ] || { echo "windows: without WebView2 the window exited $rc, not 1" >&2; cat "$WORK/nowv2.txt" >&2; exit 1; }
grep -q "WebView2 Runtime" "$WORK/nowv2.txt" || { echo "windows: no message without WebView2" >&2; exit 1; }
cat "$W"/logs/*.log | grep -q "WebView2 runtime missing" || { echo "windows: not logged" >&2; exit 1; }

# --- 4. the installer -----------------------------------------------------------------
step "installer"
STAGE="$OUT/stage"
rm -rf "$STAGE"; mkdir -p "$STAGE"
cp "$EXE" "$EXE_DIR/plm-desk-cli.exe" "$LOADER" "$STAGE/"
x86_64-w64-mingw32-strip "$STAGE/plm-desk.exe" "$STAGE/plm-desk-cli.exe"
VERSION=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)
makensis -V2 -DVERSION="$VERSION" -DSTAGE="$PWD/$STAGE" -DOUT="$PWD/$OUT/plm-desk-setup.exe" \
  -DICON="$PWD/assets/icons/icon.ico" scripts/windows/installer.nsi
ls -la "$OUT/plm-desk-setup.exe"
wine "$OUT/plm-desk-setup.exe" /S
APPDIR="$WINEPREFIX/drive_c/users/${USER:-$(id -un)}/AppData/Local/Programs/PLM Desk"
[ -d "$APPDIR" ] || APPDIR=$(find "$WINEPREFIX/drive_c/users" -type d -path "*Programs/PLM Desk" | head -n1)
[ -f "$APPDIR/plm-desk.exe" ] && [ -f "$APPDIR/WebView2Loader.dll" ] || { echo "windows: the installer put nothing in place" >&2; exit 1; }
find "$WINEPREFIX/drive_c/users" -name "PLM Desk.lnk" -path "*Start Menu*" | grep -q . || { echo "windows: no Start menu entry" >&2; exit 1; }
# the installed exe, with its default data folder (%APPDATA%\id.go.perpusnas.plmdesk)
rm -rf "$WINEPREFIX/drive_c/users/${USER:-$(id -un)}/AppData/Roaming/id.go.perpusnas.plmdesk"
wine "$APPDIR/plm-desk.exe" --json event create --title "Terpasang" --province 63 --start 2022-07-05 --days 1 >/dev/null
I=$(find "$WINEPREFIX/drive_c/users" -type d -name id.go.perpusnas.plmdesk -path "*Roaming*" | head -n1)
[ -n "$I" ] && [ -f "$I/plm-desk.sqlite3" ] || { echo "windows: the installed exe did not run" >&2; exit 1; }
# the console program beside it answers on the same database
wine "$APPDIR/plm-desk-cli.exe" --json event list | grep -q "Terpasang" || { echo "windows: plm-desk-cli.exe did not list the event" >&2; exit 1; }
wine "$APPDIR/uninstall.exe" /S
for _ in $(seq 1 60); do [ -f "$APPDIR/plm-desk.exe" ] || break; sleep 0.5; done
[ ! -f "$APPDIR/plm-desk.exe" ] || { echo "windows: the uninstaller left the exe" >&2; exit 1; }
[ -f "$I/plm-desk.sqlite3" ] || { echo "windows: the uninstaller removed data" >&2; exit 1; }
step "all green; installer at $OUT/plm-desk-setup.exe"
