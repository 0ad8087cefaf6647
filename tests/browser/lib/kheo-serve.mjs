// `kheo serve` on a temporary copy of the repository's sample site, for
// the editor's tests (/_sua/): the editor writes into the copy, never into
// the repository. kheo is `$KHEO_BIN` when set (`cargo test` sets it),
// else `cargo run --release --quiet --`.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO } from './harness.mjs';

/** What a sample site is made of. */
const PARTS = ['site.yaml', 'content', 'themes', 'static'];

/**
 * Copies the sample site into a temporary folder and starts `kheo serve`
 * on it (port 0: any free one). Resolves, once it serves, to
 * `{ dir, base, editor, stop() }`; `stop()` ends the server and removes
 * the copy.
 */
export async function serveKheo() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kheo-editor-'));
  for (const part of PARTS) {
    const from = path.join(REPO, part);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(dir, part), { recursive: true });
  }
  const kheo = process.env.KHEO_BIN ? [process.env.KHEO_BIN] : ['cargo', 'run', '--release', '--quiet', '--'];
  const child = spawn(kheo[0], [...kheo.slice(1), 'serve', dir, '--port', '0'], {
    cwd: REPO,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  const log = [];
  const base = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`kheo serve did not start:\n${log.join('')}`)), 120_000);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => {
      log.push(chunk);
      const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(log.join(''));
      if (m) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${m[1]}/`);
      }
    });
    child.on('exit', (code) => reject(new Error(`kheo serve ended (${code}):\n${log.join('')}`)));
  });
  return {
    dir,
    base,
    editor: `${base}_sua/`,
    log,
    stop() {
      child.kill();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
