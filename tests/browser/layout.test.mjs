// Layout: at 360×740 no page of the sample site scrolls sideways, and every
// page type is screenshotted at desktop and mobile widths
// (target/browser-artifacts/screenshots/<type>-<viewport>.png).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, url, allPages, pageTypes, screenshot, VIEWPORTS, MOBILE } from './lib/harness.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('no page scrolls sideways at 360×740', async () => {
  const page = await newPage(browser, MOBILE);
  const wide = [];
  const pages = allPages();
  assert.ok(pages.length > 20, `only ${pages.length} pages found`);
  for (const p of pages) {
    await page.goto(url(p), { waitUntil: 'load' });
    const m = await page.evaluate(() => {
      const d = document.documentElement;
      // The elements that stick out past the right edge, innermost first.
      const out = [];
      for (const el of document.body.querySelectorAll('*')) {
        const r = el.getBoundingClientRect();
        if (r.right > window.innerWidth + 0.5 && r.width > 0) {
          let inScroller = false;
          for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
            const ox = getComputedStyle(a).overflowX;
            if (ox === 'auto' || ox === 'scroll' || ox === 'hidden' || ox === 'clip') inScroller = true;
          }
          if (!inScroller) out.push(`${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).split(' ').join('.') : ''} (right ${Math.round(r.right)})`);
        }
      }
      return { scrollWidth: d.scrollWidth, innerWidth: window.innerWidth, out: out.slice(-3) };
    });
    if (m.scrollWidth > m.innerWidth) wide.push(`/${p}: scrollWidth ${m.scrollWidth} > ${m.innerWidth}; sticking out: ${m.out.join(', ')}`);
  }
  await page.context().close();
  assert.deepEqual(wide, [], `pages wider than the screen:\n${wide.join('\n')}`);
});

for (const vp of VIEWPORTS) {
  test(`screenshots of every page type at ${vp.name} (${vp.width}×${vp.height})`, async () => {
    const page = await newPage(browser, vp);
    for (const { name, path } of pageTypes()) {
      await page.goto(url(path), { waitUntil: 'load' });
      // Lazy images below the fold: scroll through so the picture is whole.
      await page.evaluate(async () => {
        for (let y = 0; y < document.body.scrollHeight; y += window.innerHeight) {
          window.scrollTo(0, y);
          await new Promise((r) => requestAnimationFrame(r));
        }
        window.scrollTo(0, 0);
      });
      await screenshot(page, `${name}-${vp.name}`);
    }
    assert.deepEqual(page.problems, [], 'errors in the console');
    await page.context().close();
  });
}
