#!/usr/bin/env python3
# Prints the table of every message an editor can meet (each message of
# locales/vi/kheo.ftl that has a `.help`), for docs/editors.md section 8:
#   python3 tools/messages-table.py locales/vi/kheo.ftl
# With a message id as second argument, prints the variants of its help
# (e.g. value-bad, key by key).
import re,sys
src=open(sys.argv[1]).read()
# collect messages: id -> (value, help) as raw multi-line strings
msgs=[];cur=None;attr=None;section=None
for line in src.split('\n'):
    if line.startswith('## '):
        section=line[3:].strip(); continue
    if line.startswith('#') or not line.strip():
        if not line.strip(): pass
        continue
    m=re.match(r'^([a-z][a-z0-9_-]*) = ?(.*)$', line)
    if m:
        cur={'id':m.group(1),'value':m.group(2),'help':None,'section':section}
        msgs.append(cur); attr='value'; continue
    m=re.match(r'^\s+\.help = ?(.*)$', line)
    if m and cur:
        cur['help']=m.group(1); attr='help'; continue
    if cur: cur[attr]=(cur[attr] or '')+'\n'+line
def lit(s):
    return re.sub(r'\{\s*"([^"]*)"\s*\}', lambda m: m.group(1).replace('{','\x01').replace('}','\x02'), s)
def flatten(s):
    return flatten_(lit(s)).replace('\x01','{').replace('\x02','}')
def flatten_(s):
    # resolve selects: pick default variant
    out='';i=0
    while i<len(s):
        if s[i]=='{':
            depth=1;j=i+1
            while j<len(s) and depth:
                if s[j]=='{': depth+=1
                elif s[j]=='}': depth-=1
                j+=1
            inner=s[i+1:j-1]
            if '->' in inner:
                # default variant: after '*[name]' up to next variant at same depth
                body=inner.split('->',1)[1]
                # split variants at top level
                vars_=[];d=0;k=0;start=None
                tokens=[]
                pos=0
                while pos<len(body):
                    c=body[pos]
                    if c=='{': d+=1
                    elif c=='}': d-=1
                    if d==0 and (body.startswith('*[',pos) or (c=='[' and (pos==0 or body[pos-1] in ' \n'))):
                        tokens.append(pos)
                    pos+=1
                default=''
                for t_i,t in enumerate(tokens):
                    end=tokens[t_i+1] if t_i+1<len(tokens) else len(body)
                    chunk=body[t:end]
                    if chunk.startswith('*['):
                        default=chunk[chunk.index(']')+1:]
                out+=flatten_(default.strip())
            elif inner.strip().startswith('"'):
                out+=inner.strip()[1:-1]
            else:
                out+='…'
            i=j
        else:
            out+=s[i]; i+=1
    return ' '.join(out.split())
def variants(s):
    s=lit(s)
    body=s[s.index('->')+2:s.rindex('}')]
    out=[]
    for m in re.finditer(r'\*?\[([a-z-]+)\]([^\n]*)', body):
        out.append((m.group(1), flatten_(m.group(2)).replace('\x01','{').replace('\x02','}')))
    return out
if len(sys.argv)>2:
    for m in msgs:
        if m['id']==sys.argv[2]:
            for k,t in variants(m['help']):
                t2=t.replace('|','\\|')
                print(f"| `{k}` | {t2} |")
    sys.exit()
print('| mã | lời nhắn | cách sửa |')
print('| --- | --- | --- |')
for m in msgs:
    if m['help'] is None: continue
    v=flatten(m['value']).replace('|','\\|'); h=flatten(m['help']).replace('|','\\|')
    print(f"| `{m['id']}` | {v} | {h} |")
