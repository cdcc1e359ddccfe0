#!/usr/bin/env bash
# Build writer-app.app and a .dmg on macOS (Apple silicon or Intel).  NOT run here (the project's
# machines are Linux); see BUILD.md.  One command from the repository root:
#
#     packaging/macos/build_macos.sh
#
# Environment: WRITER_APP_EMBED_DEMO=1 ships the demo model inside; CODESIGN_IDENTITY="Developer ID
# Application: NAME (TEAMID)" signs; NOTARY_PROFILE=name (from `xcrun notarytool store-credentials`)
# notarises and staples.  Without them the .dmg is unsigned (Gatekeeper: right-click ▸ Open).
set -euo pipefail
started=$(date +%s)
cd "$(dirname "$0")/../.."
VENV=${VENV:-.venv}
PY=$VENV/bin/python
OUT=build/packaging
ARCH=$(uname -m)

if [ ! -x "$PY" ]; then
  python3 -m venv "$VENV"
  # Metal build of llama.cpp (the default on Apple silicon; explicit here).  On Intel Macs use
  # CMAKE_ARGS="-DGGML_METAL=off -DGGML_NATIVE=OFF -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON".
  # GGML_NATIVE=OFF keeps an arm64 build from using instructions of this Mac's newer chip only.
  if [ "$ARCH" = arm64 ]; then
    export CMAKE_ARGS=${CMAKE_ARGS:-"-DGGML_METAL=on -DGGML_NATIVE=OFF"}
  fi
  "$PY" -m pip install --quiet --upgrade pip
  "$PY" -m pip install --quiet --no-cache-dir -e .
fi
"$PY" -c 'import PyInstaller' 2>/dev/null || "$PY" -m pip install --quiet pyinstaller
VERSION=$("$PY" -c 'import writer_app; print(writer_app.__version__)')

# The icon: .icns from the SVG (qlmanage renders SVG; sips + iconutil are part of macOS).
ICNS=packaging/macos/writer-app.icns
if [ ! -f "$ICNS" ]; then
  tmp=$(mktemp -d)
  qlmanage -t -s 1024 -o "$tmp" resources/icons/writer-app.svg >/dev/null
  mkdir "$tmp/writer-app.iconset"
  for s in 16 32 128 256 512; do
    sips -z $s $s "$tmp/writer-app.svg.png" --out "$tmp/writer-app.iconset/icon_${s}x${s}.png" >/dev/null
    sips -z $((s * 2)) $((s * 2)) "$tmp/writer-app.svg.png" --out "$tmp/writer-app.iconset/icon_${s}x${s}@2x.png" >/dev/null
  done
  iconutil -c icns "$tmp/writer-app.iconset" -o "$ICNS"
  rm -rf "$tmp"
fi

rm -rf "$OUT/dist" "$OUT/work"
WRITER_APP_CONSOLE=0 "$VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN \
  --distpath "$OUT/dist" --workpath "$OUT/work" packaging/writer-app.spec
APP=$OUT/dist/writer-app.app
[ -d "$APP" ] || { echo "build_macos: no $APP" >&2; exit 1; }

if [ -n "${CODESIGN_IDENTITY:-}" ]; then
  # Hardened runtime is required for notarisation; llama.cpp's Metal backend and ctypes need no
  # extra entitlements, but PyInstaller's bootloader may need allow-unsigned-executable-memory
  # with some Python builds: add an entitlements plist if notarised builds fail to start.
  codesign --force --deep --options runtime --timestamp --sign "$CODESIGN_IDENTITY" "$APP"
  codesign --verify --deep --strict --verbose=2 "$APP"
fi

DMG=$OUT/writer-app-$VERSION-macos-$ARCH.dmg
stage=$(mktemp -d)
cp -R "$APP" "$stage/"
ln -s /Applications "$stage/Applications"   # drag-to-install
rm -f "$DMG"
hdiutil create -volname "writer-app $VERSION" -srcfolder "$stage" -ov -format UDZO "$DMG"
rm -rf "$stage"

if [ -n "${CODESIGN_IDENTITY:-}" ]; then
  codesign --force --timestamp --sign "$CODESIGN_IDENTITY" "$DMG"
fi
if [ -n "${NOTARY_PROFILE:-}" ]; then
  xcrun notarytool submit "$DMG" --keychain-profile "$NOTARY_PROFILE" --wait
  xcrun stapler staple "$DMG"
fi

echo "build_macos: done in $(( $(date +%s) - started ))s"
echo "  app  $(du -sh "$APP" | cut -f1)  $APP"
echo "  dmg  $(du -sh "$DMG" | cut -f1)  $DMG"
echo "Check: WRITER_APP_TEST_BUNDLE=$APP $PY -m pytest tests/packaging"
