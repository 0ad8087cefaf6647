// kheo search for /tim-kiem/: reads the static index that `kheo build`
// writes under tim-kiem/chi-muc/ (format: src/search/mod.rs) and answers
// as src/search/read.rs does. No framework, no build step.
(() => {
'use strict';
const box = document.getElementById('search');
if (!box) return;
const IDX = box.dataset.index, ROOT = box.dataset.root, PAGE = 10;
const t = (k) => box.getAttribute('data-t-' + k) || '';
const $ = (s) => box.querySelector(s);
const form = $('form'), input = form.elements.q, statusEl = $('.search-status');
const list = $('.search-results'), moreBtn = $('.search-more'), clearBtn = $('.search-clear');
const selects = [...box.querySelectorAll('select[data-facet]')];
const busy = (b) => list.setAttribute('aria-busy', b);

// Words, cut and folded exactly as src/search/fold.rs does.
const TONE = { '\u0301': 1, '\u0300': 2, '\u0309': 3, '\u0303': 4, '\u0323': 5 };
const SPECIAL = { 'đ': 'd', 'ð': 'd', 'ø': 'o', 'ł': 'l', 'ı': 'i', 'ß': 'ss', 'æ': 'ae', 'œ': 'oe' };
const MARK = /^\p{M}$/u, ALNUM = /^[a-z0-9]$/;
function words(text) {
  const out = [];
  let f = '', kept = '', tones = '';
  const mark = (c) => { if (TONE[c]) tones += TONE[c]; else kept += c; };
  const end = () => {
    if (f && f.length <= 32) out.push({ f, e: kept.normalize('NFC') + (tones && ':' + tones) });
    f = kept = tones = '';
  };
  for (const c of text.normalize('NFD')) {
    if (MARK.test(c)) { if (f) mark(c); continue; }
    for (const l of c.toLowerCase().normalize('NFD')) {
      if (ALNUM.test(l)) { f += l; kept += l; }
      else if (SPECIAL[l]) { f += SPECIAL[l]; kept += l; }
      else if (f && MARK.test(l)) mark(l);
      else end();
    }
  }
  end();
  return out;
}

// A cursor over index bytes: varints, strings and id sets (src/search/encode.rs).
const utf8 = new TextDecoder();
class Cur {
  constructor(buf, at = 0) { this.b = new Uint8Array(buf); this.p = at; }
  v() {
    let v = 0, m = 1, x;
    do { x = this.b[this.p++]; v += (x & 127) * m; m *= 128; } while (x & 128);
    return v;
  }
  s() {
    const n = this.v(), s = utf8.decode(this.b.subarray(this.p, this.p + n));
    this.p += n;
    return s;
  }
  // Reads a set of ids below n, calling fn(id) for each, if given.
  set(n, fn) {
    const tag = this.b[this.p++], miss = [];
    let id = -1;
    if (tag < 2) {
      for (let i = 0, count = this.v(); i < count; i++) {
        id += this.v() + 1;
        if (tag) miss.push(id); else if (fn) fn(id);
      }
      if (tag && fn) for (let i = 0, k = 0; i < n; i++) { if (miss[k] === i) k++; else fn(i); }
    } else if (tag === 2) {
      const first = this.v(), len = this.v();
      if (fn) for (let i = 0; i < len; i++) {
        for (let byte = this.b[this.p + i], bit = 0; byte; bit++, byte >>= 1) if (byte & 1) fn((first + i) * 8 + bit);
      }
      this.p += len;
    } else {
      for (let i = 0, count = this.v(); i < count; i++) {
        const start = id + 1 + this.v(), end = start + this.v();
        if (fn) for (let k = start; k <= end; k++) fn(k);
        id = end;
      }
    }
  }
}

let man, facets, totals, runStart;
const cache = {};
function get(path, json) {
  if (!cache[path]) {
    cache[path] = fetch(IDX + path + '?v=' + man.id).then((r) => {
      if (!r.ok) throw new Error(path);
      return json ? r.json() : r.arrayBuffer();
    });
    cache[path].catch(() => delete cache[path]);
  }
  return cache[path];
}
// Finds `key` in the chunk (dir<i>.bin) that would hold it: its entry has
// `sets` id sets (then, in word chunks, a count): [cursors..., count] or null.
async function find(firsts, dir, key, sets) {
  let lo = 0, hi = firsts.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (firsts[mid] <= key) lo = mid + 1; else hi = mid; }
  if (!lo) return null;
  const buf = await get(dir + (lo - 1) + '.bin'), c = new Cur(buf);
  for (let i = 0, count = c.v(); i < count; i++) {
    const k = c.s(), at = [];
    for (let j = 0; j < sets; j++) { at.push(new Cur(buf, c.p)); c.set(man.n); }
    if (sets > 1) at.push(c.v());
    if (k === key) return at;
  }
  return null;
}

// The search, by the rules of src/search/read.rs.
async function search(q, filters) {
  const qw = [], seen = {};
  for (const w of words(q)) if (!seen[w.f]) { seen[w.f] = 1; qw.push(w); }
  const spelled = qw.some((w) => w.f !== w.e);
  const es = await Promise.all(qw.map(async (w) => {
    const e = await find(man.c, 't/', w.f, 2);
    if (e && spelled) e[3] = e[2] ? (await find(man.s, 's/', w.e, 1) || [])[0] : new Cur(e[0].b.buffer, e[0].p);
    return e;
  }));
  const n = man.n, count = new Uint16Array(n), exact = new Uint16Array(n), head = new Uint16Array(n);
  for (const e of es) {
    if (!e) continue;
    e[0].set(n, (id) => count[id]++);
    e[1].set(n, (id) => head[id]++);
    if (e[3]) e[3].set(n, (id) => exact[id]++);
  }
  const want = man.f.map((f) => {
    const v = filters[f.k];
    return !v ? 0 : f.v.findIndex((x) => x[0] === v) + 1 || 65535;
  });
  let matched = [], partial = false, best = 0;
  if (qw.length) {
    for (let id = 0; id < n; id++) { if (count[id] === qw.length) matched.push(id); if (count[id] > best) best = count[id]; }
    if (!matched.length && best) {
      partial = true;
      for (let id = 0; id < n; id++) if (count[id] === best) matched.push(id);
    }
  } else if (want.some(Boolean)) for (let id = 0; id < n; id++) matched.push(id);
  const passes = (id, skip) => want.every((w, f) => f === skip || !w || facets[f][id] === w);
  const counts = man.f.map((f, fi) => {
    const c = new Uint32Array(f.v.length + 1);
    for (const id of matched) if (passes(id, fi)) c[facets[fi][id]]++;
    return c;
  });
  matched = matched.filter((id) => passes(id, -1));
  const yf = fidx('nam'), year = (id) => (yf >= 0 && facets[yf][id]) || 65535;
  matched.sort((a, b) => exact[b] - exact[a] || head[b] - head[a] || year(a) - year(b) || a - b);
  return { ids: matched, partial, counts, words: qw };
}

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text) e.textContent = text;
  return e;
}
const fidx = (k) => man.f.findIndex((f) => f.k === k);
// Options of a facet's <select>: values with a count, and the chosen one.
function fill(sel, counts, current) {
  const fi = fidx(sel.dataset.facet), f = man.f[fi], c = counts[fi];
  sel.textContent = '';
  sel.appendChild(el('option', '', t('all') + ' (' + c.reduce((a, b) => a + b, 0) + ')')).value = '';
  f.v.forEach(([key, name], i) => {
    if (!c[i + 1] && key !== current) return;
    const o = sel.appendChild(el('option', '', ((f.k === 'loai' && t('kind-' + key)) || name) + ' (' + c[i + 1] + ')'));
    o.value = key;
    o.selected = key === current;
  });
}

