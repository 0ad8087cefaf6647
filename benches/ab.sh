#!/usr/bin/env bash
# A/B of two kheo binaries on one-edit rebuilds, alternating, in the same
# minutes (this machine's speed drifts by half within an hour, so runs of
# the bench an hour apart cannot compare two commits).
#
#   bash benches/ab.sh BIN_A BIN_B [ROUNDS=8] [field|title|body|new]
#
# SITE (default /tmp/kheo-bench/site-100000/kheo, made by benches/run.sh
# or benches/gen.py) is copied twice beside it (site-A, site-B: content
# copied, each with its own .kheo/ cache), each binary builds its own
# output (/tmp/kheo-bench/out-A, out-B) once to start, then each round
# makes the same edit in both copies and rebuilds both, in alternating
# order. field: the third model (sorted by path) moves between two fields;
# title: the second model's title gains or loses " (sửa)"; body: the
# third model's body gains or loses a last line; new: a model is added
# beside the third (a copy under another title), then removed. Prints each
# build's own "built in N ms", the process's wall, user and system
# seconds and the edit (added or removed for new), then the medians of
# each edit (of the first and of the CPU); the raw lines are in $OUT
# (default /tmp/kheo-bench/ab.out).
set -euo pipefail
A=$1; B=$2; R=${3:-8}; KIND=${4:-field}
case "$KIND" in field | title | body | new) ;; *) echo "kind: field, title, body or new" >&2; exit 2 ;; esac
SITE=${SITE:-/tmp/kheo-bench/site-100000/kheo}
WORK=$(dirname "$(dirname "$SITE")")
OUT=${OUT:-$WORK/ab.out}
for s in A B; do
    d="$WORK/site-$s"
    if [ ! -d "$d/content" ]; then
        mkdir -p "$d"
        # Copied, not hard-linked: a file's change time is part of what a
        # build compares, and another hard-linked copy made or deleted
        # meanwhile changes it on every shared file (the build after
        # would then read every file again).
        cp -a "$SITE/content" "$d/content"
        cp "$SITE/site.yaml" "$d/"
    fi
done
cd "$WORK/site-A"
model=$(find content/models -name '*.md' | LC_ALL=C sort | sed -n 3p)
titled=$(find content/models -name '*.md' | LC_ALL=C sort | sed -n 2p)
toggle() {
    local f
    EDIT=$KIND
    for s in A B; do
        cd "$WORK/site-$s"
        if [ "$KIND" = new ]; then
            f="$(dirname "$model")/kheo-ab-moi.md"
            if [ -e "$f" ]; then
                rm "$f"
                EDIT=removed
            else
                EDIT=added
                sed '0,/^title: .*/s//title: Mô hình thêm để đo (ab)/' "$model" > "$f"
            fi
        elif [ "$KIND" = body ]; then
            f=$model
            if grep -q '^Một dòng sửa (ab)\.$' "$f"; then
                sed -i '/^Một dòng sửa (ab)\.$/d' "$f"
            else
                # On a line of its own, and removed without a trace.
                [ -z "$(tail -c1 "$f")" ] || echo >> "$f"
                echo 'Một dòng sửa (ab).' >> "$f"
            fi
        elif [ "$KIND" = field ]; then
            f=$model
            case "$(sed -n 's/^field: *//p' "$f" | head -1)" in
                kinh-te) sed -i '0,/^field: .*/s//field: van-hoa-xa-hoi/' "$f" ;;
                *) sed -i '0,/^field: .*/s//field: kinh-te/' "$f" ;;
            esac
        else
            f=$titled
            if grep -q '^title: .* (sửa)$' "$f"; then
                sed -i 's/^\(title: .*\) (sửa)$/\1/' "$f"
            else
                sed -i '0,/^title: .*/s//& (sửa)/' "$f"
            fi
        fi
    done
}
one() { # BIN LABEL
    cd "$WORK/site-$2"
    /usr/bin/time -f "%e %U %S" -o "$WORK/ab.time" "$1" build -o "$WORK/out-$2" . > "$WORK/ab.log" 2>&1
    # The summary's "in N ms" ("trong N ms" in Vietnamese): its last line.
    echo "$2 $(grep -oE '[0-9]+ ms' "$WORK/ab.log" | tail -1 | grep -oE '[0-9]+') $(cat "$WORK/ab.time") ${EDIT:-}"
}
one "$A" A > /dev/null
one "$B" B > /dev/null
for i in $(seq 1 "$R"); do
    toggle
    if [ $((i % 2)) = 1 ]; then one "$A" A; one "$B" B; else one "$B" B; one "$A" A; fi
done | tee "$OUT"
# The build's own time, then CPU (user + system), the figure to read on a
# shared machine; for `new`, the builds after an add and after a removal
# apart (they do different work).
for s in A B; do
    for e in $(awk '{print $6}' "$OUT" | sort -u); do
        grep "^$s .* $e\$" "$OUT" | awk '{print $2}' | sort -n |
            awk -v s="$s $e" '{a[NR] = $1} END {printf "%s median %s ms (n=%d, %s-%s)\n", s, a[int((NR + 1) / 2)], NR, a[1], a[NR]}'
        grep "^$s .* $e\$" "$OUT" | awk '{printf "%.2f\n", $4 + $5}' | sort -n |
            awk -v s="$s $e" '{a[NR] = $1} END {printf "%s CPU median %s s (%s-%s)\n", s, a[int((NR + 1) / 2)], a[1], a[NR]}'
    done
done
