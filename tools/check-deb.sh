#!/usr/bin/env bash
# Installs a sohoa .deb the way a commune's machine would (apt-get, which pulls the dependencies it
# names) and checks it: the files are in place, the installed `sohoa` runs, the installed app starts
# under Xvfb on a workspace and shows its window, a second start hands over to the first and exits,
# and the log file names the workspace by its folder only. Exits non-zero on the first failure.
#
#   bash tools/check-deb.sh target/debug/bundle/deb/sohoa_0.1.0_amd64.deb [WORKSPACE]
# Without WORKSPACE a demo workspace is made with the installed `sohoa demo`.
# SOHOA_DEB_SCREENSHOT=FILE.png also saves a screenshot of the installed app's window.
set -euo pipefail
deb=$(realpath "${1:?usage: check-deb.sh FILE.deb [WORKSPACE]}")
ws_arg=${2:-}
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
fail() { echo "check-deb: FAIL: $*" >&2; exit 1; }

echo "check-deb: installing $(basename "$deb") ($(du -k "$deb" | cut -f1) KiB)"
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --reinstall "$deb" >/dev/null
for f in /usr/bin/sohoa-app /usr/bin/sohoa /usr/share/applications/sohoa.desktop /usr/share/icons/hicolor/128x128/apps/sohoa-app.png; do
  dpkg -L sohoa | grep -qx "$f" || fail "the package does not install $f"
done
grep -qx 'Name=Số hóa hộ tịch' /usr/share/applications/sohoa.desktop || fail "the menu entry has no Vietnamese name"
grep -qx 'Exec=sohoa-app' /usr/share/applications/sohoa.desktop || fail "the menu entry does not start sohoa-app"
/usr/bin/sohoa --version >/dev/null || fail "the installed sohoa does not run"

tmp=$(mktemp -d)
app=""; second=""; xvfb=""; bus=""
cleanup() {
  for p in $second $app; do kill "$p" 2>/dev/null || true; done
  sleep 1
  for p in $second $app; do kill -9 "$p" 2>/dev/null || true; done
  for p in $bus $xvfb; do kill "$p" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

if [ -n "$ws_arg" ]; then ws=$(realpath "$ws_arg"); else
  ws="$tmp/demo-xa"
  SOHOA_PASSWORD=sohoa-demo /usr/bin/sohoa demo --out "$ws" >/dev/null || fail "the installed sohoa could not make a demo workspace"
fi

# A display, a session bus of its own (the single-instance lock lives there) and fresh data and
# config folders (the log file and the saved window state), as on a clerk's first start.
n=90; while [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ]; do n=$((n + 1)); done
Xvfb ":$n" -screen 0 1366x768x24 -nolisten tcp >/dev/null 2>&1 & xvfb=$!
dbus-daemon --session --address="unix:path=$tmp/bus" --nofork --nopidfile >/dev/null 2>&1 & bus=$!
for _ in $(seq 50); do [ -S "$tmp/bus" ] && [ -e "/tmp/.X11-unix/X$n" ] && break; sleep 0.2; done
export DISPLAY=":$n" DBUS_SESSION_BUS_ADDRESS="unix:path=$tmp/bus" XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config"
unset SOHOA_WORKSPACE

/usr/bin/sohoa-app "$ws" >"$tmp/app.out" 2>&1 & app=$!
window=""
for _ in $(seq 120); do
  kill -0 "$app" 2>/dev/null || { cat "$tmp/app.out" >&2; fail "the installed app exited before showing a window"; }
  window=$(xdotool search --onlyvisible --name '^sohoa' 2>/dev/null | head -1 || true)
  [ -n "$window" ] && break
  sleep 1
done
[ -n "$window" ] || fail "no sohoa window within 120 s"
echo "check-deb: the installed app shows its window \"$(xdotool getwindowname "$window")\""
if [ -n "${SOHOA_DEB_SCREENSHOT:-}" ]; then
  sleep "${SOHOA_DEB_SETTLE:-8}"
  import -window root "$SOHOA_DEB_SCREENSHOT" && echo "check-deb: screenshot $SOHOA_DEB_SCREENSHOT"
fi

# A second start brings the first window forward and exits 0; the first keeps running.
/usr/bin/sohoa-app "$ws" >"$tmp/second.out" 2>&1 & second=$!
for _ in $(seq 60); do kill -0 "$second" 2>/dev/null || break; sleep 0.5; done
kill -0 "$second" 2>/dev/null && fail "a second start did not hand over to the running app within 30 s"
rc=0; wait "$second" || rc=$?
second=""
[ "$rc" -eq 0 ] || fail "a second start exited with status $rc"
kill -0 "$app" 2>/dev/null || fail "the first app stopped when a second one was started"
echo "check-deb: a second start handed over to the running window and exited"

kill "$app"; wait "$app" 2>/dev/null || true; app=""

log="$tmp/data/vn.sohoa.app/logs/sohoa.log"
[ -f "$log" ] || fail "no log file at $log"
grep -q ' start sohoa-app ' "$log" || fail "the log has no start-up line"
grep -q "workspace folder \"$(basename "$ws")\"" "$log" || fail "the log does not name the workspace folder"
grep -q 'second start' "$log" || fail "the log does not record the second start"
grep -qF "$(dirname "$ws")" "$log" && fail "the log holds the workspace's path"
grep -qE '[0-9]{9,}' "$log" && fail "the log holds a run of nine or more digits"
echo "check-deb: log $(wc -l <"$log") lines, workspace by folder name only"
echo "check-deb: ok"