let seq = 0, state;
async function show(from) {
  const ids = state.ids.slice(from, from + PAGE), my = seq, want = {};
  for (const w of state.words) want[w.f] = 1;
  const rows = await Promise.all(ids.map((id) => {
    // The display data of a facet run's records, man.g to a file, named
    // by the run's value keys (see search/files.rs, display_groups).
    const k = id - runStart[id], keys = facets.map((a, fi) => (a[id] ? man.f[fi].v[a[id] - 1][0] : '_'));
    return get('m/' + keys.join('.') + '.' + Math.floor(k / man.g) + '.json', true).then((g) => g[k % man.g]);
  }));
  if (my !== seq) return;
  for (const [path, title, locality, field, year, excerpt] of rows) {
    const li = list.appendChild(el('li', 'search-result'));
    li.appendChild(el('h2', 'search-title')).appendChild(el('a', '', title)).href = ROOT + path;
    const meta = [locality, field, year].filter(Boolean).join(' · ');
    if (meta) li.appendChild(el('p', 'search-meta', meta));
    if (!excerpt) continue;
    const p = li.appendChild(el('p', 'search-excerpt'));
    for (const part of excerpt.split(/(\s+)/)) {
      const hit = words(part).some((w) => want[w.f]);
      p.appendChild(hit ? el('mark', '', part) : document.createTextNode(part));
    }
  }
  state.shown = from + ids.length;
  moreBtn.hidden = state.shown >= state.ids.length;
  busy(false);
}
async function run() {
  const q = input.value.trim(), f = {}, p = new URLSearchParams(), my = ++seq;
  if (q) p.set('q', q);
  for (const s of selects) { f[s.dataset.facet] = s.value; if (s.value) p.set(s.dataset.facet, s.value); }
  history.replaceState(null, '', location.pathname + (p.toString() ? '?' + p : ''));
  busy(true);
  const filtered = selects.some((s) => s.value);
  clearBtn.hidden = !filtered;
  if (!q && !filtered) {
    list.textContent = statusEl.textContent = '';
    moreBtn.hidden = true;
    for (const s of selects) fill(s, totals, '');
    return busy(false);
  }
  statusEl.textContent = t('loading');
  const r = await search(q, f);
  if (my !== seq) return;
  state = r;
  for (const s of selects) fill(s, r.counts, f[s.dataset.facet]);
  list.textContent = '';
  const n = r.ids.length, msg = !n ? t('none') : q ? t('results-for').replace('{query}', q) : t('results');
  statusEl.textContent = (r.partial && n ? t('partial') + ' ' : '') + msg.replace('{total}', n.toLocaleString('vi-VN'));
  return show(0);
}
const fail = (e) => {
  busy(false);
  statusEl.textContent = e && e.message === 'unavailable' ? t('unavailable') : t('error');
};
const go = () => run().catch(fail);

