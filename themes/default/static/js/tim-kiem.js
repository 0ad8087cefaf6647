// kheo search client for /tim-kiem/: reads the static index written by
// `kheo build` under tim-kiem/chi-muc/ (format: src/search/mod.rs) and
// answers as src/search/read.rs does. No framework, no build step.
(function () {
  'use strict';
  var box = document.getElementById('search');
  if (!box || !window.fetch || !window.TextDecoder) return;
  var IDX = box.dataset.index, ROOT = box.dataset.root;
  var t = function (k) { return box.getAttribute('data-t-' + k) || ''; };
  var form = box.querySelector('form'), input = form.elements.q;
  var statusEl = box.querySelector('.search-status'), list = box.querySelector('.search-results');
  var moreBtn = box.querySelector('.search-more'), facetBox = box.querySelector('.search-facets');
  var clearBtn = box.querySelector('.search-clear');
  var selects = Array.prototype.slice.call(box.querySelectorAll('select[data-facet]'));
  var PAGE = 20;

  // Words, exactly as src/search/fold.rs cuts and folds them.
  var TONE = { '\u0301': '1', '\u0300': '2', '\u0309': '3', '\u0303': '4', '\u0323': '5' };
  var SPECIAL = { 'đ': 'd', 'ð': 'd', 'ø': 'o', 'ł': 'l', 'ı': 'i', 'ß': 'ss', 'æ': 'ae', 'œ': 'oe' };
  var MARK = /^\p{M}$/u, ALNUM = /^[a-z0-9]$/;
  function words(text) {
    var out = [], f = '', kept = '', tones = '';
    function mark(c) { if (TONE[c]) tones += TONE[c]; else kept += c; }
    function finish() {
      if (f && f.length <= 32) out.push({ f: f, e: kept.normalize('NFC') + tones });
      f = kept = tones = '';
    }
    for (var c of text.normalize('NFD')) {
      if (MARK.test(c)) { if (f) mark(c); continue; }
      for (var l of c.toLowerCase().normalize('NFD')) {
        if (ALNUM.test(l)) { f += l; kept += l; }
        else if (SPECIAL[l]) { f += SPECIAL[l]; kept += l; }
        else if (MARK.test(l) && f) mark(l);
        else finish();
      }
    }
    finish();
    return out;
  }

  // Binary pieces (src/search/encode.rs).
  var utf8 = new TextDecoder();
  function Cur(buf) { this.b = new Uint8Array(buf); this.p = 0; }
  Cur.prototype.v = function () {
    var v = 0, m = 1, x;
    do { x = this.b[this.p++]; v += (x & 127) * m; m *= 128; } while (x & 128);
    return v;
  };
  Cur.prototype.s = function () {
    var n = this.v(), s = utf8.decode(this.b.subarray(this.p, this.p + n));
    this.p += n;
    return s;
  };
  // Reads one set of ids below n, calling fn(id) for each (fn may be null).
  Cur.prototype.set = function (n, fn) {
    var tag = this.b[this.p++], i, k, id, count;
    if (tag === 0) {
      for (count = this.v(), id = -1, i = 0; i < count; i++) { id += this.v() + 1; if (fn) fn(id); }
    } else if (tag === 1) {
      var miss = [];
      for (count = this.v(), id = -1, i = 0; i < count; i++) { id += this.v() + 1; miss.push(id); }
      if (fn) for (k = 0, i = 0; i < n; i++) { if (miss[k] === i) k++; else fn(i); }
    } else if (tag === 2) {
      var first = this.v(), len = this.v();
      if (fn) for (i = 0; i < len; i++) {
        var byte = this.b[this.p + i];
        for (k = 0; byte; k++, byte >>= 1) if (byte & 1) fn((first + i) * 8 + k);
      }
      this.p += len;
    } else {
      for (count = this.v(), id = -1, i = 0; i < count; i++) {
        var start = id + 1 + this.v(), end = start + this.v();
        if (fn) for (k = start; k <= end; k++) fn(k);
        id = end;
      }
    }
  };

  var man, facets, cache = {};
  function get(path, json) {
    if (!cache[path]) {
      cache[path] = fetch(IDX + path + '?v=' + man.id).then(function (r) {
        if (!r.ok) throw new Error(path + ': ' + r.status);
        return json ? r.json() : r.arrayBuffer();
      });
      cache[path].catch(function () { delete cache[path]; });
    }
    return cache[path];
  }
  function load() {
    return fetch(IDX + 'manifest.json', { cache: 'no-cache' }).then(function (r) {
      if (!r.ok) throw new Error('unavailable');
      return r.json();
    }).then(function (m) {
      man = m;
      return get('facets.bin');
    }).then(function (buf) {
      var c = new Cur(buf);
      facets = man.f.map(function () {
        var a = new Uint16Array(man.n), at = 0;
        for (var runs = c.v(), r = 0; r < runs; r++) { var v = c.v(), len = c.v(); a.fill(v, at, at + len); at += len; }
        return a;
      });
    });
  }

  // The entry of one folded word, or null.
  function entry(word) {
    var lo = 0, hi = man.c.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (man.c[mid] <= word) lo = mid + 1; else hi = mid; }
    if (!lo) return Promise.resolve(null);
    return get('t/' + (lo - 1) + '.bin').then(function (buf) {
      var c = new Cur(buf), n = man.n;
      for (var count = c.v(), i = 0; i < count; i++) {
        var w = c.s(), found = w === word, e = { all: null, head: null, exact: {} };
        if (found) { e.all = c.p; c.set(n, null); e.head = c.p; c.set(n, null); } else { c.set(n, null); c.set(n, null); }
        for (var k = c.v(), j = 0; j < k; j++) { var s = c.s(); if (found) e.exact[s] = c.p; c.set(n, null); }
        if (found) { e.buf = buf; return e; }
        if (w > word) break;
      }
      return null;
    });
  }
  function each(e, at, fn) { var c = new Cur(e.buf); c.p = at; c.set(man.n, fn); }

  // The search itself: see src/search/read.rs for the rules.
  function search(q, filters) {
    var qw = [], seen = {};
    words(q).forEach(function (w) { if (!seen[w.f]) { seen[w.f] = 1; qw.push(w); } });
    return Promise.all(qw.map(function (w) { return entry(w.f); })).then(function (es) {
      var n = man.n, count = new Uint16Array(n), exact = new Uint16Array(n), head = new Uint16Array(n);
      es.forEach(function (e, i) {
        if (!e) return;
        each(e, e.all, function (id) { count[id]++; });
        each(e, e.head, function (id) { head[id]++; });
        var w = qw[i];
        if (w.f !== w.e && e.exact[w.e] !== undefined) each(e, e.exact[w.e], function (id) { exact[id]++; });
      });
      var want = man.f.map(function (f) {
        var v = filters[f.k];
        if (!v) return 0;
        for (var i = 0; i < f.v.length; i++) if (f.v[i][0] === v) return i + 1;
        return 65535;
      });
      var filtered = want.some(Boolean), matched = [], partial = false, id;
      if (!qw.length) { if (filtered) for (id = 0; id < n; id++) matched.push(id); }
      else {
        var need = qw.length, best = 0;
        for (id = 0; id < n; id++) { if (count[id] === need) matched.push(id); if (count[id] > best) best = count[id]; }
        if (!matched.length && best) {
          partial = true;
          for (id = 0; id < n; id++) if (count[id] === best) matched.push(id);
        }
      }
      function passes(id, skip) {
        for (var f = 0; f < want.length; f++) if (f !== skip && want[f] && facets[f][id] !== want[f]) return false;
        return true;
      }
      var counts = man.f.map(function (f, fi) {
        var c = new Uint32Array(f.v.length + 1);
        matched.forEach(function (id) { if (passes(id, fi)) c[facets[fi][id]]++; });
        return c;
      });
      matched = matched.filter(function (id) { return passes(id, -1); });
      var yf = man.f.findIndex(function (f) { return f.k === 'nam'; });
      var year = function (id) { var y = yf < 0 ? 0 : facets[yf][id]; return y || 65535; };
      matched.sort(function (a, b) {
        return exact[b] - exact[a] || head[b] - head[a] || year(a) - year(b) || a - b;
      });
      return { ids: matched, partial: partial, counts: counts, words: qw };
    });
  }

  function hits(ids) {
    return Promise.all(ids.map(function (id) {
      return get('m/' + Math.floor(id / man.g) + '.json', true).then(function (rows) { return rows[id % man.g]; });
    }));
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }
  // The excerpt, with the words of the query marked.
  function marked(text, qw) {
    var p = el('p', 'search-excerpt'), want = {};
    qw.forEach(function (w) { want[w.f] = 1; });
    text.split(/(\s+)/).forEach(function (part) {
      var hit = words(part).some(function (w) { return want[w.f]; });
      p.appendChild(hit ? el('mark', '', part) : document.createTextNode(part));
    });
    return p;
  }
  function fill(sel, fi, counts, current) {
    var f = man.f[fi], c = counts[fi], total = 0;
    for (var i = 0; i < c.length; i++) total += c[i];
    sel.textContent = '';
    var all = el('option', '', t('all') + ' (' + total + ')');
    all.value = '';
    sel.appendChild(all);
    f.v.forEach(function (v, i) {
      if (!c[i + 1] && v[0] !== current) return;
      var name = f.k === 'loai' ? t('kind-' + v[0]) || v[1] : v[1];
      var o = el('option', '', name + ' (' + c[i + 1] + ')');
      o.value = v[0];
      o.selected = v[0] === current;
      sel.appendChild(o);
    });
  }

  var seq = 0, state = null;
  function state0() {
    var p = new URLSearchParams(location.search), f = {};
    selects.forEach(function (s) { f[s.dataset.facet] = p.get(s.dataset.facet) || ''; });
    return { q: p.get('q') || '', f: f };
  }
  function toURL(q, f) {
    var p = new URLSearchParams();
    if (q) p.set('q', q);
    Object.keys(f).forEach(function (k) { if (f[k]) p.set(k, f[k]); });
    var s = p.toString();
    history.replaceState(null, '', location.pathname + (s ? '?' + s : ''));
  }
  function show(from) {
    var ids = state.ids.slice(from, from + PAGE), my = seq;
    return hits(ids).then(function (rows) {
      if (my !== seq) return;
      rows.forEach(function (r) {
        var li = el('li', 'search-result'), h = el('h2', 'search-title'), a = el('a', '', r[1]);
        a.href = ROOT + r[0];
        h.appendChild(a);
        li.appendChild(h);
        var meta = [r[2], r[3], r[4]].filter(Boolean).join(' · ');
        if (meta) li.appendChild(el('p', 'search-meta', meta));
        if (r[5]) li.appendChild(marked(r[5], state.words));
        list.appendChild(li);
      });
      state.shown = from + ids.length;
      moreBtn.hidden = state.shown >= state.ids.length;
    });
  }
  function run() {
    var q = input.value.trim(), f = {};
    selects.forEach(function (s) { f[s.dataset.facet] = s.value; });
    toURL(q, f);
    var my = ++seq;
    var anyFilter = selects.some(function (s) { return s.value; });
    clearBtn.hidden = !anyFilter;
    if (!q && !anyFilter) {
      list.textContent = ''; statusEl.textContent = ''; moreBtn.hidden = true;
      selects.forEach(function (s) { fill(s, fidx(s), totals, ''); });
      return Promise.resolve();
    }
    statusEl.textContent = t('loading');
    return search(q, f).then(function (r) {
      if (my !== seq) return;
      state = r;
      selects.forEach(function (s) { fill(s, fidx(s), r.counts, f[s.dataset.facet]); });
      list.textContent = '';
      var n = r.ids.length;
      var msg = !n ? t('none') : (q ? t('results-for').replace('{query}', q) : t('results')).replace('{total}', n.toLocaleString('vi-VN'));
      statusEl.textContent = (r.partial && n ? t('partial') + ' ' : '') + msg;
      box.classList.toggle('search-partial', r.partial);
      return show(0);
    });
  }
  var totals;
  function fidx(sel) { return man.f.findIndex(function (x) { return x.k === sel.dataset.facet; }); }
  function fail(e) {
    statusEl.textContent = e && e.message === 'unavailable' ? t('unavailable') : t('error');
  }

  var timer;
  load().then(function () {
    var s = state0();
    input.value = s.q;
    totals = man.f.map(function (f, fi) {
      var c = new Uint32Array(f.v.length + 1);
      facets[fi].forEach(function (v) { c[v]++; });
      return c;
    });
    selects.forEach(function (sel) {
      fill(sel, fidx(sel), totals, s.f[sel.dataset.facet]);
      sel.addEventListener('change', function () { run().catch(fail); });
    });
    facetBox.hidden = false;
    form.addEventListener('submit', function (ev) { ev.preventDefault(); clearTimeout(timer); run().catch(fail); });
    input.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(function () { run().catch(fail); }, 250); });
    moreBtn.addEventListener('click', function () { show(state.shown).catch(fail); });
    clearBtn.addEventListener('click', function () { selects.forEach(function (x) { x.value = ''; }); run().catch(fail); });
    return run();
  }).catch(fail);
})();
