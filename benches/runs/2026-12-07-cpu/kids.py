import collections,re,sys
txt=open(sys.argv[1]).read(); pat=sys.argv[2]; depth=int(sys.argv[3]) if len(sys.argv)>3 else 1
samples=[s for s in txt.split('\n\n') if s.strip()]
def strip(f):
    f=re.sub(r'::h[0-9a-f]{16}$','',f); out='';d=0
    for c in f:
        if c=='<': d+=1; continue
        if c=='>': d-=1; continue
        if d==0: out+=c
    return out
kids=collections.Counter(); tot=0; hit=0
for s in samples:
    fr=[]
    for l in s.strip().split('\n')[1:]:
        m=re.match(r'\s*[0-9a-f]+ (.*?)\+0x[0-9a-f]+ \(',l)
        if m: fr.append(strip(m.group(1)))
    if not fr: continue
    tot+=1
    idx=[i for i,f in enumerate(fr) if pat in f]
    if not idx: continue
    hit+=1
    i=min(idx)
    below=fr[:i][::-1]  # callee chain from X downward
    below=[f for f in below if not re.match(r'(core::|alloc::|std::|rayon|\{closure|call_once|call_mut|<)',f)]
    kids[' > '.join(below[:depth]) or '(self)']+=1
print('samples',tot,'with',pat,f'{100*hit/tot:.1f}%')
for k,v in kids.most_common(30): print(f'{100*v/tot:5.1f}% {k[:200]}')
