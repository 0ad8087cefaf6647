// Weight: what a reader's browser downloads to show a page, measured in
// Chromium against the loopback server, which gzips text as a static host
// does (tests/browser/lib/server.mjs). Counted: every response of the page
// load (HTML, CSS, images, icons, scripts if any; HTTP headers included)
// as the browser's network layer saw it (encodedDataLength), with an empty
// cache. Budgets from issue 7: the home page under 60 KB, every model page
// under 40 KB; from issue 26: a model page with phone photos (a <picture>)
// under 300 KB at 360 px on first view (its first photo loads, the
// gallery's are lazy), and only AVIF files of its photos are fetched. And the page needs no web font, and no script to be read: its
// <main> says the same with JavaScript off.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launch, newPage, url, allPages, writeReport, MOBILE, SITE } from './lib/harness.mjs';

const KB = 1024;
const isModel = (p) => /^mo-hinh\/(?!trang\/).+\/$/.test(p);
// A page's own photos: a <picture> whose files are beside the page (a
// related model's card shows that model's photo, from that model's page).
const hasPhotos = (p) =>
  [...fs.readFileSync(path.join(SITE, p, 'index.html'), 'utf8').matchAll(/<source type="image\/avif" srcset="([^" ]+)/g)]
    .some((m) => new URL(m[1], 'http://host/').pathname.startsWith(`/${p}`));
const BUDGETS = [
  { kind: 'home', limit: 60 * KB, match: (p) => p === '' },
  { kind: 'model', limit: 40 * KB, match: (p) => isModel(p) && !hasPhotos(p) },
  { kind: 'model with photos', limit: 300 * KB, match: (p) => isModel(p) && hasPhotos(p), photos: true },
];

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/**
 * Loads each page in turn, with the browser cache off, in one tab; returns
 * per page what went over the wire.
 */
async function measureAll(paths) {
  const page = await newPage(browser, MOBILE);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  let reqs = new Map();
  cdp.on('Network.responseReceived', (e) => {
    const h = e.response.headers;
    reqs.set(e.requestId, { ...reqs.get(e.requestId), url: e.response.url, type: e.type, encoding: h['Content-Encoding'] ?? h['content-encoding'] ?? '' });
  });
  cdp.on('Network.loadingFinished', (e) => {
    reqs.set(e.requestId, { ...reqs.get(e.requestId), bytes: e.encodedDataLength });
  });
  const out = [];
  for (const path of paths) {
    reqs = new Map();
    await page.goto(url(path), { waitUntil: 'load' });
    // Let late responses (favicon) finish.
    await page.waitForTimeout(50);
    const resources = [...reqs.values()].filter((r) => r.url && !r.url.startsWith('data:'));
    out.push({
      path,
      bytes: resources.reduce((n, r) => n + (r.bytes ?? 0), 0),
      resources: resources.map((r) => ({ url: new URL(r.url).pathname, type: r.type, encoding: r.encoding, bytes: r.bytes ?? 0 })),
    });
  }
  await page.context().close();
  return out;
}

/** The text of <main>, with JavaScript on and off. */
async function mainText(path, javaScriptEnabled) {
  const page = await newPage(browser, MOBILE, { javaScriptEnabled });
  await page.goto(url(path), { waitUntil: 'load' });
  const text = await page.locator('main').innerText();
  await page.context().close();
  return text;
}

const report = {};
after(() => writeReport('weight', report));

for (const budget of BUDGETS) {
  test(`weight: ${budget.kind} pages under ${budget.limit / KB} KB transferred (gzip), no web fonts, readable without scripts`, async () => {
    const pages = allPages().filter(budget.match);
    assert.ok(pages.length > 0, `no ${budget.kind} page found`);
    const measured = await measureAll(pages);
    const over = [];
    for (const m of measured) {
      if (m.bytes >= budget.limit) over.push(`/${m.path}: ${(m.bytes / KB).toFixed(1)} KB: ${m.resources.map((r) => `${r.url} ${(r.bytes / KB).toFixed(1)}`).join(', ')}`);
      const fonts = m.resources.filter((r) => r.type === 'Font');
      assert.deepEqual(fonts.map((f) => f.url), [], `/${m.path} loads web fonts`);
      if (budget.photos) {
        // The browser picked the AVIF sources, never the fallback.
        const photos = m.resources.filter((r) => r.type === 'Image' && r.url.startsWith(`/${m.path}`));
        assert.ok(photos.length > 0, `/${m.path}: no photo loaded`);
        assert.deepEqual(photos.filter((r) => !r.url.endsWith('.avif')).map((r) => r.url), [], `/${m.path} fetched fallbacks`);
      }
      const html = m.resources.find((r) => r.type === 'Document');
      assert.equal(html?.encoding, 'gzip', `/${m.path} was not served compressed: the measure would be wrong`);
    }
    measured.sort((a, b) => b.bytes - a.bytes);
    const heaviest = measured[0];
    report[budget.kind] = {
      limit: budget.limit,
      pages: measured.length,
      heaviest: { path: `/${heaviest.path}`, bytes: heaviest.bytes, resources: heaviest.resources },
      all: Object.fromEntries(measured.map((m) => [`/${m.path}`, m.bytes])),
    };
    // Readable without scripts: the heaviest page's <main> says the same
    // with JavaScript off.
    assert.equal(await mainText(heaviest.path, false), await mainText(heaviest.path, true), `/${heaviest.path} reads differently with JavaScript off`);
    console.log(`weight: ${measured.length} ${budget.kind} page(s); heaviest /${heaviest.path}: ${(heaviest.bytes / KB).toFixed(1)} KB of ${budget.limit / KB} KB (${heaviest.resources.map((r) => `${r.url} ${(r.bytes / KB).toFixed(1)}`).join(', ')})`);
    assert.deepEqual(over, [], `over the ${budget.limit / KB} KB budget`);
  });
}
