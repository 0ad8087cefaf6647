// kheo search for /tim-kiem/: reads the static index that `kheo build`
// writes under tim-kiem/chi-muc/ (format: src/search/mod.rs) and answers
// as src/search/read.rs does. No framework, no build step.
(function () {
  'use strict';
  var box = document.getElementById('search');
  if (!box || !window.fetch || !window.TextDecoder) return;
  var IDX = box.dataset.index, ROOT = box.dataset.root, PAGE = 10;
  var t = function (k) { return box.getAttribute('data-t-' + k) || ''; };
  var $ = function (s) { return box.querySelector(s); };
  var form = $('form'), input = form.elements.q, statusEl = $('.search-status');
  var list = $('.search-results'), moreBtn = $('.search-more'), clearBtn = $('.search-clear');
  var selects = [].slice.call(box.querySelectorAll('select[data-facet]'));

  // Words, cut and folded exactly as src/search/fold.rs does.
  var TONE = { '\u0301': 1, '\u0300': 2, '\u0309': 3, '\u0303': 4, '\u0323': 5 };
  var SPECIAL = { 'đ': 'd', 'ð': 'd', 'ø': 'o', 'ł': 'l', 'ı': 'i', 'ß': 'ss', 'æ': 'ae', 'œ': 'oe' };
  var MARK = /^\p{M}$/u, ALNUM = /^[a-z0-9]$/;
  function words(text) {
    var out = [], f = '', kept = '', tones = '';
    function mark(c) { if (TONE[c]) tones += TONE[c]; else kept += c; }
    function end() {
      if (f && f.length <= 32) out.push({ f: f, e: kept.normalize('NFC') + tones });
      f = kept = tones = '';
    }
    for (var c of text.normalize('NFD')) {
      if (MARK.test(c)) { if (f) mark(c); continue; }
      for (var l of c.toLowerCase().normalize('NFD')) {
        if (ALNUM.test(l)) { f += l; kept += l; }
        else if (SPECIAL[l]) { f += SPECIAL[l]; kept += l; }
        else if (f && MARK.test(l)) mark(l);
        else end();
      }
    }
    end();
    return out;
  }

  // Varints, strings and id sets (src/search/encode.rs).
  var utf8 = new TextDecoder();
  function Cur(buf, at) { this.b = new Uint8Array(buf); this.p = at || 0; }
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
  // Reads a set of ids below n, calling fn(id) for each, if given.
  Cur.prototype.set = function (n, fn) {
    var tag = this.b[this.p++], i, k, id = -1, count, miss = [];
    if (tag < 2) {
      for (count = this.v(), i = 0; i < count; i++) { id += this.v() + 1; if (tag) miss.push(id); else if (fn) fn(id); }
      if (tag && fn) for (k = 0, i = 0; i < n; i++) { if (miss[k] === i) k++; else fn(i); }
    } else if (tag === 2) {
      var first = this.v(), len = this.v();
      if (fn) for (i = 0; i < len; i++) {
        for (var byte = this.b[this.p + i], bit = 0; byte; bit++, byte >>= 1) if (byte & 1) fn((first + i) * 8 + bit);
      }
      this.p += len;
    } else {
      for (count = this.v(), i = 0; i < count; i++) {
        var start = id + 1 + this.v(), end = start + this.v();
        if (fn) for (k = start; k <= end; k++) fn(k);
        id = end;
      }
    }
  };

  var man, facets, totals, cache = {};
  function get(path, json) {
    if (!cache[path]) {
      cache[path] = fetch(IDX + path + '?v=' + man.id).then(function (r) {
        if (!r.ok) throw new Error(path);
        return json ? r.json() : r.arrayBuffer();
      });
      cache[path].catch(function () { delete cache[path]; });
    }
    return cache[path];
  }
  // The file of the chunk in `firsts` that would hold `key`, or null.
  function chunkOf(firsts, dir, key) {
    var lo = 0, hi = firsts.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (firsts[mid] <= key) lo = mid + 1; else hi = mid; }
    return lo ? get(dir + (lo - 1) + '.bin') : Promise.resolve(null);
  }
  // A word's entry: { all, head } as cursors, and its number of spellings.
  function entry(word) {
    return chunkOf(man.c, 't/', word).then(function (buf) {
      if (!buf) return null;
      var c = new Cur(buf);
      for (var count = c.v(), i = 0; i < count; i++) {
        var w = c.s(), all = c.p;
        c.set(man.n); var head = c.p; c.set(man.n);
        var k = c.v();
        if (w === word) return { all: new Cur(buf, all), head: new Cur(buf, head), k: k };
      }
      return null;
    });
  }
  // The records containing one spelling, as a cursor, or null.
  function spelling(exact) {
    return chunkOf(man.s, 's/', exact).then(function (buf) {
      if (!buf) return null;
      var c = new Cur(buf);
      for (var count = c.v(), i = 0; i < count; i++) {
        var s = c.s(), at = c.p;
        c.set(man.n);
        if (s === exact) return new Cur(buf, at);
      }
      return null;
    });
  }

  // The search, by the rules of src/search/read.rs.
  function search(q, filters) {
    var qw = [], seen = {};
    words(q).forEach(function (w) { if (!seen[w.f]) { seen[w.f] = 1; qw.push(w); } });
    var spelled = qw.some(function (w) { return w.f !== w.e; });
    return Promise.all(qw.map(function (w) {
      return entry(w.f).then(function (e) {
        if (!e || !spelled) return e;
        if (!e.k) { e.exact = new Cur(e.all.b.buffer, e.all.p); return e; }
        return spelling(w.e).then(function (s) { e.exact = s; return e; });
      });
    })).then(function (es) {
      var n = man.n, count = new Uint16Array(n), exact = new Uint16Array(n), head = new Uint16Array(n);
      es.forEach(function (e) {
        if (!e) return;
        e.all.set(n, function (id) { count[id]++; });
        e.head.set(n, function (id) { head[id]++; });
        if (e.exact) e.exact.set(n, function (id) { exact[id]++; });
      });
      var want = man.f.map(function (f) {
        var v = filters[f.k];
        if (!v) return 0;
        for (var i = 0; i < f.v.length; i++) if (f.v[i][0] === v) return i + 1;
        return 65535;
      });
      var matched = [], partial = false, id, best = 0;
      if (qw.length) {
        for (id = 0; id < n; id++) { if (count[id] === qw.length) matched.push(id); if (count[id] > best) best = count[id]; }
        if (!matched.length && best) {
          partial = true;
          for (id = 0; id < n; id++) if (count[id] === best) matched.push(id);
        }
      } else if (want.some(Boolean)) for (id = 0; id < n; id++) matched.push(id);
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
      var yf = fidx('nam'), year = function (id) { return (yf >= 0 && facets[yf][id]) || 65535; };
      matched.sort(function (a, b) { return exact[b] - exact[a] || head[b] - head[a] || year(a) - year(b) || a - b; });
      return { ids: matched, partial: partial, counts: counts, words: qw };
    });
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }
  function fidx(k) { return man.f.findIndex(function (f) { return f.k === k; }); }
  // Options of a facet's <select>: values with a count, and the chosen one.
  function fill(sel, counts, current) {
    var fi = fidx(sel.dataset.facet), f = man.f[fi], c = counts[fi], total = 0, i;
    for (i = 0; i < c.length; i++) total += c[i];
    sel.textContent = '';
    sel.appendChild(el('option', '', t('all') + ' (' + total + ')')).value = '';
    f.v.forEach(function (v, i) {
      if (!c[i + 1] && v[0] !== current) return;
      var o = sel.appendChild(el('option', '', (f.k === 'loai' && t('kind-' + v[0]) || v[1]) + ' (' + c[i + 1] + ')'));
      o.value = v[0];
      o.selected = v[0] === current;
    });
  }

  var seq = 0, state;
  function show(from) {
    var ids = state.ids.slice(from, from + PAGE), my = seq, want = {};
    state.words.forEach(function (w) { want[w.f] = 1; });
    return Promise.all(ids.map(function (id) {
      return get('m/' + Math.floor(id / man.g) + '.json', true).then(function (rows) { return rows[id % man.g]; });
    })).then(function (rows) {
      if (my !== seq) return;
      rows.forEach(function (r) {
        var li = list.appendChild(el('li', 'search-result'));
        li.appendChild(el('h2', 'search-title')).appendChild(el('a', '', r[1])).href = ROOT + r[0];
        var meta = [r[2], r[3], r[4]].filter(Boolean).join(' · ');
        if (meta) li.appendChild(el('p', 'search-meta', meta));
        if (!r[5]) return;
        var p = li.appendChild(el('p', 'search-excerpt'));
        r[5].split(/(\s+)/).forEach(function (part) {
          var hit = words(part).some(function (w) { return want[w.f]; });
          p.appendChild(hit ? el('mark', '', part) : document.createTextNode(part));
        });
      });
      state.shown = from + ids.length;
      moreBtn.hidden = state.shown >= state.ids.length;
    });
  }
  function run() {
    var q = input.value.trim(), f = {}, p = new URLSearchParams(), my = ++seq;
    if (q) p.set('q', q);
    selects.forEach(function (s) { f[s.dataset.facet] = s.value; if (s.value) p.set(s.dataset.facet, s.value); });
    history.replaceState(null, '', location.pathname + (p.toString() ? '?' + p : ''));
    var filtered = selects.some(function (s) { return s.value; });
    clearBtn.hidden = !filtered;
    if (!q && !filtered) {
      list.textContent = statusEl.textContent = '';
      moreBtn.hidden = true;
      selects.forEach(function (s) { fill(s, totals, ''); });
      return Promise.resolve();
    }
    statusEl.textContent = t('loading');
    return search(q, f).then(function (r) {
      if (my !== seq) return;
      state = r;
      selects.forEach(function (s) { fill(s, r.counts, f[s.dataset.facet]); });
      list.textContent = '';
      var n = r.ids.length, msg = !n ? t('none') : (q ? t('results-for').replace('{query}', q) : t('results'));
      statusEl.textContent = (r.partial && n ? t('partial') + ' ' : '') + msg.replace('{total}', n.toLocaleString('vi-VN'));
      return show(0);
    });
  }
  function fail(e) { statusEl.textContent = e && e.message === 'unavailable' ? t('unavailable') : t('error'); }
  function go() { run().catch(fail); }

  fetch(IDX + 'manifest.json', { cache: 'no-cache' }).then(function (r) {
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
    totals = man.f.map(function (f, fi) {
      var c = new Uint32Array(f.v.length + 1);
      facets[fi].forEach(function (v) { c[v]++; });
      return c;
    });
    var p = new URLSearchParams(location.search), timer;
    input.value = p.get('q') || '';
    selects.forEach(function (s) { fill(s, totals, p.get(s.dataset.facet) || ''); s.addEventListener('change', go); });
    $('.search-facets').hidden = false;
    form.addEventListener('submit', function (ev) { ev.preventDefault(); clearTimeout(timer); go(); });
    input.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(go, 250); });
    moreBtn.addEventListener('click', function () { show(state.shown).catch(fail); });
    clearBtn.addEventListener('click', function () { selects.forEach(function (s) { s.value = ''; }); go(); });
    return run();
  }).catch(fail);
})();
