#!/usr/bin/env bash
# Build the Linux packages of writer-app, in one command, from the repository root or anywhere:
#
#     ./scripts/setup.sh && packaging/build_linux.sh            # add WRITER_APP_EMBED_DEMO=1 to
#                                                               # ship the 98 MB demo model inside
#
# Produces, under build/packaging/ (git-ignored):
#   dist/writer-app/                              the PyInstaller one-folder bundle
#   writer-app-<version>-linux-x86_64.tar.gz      that bundle + a launcher + a .desktop + the icon
#   writer-app_<version>_amd64.deb                installs to /opt/writer-app, /usr/bin/writer-app,
#                                                 /usr/share/applications, hicolor icon
# and prints the bundle size (du -sh) and the build time.  Then: packaging/smoke_test.sh.
#
# The bundle is only as portable as the llama-cpp-python in .venv.  A distributed build MUST be
# compiled with CMAKE_ARGS="-DGGML_NATIVE=OFF" (plus the explicit AVX2/FMA/F16C flags):
# scripts/setup.sh does that on x86-64.  A -march=native build (plain `pip install` on the build
# machine) runs there and dies with SIGILL on a writer's older CPU (or SIGSEGV in AMX kernels, see
# docs/stack-facts.md#native-builds-are-not-portable).  The check below refuses a native build
# unless WRITER_APP_ALLOW_NATIVE=1.
# The bundle also carries the glibc requirement of the build machine: build on the oldest distro
# you support (e.g. in a Debian 12 container) for the widest reach.
#
# AppImage: not produced.  appimagetool is not in Debian's archive nor on PyPI (it is only a
# GitHub release binary), and this workplace cannot fetch that.  The tar.gz is the portable form.
set -euo pipefail
started=$(date +%s)
cd "$(dirname "$0")/.."
ROOT=$(pwd)
VENV=${VENV:-$ROOT/.venv}
PY=$VENV/bin/python
OUT=$ROOT/build/packaging
ARCH=$(uname -m)
[ "$ARCH" = x86_64 ] && DEB_ARCH=amd64 || DEB_ARCH=$(dpkg --print-architecture 2>/dev/null || echo "$ARCH")

[ -x "$PY" ] || { echo "build_linux: no $PY; run ./scripts/setup.sh first" >&2; exit 1; }
VERSION=$("$PY" -c 'import writer_app; print(writer_app.__version__)')

# 1. PyInstaller into the venv (the only thing this script ever installs there).
if ! "$PY" -c 'import PyInstaller' 2>/dev/null; then
  echo "build_linux: installing pyinstaller into $VENV"
  "$PY" -m pip install --quiet pyinstaller
fi

# 2. Refuse a llama.cpp that uses instructions a writer's CPU may lack.  The portable x86-64
#    build (GGML_NATIVE=OFF, AVX2/FMA/F16C) has no AVX-512 (zmm) and no AMX (tile*) instructions;
#    a -march=native build made on an AVX-512/AMX machine has them.  (A native build made on an
#    AVX2-only machine passes this check and is equivalent to the portable one.)
if [ "${WRITER_APP_ALLOW_NATIVE:-0}" != 1 ] && [ "$ARCH" = x86_64 ] && command -v objdump >/dev/null; then
  cpu_lib=$("$PY" -c 'import llama_cpp, pathlib; print(sorted((pathlib.Path(llama_cpp.__file__).parent / "lib").glob("libggml-cpu*.so*"))[0])')
  if objdump -d "$cpu_lib" | grep -qE '%zmm|ldtilecfg|tdpb'; then
    echo "build_linux: $cpu_lib uses AVX-512/AMX: a -march=native build, not for distribution." >&2
    echo '  Rebuild with CMAKE_ARGS="-DGGML_NATIVE=OFF ..." (scripts/setup.sh), or WRITER_APP_ALLOW_NATIVE=1' >&2
    exit 1
  fi
fi

# 3. The one-folder bundle.
rm -rf "$OUT/dist" "$OUT/work" "$OUT/stage"
mkdir -p "$OUT"
echo "build_linux: PyInstaller (about 1-2 minutes on two cores)"
"$VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN \
  --distpath "$OUT/dist" --workpath "$OUT/work" packaging/writer-app.spec
BUNDLE=$OUT/dist/writer-app
[ -x "$BUNDLE/writer-app" ] || { echo "build_linux: no bundle at $BUNDLE" >&2; exit 1; }
# No test files in the bundle (PySide6/numpy wheels ship some of their own).
find "$BUNDLE" -depth -type d \( -name tests -o -name testing \) -path '*/_internal/*' \
  -not -path '*/numpy/*' -exec rm -rf {} + 2>/dev/null || true

DESKTOP_ENTRY='[Desktop Entry]
Type=Application
Name=writer-app
GenericName=Drafting editor
Comment=A calm editor whose local model suggests the next lines as grey ghost text
Exec=writer-app %f
Icon=writer-app
Terminal=false
Categories=Office;WordProcessor;TextEditor;
MimeType=text/plain;text/markdown;
Keywords=novel;writing;draft;'

