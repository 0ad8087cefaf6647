#!/usr/bin/env bash
# abm.sh A B ROUNDS OUT: add/remove a model in turns at 100k on /dev/shm, with peak RSS
A=$1; B=$2; R=$3; OUT=$4
W=/dev/shm/k20
for s in A B; do
  [ -d $W/site-$s/content ] || { mkdir -p $W/site-$s; cp -al $W/site-100000/kheo/content $W/site-$s/content; cp $W/site-100000/kheo/site.yaml $W/site-$s/; }
done
model=$(cd $W/site-A && find content/models -name '*.md' | LC_ALL=C sort | sed -n 3p)
f="$(dirname "$model")/kheo-ab-moi.md"
for s in A B; do rm -f $W/site-$s/$f; done
one() { cd $W/site-$2; l=$(cut -d' ' -f1 /proc/loadavg); /usr/bin/time -f "%e %U %S %M" -o $W/abm.time "$1" build -q -o $W/out-$2 . >/dev/null 2>&1; echo "$2 $3 $l $(cat $W/abm.time)"; }
one $A A init > /dev/null; one $B B init > /dev/null
for i in $(seq 1 $R); do
  for s in A B; do
    if [ -e $W/site-$s/$f ]; then rm $W/site-$s/$f; k=remove; else sed '0,/^title: .*/s//title: Mô hình thêm để đo (ab)/' $W/site-$s/$model > $W/site-$s/$f; k=add; fi
  done
  if [ $((i % 2)) = 1 ]; then one $A A $k; one $B B $k; else one $B B $k; one $A A $k; fi
done | tee $OUT
python3 - $OUT <<'P'
import sys, statistics as st
rows=[l.split() for l in open(sys.argv[1]) if l.strip()]
for lab in "AB":
  for k in ("add","remove"):
    r=[x for x in rows if x[0]==lab and x[1]==k]
    if not r: continue
    cpu=st.median(float(x[4])+float(x[5]) for x in r); w=st.median(float(x[3]) for x in r); m=st.median(int(x[6]) for x in r)
    print(f"{lab} {k}: n={len(r)} cpu {cpu:.2f} s wall {w:.2f} s peak {m/1024:.0f} MB")
P
