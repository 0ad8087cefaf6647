// Search (issue 5) in a real browser, on the sample site: /tim-kiem/ finds
// models typed without diacritics, filters narrow the list and count, a
// shared URL (?q=…&tinh=…) runs its search on load, the header's box on any
// page leads there, and without JavaScript the form still submits and the
// page says why there are no results. Also: what one query downloads, and
// axe on the page with results (its loaded state is in axe.test.mjs).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, url, screenshot, runAxe, formatViolations, writeReport, MOBILE, DESKTOP } from './lib/harness.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/**
 * Waits until the search for what the box holds has finished and its
 * results are shown (the URL holds the query and the list is no longer
 * aria-busy); returns the status line.
 */
async function settled(page) {
  await page.waitForFunction(() => {
    const input = document.querySelector('#search-q');
    const list = document.querySelector('.search-results');
    const q = new URLSearchParams(location.search).get('q') ?? '';
    return q === input.value.trim() && list.getAttribute('aria-busy') === 'false';
  });
  return (await page.locator('.search-status').textContent()).trim();
}

const titles = (page) => page.locator('.search-result .search-title a').allTextContents();

test('typed without diacritics, the query finds the model written with them', async () => {
  const page = await newPage(browser, MOBILE);
  await page.goto(url('tim-kiem/'));
  const box = page.getByRole('searchbox', { name: /Tìm mô hình/ });
  await box.fill('dam bao my quan do thi');
  await settled(page);
  const link = page.getByRole('link', { name: 'Đảm bảo mỹ quan đô thị đường hoa Lê Lợi' });
  await link.waitFor();
  assert.match(await link.getAttribute('href'), /\/mo-hinh\/[a-z0-9\/-]+\/$/);
  assert.match(page.url(), /\?q=dam\+bao\+my\+quan\+do\+thi$/, 'the URL carries the query');

  // "dan van kheo hai an": the citizen's query of the issue.
  await box.fill('dan van kheo hai an');
  const status = await settled(page);
  assert.match(status, /kết quả/);
  assert.equal((await titles(page))[0], 'Đổi mới công tác dân vận gắn với chuyển đổi số ở quận Hải An');
  // Query words are marked in the excerpts.
  assert.ok((await page.locator('.search-excerpt mark').count()) > 0, 'no word marked in the excerpts');
  await screenshot(page, 'search-results-mobile');
  const violations = await runAxe(page);
  assert.equal(violations.length, 0, formatViolations('/tim-kiem/ with results', violations));
  assert.deepEqual(page.problems, [], 'errors in the console');
  await page.context().close();
});

test('a filter narrows the list, with counts, and goes into the URL', async () => {
  const page = await newPage(browser, DESKTOP);
  await page.goto(url('tim-kiem/'));
  await page.getByRole('searchbox', { name: /Tìm mô hình/ }).fill('dan van');
  await settled(page);
  const before = await page.locator('.search-status').textContent();
  const total = Number(before.match(/([\d.]+) kết quả/)[1].replace(/\./g, ''));
  const province = page.getByLabel('Tỉnh, thành phố');
  const option = await province.locator('option', { hasText: /^Hải Phòng \(\d+\)$/ }).textContent();
  const count = Number(option.match(/\((\d+)\)/)[1]);
  assert.ok(count > 0 && count < total, `Hải Phòng has ${count} of ${total}`);
  await province.selectOption('hai-phong');
  const after = await settled(page);
  assert.match(after, new RegExp(`^${count} kết quả`), `the count in the filter (${count}) is the number of results: ${after}`);
  const metas = await page.locator('.search-result .search-meta').allTextContents();
  assert.ok(metas.length > 0 && metas.every((m) => m.includes('Hải Phòng')), metas.join('\n'));
  assert.match(page.url(), /tinh=hai-phong/);
  // The other facets now count within Hải Phòng.
  const kinds = await page.getByLabel('Loại').locator('option').allTextContents();
  assert.ok(kinds[0].includes(`(${count})`), kinds.join(', '));
  await page.getByRole('button', { name: 'Bỏ mọi bộ lọc' }).click();
  assert.equal(await settled(page), before.trim());
  assert.deepEqual(page.problems, [], 'errors in the console');
  await page.context().close();
});

test('a shared URL runs its search and filters on load', async () => {
  const page = await newPage(browser, MOBILE);
  await page.goto(url('tim-kiem/?q=ho%C3%A0+b%C3%ACnh&loai=mo-hinh'));
  await settled(page);
  assert.equal(await page.getByRole('searchbox', { name: /Tìm mô hình/ }).inputValue(), 'hoà bình');
  assert.equal(await page.getByLabel('Loại').inputValue(), 'mo-hinh');
  // Typed with the old tone placement, it still ranks “Hòa Bình” first.
  const metas = await page.locator('.search-result .search-meta').allTextContents();
  assert.ok(metas.length > 0, 'no results');
  assert.match(metas[0], /Hòa Bình/);
  assert.deepEqual(page.problems, [], 'errors in the console');
  await page.context().close();
});

test('the header search box of any page leads to the results', async () => {
  const page = await newPage(browser, DESKTOP);
  await page.goto(url('thong-ke/'));
  const box = page.locator('header').getByRole('searchbox');
  // đ folds to d: “doi rac” finds “Đổi rác”.
  await box.fill('doi rac thai nhua');
  await box.press('Enter');
  await page.waitForURL(/\/tim-kiem\/\?q=doi\+rac\+thai\+nhua$/);
  const status = await settled(page);
  assert.match(status, /kết quả/);
  assert.equal((await titles(page))[0], 'Đổi rác thải nhựa lấy khẩu trang y tế');
  assert.deepEqual(page.problems, [], 'errors in the console');
  await page.context().close();
});

test('without JavaScript the form still submits and the page explains', async () => {
  const page = await newPage(browser, MOBILE, { javaScriptEnabled: false });
  await page.goto(url('mo-hinh/'));
  await page.locator('header').getByRole('searchbox').fill('hoa binh');
  await page.locator('header').getByRole('button', { name: 'Tìm' }).click();
  await page.waitForURL(/\/tim-kiem\/\?q=hoa\+binh$/);
  const notice = await page.locator('.search-notice').textContent();
  assert.match(notice, /JavaScript/);
  await page.context().close();
});

test('one query downloads a few dozen kilobytes', async () => {
  const page = await newPage(browser, MOBILE);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const reqs = new Map();
  cdp.on('Network.responseReceived', (e) => reqs.set(e.requestId, { ...reqs.get(e.requestId), url: e.response.url }));
  cdp.on('Network.loadingFinished', (e) => reqs.set(e.requestId, { ...reqs.get(e.requestId), bytes: e.encodedDataLength }));
  await page.goto(url('tim-kiem/?q=dan+van+kheo+hai+an'));
  await settled(page);
  await page.waitForTimeout(100);
  const files = [...reqs.values()].filter((r) => r.url).map((r) => ({ path: new URL(r.url).pathname, bytes: r.bytes }));
  const search = files.filter((f) => /\/tim-kiem\/chi-muc\/|\/js\/tim-kiem\.js$/.test(f.path));
  const total = files.reduce((a, f) => a + f.bytes, 0);
  const index = search.reduce((a, f) => a + f.bytes, 0);
  writeReport('search-weight', { query: 'dan van kheo hai an', total, script_and_index: index, files });
  assert.ok(search.some((f) => f.path.endsWith('manifest.json')), 'the index was not fetched');
  assert.ok(total < 300 * 1024, `the first query downloads ${total} bytes`);
  await page.context().close();
});
