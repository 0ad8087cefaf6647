#!/usr/bin/env python3
"""Load test of `kheo serve` (issue 6): many concurrent connections on loopback.

    python3 benches/serve/load.py --kheo target/release/kheo --site . --copy
    python3 benches/serve/load.py --connections 1000 --requests 10 --json

Starts `kheo serve SITE --port 0`, reads the page list from the served
/sitemap.xml, then opens N connections (default 1,000) and holds them all
open at once: no request is sent until every connection is established.
Then each connection sends R GET requests (default 10) for pages of the
sitemap, one after another, with `Connection: keep-alive`, and reads each
answer to its Content-Length. With --close each request gets a connection
of its own instead (N clients, R connections each).

Counts errors (a refused or reset connection, a timeout, a status other
than 200, a short body), and reports requests per second over the request
phase and the p50/p99/max latency of single requests, plus the load
average. Exit status 1 if any request failed. Loopback only, standard
library only, every wait bounded; the server is stopped at the end.
"""

import argparse
import asyncio
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from common import copy_site, start_server  # benches/serve/common.py


async def read_response(reader):
    """(status, body) of one HTTP/1.1 response with a Content-Length."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    length = 0
    for h in lines[1:]:
        name, _, value = h.partition(":")
        if name.strip().lower() == "content-length":
            length = int(value.strip())
    body = await reader.readexactly(length)
    return status, body


def request(path, keep_alive):
    conn = "keep-alive" if keep_alive else "close"
    return f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: {conn}\r\n\r\n".encode()


async def get_once(port, path, timeout):
    reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), timeout)
    try:
        writer.write(request(path, False))
        await writer.drain()
        return await asyncio.wait_for(read_response(reader), timeout)
    finally:
        writer.close()


async def sitemap_paths(port, timeout):
    status, body = await get_once(port, "/sitemap.xml", timeout)
    if status != 200:
        sys.exit(f"/sitemap.xml: status {status}")
    paths = []
    for loc in re.findall(r"<loc>([^<]+)</loc>", body.decode("utf-8")):
        m = re.match(r"https?://[^/]+(/.*)", loc.strip())
        if m:
            paths.append(m.group(1))
    return paths or ["/"]


class Stats:
    def __init__(self):
        self.latencies = []
        self.errors = {}
        self.bytes = 0

    def error(self, what):
        self.errors[what] = self.errors.get(what, 0) + 1


async def keep_alive_client(i, port, paths, n, timeout, connected, go, stats):
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), timeout)
    except (OSError, asyncio.TimeoutError) as e:
        stats.error(f"connect: {type(e).__name__}")
        connected()
        return
    connected()
    await go.wait()
    try:
        for k in range(n):
            path = paths[(i * n + k) % len(paths)]
            t0 = time.perf_counter()
            try:
                writer.write(request(path, True))
                await writer.drain()
                status, body = await asyncio.wait_for(read_response(reader), timeout)
            except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, ValueError) as e:
                stats.error(f"request: {type(e).__name__}")
                return
            stats.latencies.append(time.perf_counter() - t0)
            stats.bytes += len(body)
            if status != 200:
                stats.error(f"status {status}")
    finally:
        writer.close()


async def closing_client(i, port, paths, n, timeout, connected, go, stats):
    connected()
    await go.wait()
    for k in range(n):
        path = paths[(i * n + k) % len(paths)]
        t0 = time.perf_counter()
        try:
            status, body = await get_once(port, path, timeout)
        except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, ValueError) as e:
            stats.error(f"request: {type(e).__name__}")
            continue
        stats.latencies.append(time.perf_counter() - t0)
        stats.bytes += len(body)
        if status != 200:
            stats.error(f"status {status}")


async def run(args, port):
    paths = await sitemap_paths(port, args.timeout)
    stats = Stats()
    go = asyncio.Event()
    ready = 0
    all_ready = asyncio.Event()

    def connected():
        nonlocal ready
        ready += 1
        if ready == args.connections:
            all_ready.set()

    client = closing_client if args.close else keep_alive_client
    t_connect = time.perf_counter()
    tasks = [asyncio.create_task(client(i, port, paths, args.requests, args.timeout, connected, go, stats))
             for i in range(args.connections)]
    try:
        await asyncio.wait_for(all_ready.wait(), args.timeout * 2)
    except asyncio.TimeoutError:
        stats.error("not every connection was established")
    connect_s = time.perf_counter() - t_connect
    t0 = time.perf_counter()
    go.set()
    await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - t0
    return paths, stats, connect_s, elapsed


def percentile(sorted_values, p):
    if not sorted_values:
        return float("nan")
    k = min(len(sorted_values) - 1, max(0, round(p / 100 * len(sorted_values)) - 1))
    return sorted_values[k]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--kheo", default="target/release/kheo")
    ap.add_argument("--site", default=".")
    ap.add_argument("--copy", action="store_true", help="serve a temp copy of the site")
    ap.add_argument("--connections", type=int, default=1000)
    ap.add_argument("--requests", type=int, default=10, help="GET requests per connection")
    ap.add_argument("--close", action="store_true", help="one connection per request")
    ap.add_argument("--timeout", type=float, default=30.0, help="seconds for one connect or answer")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    # Each connection is one file descriptor here (and one in the server).
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = args.connections + 64
    if soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(want, hard), hard))

    tmp = None
    site = os.path.abspath(args.site)
    if args.copy:
        tmp = tempfile.mkdtemp(prefix="kheo-load-")
        copy_site(site, tmp)
        site = tmp
    proc, port, log = start_server(args.kheo, site, 600)
    try:
        paths, stats, connect_s, elapsed = asyncio.run(run(args, port))
        server_alive = proc.poll() is None
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)

    lat = sorted(stats.latencies)
    errors = sum(stats.errors.values())
    result = {
        "site": os.path.abspath(args.site),
        "mode": "close" if args.close else "keep-alive",
        "connections": args.connections,
        "requests_per_connection": args.requests,
        "pages": len(paths),
        "requests_ok": len(lat),
        "errors": errors,
        "error_kinds": stats.errors,
        "server_alive": server_alive,
        "connect_s": round(connect_s, 3),
        "elapsed_s": round(elapsed, 3),
        "rps": round(len(lat) / elapsed, 1) if elapsed > 0 else None,
        "p50_ms": round(percentile(lat, 50) * 1000, 1),
        "p99_ms": round(percentile(lat, 99) * 1000, 1),
        "max_ms": round(lat[-1] * 1000, 1) if lat else None,
        "mean_ms": round(statistics.mean(lat) * 1000, 1) if lat else None,
        "mb": round(stats.bytes / 1e6, 1),
        "loadavg": [round(x, 2) for x in os.getloadavg()],
        "cpus": os.cpu_count(),
    }
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        for k, v in result.items():
            print(f"{k:24} {v}")
    if errors or not server_alive:
        sys.exit(1)


if __name__ == "__main__":
    main()
