// A plain static file server for the built site, on loopback only, that
// behaves like an ordinary static host: `…/` serves `…/index.html`, a folder
// without its slash is redirected, a missing file gets `/404.html` with
// status 404, and text is gzip-compressed when the browser accepts it (as
// any CDN or `gzip on` nginx would), so that transfer sizes measured in the
// browser are what a reader's phone would download.
//
// No dependencies: node's http and zlib.

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};
const COMPRESSIBLE = /^(text\/|application\/(json|manifest\+json|xml)|image\/svg\+xml)/;

/**
 * Serves `root` on 127.0.0.1 (port 0 = any free port).
 * Resolves to { server, port, base, requests } where `requests` counts
 * requests by path (handy to assert what a page fetched).
 */
export function serveStatic(root, { port = 0, gzip = true } = {}) {
  const requests = new Map();
  const server = http.createServer((req, res) => {
    let urlPath;
    try {
      urlPath = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      res.writeHead(400).end('bad request');
      return;
    }
    requests.set(urlPath, (requests.get(urlPath) ?? 0) + 1);
    const file = path.normalize(path.join(root, urlPath));
    if (file !== root && !file.startsWith(root + path.sep)) {
      res.writeHead(403).end('forbidden');
      return;
    }
    let target = file;
    let status = 200;
    let st = statOrNull(target);
    if (st && st.isDirectory()) {
      if (!urlPath.endsWith('/')) {
        res.writeHead(301, { Location: urlPath + '/' }).end();
        return;
      }
      target = path.join(target, 'index.html');
      st = statOrNull(target);
    }
    if (!st || !st.isFile()) {
      target = path.join(root, '404.html');
      status = 404;
      st = statOrNull(target);
      if (!st) {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
        return;
      }
    }
    const type = TYPES[path.extname(target).toLowerCase()] ?? 'application/octet-stream';
    const headers = { 'Content-Type': type, 'Cache-Control': 'no-cache' };
    let body = fs.readFileSync(target);
    const accepts = /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
    if (gzip && accepts && COMPRESSIBLE.test(type)) {
      body = zlib.gzipSync(body, { level: 6 });
      headers['Content-Encoding'] = 'gzip';
      headers['Vary'] = 'Accept-Encoding';
    }
    headers['Content-Length'] = body.length;
    res.writeHead(status, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const p = server.address().port;
      resolve({ server, port: p, base: `http://127.0.0.1:${p}/`, requests });
    });
  });
}

function statOrNull(p) {
  try {
    return fs.statSync(p);
  } catch {
    return null;
  }
}
