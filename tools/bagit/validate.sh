#!/usr/bin/env bash
# Validates BagIt bags with the Library of Congress reference validator (bagit.py, PyPI `bagit`),
# installed on first use into a virtualenv under target/ (never system-wide).
#   tools/bagit/validate.sh BAG_DIR…        → exit 0 when every bag is valid
#   tools/bagit/validate.sh --install       → only set up the virtualenv
# Exit 3 when the validator cannot be installed (no network to PyPI): callers may skip loudly.
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
VENV="${CARGO_TARGET_DIR:-$ROOT/target}/bagit-venv"
VERSION="1.9.0"
if [ ! -x "$VENV/bin/bagit.py" ]; then
  python3 -m venv "$VENV" >/dev/null 2>&1 || { echo "bagit: python3 -m venv failed (install python3-venv)" >&2; exit 3; }
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "bagit==$VERSION" >&2 || { echo "bagit: pip could not install bagit==$VERSION" >&2; exit 3; }
fi
[ "${1:-}" = "--install" ] && exit 0
status=0
for bag in "$@"; do
  "$VENV/bin/bagit.py" --validate "$bag" || status=1
done
exit $status
