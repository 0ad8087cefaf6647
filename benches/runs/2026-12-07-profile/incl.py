import collections,re,sys
txt=open(sys.argv[1]).read()
samples=[s for s in txt.split('\n\n') if s.strip()]
inc=collections.Counter(); tot=0
for s in samples:
    fr=[]
    for l in s.strip().split('\n')[1:]:
        m=re.match(r'\s*[0-9a-f]+ (.*?)\+0x[0-9a-f]+ \(',l)
        if m: fr.append(m.group(1))
    if not fr: continue
    tot+=1
    mods=set()
    for f in fr:
        for m in re.findall(r'kheo::([a-z_]+)(?:::([a-z_]+))?',f):
            mods.add(m[0]); 
            if m[1]: mods.add(m[0]+'::'+m[1])
    for m in mods: inc[m]+=1
print('samples',tot)
for k,v in inc.most_common(40): print(f'{100*v/tot:5.1f}% {k}')
