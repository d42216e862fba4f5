#!/usr/bin/env bash
# Runs every check and test of sohoa: style (rustfmt, clippy, svelte-check), Rust unit +
# integration tests, UI unit tests, the installable .deb (built, installed, started under Xvfb), and
# the end-to-end tests that drive the real app window under Xvfb. This is the README's test command
# and what CI runs.
#
# Cheap checks run first so their failures show within minutes. A failed check or test does not stop
# the run (every failure is reported); a failed build does, since what follows needs it. Each stage
# prints its time; the end prints a table of stages and one closing line counting the tests, plus
# each check stage (fmt, svelte-check, clippy, package, install, log) as one test.
set -uo pipefail
cd "$(dirname "$0")/.."

logs=target/test-logs
mkdir -p "$logs"
rm -f "$logs"/{cargo.log,vitest.json,e2e.log,package.log}
: >"$logs/stages.tsv"
export CARGO_TERM_COLOR=never
# CI builds once from scratch: incremental state only costs time and disk there.
export CARGO_INCREMENTAL=${CARGO_INCREMENTAL:-0}
run_start=$SECONDS
# A full run writes up to ~25 GB under target/ (debug build, test binaries, the app, the .deb): say what
# the disk has, so that a "No space left on device" further down is read for what it is.
echo "disk free for target/: $(df -Ph target | awk 'NR==2 {print $4}') (a full run needs up to about 25 GB)"

# stage NAME KIND COMMAND... — runs COMMAND, prints its time, records "NAME KIND STATUS SECONDS".
# KIND is `check` (counted as one test in the closing line), `tests` (its runner's own counts) or
# `build` (not counted; a failure ends the run).
stage() {
  local name=$1 kind=$2; shift 2
  echo "== $name"
  local t0=$SECONDS rc=0
  "$@" || rc=$?
  local dt=$((SECONDS - t0)) status=ok
  [ "$rc" -eq 0 ] || status="failed"
  printf '%s\t%s\t%s\t%s\n' "$name" "$kind" "$status" "$dt" >>"$logs/stages.tsv"
  echo "== $name: ${dt}s $status"
  if [ "$rc" -ne 0 ] && [ "$kind" = build ]; then finish; fi
  return 0
}

# The table of stages and the closing line over all runners; exit 1 on any failure.
finish() {
  python3 - "$logs" "$((SECONDS - run_start))" <<'PY'
import json, re, sys, pathlib
d = pathlib.Path(sys.argv[1]); total = int(sys.argv[2])
stages = [l.split("\t") for l in (d / "stages.tsv").read_text().splitlines() if l]
print("== stages (seconds)")
for name, kind, status, secs in stages:
    print(f"   {name:<14} {int(secs):>5}  {status}")
print(f"   {'total':<14} {total:>5}")
def cargo_counts():
    t = (d / "cargo.log").read_text() if (d / "cargo.log").exists() else ""
    ms = re.findall(r"test result: \w+\. (\d+) passed; (\d+) failed", t)
    return sum(int(a) for a, _ in ms), sum(int(b) for _, b in ms)
def vitest_counts():
    if not (d / "vitest.json").exists(): return 0, 0
    v = json.loads((d / "vitest.json").read_text()); return v["numPassedTests"], v["numFailedTests"]
def e2e_counts():
    t = (d / "e2e.log").read_text() if (d / "e2e.log").exists() else ""
    c = dict((k, 0) for k in ("pass", "fail"))
    for k, n in re.findall(r"ℹ (pass|fail) (\d+)", t): c[k] += int(n)
    return c["pass"], c["fail"]
runners = {"rust-tests": cargo_counts, "app-tests": cargo_counts, "ui-tests": vitest_counts, "e2e": e2e_counts}
p = f = 0
for counts in (cargo_counts(), vitest_counts(), e2e_counts()):
    p += counts[0]; f += counts[1]
for name, kind, status, secs in stages:
    if kind == "check":
        if status == "ok": p += 1
        else: f += 1
    elif status != "ok" and (kind == "build" or runners[name]()[1] == 0):
        f += 1  # a build, or a runner that failed without counting a failed test (it did not finish)
        print(f"   ({name} failed without a test count)")
print(f"all: {p} passed, {f} failed")
sys.exit(1 if f else 0)
PY
  exit $?
}

stage setup build bash tools/setup.sh

