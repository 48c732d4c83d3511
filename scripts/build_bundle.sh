#!/usr/bin/env bash
# Build the PyInstaller bundle here and smoke-test it: --version, then a headless run that
# opens a new database (migrations included), writes to it, reads it back and closes it, and
# prints a French letter that is read back from its PDF.
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
# ReportLab's C accelerators are in the bundle (imported through exec, PyInstaller needs telling)
compgen -G "build/dist/Relance/_internal/_rl_accel*" > /dev/null
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export QT_QPA_PLATFORM=offscreen RELANCE_DATA_DIR="$WORK/data"
"$BIN" --db "$WORK/smoke.sqlite3" demo --customers 5
"$BIN" --db "$WORK/smoke.sqlite3" aging --format json > "$WORK/aging.json"
grep -q '"customers"' "$WORK/aging.json"
"$BIN" --db "$WORK/smoke.sqlite3" dunning propose --format json > "$WORK/proposals.json"
grep -q '"proposals"' "$WORK/proposals.json"
# a French letter, drawn with the bundled fonts and texts, read back from its PDF
LANG=fr_FR.UTF-8 LC_ALL=fr_FR.UTF-8 LANGUAGE=fr \
  "$BIN" --db "$WORK/smoke.sqlite3" dunning run --letters "$WORK/lettres.pdf" > "$WORK/run.txt"
grep -q "lettres" "$WORK/run.txt"
"$PY" - "$WORK/lettres.pdf" <<'READ'
import sys

import pdfplumber

with pdfplumber.open(sys.argv[1]) as pdf:
    text = pdf.pages[0].extract_text() or ""
assert "facture" in text.lower() and "€" in text, text[:500]
print("French letter OK:", text.splitlines()[0])
READ
echo "bundle OK: $(du -sh build/dist/Relance | cut -f1)"
