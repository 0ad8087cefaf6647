import sys,re,collections
txt=open(sys.argv[1]).read().split('\n\n')
pats=[(n,re.compile(p)) for n,p in [
 ('tera render', r'tera::vm::interpreter|tera::Tera::render|tera::template'),
 ('card value', r'kheo::render::cards::Cards::value'),
 ('insert_models', r'PageCtx::insert_models'),
 ('model_view', r'kheo::render::cards::model_view'),
 ('tera Value from_serializable', r'tera::value::ser|from_serializable'),
 ('memo card', r'kheo::render::memo'),
 ('body_rendered(page)', r'Model::body_rendered'),
 ('body_for_text(search)', r'Model::body_for_text'),
 ('search', r'kheo::search::'),
 ('lint', r'kheo::lint::'),
 ('load models', r'kheo::content::model::load_partial_by'),
 ('yaml', r'serde_yaml|unsafe_libyaml|frontmatter::parse'),
 ('Staging::put', r'Staging::put'),
 ('opendata', r'kheo::render::opendata|kheo::render::table'),
 ('zlib', r'zlib_rs'),
 ('decorate jsonld', r'kheo::render::meta'),
 ('fingerprint', r'incremental::.*fingerprint'),
 ('kernel', r'kallsyms'),
 ('malloc/free', r'mi_free|_mi_|mi_malloc'),
 ('pulldown', r'pulldown_cmark'),
 ('render_jobs', r'render_jobs'),
 ('Site::build', r'Site::build_from'),
 ('sitemap/feed', r'render::feed|sitemap'),
]]
n=0;c=collections.Counter()
for s in txt:
    if not s.strip(): continue
    n+=1
    for name,p in pats:
        if p.search(s): c[name]+=1
print('samples',n)
for name,_ in pats: print(f"{100*c[name]/n:5.1f}% {name}")
