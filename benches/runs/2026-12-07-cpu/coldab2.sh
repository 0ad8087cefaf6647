#!/usr/bin/env bash
# cold A/B: alternate two binaries, R rounds, on /dev/shm/prof, outputs on tmpfs
SITE=${SITE:-/dev/shm/prof}
A=$1; B=$2; R=${3:-3}; OUTF=${4:-/work/prof/coldab.tsv}
echo -e "label\twall\tuser\tsys\tmaxrss_kb" > $OUTF
for r in $(seq $R); do
  for l in A B; do
    bin=$A; [ $l = B ] && bin=$B
    rm -rf $SITE/.kheo /dev/shm/prof-out
    sync; sleep 3
    /usr/bin/time -f "$l\t%e\t%U\t%S\t%M" -a -o $OUTF $bin build -q $SITE -o /dev/shm/prof-out >/dev/null 2>&1
  done
done
rm -rf $SITE/.kheo /dev/shm/prof-out
python3 - $OUTF <<'P'
import sys,statistics as s
rows=[l.split('\t') for l in open(sys.argv[1]).read().split('\n')[1:] if l.strip()]
for lab in 'AB':
    r=[x for x in rows if x[0]==lab]
    w=s.median(float(x[1]) for x in r); c=s.median(float(x[2])+float(x[3]) for x in r); m=s.median(int(x[4]) for x in r)
    print(f"{lab}: n={len(r)} wall {w:.2f} s  cpu {c:.2f} s  rss {m/1024:.0f} MB")
P
