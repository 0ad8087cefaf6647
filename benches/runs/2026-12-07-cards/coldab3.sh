#!/usr/bin/env bash
# cold A/B/C: alternate binaries, R rounds, on SITE, outputs on tmpfs
R=$1; OUTF=$2; SITE=$3; shift 3
echo -e "label\twall\tuser\tsys\tmaxrss_kb" > $OUTF
for r in $(seq $R); do
  for bin in "$@"; do
    rm -rf $SITE/.kheo /dev/shm/ab-out
    sync; sleep 2
    /usr/bin/time -f "$(basename $bin)\t%e\t%U\t%S\t%M" -a -o $OUTF $bin build -q $SITE -o /dev/shm/ab-out >/dev/null 2>&1
  done
done
rm -rf $SITE/.kheo /dev/shm/ab-out
python3 - $OUTF "$@" <<'P'
import sys,statistics as s,os
rows=[l.split('\t') for l in open(sys.argv[1]).read().split('\n')[1:] if l.strip()]
for b in sys.argv[2:]:
    lab=os.path.basename(b); r=[x for x in rows if x[0]==lab]
    w=s.median(float(x[1]) for x in r); c=s.median(float(x[2])+float(x[3]) for x in r); u=s.median(float(x[2]) for x in r); m=s.median(int(x[4]) for x in r)
    print(f"{lab}: n={len(r)} wall {w:.2f} s  cpu {c:.2f} s (user {u:.2f})  rss {m/1024:.0f} MB")
P
