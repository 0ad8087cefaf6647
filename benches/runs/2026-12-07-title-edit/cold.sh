#!/usr/bin/env bash
# Cold builds of two binaries, alternating: no .kheo/ cache, no output.
set -euo pipefail
A=$1; B=$2; R=$3
W=/tmp/kheo-bench-corpus
S=$W/site-cold
mkdir -p $S
[ -d $S/content ] || cp -al $W/site-100000/kheo/content $S/content
cp $W/site-100000/kheo/site.yaml $S/
one() {
    rm -rf $S/.kheo $W/out-cold
    sleep 30
    cd $S
    /usr/bin/time -f "%e %U %S %M" -o $W/cold.time "$1" build -o $W/out-cold . > $W/cold.log 2>&1
    echo "$2 $(grep -oE '[0-9]+ ms' $W/cold.log | tail -1 | grep -oE '[0-9]+') $(cat $W/cold.time)"
}
for i in $(seq 1 $R); do
    if [ $((i % 2)) = 1 ]; then one "$A" A; one "$B" B; else one "$B" B; one "$A" A; fi
done
rm -rf $S/.kheo $W/out-cold
