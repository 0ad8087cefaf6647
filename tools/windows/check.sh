#!/usr/bin/env bash
# kheo off Linux, as CI checks it (issue 24): `cargo check` for macOS,
# a cross-built kheo.exe run under Wine on the sample site and on an edited
# copy of it, each output compared byte for byte with the Linux build's.
#
#   bash tools/windows/check.sh          # needs wine, gcc-mingw-w64-x86-64
#
# The copy of the site adds what Windows editors write: a file with a
# Vietnamese name saved with CRLF line ends, and paths given with
# backslashes. kheo's own records beside the site (`.kheo-output`, and any
# `.kheo-*`) are left out of the comparison: they hold the input files'
# stamps (times, sizes, file ids), which are the file system's, not the
# site's, and are never published.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

rustup target add x86_64-pc-windows-gnu x86_64-apple-darwin >/dev/null

echo "== cargo check --target x86_64-apple-darwin"
cargo check --locked --quiet --target x86_64-apple-darwin

# Debug builds: they compile in half the time, and the sample site is small.
echo "== kheo.exe (x86_64-pc-windows-gnu) and kheo for Linux"
cargo build --locked --quiet --target x86_64-pc-windows-gnu
cargo build --locked --quiet
target_dir=${CARGO_TARGET_DIR:-$root/target}
win_dir=$target_dir/x86_64-pc-windows-gnu/debug
# Wine 8 lacks ProcessPrng, which Rust's standard library calls at start.
x86_64-w64-mingw32-gcc -O2 -shared -o "$win_dir/bcryptprimitives.dll" \
  tools/windows/ProcessPrng.c -ladvapi32
exe=$win_dir/kheo.exe
linux=$target_dir/debug/kheo

work=$(mktemp -d)
trap 'command wineserver -k 2>/dev/null; rm -rf "$work"' EXIT
export WINEPREFIX=$work/wineprefix WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
wine() { command wine "$@" </dev/null; }

mkdir -p "$work/site"
cp -r content site.yaml "$work/site/"
for d in static templates; do
  [ -d "$d" ] && cp -r "$d" "$work/site/"
done
# A Windows editor's file: a Vietnamese name, CRLF line ends.
printf -- '---\r\ntitle: "Tổ hòa giải ở cơ sở"\r\nlocality: "Hà Nội / Ba Đình"\r\nfield: "Xây dựng hệ thống chính trị"\r\nyear: 2024\r\n---\r\nTổ hòa giải gặp gỡ từng hộ dân.\r\n' \
  >"$work/site/content/models/ha-noi/tổ-hòa-giải.md"

build_linux() { "$linux" build "$1" -o "$2" --quiet; }
# Backslashes, as a Windows editor types them; Wine maps / to Z:\.
build_windows() { (cd "$work" && wine "$exe" build "$1" -o "$2" --quiet); }

compare() {
  if ! diff -r --exclude='.kheo-*' "$1" "$2" >"$work/diff.txt"; then
    echo "FAIL: $3: the outputs differ"
    head -40 "$work/diff.txt"
    exit 1
  fi
  echo "ok: $3 ($(find "$1" -type f | wc -l) files, byte for byte)"
}

echo "== the sample site (Wine's first start makes its prefix: a minute)"
build_linux "$work/site" "$work/out-linux"
build_windows 'site' 'out\windows'
compare "$work/out-linux" "$work/out/windows" "sample site, Linux and Windows"

echo "== an edited copy, rebuilt in place on both"
f="$work/site/content/models/ha-noi/tổ-hòa-giải.md"
# The body and the field change; the title (so the URL) stays: a model
# that moves gets a redirect a fresh build does not write, on purpose.
sed -i 's/Xây dựng hệ thống chính trị/Văn hóa – Xã hội/; s/từng hộ dân\./từng hộ dân mỗi tháng./' "$f"
rm -f "$work/site/content/models/hoa-binh/hoc-bong-1000-dong.md"
build_linux "$work/site" "$work/out-linux"
build_windows 'site' 'out\windows'
build_linux "$work/site" "$work/out-fresh"
compare "$work/out-linux" "$work/out/windows" "edited site, rebuilt on Linux and on Windows"
compare "$work/out-fresh" "$work/out/windows" "edited site, rebuilt on Windows and built fresh on Linux"

echo "== the Windows release archive (tools/release.sh), unpacked and run"
PROFILE=dev bash tools/release.sh >/dev/null
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
python3 -c "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])" \
  "dist/kheo-$version-windows-x86_64.zip" "$work/unpacked"
unpacked="$work/unpacked/kheo-$version-windows-x86_64"
ls "$unpacked/README.md" "$unpacked/huong-dan-bien-tap.md" >/dev/null
cp "$win_dir/bcryptprimitives.dll" "$unpacked/"
(cd "$work" && wine "$unpacked/kheo.exe" --version)
(cd "$work" && wine "$unpacked/kheo.exe" check site --quiet)
echo "ok: the archive's kheo.exe runs and checks the site"
