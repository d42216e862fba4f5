#!/usr/bin/env bash
# The dialog test hook (issue 13 §5): the cargo feature `e2e-dialogs` makes the app answer native
# dialogs from the file named by SOHOA_E2E_DIALOG_ANSWERS. Release and packaged builds must lack it.
#   bash tools/check-test-hook.sh PACKAGE.deb [E2E_APP_BINARY]
# Fails if any file of the package carries the hook's variable name; with E2E_APP_BINARY (a build
# with the feature), also fails unless that binary carries it, which proves the search finds it.
set -euo pipefail
deb=$1
marker=SOHOA_E2E_DIALOG_ANSWERS
[ -f "$deb" ] || { echo "no package: $deb"; exit 1; }
tar=$(mktemp)
trap 'rm -f "$tar"' EXIT
dpkg-deb --fsys-tarfile "$deb" >"$tar"
if grep -aq "$marker" "$tar"; then
  echo "FAIL: $deb carries the dialog test hook ($marker)"
  exit 1
fi
echo "ok: $deb has no dialog test hook"
if [ $# -ge 2 ]; then
  grep -aq "$marker" "$2" || { echo "FAIL: the e2e build $2 lacks the hook: the check above proves nothing"; exit 1; }
  echo "ok: the e2e build $2 has it"
fi
