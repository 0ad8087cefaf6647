// Shared helpers for kheo's browser tests (tests/browser/*.test.mjs).
//
// A test file runs under node's test runner, started by tests/browser/run.mjs,
// which has already built the sample site and serves it on loopback. This
// module reads what run.mjs passes in the environment:
//
//   KHEO_BROWSER_BASE       http://127.0.0.1:<port>/  (the site's root URL)
//   KHEO_BROWSER_SITE       the built site's folder
//   KHEO_BROWSER_ARTIFACTS  where to write screenshots and reports
//
// and gives: `launch()` (Debian's Chromium through playwright-core), `url()`,
// `pageTypes()` (one representative page of each kind, found in the built
// site), `allPages()`, `runAxe()`, `screenshot()`, and the two viewports.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const HERE = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const REPO = path.resolve(HERE, '..', '..');

export const CHROMIUM = process.env.CHROME_PATH || '/usr/bin/chromium';
/** Flags for Chromium as root on a machine with no network but loopback. */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-gpu',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

export const DESKTOP = { name: 'desktop', width: 1280, height: 800 };
export const MOBILE = { name: 'mobile', width: 360, height: 740 };
export const VIEWPORTS = [DESKTOP, MOBILE];

function need(name) {
  const v = process.env[name];
  if (!v) {
    throw new Error(
      `${name} is not set: run the browser tests through \`node tests/browser/run.mjs\` ` +
        '(or `cargo test --test browser`), which builds and serves the site first',
    );
  }
  return v;
}

export const BASE = need('KHEO_BROWSER_BASE');
export const SITE = need('KHEO_BROWSER_SITE');
export const ARTIFACTS = need('KHEO_BROWSER_ARTIFACTS');

/** Absolute URL of a site path such as `mo-hinh/x/` ('' is the home page). */
export function url(sitePath = '') {
  return new URL(sitePath.replace(/^\//, ''), BASE).href;
}

/** Launches Debian's Chromium, headless. Close it in an `after()` hook. */
export async function launch(options = {}) {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    ...options,
  });
}

/** A fresh page (own context: no shared cache or cookies) at a viewport. */
export async function newPage(browser, viewport = DESKTOP, contextOptions = {}) {
  const context = await browser.newContext({
    viewport: { width: viewport.width, height: viewport.height },
    deviceScaleFactor: 1,
    ...contextOptions,
  });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.problems = problems;
  return page;
}

/** Every HTML page of the built site, as site paths (`mo-hinh/x/`, `404.html`). */
export function allPages() {
  const out = [];
  (function walk(dir) {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort(byName)) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.html')) {
        const rel = path.relative(SITE, p).split(path.sep).join('/');
        out.push(rel === 'index.html' ? '' : rel.replace(/(^|\/)index\.html$/, '$1'));
      }
    }
  })(SITE);
  return out;
}

