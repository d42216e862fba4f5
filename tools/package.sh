#!/usr/bin/env bash
# Builds the installable Debian package of sohoa: the desktop app (/usr/bin/sohoa-app, menu entry
# "Số hóa hộ tịch", icons) and the `sohoa` command (/usr/bin/sohoa) in one .deb, with the npm
# @tauri-apps/cli (a prebuilt binary pinned in ui/package.json; tauri-cli is never compiled here).
#
#   bash tools/package.sh              release: target/release/bundle/deb/sohoa_<version>_amd64.deb
#   bash tools/package.sh --debug      the cheaper debug bundle CI installs (reuses the debug build)
#   bash tools/package.sh --ui-built   skip the UI build (tauri.conf.json's beforeBuildCommand) when
#                                      ui/dist is already fresh, as in tools/test.sh
# Prints the path of the .deb on its last line.
set -euo pipefail
cd "$(dirname "$0")/.."

profile=release
tauri_flags=()
for arg in "$@"; do
  case "$arg" in
    --debug) profile=debug; tauri_flags+=(--debug) ;;
    --ui-built) tauri_flags+=(--config '{"build":{"beforeBuildCommand":null}}') ;;
    *) echo "package: unknown option $arg" >&2; exit 2 ;;
  esac
done
cargo_profile=(); [ "$profile" = release ] && cargo_profile=(--release)

[ -x ui/node_modules/.bin/tauri ] || (cd ui && npm ci --no-audit --no-fund --loglevel=error)

# The CLI goes into the same package (tauri.conf.json bundle.linux.deb.files: /usr/bin/sohoa).
cargo build "${cargo_profile[@]}" -p sohoa-cli
mkdir -p target/package
cp "target/$profile/sohoa" target/package/sohoa

# The app: the same features as every other build of the shell (custom-protocol serves ui/dist),
# so a debug bundle after `cargo build -p sohoa-app --features custom-protocol` reuses that build.
version=$(sed -n 's/^ *"version": "\(.*\)",$/\1/p' src-tauri/tauri.conf.json | head -1)
rm -f "target/$profile/bundle/deb/"*.deb
(cd src-tauri && ../ui/node_modules/.bin/tauri build --ci --bundles deb --features custom-protocol "${tauri_flags[@]}")
deb="target/$profile/bundle/deb/sohoa_${version}_amd64.deb"
[ -f "$deb" ] || { echo "package: $deb was not made" >&2; exit 1; }
echo "$deb"
