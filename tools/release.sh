#!/usr/bin/env bash
# Release archives for editors who do not build kheo themselves:
#   dist/kheo-<version>-linux-x86_64.tar.gz
#   dist/kheo-<version>-windows-x86_64.zip
# each with the binary, README.md and the editors' guide (docs/editors.md,
# Vietnamese). Needs Debian's gcc-mingw-w64-x86-64 for the Windows one.
#
#   bash tools/release.sh            # release builds (what is published)
#   PROFILE=dev bash tools/release.sh
#                                    # debug builds, quicker to make: what
#                                    # CI smoke-tests under Wine
set -euo pipefail
cd "$(dirname "$0")/.."

profile=${PROFILE:-release}
case "$profile" in
  release) flag=--release; sub=release ;;
  dev) flag=; sub=debug ;;
  *) echo "PROFILE must be release or dev" >&2; exit 2 ;;
esac
target=${CARGO_TARGET_DIR:-target}
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
rustup target add x86_64-pc-windows-gnu >/dev/null
cargo build --locked --quiet $flag
cargo build --locked --quiet $flag --target x86_64-pc-windows-gnu

mkdir -p dist
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

pack() { # name binary
  local dir="$stage/$1"
  mkdir -p "$dir"
  cp "$2" README.md "$dir/"
  cp docs/editors.md "$dir/huong-dan-bien-tap.md"
  # The guide's screenshots, at the path it names them by.
  cp -r docs/anh "$dir/"
}

linux="kheo-$version-linux-x86_64"
pack "$linux" "$target/$sub/kheo"
tar -C "$stage" -czf "dist/$linux.tar.gz" "$linux"

windows="kheo-$version-windows-x86_64"
pack "$windows" "$target/x86_64-pc-windows-gnu/$sub/kheo.exe"
# README and the guide with Windows line ends, for Notepad on old Windows.
for f in "$stage/$windows"/*.md; do sed -i 's/$/\r/' "$f"; done
python3 - "$stage" "$windows" "dist/$windows.zip" <<'PY'
import os, sys, zipfile
stage, name, out = sys.argv[1:]
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    for f in sorted(os.listdir(os.path.join(stage, name))):
        z.write(os.path.join(stage, name, f), f"{name}/{f}")
PY
ls -l "dist/$linux.tar.gz" "dist/$windows.zip"
