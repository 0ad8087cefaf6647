#!/usr/bin/env bash
# Photos (issue 26): how many 4032 × 3024 phone JPEGs kheo publishes per
# second (decode, orient, resize to 480/960/1600, AVIF + JPEG, on this
# machine's cores), and what a rebuild costs once they are cached.
#
#   bash benches/photos.sh [N=200]
#   KHEO=path/to/kheo bash benches/photos.sh   # time that binary, no build
#
# Makes a site of N/5 bundles of 5 made-up photos each
# (examples/sample_photos.rs, each photo its own scene) in $WORK (default
# /tmp/kheo-bench/photos-N; PHOTOS_FROM=DIR copies DIR's first five JPEGs
# instead, which is faster to make), then times with the release binary:
#   1. cold: no output, no .kheo/ (every photo encoded);
#   2. no change: the same build again (stops at the input fingerprint);
#   3. one edit, cache kept: one model's text changes, every photo is
#      read, hashed and found in .kheo/images/;
#   4. one edit, cache removed (the A/B of the cache): rm -rf .kheo/images.
# Each build runs under /usr/bin/time: wall seconds and CPU seconds
# (user + system), with the machine's 1-minute load average before it,
# since the 2 cores are shared and wall time drifts with the load; CPU
# time is the figure to compare. The encoding builds (2 cold, 1 with the
# cache removed) and the no-change and one-edit rebuilds (RUNS each,
# default 5) are summarized as medians; the raw lines are in
# $WORK/photos.out. COLD=1 AB=0 RUNS=3: a shorter run (one cold build, no
# run without the cache). The steps of one photo, with the alternatives
# to each codec, are measured by examples/photo_codecs.rs.
set -euo pipefail
N=${1:-200}
WORK=${WORK:-/tmp/kheo-bench/photos-$N}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
if [ -z "${KHEO:-}" ]; then
    nice -n 5 cargo build --release --bin kheo --example sample_photos
    KHEO=$TARGET/release/kheo
fi
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
        if [ -n "${PHOTOS_FROM:-}" ]; then
            # Copies of five photos, each made distinct (so cached apart)
            # by a tag after the JPEG's end, which decoders ignore.
            i=0
            for f in "$PHOTOS_FROM"/*.jpg; do
                i=$((i + 1)); [ "$i" -le 5 ] || break
                { cat "$f"; printf 'kheo-bench %s %s' "$m" "$i"; } > "$d/photo-000$i.jpg"
            done
        else
            "$TARGET/release/examples/sample_photos" "$d" 5 $(( m * 10 )) > /dev/null
        fi
        {
            printf -- '---\ntitle: "Mô hình %s"\nslug: m%s\nlocality: "Hà Nội / Hoàn Kiếm"\nfield: kinh-te\nyear: 2024\nimages:\n' "$m" "$m"
            for i in 1 2 3 4 5; do printf '  - {src: photo-000%s.jpg, alt: "Ảnh %s"}\n' "$i" "$i"; done
            printf -- '---\nNội dung %s.\n' "$m"
        } > "$d/index.md"
    done
    touch "$SITE/.made-$N"
fi
photos=$(find "$SITE/content" -name '*.jpg' | wc -l)
RUNS=${RUNS:-5}
run() { # kind label
    load=$(cut -d' ' -f1 /proc/loadavg)
    /usr/bin/time -f '%e %U %S %M' -o "$WORK/time.txt" \
        "$KHEO" build "$SITE" -o "$WORK/public" -q 2> "$WORK/err.txt" || { cat "$WORK/err.txt"; exit 1; }
    read -r wall user sys rss < "$WORK/time.txt"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$wall" "$(echo "$user + $sys" | bc)" \
        "$user" "$sys" "$load" "$2, peak ${rss} KB" | tee -a "$OUTF"
}
edit() {
    sed -i "s/^Nội dung 1\..*/Nội dung 1. $(date +%s%N)/" "$SITE/content/models/m1/index.md"
}
median() { # kind column
    awk -F'\t' -v k="$1" -v c="$2" '$1 == k { print $c }' "$OUTF" | sort -g |
        awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}
: > "$OUTF"
echo "# $photos photos, $(nproc) cores, $(git -C "$ROOT" rev-parse --short HEAD); kind, wall s, CPU s, user s, sys s, load before, label" | tee -a "$OUTF"
for i in $(seq "${COLD:-2}"); do
    rm -rf "$SITE/.kheo" "$WORK/public"
    run encode "cold"
done
for i in $(seq "$RUNS"); do run noop "no change"; done
for i in $(seq "$RUNS"); do edit; run edit "one edit, cache kept"; done
if [ "${AB:-1}" = 1 ]; then
    rm -rf "$SITE/.kheo/images"; edit; run encode "one edit, cache removed"
fi
ew=$(median encode 2); ec=$(median encode 3)
printf '\nmedians of %s photos:\n' "$photos"
printf 'encoding build   %6.2f s wall  %6.2f s CPU  %5.2f photos/s  %5.3f s CPU a photo\n' \
    "$ew" "$ec" "$(echo "$photos / $ew" | bc -l)" "$(echo "$ec / $photos" | bc -l)"
printf 'no change        %6.2f s wall  %6.2f s CPU\n' "$(median noop 2)" "$(median noop 3)"
printf 'one edit, cached %6.2f s wall  %6.2f s CPU\n' "$(median edit 2)" "$(median edit 3)"
printf 'on %s free cores: about %.2f photos/s (CPU a photo / cores)\n' "$(nproc)" \
    "$(echo "$(nproc) * $photos / $ec" | bc -l)"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
# The steps of one photo, and the alternatives to each codec (STEPS=0:
# not run).
if [ "${STEPS:-1}" = 1 ]; then
    nice -n 5 cargo build --release -p kheo-codec --example compare
    "$TARGET/release/examples/compare" \
        "$ROOT/content/models/che-chat-luong-cao-tan-uyen/doi-che.jpg" 5 | tee "$WORK/steps.txt"
fi
