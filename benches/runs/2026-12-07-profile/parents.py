import collections,re,sys
txt=open(sys.argv[1]).read()
samples=[s for s in txt.split('\n\n') if s.strip()]
targets=sys.argv[2].split(',')
par={t:collections.Counter() for t in targets}
tot=0
for s in samples:
    lines=s.strip().split('\n')[1:]
    fr=[]
    for l in lines:
        m=re.match(r'\s*[0-9a-f]+ (.*?)\+0x[0-9a-f]+ \(',l)
        if m: fr.append(m.group(1))
    if not fr: continue
    tot+=1
    leafs=' '.join(fr[:int(sys.argv[3]) if len(sys.argv)>3 else 3])
    for t in targets:
        if t in fr[0] or (t in leafs):
            chain=[f for f in fr if 'kheo::' in f and t not in f][:3]
            par[t][' <- '.join(chain)]+=1
            break
print('samples',tot)
for t in targets:
    print('==',t,sum(par[t].values()))
    for k,v in par[t].most_common(6): print('  ',v,k[:260])
