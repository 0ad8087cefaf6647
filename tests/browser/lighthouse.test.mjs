// Lighthouse (npm `lighthouse`, its CLI, with Debian's Chromium) scores at
// least 95 in performance, accessibility, best practices and SEO on the home
// page and on a model page. Settings: Lighthouse's defaults, a mid-range
// phone on a slow 4G network, simulated (so the loopback server's speed does
// not flatter the result), 4× CPU slowdown.
//
// The performance score depends on the host's CPU: the 4× slowdown is
// calibrated for a host with a benchmark index around 1500, and a busy 2-core
// CI machine measures 500–900 (Lighthouse then warns "The tested device
// appears to have a slower CPU than Lighthouse expects"). So when the first
// run misses 95 in performance only, on such a host, the page is measured
// again (at most twice) with the CPU slowdown that Lighthouse's own CPU
// throttling calculator gives for the benchmark index just measured, to
// emulate the same phone. Every run is recorded with its settings in
// target/browser-artifacts/lighthouse-scores.json; accessibility, best
// practices and SEO must reach 95 on the first run. Reports (HTML, JSON):
// target/browser-artifacts/lighthouse/.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { url, pageTypes, ARTIFACTS, CHROMIUM, CHROMIUM_FLAGS, writeReport } from './lib/harness.mjs';

const require = createRequire(import.meta.url);
const MIN = 95;
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
const cli = path.join(path.dirname(require.resolve('lighthouse/package.json')), 'cli', 'index.js');
const outDir = path.join(ARTIFACTS, 'lighthouse');
const scores = {};

/**
 * Lighthouse's CPU throttling calculator (docs/throttling.md, "CPU
 * throttling"): the slowdown that makes a host of this benchmark index
 * behave like the reference phone. 1533 → 4×, 1300 → 3×, 800 → 2×, 150 → 1×.
 */
export function cpuMultiplier(benchmarkIndex) {
  if (benchmarkIndex >= 1300) return 3 + (benchmarkIndex - 1300) / 233;
  if (benchmarkIndex >= 800) return 2 + (benchmarkIndex - 800) / 500;
  if (benchmarkIndex >= 150) return 1 + (benchmarkIndex - 150) / 650;
  return 1;
}

function lighthouse(pageUrl, out, cpu) {
  const args = [
    cli,
    pageUrl,
    '--quiet',
    `--chrome-flags=--headless=new ${CHROMIUM_FLAGS.join(' ')}`,
    `--only-categories=${CATEGORIES.join(',')}`,
    '--output=json',
    '--output=html',
    `--output-path=${out}`,
  ];
  if (cpu) args.push(`--throttling.cpuSlowdownMultiplier=${cpu.toFixed(2)}`);
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', env: { ...process.env, CHROME_PATH: CHROMIUM }, timeout: 300_000 });
  assert.equal(r.status, 0, `lighthouse failed (exit ${r.status}${r.error ? `, ${r.error.message}` : ''}):\n${r.stderr}`);
  const lhr = JSON.parse(fs.readFileSync(`${out}.report.json`, 'utf8'));
  assert.ok(!lhr.runtimeError, `lighthouse: ${JSON.stringify(lhr.runtimeError)}`);
  const got = Object.fromEntries(CATEGORIES.map((c) => [c, Math.round((lhr.categories[c]?.score ?? 0) * 100)]));
  // What cost points, to act on when a score drops.
  const lost = Object.values(lhr.audits)
    .filter((a) => a.score !== null && a.score < 1 && !['informative', 'manual', 'notApplicable'].includes(a.scoreDisplayMode))
    .map((a) => `${a.id} (${a.score}): ${a.title}${a.displayValue ? ` — ${a.displayValue}` : ''}`);
  return {
    scores: got,
    cpuSlowdown: lhr.configSettings.throttling.cpuSlowdownMultiplier,
    benchmarkIndex: lhr.environment.benchmarkIndex,
    lighthouse: lhr.lighthouseVersion,
    chrome: lhr.environment.hostUserAgent,
    not_perfect: lost,
    warnings: lhr.runWarnings,
    report: path.relative(ARTIFACTS, `${out}.report.html`),
  };
}

function line(name, run) {
  return `lighthouse ${name}: ${CATEGORIES.map((c) => `${c} ${run.scores[c]}`).join(', ')} (CPU slowdown ${run.cpuSlowdown.toFixed(2)}×, host benchmark index ${Math.round(run.benchmarkIndex)})`;
}

for (const { name, path: p } of pageTypes().filter((t) => t.name === 'home' || t.name === 'model')) {
  test(`Lighthouse ≥ ${MIN} on ${name} (/${p})`, () => {
    fs.mkdirSync(outDir, { recursive: true });
    const runs = [lighthouse(url(p), path.join(outDir, name), null)];
    console.log(line(name, runs[0]));
    const first = runs[0];
    const other = CATEGORIES.filter((c) => c !== 'performance' && first.scores[c] < MIN);
    assert.deepEqual(other, [], `below ${MIN}: ${other.map((c) => `${c} ${first.scores[c]}`).join(', ')}\n${first.not_perfect.join('\n')}`);
    while (runs.at(-1).scores.performance < MIN && runs.length < 3) {
      const prev = runs.at(-1);
      const cpu = cpuMultiplier(prev.benchmarkIndex);
      if (cpu >= 4) break; // a host as fast as Lighthouse's reference: no excuse
      console.log(`  performance ${prev.scores.performance} on a host slower than Lighthouse's reference; again with a calibrated ${cpu.toFixed(2)}× CPU slowdown`);
      runs.push(lighthouse(url(p), path.join(outDir, `${name}-${runs.length + 1}`), cpu));
      console.log(line(name, runs.at(-1)));
    }
    const last = runs.at(-1);
    scores[name] = { url: `/${p}`, passed_on_run: last.scores.performance >= MIN ? runs.length : null, runs };
    writeReport('lighthouse-scores', scores);
    for (const l of last.not_perfect) console.log(`  below 1: ${l}`);
    assert.ok(last.scores.performance >= MIN, `performance ${last.scores.performance} < ${MIN}\n${last.not_perfect.join('\n')}`);
  });
}
