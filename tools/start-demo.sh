#!/usr/bin/env bash
# Sets up sohoa on a fresh Debian 12 machine and starts the app on the demo workspace
# (a synthetic commune made by `sohoa demo`). Sign in as `canbo` (clerk) or `giamsat`
# (supervisor), password `sohoa-demo` unless SOHOA_PASSWORD is set.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
(cd ui && npm run build)
cargo build -p sohoa-cli -p sohoa-app --features sohoa-app/custom-protocol
ws="${SOHOA_DEMO_DIR:-$HOME/.local/share/sohoa/demo}"
if [ ! -f "$ws/workspace.json" ]; then
  mkdir -p "$(dirname "$ws")"
  target/debug/sohoa demo --out "$ws"
fi
echo "Starting sohoa on $ws"
exec target/debug/sohoa-app "$ws"
