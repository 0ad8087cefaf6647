import re,sys,collections
txt=open(sys.argv[1]).read(); pat=sys.argv[2]
s=[x for x in txt.split('\n\n') if x.strip()]
c=collections.Counter(); n=0
for x in s:
    fr=[re.match(r'\s*[0-9a-f]+ (.*?)\+0x[0-9a-f]+ \(',l) for l in x.strip().split('\n')[1:]]
    fr=[m.group(1) for m in fr if m]
    if not fr: continue
    if any(pat in f for f in fr):
        n+=1
        # first kheo frame from leaf
        k=[f for f in fr if 'kheo::' in f]
        c[(re.sub(r'<.*','',fr[0])[:60], re.sub(r'::h[0-9a-f]{16}$','',k[0])[:140] if k else '')]+=1
print(n, len(s))
for k,v in c.most_common(int(sys.argv[3]) if len(sys.argv)>3 else 25): print(f'{100*v/len(s):5.1f}% {k[0]} | {k[1]}')
