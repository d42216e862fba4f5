#!/usr/bin/env bash
# Hostile files (issue 13 §3, docs/hostile-files.md): writes packages, pixel bombs, an inflating
# PDF and an oversized snapshot into DIR (default a temporary folder), feeds each to the reader the
# app uses — as its own process — and prints the time, the peak memory (/usr/bin/time -v) and the
# first line of the message. The tables (xlsx, zip bomb, CSV rows and columns) are
# tools/hostile-tables.sh, which this runs first.
#
# Usage: tools/hostile-files.sh [SOHOA_BINARY] [DIR]
#   SOHOA_BINARY defaults to target/debug/sohoa (built by `cargo build -p sohoa-cli`).
#   HOSTILE_FILE=path  the reader harness (default: target/debug/examples/hostile_file, built here)
#   HOSTILE_ULIMIT_KB  address-space limit of each run (default 8 GB: a reader without limits
#                      stops there with "memory allocation … failed" instead of taking the machine)
# Needs about 1 GB free in DIR (the 16 × 60 MB package).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-target/debug/sohoa}
DIR=${2:-$(mktemp -d)}
mkdir -p "$DIR"
cargo build -q -p sohoa-core --example hostile_file
HARNESS=${HOSTILE_FILE:-target/debug/examples/hostile_file}
# The core's test writes the files (a real signed batch, re-wrapped with extra members).
SOHOA_HOSTILE_DIR="$DIR" cargo test -q -p sohoa-core --test hostile_files a_package_of_sixteen >/dev/null
# A 1 GB snapshot (sparse: refused from its size, or read whole when it is not).
truncate -s 1G "$DIR/big.sohoa-progress.json"

measure() { # label, size file, command…
  local label=$1 file=$2
  shift 2
  local out secs rss msg
  out=$( (ulimit -v "${HOSTILE_ULIMIT_KB:-8000000}"; /usr/bin/time -v "$@") 2>&1 || true)
  secs=$(grep 'Elapsed (wall clock)' <<<"$out" | awk '{print $NF}')
  rss=$(grep 'Maximum resident set size' <<<"$out" | awk '{print $NF}')
  # The error, else the first problem a verification lists, else what was read.
  msg=$(grep -m1 -E '^(Lỗi|memory allocation)' <<<"$out" || grep -m1 '✗' <<<"$out" || grep -m1 -E '^(ok:|KẾT QUẢ)' <<<"$out" || true)
  printf '%-26s %12s B  %8s  %8s KB  %s\n' "$label" "$(stat -c %s "$file")" "$secs" "$rss" "${msg:0:220}"
}

echo "== tables (tools/hostile-tables.sh) =="
tools/hostile-tables.sh "$BIN" "$DIR/tables"
echo "== packages, scans, snapshots =="
export SOHOA_BATCH_PASSPHRASE="mật khẩu gói dài"
measure "package 16 × 60 MB tags" "$DIR/tag16x60mb.sohoa" "$BIN" batch verify "$DIR/tag16x60mb.sohoa"
measure "package (sound, 3 entries)" "$DIR/ok.sohoa" "$BIN" batch verify "$DIR/ok.sohoa"
for f in bomb.png bomb.jpg bomb.tif bomb.pdf inflate.pdf; do
  measure "attach $f" "$DIR/$f" "$HARNESS" attach "$DIR/$f"
done
for f in bomb.png bomb.jpg; do
  measure "view $f" "$DIR/$f" "$HARNESS" view "$DIR/$f"
done
measure "snapshot of 1 GB" "$DIR/big.sohoa-progress.json" "$HARNESS" snapshot "$DIR/big.sohoa-progress.json"