# 4. tar.gz: writer-app-<version>/ with the bundle, a launcher and a .desktop the writer can install.
NAME=writer-app-$VERSION
STAGE=$OUT/stage/$NAME
mkdir -p "$STAGE"
cp -a "$BUNDLE" "$STAGE/app"
cp resources/icons/writer-app.svg "$STAGE/writer-app.svg"
cat > "$STAGE/writer-app" <<'EOF'
#!/bin/sh
# Launcher: runs the bundled app wherever this folder was unpacked.
here=$(dirname "$(readlink -f "$0")")
exec "$here/app/writer-app" "$@"
EOF
chmod 755 "$STAGE/writer-app"
cat > "$STAGE/install-desktop-entry.sh" <<'EOF'
#!/bin/sh
# Adds writer-app to your applications menu (for you only; no root needed).
set -e
here=$(dirname "$(readlink -f "$0")")
apps=${XDG_DATA_HOME:-$HOME/.local/share}/applications
icons=${XDG_DATA_HOME:-$HOME/.local/share}/icons/hicolor/scalable/apps
mkdir -p "$apps" "$icons"
cp "$here/writer-app.svg" "$icons/writer-app.svg"
sed "s|^Exec=writer-app|Exec=\"$here/writer-app\"|" "$here/writer-app.desktop" > "$apps/writer-app.desktop"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$apps" || true
echo "writer-app is in your applications menu now."
EOF
chmod 755 "$STAGE/install-desktop-entry.sh"
printf '%s\n' "$DESKTOP_ENTRY" > "$STAGE/writer-app.desktop"
cat > "$STAGE/README.txt" <<EOF
writer-app $VERSION for Linux (x86-64)

Start it:            double-click "writer-app" in this folder, or run ./writer-app
Add it to the menu:  ./install-desktop-entry.sh
Headless:            echo "It was" | ./writer-app complete --model MODEL.gguf

A real window needs the X11/Wayland libraries most desktops have; on a minimal Debian/Ubuntu:
  sudo apt-get install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libegl1 libfontconfig1 fonts-wqy-microhei
EOF
TARBALL=$OUT/$NAME-linux-$ARCH.tar.gz
tar -C "$OUT/stage" -czf "$TARBALL" "$NAME"

# 5. .deb via dpkg-deb.
DEB_ROOT=$OUT/stage/deb
mkdir -p "$DEB_ROOT/DEBIAN" "$DEB_ROOT/opt" "$DEB_ROOT/usr/bin" \
  "$DEB_ROOT/usr/share/applications" "$DEB_ROOT/usr/share/icons/hicolor/scalable/apps"
cp -a "$BUNDLE" "$DEB_ROOT/opt/writer-app"
cat > "$DEB_ROOT/usr/bin/writer-app" <<'EOF'
#!/bin/sh
exec /opt/writer-app/writer-app "$@"
EOF
chmod 755 "$DEB_ROOT/usr/bin/writer-app"
printf '%s\n' "$DESKTOP_ENTRY" > "$DEB_ROOT/usr/share/applications/writer-app.desktop"
cp resources/icons/writer-app.svg "$DEB_ROOT/usr/share/icons/hicolor/scalable/apps/writer-app.svg"
SIZE_KB=$(du -sk "$DEB_ROOT" | cut -f1)
cat > "$DEB_ROOT/DEBIAN/control" <<EOF
Package: writer-app
Version: $VERSION
Section: editors
Priority: optional
Architecture: $DEB_ARCH
Installed-Size: $SIZE_KB
Depends: libc6 (>= 2.31), libxcb-cursor0, libxcb-icccm4, libxcb-keysyms1, libxkbcommon-x11-0, libegl1, libfontconfig1, fonts-wqy-microhei | fonts-noto-cjk, libenchant-2-2, hunspell-en-us | hunspell-dictionary
Maintainer: writer-app developers <writer-app@localhost>
Homepage: https://example.invalid/writer-app
Description: offline drafting companion for novelists
 A calm plain-text editor; Ctrl+Return asks a small language model running on
 your own computer (llama.cpp) to continue the text as grey ghost text.
 Tab keeps it, Esc drops it. Nothing leaves the machine.
EOF
cat > "$DEB_ROOT/DEBIAN/postinst" <<'EOF'
#!/bin/sh
set -e
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q /usr/share/applications || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t /usr/share/icons/hicolor || true
exit 0
EOF
cp "$DEB_ROOT/DEBIAN/postinst" "$DEB_ROOT/DEBIAN/postrm"
chmod 755 "$DEB_ROOT/DEBIAN/postinst" "$DEB_ROOT/DEBIAN/postrm"
DEB=$OUT/writer-app_${VERSION}_$DEB_ARCH.deb
dpkg-deb --root-owner-group -Zxz --build "$DEB_ROOT" "$DEB" >/dev/null
rm -rf "$OUT/stage"

elapsed=$(( $(date +%s) - started ))
echo "build_linux: done in ${elapsed}s"
echo "  bundle   $(du -sh "$BUNDLE" | cut -f1)  $BUNDLE"
echo "  tar.gz   $(du -sh "$TARBALL" | cut -f1)  $TARBALL"
echo "  deb      $(du -sh "$DEB" | cut -f1)  $DEB"
