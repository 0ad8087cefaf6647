// The header with the keyboard only: Tab from the top of the page reaches
// the skip link (shown when focused), the brand, then every visible nav link
// in order, each with a visible focus indicator (a computed outline of at
// least 2px, or a box-shadow ring); the skip link moves focus to <main>.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, url, pageTypes, VIEWPORTS } from './lib/harness.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** What has focus now, and how its focus is drawn. */
async function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    const cs = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    return {
      tag: el.tagName.toLowerCase(),
      text: el.textContent.trim().replace(/\s+/g, ' '),
      href: el.getAttribute('href'),
      id: el.id,
      className: String(el.className),
      outlineStyle: cs.outlineStyle,
      outlineWidth: parseFloat(cs.outlineWidth) || 0,
      outlineColor: cs.outlineColor,
      boxShadow: cs.boxShadow,
      inViewport: r.width > 0 && r.height > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth,
      inHeader: !!el.closest('header'),
    };
  });
}

function visibleFocus(f) {
  return (f.outlineStyle !== 'none' && f.outlineWidth >= 2) || (f.boxShadow && f.boxShadow !== 'none');
}

for (const vp of VIEWPORTS) {
  for (const { name, path } of pageTypes().filter((p) => ['home', 'model', 'stats'].includes(p.name))) {
    test(`keyboard: the header of ${name} (/${path}) at ${vp.name}`, async () => {
      const page = await newPage(browser, vp);
      await page.goto(url(path));
      // The nav links a person sees, in document order.
      const nav = await page.$$eval('header nav a', (as) =>
        as.filter((a) => a.offsetParent !== null && getComputedStyle(a).visibility !== 'hidden').map((a) => a.getAttribute('href')),
      );
      assert.ok(nav.length >= 5, `only ${nav.length} nav links visible`);

      await page.keyboard.press('Tab');
      const skip = await focused(page);
      assert.equal(skip.className, 'skip-link', `first Tab stop is ${skip.tag}.${skip.className} “${skip.text}”, not the skip link`);
      assert.ok(skip.inViewport, 'the skip link is not shown when focused');
      assert.ok(visibleFocus(skip), `no visible focus on the skip link: ${JSON.stringify(skip)}`);

      await page.keyboard.press('Tab');
      const brand = await focused(page);
      assert.ok(brand.className.includes('brand') && brand.href, `second Tab stop is ${brand.tag}.${brand.className} “${brand.text}”, not the brand link`);
      assert.ok(visibleFocus(brand), `no visible focus on the brand: ${JSON.stringify(brand)}`);

      const seen = [];
      for (;;) {
        await page.keyboard.press('Tab');
        const f = await focused(page);
        if (!f.inHeader) break;
        assert.ok(visibleFocus(f), `no visible focus on ${f.tag} “${f.text}”: outline ${f.outlineStyle} ${f.outlineWidth}px`);
        assert.ok(f.inViewport, `focused ${f.tag} “${f.text}” is not on screen`);
        if (f.tag === 'a') seen.push(f.href);
        assert.ok(seen.length < 40, 'focus never leaves the header');
      }
      for (const href of nav) assert.ok(seen.includes(href), `Tab never reaches the nav link ${href}; reached ${seen.join(' ')}`);
      const order = seen.filter((h) => nav.includes(h));
      assert.deepEqual(order, nav, 'nav links are not reached in reading order');

      // Back to the top; the skip link jumps past the header.
      await page.goto(url(path));
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      const after = await focused(page);
      assert.equal(after.id, 'main', `after the skip link, focus is on ${after.tag}#${after.id}`);
      await page.keyboard.press('Tab');
      const next = await focused(page);
      assert.ok(!next.inHeader, `Tab after skipping lands in the header (${next.text})`);
      assert.deepEqual(page.problems, [], 'errors in the console');
      await page.context().close();
    });
  }
}
