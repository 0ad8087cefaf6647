#!/usr/bin/env node
// kheo's real-browser tests and quality gates.
//
//   node tests/browser/run.mjs            every tests/browser/*.test.mjs
//   node tests/browser/run.mjs axe walk   only the files whose name contains "axe" or "walk"
//   node tests/browser/run.mjs --serve    build, serve, print the URL, and wait (for poking around)
//
// It checks that what the tests need is there (Debian's Chromium, Java, the
// npm packages), builds the repository's sample site with kheo into a temp
// folder for the URL it then serves on 127.0.0.1 (a plain static server with
// gzip, tests/browser/lib/server.mjs), and runs the test files with node's
// test runner, one file at a time, Lighthouse last. Screenshots and reports go
// to target/browser-artifacts/. The exit code is non-zero when anything
// failed or could not run: a missing browser is a failure, never a skip.
//
// kheo is `$KHEO_BIN` when set (`cargo test` sets it to the binary it just
// built), else `cargo run --release --quiet --`.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { serveStatic } from './lib/server.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const ARTIFACTS = path.join(REPO, 'target', 'browser-artifacts');
const CHROMIUM = process.env.CHROME_PATH || '/usr/bin/chromium';
const started = Date.now();

const args = process.argv.slice(2);
const serveOnly = args.includes('--serve');
const filters = args.filter((a) => !a.startsWith('--'));

function fail(message) {
  console.error(`\nbrowser tests: cannot run: ${message}\n`);
  process.exit(2);
}

// ---- preflight: every missing piece is an error that says how to get it
const setup = 'install them with `bash tests/browser/setup.sh` (as root: apt-get install chromium chromium-driver, then npm ci in tests/browser)';
if (!fs.existsSync(CHROMIUM)) fail(`no Chromium at ${CHROMIUM} (set CHROME_PATH to use another); ${setup}`);
const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
if (java.error || java.status !== 0) fail('`java` is not on PATH (the Nu Html Checker needs Java 11 or later; Debian: apt-get install default-jre-headless)');
const require = createRequire(path.join(HERE, 'package.json'));
for (const pkg of ['playwright-core', 'axe-core/axe.min.js', 'vnu-jar', 'lighthouse/package.json']) {
  try {
    require.resolve(pkg);
  } catch {
    fail(`the npm package ${pkg.split('/')[0]} is not installed in tests/browser/node_modules; ${setup}`);
  }
}

// ---- the tests to run
let files = fs
  .readdirSync(HERE)
  .filter((f) => f.endsWith('.test.mjs'))
  .sort();
if (filters.length) files = files.filter((f) => filters.some((x) => f.includes(x)));
// Lighthouse measures speed: it runs last, alone.
files.sort((a, b) => (a.startsWith('lighthouse') ? 1 : 0) - (b.startsWith('lighthouse') ? 1 : 0));
if (!files.length && !serveOnly) fail(`no test file matches ${JSON.stringify(filters)}`);

// ---- serve, then build for the URL being served (canonical URLs, sitemap
// and Open Graph then point at the server, as on a real host)
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kheo-browser-'));
const site = path.join(tmp, 'public');
fs.mkdirSync(site);
const { server, base } = await serveStatic(site);
const cleanup = () => {
  server.close();
  fs.rmSync(tmp, { recursive: true, force: true });
};
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]]) {
  process.on(signal, () => {
    cleanup();
    process.exit(code);
  });
}

fs.rmdirSync(site); // kheo creates its output folder itself
const kheo = process.env.KHEO_BIN ? [process.env.KHEO_BIN] : ['cargo', 'run', '--release', '--quiet', '--'];
const buildArgs = [...kheo.slice(1), 'build', REPO, '-o', site, '--base-url', base, '--quiet'];
console.log(`browser tests: building the sample site for ${base}`);
const built = spawnSync(kheo[0], buildArgs, { cwd: REPO, stdio: 'inherit' });
if (built.error || built.status !== 0) {
  cleanup();
  fail(`\`${kheo[0]} ${buildArgs.join(' ')}\` failed${built.error ? `: ${built.error.message}` : ` (exit ${built.status})`}`);
}

if (serveOnly) {
  console.log(`browser tests: serving ${site} at ${base} (Ctrl-C to stop)`);
  await new Promise(() => {});
}

fs.rmSync(ARTIFACTS, { recursive: true, force: true });
fs.mkdirSync(ARTIFACTS, { recursive: true });

// ---- run the test files, one at a time
console.log(`browser tests: ${files.join(', ')}`);
const child = spawn(
  process.execPath,
  ['--test', '--test-concurrency=1', '--test-reporter=spec', ...files.map((f) => path.join(HERE, f))],
  {
    cwd: REPO,
    stdio: 'inherit',
    env: {
      ...process.env,
      KHEO_BROWSER_BASE: base,
      KHEO_BROWSER_SITE: site,
      KHEO_BROWSER_ARTIFACTS: ARTIFACTS,
      CHROME_PATH: CHROMIUM,
    },
  },
);
const code = await new Promise((resolve) => child.on('exit', (c, sig) => resolve(c ?? (sig ? 1 : 0))));
cleanup();
const secs = ((Date.now() - started) / 1000).toFixed(0);
console.log(`browser tests: ${code === 0 ? 'passed' : 'FAILED'} in ${secs} s; artifacts in ${path.relative(REPO, ARTIFACTS)}/`);
process.exit(code);
