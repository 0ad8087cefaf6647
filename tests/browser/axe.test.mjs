// Accessibility: axe-core reports no violation (all rules but the
// experimental ones: WCAG 2.x A/AA and best practices) on any page type, at
// desktop and at mobile width.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, url, pageTypes, runAxe, formatViolations, writeReport, VIEWPORTS } from './lib/harness.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const report = {};
after(() => writeReport('axe', report));

for (const vp of VIEWPORTS) {
  for (const { name, path } of pageTypes()) {
    test(`axe: ${name} (/${path}) at ${vp.name}`, async () => {
      const page = await newPage(browser, vp);
      await page.goto(url(path), { waitUntil: 'load' });
      const violations = await runAxe(page);
      report[`${name}-${vp.name}`] = violations;
      await page.context().close();
      assert.equal(violations.length, 0, '\n' + formatViolations(`/${path} at ${vp.name}`, violations));
    });
  }
}
