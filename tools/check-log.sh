#!/usr/bin/env bash
# Checks the app's log folder after a run against the rule of ARCHITECTURE.md ("The log file"):
# there are command lines, and no line holds a path under FORBIDDEN_PATH (the run's workspace and
# data folders), a run of nine or more digits (an ID or phone number) or a Vietnamese letter (names,
# places and other keyed text are Vietnamese; the app's own log text is English and codes).
#
#   bash tools/check-log.sh LOG_DIR FORBIDDEN_PATH
set -euo pipefail
python3 - "$@" <<'PY'
import pathlib, re, sys
folder, forbidden = pathlib.Path(sys.argv[1]), sys.argv[2]
files = sorted(folder.glob("*.log")) if folder.is_dir() else []
if not files:
    sys.exit(f"check-log: no log file in {folder}")
vietnamese = re.compile(r"[À-ÃÈ-ÊÌÍÒ-ÕÙÚÝà-ãè-êìíò-õùúýĂăĐđĨĩŨũƠơƯưẠ-ỹ]")
lines = bad = commands = 0
for f in files:
    for n, line in enumerate(f.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        lines += 1
        commands += " command " in line
        text = line.replace("[số]", "")
        why = ("a path of the run" if forbidden in line else
               "nine or more digits" if re.search(r"\d{9,}", line) else
               "a Vietnamese letter" if vietnamese.search(text) else None)
        if why:
            bad += 1
            if bad <= 5:
                print(f"check-log: {f.name}:{n}: {why}")
print(f"check-log: {len(files)} file(s), {lines} lines, {commands} command lines, {bad} with personal data")
sys.exit(1 if bad or not commands else 0)
PY
