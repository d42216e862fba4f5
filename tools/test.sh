#!/usr/bin/env bash
# Runs every test of sohoa: Rust unit + integration tests, UI unit tests, and the end-to-end tests
# that drive the real app window under Xvfb. This is the README's test command and what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh

logs=target/test-logs
mkdir -p "$logs"
export CARGO_TERM_COLOR=never

echo "== Rust: cargo test (all crates except the desktop shell)"
cargo test --workspace --exclude sohoa-app --no-fail-fast 2>&1 | tee "$logs/cargo.log"

echo "== UI: unit tests and production build"
(cd ui && npx vitest run --reporter=default --reporter=json --outputFile=../target/test-logs/vitest.json && npm run build)

echo "== Desktop app and CLI build"
cargo build -p sohoa-app --features custom-protocol
cargo build -p sohoa-cli

echo "== End-to-end: the real app under Xvfb (tauri-driver + WebKitWebDriver)"
e2e_tmp=$(mktemp -d)
trap 'rm -rf "$e2e_tmp"' EXIT
target/debug/sohoa demo --out "$e2e_tmp/demo"
(cd tests/e2e && SOHOA_E2E_WORKSPACE="$e2e_tmp/demo" xvfb-run -a -s "-screen 0 1366x768x24" npm test) 2>&1 | tee "$logs/e2e.log"
# an app window that outlived its test session must not outlive the run
pkill -f "$PWD/target/debug/sohoa-app" 2>/dev/null || true

# One closing line over all runners.
python3 - "$logs" <<'PY'
import json, re, sys, pathlib
d = pathlib.Path(sys.argv[1]); p = f = 0
for m in re.finditer(r"test result: \w+\. (\d+) passed; (\d+) failed", (d / "cargo.log").read_text()):
    p += int(m[1]); f += int(m[2])
v = json.loads((d / "vitest.json").read_text()); p += v["numPassedTests"]; f += v["numFailedTests"]
e = (d / "e2e.log").read_text()
for k, n in re.findall(r"ℹ (pass|fail) (\d+)", e):
    if k == "pass": p += int(n)
    else: f += int(n)
print(f"all: {p} passed, {f} failed")
sys.exit(1 if f else 0)
PY