(async () => {
  const r = await fetch(IDX + 'manifest.json', { cache: 'no-cache' });
  if (!r.ok) throw new Error('unavailable');
  man = await r.json();
  const c = new Cur(await get('facets.bin'));
  facets = man.f.map(() => {
    const a = new Uint16Array(man.n);
    for (let i = 0, at = 0, runs = c.v(); i < runs; i++) { const v = c.v(), len = c.v(); a.fill(v, at, at + len); at += len; }
    return a;
  });
  runStart = new Uint32Array(man.n);
  for (let i = 1; i < man.n; i++) runStart[i] = facets.every((a) => a[i] === a[i - 1]) ? runStart[i - 1] : i;
  totals = man.f.map((f, fi) => {
    const c = new Uint32Array(f.v.length + 1);
    for (const v of facets[fi]) c[v]++;
    return c;
  });
  const p = new URLSearchParams(location.search);
  let timer;
  input.value = p.get('q') || '';
  for (const s of selects) { fill(s, totals, p.get(s.dataset.facet) || ''); s.addEventListener('change', go); }
  $('.search-facets').hidden = false;
  form.addEventListener('submit', (ev) => { ev.preventDefault(); clearTimeout(timer); go(); });
  input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(go, 250); });
  moreBtn.addEventListener('click', () => { busy(true); show(state.shown).catch(fail); });
  clearBtn.addEventListener('click', () => { for (const s of selects) s.value = ''; go(); });
  await run();
})().catch(fail);
})();
