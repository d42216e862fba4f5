#!/usr/bin/env bash
# Runs the fuzz targets (docs/fuzzing.md) one after the other, each for EXECS inputs, with AFL++
# through cargo-afl (stable Rust), and prints per target: executions, crashes, hangs, executions
# per second, seconds. Findings stay in fuzz/out/<target>/default/{crashes,hangs}.
#
# Usage: tools/fuzz.sh [-e EXECS] [-m MEMORY_MB] [-t TIMEOUT_MS] [TARGET...]
#   defaults: 1,000,000 inputs, 1024 MB per input (an allocation past it is a crash), 2000 ms
#   (an input slower than that is a hang); every target when none is named.
# Needs: cargo install cargo-afl (it builds AFL++ on first use: cargo afl config --build).
set -euo pipefail
EXECS=1000000
MEM=1024
TIMEOUT=2000
while getopts "e:m:t:" o; do
  case $o in
    e) EXECS=$OPTARG ;;
    m) MEM=$OPTARG ;;
    t) TIMEOUT=$OPTARG ;;
    *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
cd "$(dirname "$0")/../fuzz"
ALL=$(sed -n 's/^name = "\(.*\)"$/\1/p' Cargo.toml | grep -v '^sohoa-fuzz$')
TARGETS=${*:-$ALL}
nice -n 10 cargo afl build --release --quiet
mkdir -p out
printf '%-16s %12s %8s %6s %9s %8s\n' target execs crashes hangs execs/s seconds
for t in $TARGETS; do
  rm -rf "out/$t"
  # AFL_NO_UI: plain log lines; the two AFL_* that follow accept a container's core pattern and
  # CPU governor, which only make AFL++ slower to notice crashes, not miss them.
  AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1 \
    nice -n 10 cargo afl fuzz -i "seeds/$t" -o "out/$t" -E "$EXECS" -m "$MEM" -t "$TIMEOUT" \
    "target/release/$t" >"out/$t.log" 2>&1 || { echo "$t: afl-fuzz failed, see fuzz/out/$t.log" >&2; continue; }
  s="out/$t/default/fuzzer_stats"
  v() { sed -n "s/^$1 *: *//p" "$s"; }
  execs=$(v execs_done)
  secs=$(v run_time)
  printf '%-16s %12s %8s %6s %9s %8s\n' "$t" "$execs" "$(v saved_crashes)" "$(v saved_hangs)" "$((execs / (secs > 0 ? secs : 1)))" "$secs"
done
