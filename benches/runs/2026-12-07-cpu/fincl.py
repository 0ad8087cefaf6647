import collections,re,sys
txt=open(sys.argv[1]).read(); pat=sys.argv[2] if len(sys.argv)>2 else 'kheo::'
samples=[s for s in txt.split('\n\n') if s.strip()]
inc=collections.Counter(); slf=collections.Counter(); tot=0
def strip(f):
    f=re.sub(r'::h[0-9a-f]{16}$','',f)
    out='';d=0
    for c in f:
        if c=='<': d+=1; continue
        if c=='>': d-=1; continue
        if d==0: out+=c
    return out
for s in samples:
    fr=[]
    for l in s.strip().split('\n')[1:]:
        m=re.match(r'\s*[0-9a-f]+ (.*?)\+0x[0-9a-f]+ \(',l)
        if m: fr.append(strip(m.group(1)))
    if not fr: continue
    tot+=1
    slf[fr[0]]+=1
    seen=set()
    for f in fr:
        if pat in f and f not in seen: seen.add(f); inc[f]+=1
print('samples',tot)
for k,v in inc.most_common(int(sys.argv[3]) if len(sys.argv)>3 else 60): print(f'{100*v/tot:5.1f}% {k[:150]}')
if len(sys.argv)>4:
  print('--- self')
  for k,v in slf.most_common(40): print(f'{100*v/tot:5.1f}% {k[:150]}')