function byName(a, b) {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function dirs(rel) {
  const abs = path.join(SITE, rel);
  if (!fs.existsSync(abs)) return [];
  return fs
    .readdirSync(abs, { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name !== 'trang')
    .map((e) => e.name)
    .sort();
}

function exists(rel) {
  return fs.existsSync(path.join(SITE, rel, rel.endsWith('.html') ? '' : 'index.html'));
}

function size(rel) {
  return fs.statSync(path.join(SITE, rel, 'index.html')).size;
}

/** The page in `section` with the largest HTML (the richest entry). */
/** Every page below `section` (`mo-hinh/`), at any depth: a model's URL goes through its unit. */
function pagesUnder(section) {
  return dirs(section).flatMap((d) => {
    const p = `${section}${d}/`;
    return [...(exists(p) ? [p] : []), ...pagesUnder(p)];
  });
}

function largest(section) {
  const all = section === 'mo-hinh/' ? pagesUnder(section) : dirs(section).map((d) => `${section}${d}/`).filter(exists);
  all.sort((a, b) => size(b) - size(a) || (a < b ? -1 : 1));
  return all[0];
}

const SECTIONS = new Set(['mo-hinh', 'dia-ban', 'linh-vuc', 'nam', 'khen-thuong', 'thong-ke', 'du-lieu', 'tim-kiem', 'css', 'js']);

/**
 * One representative page of each kind, found in the built site:
 * [{ name, path }]. Kinds missing from the site (no commune, no search page
 * yet) are left out. The model and award are the richest ones (largest
 * HTML), so results, people, awards, sources and tables are all exercised.
 */
export function pageTypes() {
  const t = [];
  const add = (name, p) => p !== undefined && exists(p) && t.push({ name, path: p });
  add('home', '');
  add('models', 'mo-hinh/');
  add('models-page-2', 'mo-hinh/trang/2/');
  add('model', largest('mo-hinh/'));
  const withImage = pagesUnder('mo-hinh/').find((p) =>
    /<figure class="figure">/.test(fs.readFileSync(path.join(SITE, p, 'index.html'), 'utf8')),
  );
  if (withImage) add('model-with-image', withImage);
  add('localities', 'dia-ban/');
  // The province with most sub-units, its first district, and a commune.
  const provinces = dirs('dia-ban').sort((a, b) => dirs(`dia-ban/${b}`).length - dirs(`dia-ban/${a}`).length);
  const province = provinces[0];
  if (province) {
    add('province', `dia-ban/${province}/`);
    const district = dirs(`dia-ban/${province}`)[0];
    if (district) add('district', `dia-ban/${province}/${district}/`);
  }
  for (const p of dirs('dia-ban')) {
    const c = dirs(`dia-ban/${p}`).flatMap((d) => dirs(`dia-ban/${p}/${d}`).map((x) => `dia-ban/${p}/${d}/${x}/`));
    if (c.length) {
      add('commune', c[0]);
      break;
    }
  }
  add('fields', 'linh-vuc/');
  add('field', dirs('linh-vuc').map((d) => `linh-vuc/${d}/`)[0]);
  add('years', 'nam/');
  add('year', dirs('nam').map((d) => `nam/${d}/`).at(-1));
  add('awards', 'khen-thuong/');
  add('award', largest('khen-thuong/'));
  add('stats', 'thong-ke/');
  add('data', 'du-lieu/');
  add('search', 'tim-kiem/');
  const free = dirs('').filter((d) => !SECTIONS.has(d));
  add('page', free.map((d) => `${d}/`)[0]);
  add('404', '404.html');
  // A site this thin means the build or the discovery went wrong: fail
  // rather than let a test file pass with nothing checked.
  const names = t.map((x) => x.name);
  for (const must of ['home', 'model', 'province', 'district', 'award', 'stats']) {
    if (!names.includes(must)) throw new Error(`no ${must} page found in ${SITE} (found: ${names.join(', ')})`);
  }
  return t;
}

/** Writes a full-page PNG to ARTIFACTS/screenshots/<name>.png. */
export async function screenshot(page, name) {
  const dir = path.join(ARTIFACTS, 'screenshots');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Runs axe-core in the page with all its rules but the experimental ones
 * (WCAG 2.0/2.1/2.2 A and AA, and best practices). Returns the violations.
 */
export async function runAxe(page, options = {}) {
  await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async (opts) => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'], ...opts });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary, html: n.html.slice(0, 200) })),
    }));
  }, options);
}

/** One line per violation node, for assertion messages. */
export function formatViolations(where, violations) {
  return violations
    .flatMap((v) => v.nodes.map((n) => `${where}: [${v.id}] ${v.help}\n    at ${n.target}\n    ${n.html}\n    ${(n.summary ?? '').replace(/\n/g, '\n    ')}`))
    .join('\n');
}

/** Writes a JSON report to ARTIFACTS/<name>.json. */
export function writeReport(name, data) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.json`);
  fs.writeFileSync(file, JSON.stringify(data, null, 2) + '\n');
  return file;
}
