#!/usr/bin/env bash
# Smoke-test the BUILT Linux packages (never the source tree), after packaging/build_linux.sh:
#
#     packaging/smoke_test.sh [BUNDLE_DIR]
#
#   BUNDLE_DIR  the one-folder bundle (default build/packaging/dist/writer-app)
#   MODEL=...   a GGUF for `complete` (default: the SmolLM2 test model the test suite caches in
#               ~/.cache/writer-app-tests/, else the app's demo model in the user data dir)
#   DEB=... TARBALL=...  the packages to unpack and check (default: the ones in build/packaging/)
#
# Checks: --version; `complete` returns text; the GUI starts offscreen and exits with no traceback;
# under Xvfb (if xvfb-run and xdotool exist) the real window maps, is timed, and quits on Ctrl+Q
# with status 0; the tar.gz launcher and the .deb (extracted with dpkg-deb -x into a throwaway
# root) both run --version and complete.  Runs with throwaway XDG dirs: the developer's settings,
# recent files and journal are neither read nor touched.  Exit status 0 when every check passed.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BUNDLE=$(readlink -f "${1:-build/packaging/dist/writer-app}")
EXE=$BUNDLE/writer-app
DEB=${DEB:-$(ls -t build/packaging/writer-app_*.deb 2>/dev/null | head -1)}
TARBALL=${TARBALL:-$(ls -t build/packaging/writer-app-*-linux-*.tar.gz 2>/dev/null | head -1)}
if [ -z "${MODEL:-}" ]; then
  for m in "$HOME/.cache/writer-app-tests/SmolLM2-135M-Instruct.Q4_1.gguf" \
           "${XDG_DATA_HOME:-$HOME/.local/share}/writer-app/models/SmolLM2-135M-Instruct.Q4_1.gguf"; do
    [ -f "$m" ] && MODEL=$m && break
  done
fi
[ -x "$EXE" ] || { echo "smoke: no bundle at $EXE (run packaging/build_linux.sh)" >&2; exit 1; }

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export HOME=$TMP/home XDG_CONFIG_HOME=$TMP/config XDG_DATA_HOME=$TMP/data \
  XDG_STATE_HOME=$TMP/state XDG_CACHE_HOME=$TMP/cache
mkdir -p "$HOME"
failures=0
pass() { echo "PASS  $*"; }
fail() { echo "FAIL  $*"; failures=$((failures + 1)); }
ms() { date +%s%N | cut -c1-13; }
# A line that means something went wrong, in a GUI run's stderr.
BAD='Traceback|Error|error:|Could not load the Qt platform plugin|Segmentation|Aborted|exception'

check_version() {  # $1 label, $2 executable
  local out
  out=$("$2" --version 2>&1) && [[ "$out" == "writer-app "* ]] && pass "$1 --version: $out" \
    || fail "$1 --version: $out"
}
check_complete() {  # $1 label, $2 executable
  if [ -z "${MODEL:-}" ]; then echo "SKIP  $1 complete: no model (set MODEL=path.gguf)"; return; fi
  local out rc
  out=$(echo "It was" | "$2" complete --model "$MODEL" --max-tokens 8 --seed 1 2>"$TMP/err")
  rc=$?
  if [ $rc = 0 ] && [ -n "${out//[[:space:]]/}" ]; then pass "$1 complete: \"It was$out\""
  else fail "$1 complete (exit $rc): $out $(cat "$TMP/err")"; fi
}

# 1. The bundle itself.
t0=$(ms); check_version bundle "$EXE"; t1=$(ms)
echo "TIME  --version: $((t1 - t0)) ms"
check_complete bundle "$EXE"

# The bundled exporters (python-docx's template, our EPUB writer) on a one-chapter file.
printf 'The sea was calm.\n风从午后就开始起了。\n' > "$TMP/chapter.txt"
for suffix in docx epub md txt; do
  if "$EXE" export "$TMP/chapter.txt" --to "$TMP/book.$suffix" 2>"$TMP/err" && [ -s "$TMP/book.$suffix" ]
  then pass "bundle export .$suffix"; else fail "bundle export .$suffix: $(cat "$TMP/err")"; fi
done

# 2. The GUI, offscreen: WRITER_APP_QUIT_AFTER_MS closes the window after 3 s; it must quit
#    with status 0 and nothing on stderr that looks like an error.
WRITER_APP_QUIT_AFTER_MS=3000 QT_QPA_PLATFORM=offscreen timeout 60 "$EXE" >"$TMP/gui.out" 2>"$TMP/gui.err"
rc=$?
if [ $rc = 0 ] && ! grep -qE "$BAD" "$TMP/gui.err"; then
  pass "GUI offscreen: started and quit cleanly (exit 0), stderr clean"
else
  fail "GUI offscreen: exit $rc; stderr: $(head -c 2000 "$TMP/gui.err")"
fi
if [ -n "${MODEL:-}" ]; then
  WRITER_APP_QUIT_AFTER_MS=5000 QT_QPA_PLATFORM=offscreen timeout 60 "$EXE" --model "$MODEL" \
    >"$TMP/gui.out" 2>"$TMP/gui.err"
  rc=$?
  if [ $rc = 0 ] && ! grep -qE "$BAD" "$TMP/gui.err"; then
    pass "GUI offscreen with --model: exit $rc, stderr clean"
  else
    fail "GUI offscreen with --model: exit $rc; stderr: $(head -c 2000 "$TMP/gui.err")"
  fi
