// The Nu Html Checker (vnu-jar, the W3C validator) reports no error on any
// HTML page of the built site, nor in its CSS and SVG files. Warnings are
// listed, not failed; the full report is target/browser-artifacts/vnu.json.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { SITE, writeReport } from './lib/harness.mjs';

const require = createRequire(import.meta.url);

test('Nu Html Checker: 0 errors on every page, stylesheet and SVG of the sample site', () => {
  const jar = require.resolve('vnu-jar/build/dist/vnu.jar');
  const r = spawnSync('java', ['-Xss4m', '-jar', jar, '--format', 'json', '--also-check-css', '--also-check-svg', '--skip-non-html', SITE], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  assert.ok(!r.error, `cannot run java: ${r.error?.message}`);
  let report;
  try {
    report = JSON.parse(r.stderr || r.stdout);
  } catch {
    assert.fail(`vnu did not answer JSON (exit ${r.status}):\n${r.stderr}\n${r.stdout}`);
  }
  const rel = (u) => (u ?? '').replace(/^file:/, '').replace(SITE, '');
  writeReport('vnu', report.messages.map((m) => ({ ...m, url: rel(m.url) })));
  const checked = new Set(report.messages.map((m) => m.url));
  const errors = report.messages.filter((m) => m.type === 'error' || m.type === 'non-document-error');
  const warnings = report.messages.filter((m) => m.type === 'info' && m.subType === 'warning');
  // Warnings, grouped: `role="list"` on a styled <ul> is one on purpose
  // (Safari drops the list semantics of a list without bullets).
  const byMessage = new Map();
  for (const w of warnings) byMessage.set(w.message, [...(byMessage.get(w.message) ?? []), rel(w.url)]);
  for (const [m, where] of byMessage) console.log(`vnu warning ×${where.length}: ${m} (e.g. ${where[0]})`);
  assert.equal(r.status === 0 || errors.length > 0, true, `vnu exited ${r.status} with no error reported`);
  assert.deepEqual(
    errors.map((m) => `${rel(m.url)}:${m.lastLine ?? '?'}:${m.firstColumn ?? '?'}: ${m.message}\n    ${(m.extract ?? '').replace(/\n/g, ' ')}`),
    [],
    `${errors.length} errors (${checked.size} files with messages)`,
  );
});
