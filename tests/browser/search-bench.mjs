#!/usr/bin/env node
// What a phone downloads for a first search, on any built site (not a test:
// run it by hand on a large generated site, see docs/performance.md):
//
//   node tests/browser/search-bench.mjs OUT_DIR ["query" ...]
//
// Serves OUT_DIR on 127.0.0.1 with tests/browser/lib/server.mjs (gzip, as
// a static host), opens /tim-kiem/?q=<query> in Debian's Chromium with an
// empty cache, waits for the results, and prints per query the files the
// page fetched, compressed (as sent) and raw, page and stylesheet included.

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { serveStatic } from './lib/server.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const { chromium } = createRequire(path.join(HERE, 'package.json'))('playwright-core');
const [dir, ...args] = process.argv.slice(2);
if (!dir || !fs.existsSync(path.join(dir, 'tim-kiem', 'index.html'))) {
  console.error('usage: node tests/browser/search-bench.mjs OUT_DIR ["query" ...] (OUT_DIR: a built kheo site)');
  process.exit(2);
}
const queries = args.length ? args : ['dan van kheo hai an', 'Dân vận khéo Hải An', 'doan thanh nien', 'hoa binh'];
const { server, base } = await serveStatic(path.resolve(dir));
const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-gpu'],
});
const rows = [];
try {
  for (const q of queries) {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    const reqs = new Map();
    cdp.on('Network.responseReceived', (e) => reqs.set(e.requestId, { ...reqs.get(e.requestId), url: e.response.url }));
    cdp.on('Network.dataReceived', (e) => {
      const r = reqs.get(e.requestId) ?? {};
      reqs.set(e.requestId, { ...r, raw: (r.raw ?? 0) + e.dataLength });
    });
    cdp.on('Network.loadingFinished', (e) => reqs.set(e.requestId, { ...reqs.get(e.requestId), sent: e.encodedDataLength }));
    const t0 = Date.now();
    await page.goto(`${base}tim-kiem/?q=${encodeURIComponent(q).replace(/%20/g, '+')}`);
    await page.waitForFunction(() => document.querySelector('.search-results')?.getAttribute('aria-busy') === 'false', null, { timeout: 60000 });
    const ms = Date.now() - t0;
    await page.waitForTimeout(200);
    const status = (await page.locator('.search-status').textContent()).trim();
    const files = [...reqs.values()].filter((r) => r.url).map((r) => ({ path: new URL(r.url).pathname, sent: r.sent ?? 0, raw: r.raw ?? 0 }));
    const sum = (k, f = () => true) => files.filter(f).reduce((a, r) => a + r[k], 0);
    const search = (r) => /\/tim-kiem\/chi-muc\/|\/js\/tim-kiem\.js$/.test(r.path);
    rows.push({ q, status, ms, files: files.length, sent: sum('sent'), raw: sum('raw'), search_sent: sum('sent', search), search_raw: sum('raw', search) });
    console.log(`\n${q}: ${status} (${ms} ms)`);
    for (const f of files) console.log(`  ${String(f.sent).padStart(8)} ${String(f.raw).padStart(8)}  ${f.path}`);
    console.log(`  ${String(sum('sent')).padStart(8)} ${String(sum('raw')).padStart(8)}  total (sent, raw bytes)`);
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
}
console.log('\n| query | results | files | sent (gzip) | raw | of which script + index, sent / raw |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const r of rows) console.log(`| ${r.q} | ${r.status} | ${r.files} | ${r.sent} | ${r.raw} | ${r.search_sent} / ${r.search_raw} |`);
