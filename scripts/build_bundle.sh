#!/usr/bin/env bash
# Build the PyInstaller bundle here and smoke-test it: --version, then a headless run that
# opens a new database (migrations included), writes to it, reads it back and closes it.
#
#     PYTHON=.venv/bin/python scripts/build_bundle.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
"$PY" -m pip install -q "pyinstaller>=6.10"
"$PY" -m PyInstaller --noconfirm --log-level WARN \
  --distpath build/dist --workpath build/work installer/relance.spec
BIN=build/dist/Relance/Relance
[ -x "$BIN" ] || BIN=build/dist/Relance/Relance.exe
"$BIN" --version
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export QT_QPA_PLATFORM=offscreen RELANCE_DATA_DIR="$WORK/data"
"$BIN" --db "$WORK/smoke.sqlite3" demo --customers 5
"$BIN" --db "$WORK/smoke.sqlite3" aging --format json > "$WORK/aging.json"
grep -q '"customers"' "$WORK/aging.json"
"$BIN" --db "$WORK/smoke.sqlite3" dunning propose --format json > "$WORK/proposals.json"
grep -q '"proposals"' "$WORK/proposals.json"
echo "bundle OK: $(du -sh build/dist/Relance | cut -f1)"
