#!/usr/bin/env python3
"""Latency of one page GET from `kheo serve` (issue 32, item 7).

    python3 benches/serve/page.py --kheo target/release/kheo --site . --copy
    python3 benches/serve/page.py --path /mo-hinh/ --requests 2000 --json

Starts `kheo serve SITE --port 0`, waits for the first build, then sends
N GET requests (default 1,000) for PATH one after another, first each on
a connection of its own (what a script does), then all on one
`Connection: keep-alive` connection (what a browser does), and reads each
answer to its end. Prints the median, p99 and max of each, in
microseconds. Loopback only, standard library only, every wait bounded;
the server is stopped at the end.
"""

import argparse
import json
import os
import shutil
import socket
import statistics
import sys
import tempfile
import time

from common import copy_site, start_server  # benches/serve/common.py


def read_answer(sock, buf):
    """Reads one answer with a Content-Length; returns (status, rest of buf)."""
    while b"\r\n\r\n" not in buf:
        chunk = sock.recv(65536)
        if not chunk:
            raise EOFError("closed before the head")
        buf += chunk
    head, buf = buf.split(b"\r\n\r\n", 1)
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            length = int(value.strip())
    while len(buf) < length:
        chunk = sock.recv(65536)
        if not chunk:
            raise EOFError("closed in the body")
        buf += chunk
    return status, buf[length:]


def one(port, path, keep, sock=None):
    conn = "keep-alive" if keep else "close"
    req = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: {conn}\r\n\r\n"
    own = sock is None
    if own:
        sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.sendall(req.encode())
    status, _ = read_answer(sock, b"")
    if own:
        sock.close()
    return status


def summary(times):
    times = sorted(times)
    us = lambda s: round(s * 1e6)
    return {"median_us": us(statistics.median(times)),
            "p99_us": us(times[int(len(times) * 0.99) - 1]),
            "max_us": us(times[-1])}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--kheo", default="target/release/kheo")
    ap.add_argument("--site", default=".")
    ap.add_argument("--copy", action="store_true", help="serve a temp copy of the site")
    ap.add_argument("--path", default="/")
    ap.add_argument("--requests", type=int, default=1000)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    tmp = None
    site = args.site
    if args.copy:
        tmp = tempfile.mkdtemp(prefix="kheo-page-")
        copy_site(args.site, tmp)
        site = tmp
    proc, port, _log = start_server(args.kheo, site, 120)
    try:
        deadline = time.perf_counter() + 120
        while one(port, args.path, False) != 200:
            if time.perf_counter() > deadline:
                sys.exit(f"{args.path} never answered 200")
            time.sleep(0.1)
        for _ in range(50):  # warm up
            one(port, args.path, False)
        fresh = []
        for _ in range(args.requests):
            t = time.perf_counter()
            if one(port, args.path, False) != 200:
                sys.exit("a request failed")
            fresh.append(time.perf_counter() - t)
        kept = []
        sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        for _ in range(args.requests):
            t = time.perf_counter()
            if one(port, args.path, True, sock) != 200:
                sys.exit("a request failed")
            kept.append(time.perf_counter() - t)
        sock.close()
    finally:
        proc.kill()
        proc.wait()
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    result = {"path": args.path, "requests": args.requests,
              "fresh": summary(fresh), "keep_alive": summary(kept)}
    if args.json:
        print(json.dumps(result))
    else:
        for k in ("fresh", "keep_alive"):
            s = result[k]
            print(f"{k:10} median {s['median_us']} µs, p99 {s['p99_us']} µs, max {s['max_us']} µs")


if __name__ == "__main__":
    main()