# Style first: seconds for rustfmt; svelte-check before the UI build (`npm run build` runs it too).
stage fmt check cargo fmt --all --check
stage svelte-check check bash -c 'cd ui && npm run check'
stage ui-tests tests bash -c 'cd ui && npx vitest run --reporter=default --reporter=json --outputFile=../target/test-logs/vitest.json'
# The shell embeds ui/dist at compile time, so the UI is built before clippy compiles the shell.
stage ui-build build bash -c 'cd ui && npx vite build'
# The fake backend is for tests and `npm run dev` only (ui/src/lib/api/index.ts): its marker must not
# be in the bundle the app ships.
stage fake-not-shipped check bash -c '! grep -rl "sohoa:fake-backend" ui/dist'
# clippy type-checks every crate and target once (no separate `cargo check`); its artifacts are
# check-only, so it costs a metadata build of the dependencies beside the test build's. The shell is
# checked as it is shipped (custom-protocol, the feature of every build below).
stage clippy check cargo clippy --workspace --all-targets --features sohoa-app/custom-protocol -- -D warnings

stage rust-tests tests bash -c 'set -o pipefail; cargo test --workspace --exclude sohoa-app --no-fail-fast 2>&1 | tee target/test-logs/cargo.log'

stage app-build build bash -c 'cargo build -p sohoa-app --features custom-protocol && cargo build -p sohoa-cli'
# The shell's own unit tests (the log redaction among them), with the features of the build above so
# only the test binary is compiled; counted with the other Rust tests.
stage app-tests tests bash -c 'set -o pipefail; cargo test -p sohoa-app --features custom-protocol --lib 2>&1 | tee -a target/test-logs/cargo.log'
# The generated UI contract (issue 14 §2) is current: bindings.ts from the Rust types, the main
# window's capability from the command list (build.rs rewrites it; a difference means it was stale).
stage contract check bash -c 'cargo test -p sohoa-app --features custom-protocol --lib contract:: && git diff --exit-code -- src-tauri/capabilities/main.json ui/src/lib/api/generated'
# Crash harness (issue 13 §6): 100 SIGKILLs of the CLI during keying, spreadsheet and extract
# import and `sohoa demo`, each followed by integrity, acknowledged-save and all-or-nothing checks
# (about 1 min; tools/crash/harness.py, docs/backups.md).
stage crash check python3 tools/crash/harness.py --kills 100

# The installable package: a debug .deb from the build above (tools/package.sh for the release one),
# installed with apt-get and started once under Xvfb.
e2e_tmp=$(mktemp -d)
trap 'rm -rf "$e2e_tmp"' EXIT
stage demo build target/debug/sohoa demo --out "$e2e_tmp/demo"
stage package check bash -c 'set -o pipefail; bash tools/package.sh --debug --ui-built | tee target/test-logs/package.log'
deb=$(tail -1 "$logs/package.log" 2>/dev/null || true)
stage install check bash tools/check-deb.sh "${deb:-missing.deb}" "$e2e_tmp/demo"
# The e2e run answers native dialogs through a test-only hook (issue 13 §5, cargo feature
# e2e-dialogs): the app is rebuilt with it here, after packaging, and no packaged file may carry it.
stage e2e-app-build build cargo build -p sohoa-app --features custom-protocol,e2e-dialogs
stage hook-not-shipped check bash tools/check-test-hook.sh "${deb:-missing.deb}" target/debug/sohoa-app

# End-to-end: the built app (not the installed one) under Xvfb, with data and config folders of its
# own so the log file and the saved window state start empty.
run_e2e() {
  (cd tests/e2e && XDG_DATA_HOME="$e2e_tmp/data" XDG_CONFIG_HOME="$e2e_tmp/config" SOHOA_E2E_WORKSPACE="$e2e_tmp/demo" \
    xvfb-run -a -s "-screen 0 1366x768x24" npm test) 2>&1 | tee "$logs/e2e.log"
  local rc=${PIPESTATUS[0]}
  # an app window that outlived its test session must not outlive the run
  pkill -f "$PWD/target/debug/sohoa-app" 2>/dev/null || true
  return "$rc"
}
stage e2e tests run_e2e
# What the e2e run left in the log file: command lines, and nothing personal.
stage log check bash tools/check-log.sh "$e2e_tmp/data/vn.sohoa.app/logs" "$e2e_tmp"
# Crash harness, the app's side (issue 13 §6): the real app SIGKILLed 10 times — 3 during a
# spreadsheet import, 3 during a batch export, 2 during the supervisor's upload export and 2 during
# a package import (one of each aimed right after the job's end) — each followed by integrity, the
# audit chain, every job recorded whole or not at all, whole packages, the upload folder holding
# what is recorded, no temporary file (tools/crash/app_kills.mjs; figures in docs/backups.md).
stage app-kills check bash -c 'XDG_DATA_HOME="$1/kills-data" XDG_CONFIG_HOME="$1/kills-config" \
  xvfb-run -a -s "-screen 0 1366x768x24" node tools/crash/app_kills.mjs --kills 10 --rows 5000 --seed 2026' _ "$e2e_tmp"

finish
