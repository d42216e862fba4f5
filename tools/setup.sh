#!/usr/bin/env bash
# Installs everything sohoa needs on a fresh Debian 12 machine: the system libraries of the
# desktop shell (webkit2gtk 4.1), the test tools (Xvfb, WebKitWebDriver, tauri-driver, poppler,
# dbus-daemon for a session bus per app under test, xdotool to find the installed app's window),
# and the pinned node packages of the UI (with the prebuilt @tauri-apps/cli that makes the .deb)
# and the end-to-end tests. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

PKGS=(build-essential pkg-config curl file
      libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev libsoup-3.0-dev libayatana-appindicator3-dev libxdo-dev
      xvfb xauth webkit2gtk-driver poppler-utils fonts-noto-core python3-venv dbus-daemon xdotool
      procps)   # pgrep/pkill: the e2e and app-kill stages find the app process
missing=()
for p in "${PKGS[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v node >/dev/null; then
  echo "setup: node is missing (need Node.js >= 20.19 with npm)"; exit 1
fi
(cd ui && npm ci --no-audit --no-fund --loglevel=error)
(cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error)

if ! command -v tauri-driver >/dev/null && [ ! -x "$HOME/.cargo/bin/tauri-driver" ]; then
  echo "setup: installing tauri-driver"
  cargo install tauri-driver --locked --quiet
fi
echo "setup: ok"
