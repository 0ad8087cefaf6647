// A citizen's walk through the site by clicking real links, as a person
// would: home → a province → one of its districts → a model there → an award
// the model received. The path is chosen from the built site (a model that
// has an award and sits at district level or deeper), then walked from the
// home page with clicks only, following pagination when the model is not on
// the district's first page.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, url, screenshot, DESKTOP, MOBILE } from './lib/harness.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** A model page with an award and a locality breadcrumb ≥ 2 levels deep. */
async function chooseRoute(page) {
  await page.goto(url('mo-hinh/'));
  const models = [];
  for (;;) {
    models.push(...(await page.$$eval('main .card-title a[href*="/mo-hinh/"]', (as) => as.map((a) => a.href))));
    const next = await page.$('a[rel="next"]');
    if (!next) break;
    await page.goto(await next.evaluate((a) => a.href));
  }
  assert.ok(models.length > 0, 'no model listed on /mo-hinh/');
  for (const href of models) {
    await page.goto(href);
    const crumbs = await page.$$eval('nav.breadcrumb a', (as) => as.map((a) => ({ name: a.textContent.trim(), href: a.href })));
    const award = await page.$$eval('main a[href*="/khen-thuong/"]', (as) =>
      as.filter((a) => /\/khen-thuong\/[^/]+\/$/.test(new URL(a.href).pathname)).map((a) => ({ name: a.textContent.trim(), href: a.href })),
    );
    const places = crumbs.filter((c) => /\/dia-ban\/[^/]+\//.test(new URL(c.href).pathname));
    if (places.length >= 2 && award.length) {
      const title = (await page.textContent('h1')).trim();
      return { model: { name: title, href }, province: places[0], district: places[1], award: award[0] };
    }
  }
  assert.fail('no model with an award and a district found in the sample site');
}

async function clickLink(page, name, href) {
  // The link a person sees in the page's content, by its accessible name
  // (which may carry the unit type: “Quận Hoàn Kiếm” for “Hoàn Kiếm”), that
  // goes where we want.
  const link = page
    .locator('main')
    .getByRole('link', { name })
    .and(page.locator(`[href="${new URL(href).pathname}"]`))
    .first();
  assert.ok((await link.count()) > 0, `no link “${name}” to ${href} on ${page.url()}`);
  await link.scrollIntoViewIfNeeded();
  await Promise.all([page.waitForURL(href), link.click()]);
}

for (const vp of [DESKTOP, MOBILE]) {
  test(`walk home → province → district → model → award by clicking links (${vp.name})`, async () => {
    const page = await newPage(browser, vp);
    const route = await chooseRoute(page);
    console.log(`walk (${vp.name}): home → ${route.province.name} → ${route.district.name} → ${route.model.name} → ${route.award.name}`);

    await page.goto(url(''));
    assert.equal(await page.title(), await page.evaluate(() => document.querySelector('meta[property="og:site_name"]').content));

    await clickLink(page, route.province.name, route.province.href);
    assert.match(await page.textContent('h1'), new RegExp(escape(route.province.name)));

    await clickLink(page, route.district.name, route.district.href);
    assert.match(await page.textContent('h1'), new RegExp(escape(route.district.name)));

    // The model may be on a later page of the district's listing.
    for (let i = 0; ; i++) {
      const here = page.locator(`main a[href="${new URL(route.model.href).pathname}"]`);
      if ((await here.count()) > 0) break;
      const next = page.locator('a[rel="next"]');
      assert.ok((await next.count()) > 0 && i < 50, `model ${route.model.href} not listed on its district ${route.district.href}`);
      await Promise.all([page.waitForURL(/\/trang\/\d+\/$/), next.click()]);
    }
    await clickLink(page, route.model.name, route.model.href);
    assert.equal((await page.textContent('h1')).trim(), route.model.name);
    // The breadcrumb leads back up.
    const crumbs = await page.$$eval('nav.breadcrumb a', (as) => as.map((a) => a.href));
    assert.ok(crumbs.includes(route.district.href) && crumbs.includes(route.province.href), crumbs.join(' '));

    await clickLink(page, route.award.name, route.award.href);
    assert.equal((await page.textContent('h1')).trim(), route.award.name);
    // …and the award names the model it recognizes.
    assert.ok((await page.locator(`main a[href="${new URL(route.model.href).pathname}"]`).count()) > 0, 'the award does not link back to the model');
    await screenshot(page, `walk-award-${vp.name}`);
    assert.deepEqual(page.problems, [], 'errors in the console');
    await page.context().close();
  });
}

function escape(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
