#!/usr/bin/env bash
# Build Relance.app and Relance.dmg; sign and notarise when the credentials are given:
#   MACOS_SIGN_IDENTITY   "Developer ID Application: …"   (codesign)
#   MACOS_NOTARY_PROFILE  a notarytool keychain profile    (xcrun notarytool submit --wait)
# Without them the steps are skipped with a note, and the unsigned .dmg is still produced.
set -euo pipefail
cd "$(dirname "$0")/../.."
python3 -m pip install -q -e . "pyinstaller>=6.10" "dmgbuild>=1.6"
python3 -m PyInstaller --noconfirm --distpath build/dist --workpath build/work installer/relance.spec
APP=build/dist/Relance.app
"$APP/Contents/MacOS/Relance" --version
if [ -n "${MACOS_SIGN_IDENTITY:-}" ]; then
  codesign --deep --force --options runtime --timestamp --sign "$MACOS_SIGN_IDENTITY" "$APP"
else
  echo "MACOS_SIGN_IDENTITY not set: the app is not signed"
fi
VERSION=$(python3 installer/project_version.py)
DMG="build/Relance-$VERSION.dmg"
dmgbuild -s installer/macos/dmg_settings.py -D app="$APP" Relance "$DMG"
if [ -n "${MACOS_SIGN_IDENTITY:-}" ] && [ -n "${MACOS_NOTARY_PROFILE:-}" ]; then
  codesign --sign "$MACOS_SIGN_IDENTITY" --timestamp "$DMG"
  xcrun notarytool submit "$DMG" --keychain-profile "$MACOS_NOTARY_PROFILE" --wait
  xcrun stapler staple "$DMG"
else
  echo "MACOS_NOTARY_PROFILE not set: the disk image is not notarised"
fi
MOUNT=$(mktemp -d)
hdiutil attach -nobrowse -mountpoint "$MOUNT" "$DMG" >/dev/null
"$MOUNT/Relance.app/Contents/MacOS/Relance" --version
hdiutil detach "$MOUNT" >/dev/null
echo "built $DMG"