fi

# 3. A real window under Xvfb (xcb plugin): time from exec to a mapped window, then Ctrl+Q.
if command -v xvfb-run >/dev/null && command -v xdotool >/dev/null; then
  cat > "$TMP/x.sh" <<EOF
#!/bin/bash
t0=\$(date +%s%N)
"$EXE" >"$TMP/x.out" 2>"$TMP/x.err" &
pid=\$!
wid=\$(timeout 30 xdotool search --sync --onlyvisible --name 'writer-app' | head -1)
t1=\$(date +%s%N)
[ -n "\$wid" ] || { kill \$pid; wait \$pid; echo "nowindow"; exit 0; }
echo "window \$(( (t1 - t0) / 1000000 ))"
sleep 1
xdotool windowfocus --sync "\$wid" 2>/dev/null; xdotool key --window "\$wid" ctrl+q
for _ in \$(seq 50); do kill -0 \$pid 2>/dev/null || break; sleep 0.1; done
if kill -0 \$pid 2>/dev/null; then kill \$pid; wait \$pid; echo "noquit"; else wait \$pid; echo "exit \$?"; fi
EOF
  chmod +x "$TMP/x.sh"
  res=$(env -u QT_QPA_PLATFORM xvfb-run -a -s "-screen 0 1280x800x24" "$TMP/x.sh" 2>&1)
  launch=$(sed -n 's/^window //p' <<<"$res")
  status=$(sed -n 's/^exit //p' <<<"$res")
  if [ -n "$launch" ]; then echo "TIME  launch to a mapped editor window (Xvfb): $launch ms"; fi
  if [ -n "$launch" ] && [ "$status" = 0 ] && ! grep -qE "$BAD" "$TMP/x.err"; then
    pass "GUI under Xvfb: window mapped, Ctrl+Q quit with status 0, stderr clean"
  else
    fail "GUI under Xvfb: $res; stderr: $(head -c 2000 "$TMP/x.err" 2>/dev/null)"
  fi
else
  echo "SKIP  GUI under Xvfb: needs xvfb-run and xdotool"
fi

# 4. The tar.gz: unpack, use its launcher.
if [ -n "$TARBALL" ] && [ -f "$TARBALL" ]; then
  mkdir -p "$TMP/tar" && tar -C "$TMP/tar" -xzf "$TARBALL"
  launcher=$(ls "$TMP"/tar/writer-app-*/writer-app)
  check_version tar.gz "$launcher"
  check_complete tar.gz "$launcher"
  [ -f "$(dirname "$launcher")/writer-app.desktop" ] && pass "tar.gz has writer-app.desktop" \
    || fail "tar.gz lacks writer-app.desktop"
else
  echo "SKIP  tar.gz: none built"
fi

# 5. The .deb: extract into a throwaway root; the /usr/bin wrapper points at /opt/writer-app, so
#    it is run with that prefix rewritten to the throwaway root.
if [ -n "$DEB" ] && [ -f "$DEB" ]; then
  dpkg-deb -x "$DEB" "$TMP/root"
  depends=$(dpkg-deb -f "$DEB" Depends)
  for need in libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libegl1 libfontconfig1 fonts-wqy-microhei libenchant-2-2 hunspell-en-us; do
    [[ "$depends" == *"$need"* ]] || fail ".deb Depends lacks $need"
  done
  for f in usr/bin/writer-app usr/share/applications/writer-app.desktop \
           usr/share/icons/hicolor/scalable/apps/writer-app.svg opt/writer-app/writer-app; do
    [ -e "$TMP/root/$f" ] || fail ".deb lacks /$f"
  done
  sed "s|/opt/writer-app|$TMP/root/opt/writer-app|g" "$TMP/root/usr/bin/writer-app" > "$TMP/wrapper"
  chmod +x "$TMP/wrapper"
  check_version ".deb /usr/bin/writer-app" "$TMP/wrapper"
  check_complete ".deb /usr/bin/writer-app" "$TMP/wrapper"
  if command -v desktop-file-validate >/dev/null; then
    desktop-file-validate "$TMP/root/usr/share/applications/writer-app.desktop" \
      && pass ".desktop validates" || fail ".desktop does not validate"
  fi
else
  echo "SKIP  .deb: none built"
fi

# No test files, no excluded Qt modules, no voice training tools in the bundle.
leaks=$(find "$BUNDLE" \( -name 'test_*.py' -o -name 'libQt6WebEngine*' -o -name 'libQt6Quick*' \
  -o -name 'libQt63D*' -o -name 'libQt6Multimedia*' -o -name 'libQt6Qml*' \
  -o -name 'libtorch*' -o -name 'torch' -o -name 'transformers' -o -name 'peft' \) | head -5)
[ -z "$leaks" ] && pass "bundle holds no tests, WebEngine, Quick/QML, 3D, Multimedia or torch" \
  || fail "bundle holds: $leaks"
echo "SIZE  bundle $(du -sh "$BUNDLE" | cut -f1)"

if [ $failures = 0 ]; then echo "smoke: all checks passed"; else echo "smoke: $failures failed"; fi
exit $((failures > 0))
