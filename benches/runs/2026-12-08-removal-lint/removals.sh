#!/usr/bin/env bash
# Removal rows of an `ab.sh ... new` output (even rounds: the model added
# by the odd round is removed), CPU = user + sys, and their medians; then
# the lint stage's wall time of each removal from the traced logs.
# bash removals.sh ab-new-12.txt trace-ab12-A-base.log trace-ab12-B-lint.log
set -euo pipefail
ab=$1; ta=$2; tb=$3
med() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "median %.2f (n=%d, %s-%s)\n", m, NR, a[1], a[NR]}'; }
for s in A B; do
    grep -E '^[AB] [0-9]' "$ab" | awk -v s="$s" '{r=int((NR-1)/2)+1} r%2==0 && $1==s {printf "%.2f\n", $4+$5}' > /tmp/removal-cpu-$s
    echo "$s removal CPU s: $(tr '\n' ' ' < /tmp/removal-cpu-$s)"
    echo "$s removal CPU $(med < /tmp/removal-cpu-$s)"
done
for t in "$ta" "$tb"; do
    # After the first (starting) build, each build that ends at 100,000 models is a removal.
    awk '/lint: links/ {for(i=1;i<=NF;i++) if($i=="+") l=$(i+1)} /^đã dựng 100000 / {n++; if (n>1) print l}' "$t" > /tmp/removal-lint
    echo "$t lint stage ms: $(tr '\n' ' ' < /tmp/removal-lint)"
    echo "$t lint stage ms $(med < /tmp/removal-lint)"
done
