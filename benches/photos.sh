#!/usr/bin/env bash
# Photos (issue 26): how many 4032 × 3024 phone JPEGs kheo publishes per
# second (decode, orient, resize to 480/960/1600, AVIF + JPEG, on this
# machine's cores), and what a rebuild costs once they are cached.
#
#   bash benches/photos.sh [N=200]
#
# Makes a site of N/5 bundles of 5 made-up photos each
# (examples/sample_photos.rs, each photo its own scene) in $WORK (default
# /tmp/kheo-bench/photos-N), then times with the release binary:
#   1. cold: no output, no .kheo/ (every photo encoded);
#   2. no change: the same build again (stops at the input fingerprint);
#   3. one edit, cache kept: one model's text changes, every photo is
#      read, hashed and found in .kheo/images/;
#   4. one edit, cache removed (the A/B of the cache): rm -rf .kheo/images.
# Prints each build's wall seconds and the photos stage's own time
# (KHEO_TRACE), the raw lines in $WORK/photos.out.
set -euo pipefail
N=${1:-200}
WORK=${WORK:-/tmp/kheo-bench/photos-$N}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
cargo build --release --bin kheo --example sample_photos
KHEO=$ROOT/target/release/kheo
SITE=$WORK/site
OUTF=$WORK/photos.out
if [ ! -f "$SITE/.made-$N" ]; then
    rm -rf "$SITE"
    mkdir -p "$SITE/content/models"
    printf 'title: "Ảnh"\nbase_url: "https://example.org/"\nsearch: false\n' > "$SITE/site.yaml"
    models=$(( (N + 4) / 5 ))
    for m in $(seq 1 "$models"); do
        d=$SITE/content/models/m$m
        mkdir -p "$d"
        "$ROOT/target/release/examples/sample_photos" "$d" 5 $(( m * 10 )) > /dev/null
        {
            printf -- '---\ntitle: "Mô hình %s"\nslug: m%s\nlocality: "Hà Nội / Hoàn Kiếm"\nfield: kinh-te\nyear: 2024\nimages:\n' "$m" "$m"
            for i in 1 2 3 4 5; do printf '  - {src: photo-000%s.jpg, alt: "Ảnh %s"}\n' "$i" "$i"; done
            printf -- '---\nNội dung %s.\n' "$m"
        } > "$d/index.md"
    done
    touch "$SITE/.made-$N"
fi
photos=$(find "$SITE/content" -name '*.jpg' | wc -l)
run() { # label
    local t0 t1 stage
    t0=$(date +%s.%N)
    KHEO_TRACE=1 "$KHEO" build "$SITE" -o "$WORK/public" -q 2> "$WORK/trace.err" || { cat "$WORK/trace.err"; exit 1; }
    t1=$(date +%s.%N)
    stage=$(grep -o '+ *[0-9.]* ms  photos' "$WORK/trace.err" | grep -o '[0-9.]*' | head -1 || true)
    printf '%-28s %8.2f s  photos stage %s ms\n' "$1" "$(echo "$t1 - $t0" | bc)" "${stage:-none}" | tee -a "$OUTF"
}
edit() {
    sed -i "s/^Nội dung 1\..*/Nội dung 1. $(date +%s%N)/" "$SITE/content/models/m1/index.md"
}
: > "$OUTF"
echo "$photos photos, $(nproc) cores" | tee -a "$OUTF"
rm -rf "$SITE/.kheo" "$WORK/public"
run "cold"
run "no change"
edit; run "one edit, cache kept"
edit; run "one edit, cache kept"
rm -rf "$SITE/.kheo/images"; edit; run "one edit, cache removed"
