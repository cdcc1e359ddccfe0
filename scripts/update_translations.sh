#!/usr/bin/env bash
# Refresh the translation sources (translations/*.ts) from the code: every string in tr() or
# QCoreApplication.translate() (and QT_TRANSLATE_NOOP) is listed; translations already made are
# kept, strings that changed are marked unfinished for the translator, strings that are gone
# are marked obsolete (-no-obsolete drops them).  Run after adding or changing UI text; then
# translate with pyside6-linguist (or any editor: the .ts is XML) and commit the .ts.
# The .qm files the app loads are built from these by scripts/setup.sh (pyside6-lrelease).
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t sources < <(git ls-files --cached --others --exclude-standard 'writer_app/*.py')
for ts in translations/writer_app_*.ts; do
  .venv/bin/pyside6-lupdate -no-obsolete -locations none "${sources[@]}" -ts "$ts"
done
