#!/usr/bin/env python3
"""Edit-to-reload latency of `kheo serve` (issue 4).

    python3 benches/serve/latency.py --kheo target/release/kheo --site . --copy
    python3 benches/serve/latency.py --kheo target/release/kheo --site /tmp/site-10k/kheo

Starts `kheo serve SITE --port 0`, connects to the live-reload event stream
(/__kheo/reload) like a browser page does, then edits one model file N
times (default 20). For each edit it measures the time from just before the
file is written to the `reload` event arriving on the stream, and checks
over HTTP that the model's page shows the edit. Prints each time and the
median; with --json, one JSON object for benches/runs/.

--log FILE saves the server's output; with KHEO_TRACE=1 in the
environment it holds the time of each stage of every rebuild.

--copy serves a copy of the site's sources (content/, static/, templates/,
themes/, i18n/, site.yaml) in a temp folder, so the real files are never
edited. Loopback only; every wait is bounded; the server is stopped at the
end. Standard library only.
"""

import argparse
import json
import os
import re
import shutil
import socket
import urllib.parse
import statistics
import subprocess
import sys
import tempfile
import time

from common import copy_site, start_server  # benches/serve/common.py


# The default fields (a site may have others; the first that differs from
# the model's is taken).
FIELDS = ["kinh-te", "van-hoa-xa-hoi", "quoc-phong-an-ninh", "xay-dung-he-thong-chinh-tri"]


def pick_model(site):
    root = os.path.join(site, "content", "models")
    for dirpath, dirnames, filenames in sorted(os.walk(root)):
        dirnames.sort()
        for f in sorted(filenames):
            if f.endswith(".md"):
                return os.path.join(dirpath, f)
    sys.exit("no model file under content/models")


def slug_of(path, text):
    m = re.search(r"^slug:\s*(\S+)\s*$", text, re.M)
    if m:
        return m.group(1).strip("\"'")
    name = os.path.basename(path)
    return os.path.basename(os.path.dirname(path)) if name == "index.md" else name[:-3]


class Events:
    """A minimal server-sent-events reader over a raw socket."""

    def __init__(self, port, timeout, page=None):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        # As the page's script does: it says which page it shows.
        query = "" if page is None else "?page=" + urllib.parse.quote(page, safe="")
        self.sock.sendall(f"GET /__kheo/reload{query} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n".encode())
        self.buf = b""

    def next(self, deadline):
        """The next event's name (and data), or None at the deadline."""
        while True:
            while b"\n\n" in self.buf:
                block, self.buf = self.buf.split(b"\n\n", 1)
                name, data = None, []
                for line in block.decode("utf-8", "replace").split("\n"):
                    if line.startswith("event: "):
                        name = line[7:]
                    elif line.startswith("data: "):
                        data.append(line[6:])
                if name:
                    return name, "\n".join(data)
            left = deadline - time.perf_counter()
            if left <= 0:
                return None
            self.sock.settimeout(left)
            try:
                chunk = self.sock.recv(65536)
            except socket.timeout:
                return None
            if not chunk:
                return None
            self.buf += chunk


def http_get(port, path, timeout):
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n".encode())
    data = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
    s.close()
    return data.decode("utf-8", "replace")


def notice_link(port, site, written, timeout):
    """The page of entry file `written` as the editor's "saved" notice
    links it, once the server has it (None after `timeout`)."""
    rel = urllib.parse.quote(os.path.relpath(written, site).replace(os.sep, "/"), safe="")
    for _ in range(int(timeout * 10)):
        notice = http_get(port, f"/_sua/sua?tep={rel}&da-luu=1", timeout)
        found = re.search(r'class="da-luu"[^>]*>[^<]*<a href="([^"]+)"', notice)
        if found:
            return found.group(1)
        time.sleep(0.1)
    return None


def model_path(port, slug, timeout):
    """The model's page as the served sitemap lists it (the unit's path may
    precede the slug), or /mo-hinh/<slug>/ when it is not found."""
    want = re.compile(r"<loc>https?://[^/<]+(/mo-hinh/(?:[^<]*/)?" + re.escape(slug) + r"/)</loc>")
    maps = ["/sitemap.xml"]
    while maps:
        text = http_get(port, maps.pop(0), timeout)
        m = want.search(text)
        if m:
            return m.group(1)
        if "<sitemapindex" in text:
            maps += [urllib.parse.urlparse(u).path for u in re.findall(r"<loc>([^<]+)</loc>", text)]
    return f"/mo-hinh/{slug}/"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--kheo", default="target/release/kheo")
    ap.add_argument("--site", default=".")
    ap.add_argument("--copy", action="store_true", help="serve a temp copy of the site")
    ap.add_argument("--edits", type=int, default=20)
    ap.add_argument("--file", help="model file to edit (default: the first under content/models)")
    ap.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for one reload")
    ap.add_argument("--kind", choices=["body", "title", "field", "locality", "new", "remove"],
                    default="body",
                    help="body: append a line (the model's page alone changes); "
                         "title: change the title (its card on every listing changes); "
                         "field: every other edit moves it to another field, and a line is "
                         "appended; locality: the same, to the locality --to; new: a new "
                         "model beside it each time (a copy with another title), removed at the end; "
                         "remove: such a model added (not timed), then removed: timed until "
                         "the reload after which its page is gone and /mo-hinh/ lacks it")
    ap.add_argument("--to", help="for --kind locality: the locality to move the model to "
                                 "and back, as the site writes it (e.g. \"[Tỉnh An Giang, xã An Hảo]\")")
    ap.add_argument("--gap", type=float, default=0.3,
                    help="seconds between a reload and the next edit; over 1 s, serve's "
                         "search indexer has begun when the next edit comes")
    ap.add_argument("--page", choices=["model", "none"], default="model",
                    help="model: listen as the edited model's page does (the server renders "
                         "the pages browsers show first); none: as a page that says nothing")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--log", metavar="FILE",
                    help="write the server's output (with KHEO_TRACE=1 set, its stage times) to FILE")
    args = ap.parse_args()

    tmp = None
    site = os.path.abspath(args.site)
    target = os.path.abspath(args.file) if args.file else None
    if args.copy:
        tmp = tempfile.mkdtemp(prefix="kheo-latency-")
        copy_site(site, tmp)
        # The file named, in the copy: the real one is never edited.
        if target:
            target = os.path.join(tmp, os.path.relpath(target, site))
        site = tmp
    target = target or pick_model(site)
    original = open(target, encoding="utf-8").read()
    slug = slug_of(target, original)

    start_line = time.perf_counter()
    proc, port, log = start_server(args.kheo, site, 600)
    initial = time.perf_counter() - start_line
    times = []
    added = []
    try:
        # The page, as the editor's "saved" notice links it (titles make
        # the URLs of a site without `slug:`); the sitemap otherwise.
        rel = urllib.parse.quote(os.path.relpath(target, site).replace(os.sep, "/"), safe="")
        notice = http_get(port, f"/_sua/sua?tep={rel}&da-luu=1", args.timeout)
        found = re.search(r'class="da-luu"[^>]*>[^<]*<a href="([^"]+)"', notice)
        path = found.group(1) if found else model_path(port, slug, args.timeout)
        # A removed model's page is gone: a browser on the listing it
        # leaves is the one to reload.
        listen = "/mo-hinh/" if args.kind == "remove" else path
        ev = Events(port, args.timeout, listen if args.page == "model" else None)
        first = ev.next(time.perf_counter() + args.timeout)
        if not first or first[0] != "hello":
            sys.exit(f"no hello event: {first}")
        for i in range(args.edits):
            marker = f"Lần sửa số {i + 1} để đo thời gian."
            if args.kind == "body":
                text = original.rstrip("\n") + f"\n\n{marker}\n"
            elif args.kind in ("field", "locality"):
                key = "field" if args.kind == "field" else "locality"
                m = re.search(rf"^{key}: *(.*)$", original, re.M)
                if not m:
                    sys.exit(f"the model has no `{key}:` line")
                if args.kind == "field":
                    other = next(f for f in FIELDS if f != m.group(1).strip())
                else:
                    other = args.to or sys.exit("--kind locality needs --to")
                now = other if i % 2 == 0 else m.group(1)
                text = (original[:m.start(1)] + now + original[m.end(1):]).rstrip("\n")
                text += f"\n\n{marker}\n"
            else:
                text, n = re.subn(r"^title: *(.*)$", lambda m: f"title: {marker} {m.group(1)}",
                                  original, count=1, flags=re.M)
                if n != 1:
                    sys.exit("the model has no `title:` line")
            written = target
            if args.kind in ("new", "remove"):
                # A copy beside it: its own slug, from its title.
                text = re.sub(r"^slug:.*\n", "", text, flags=re.M)
                written = os.path.join(os.path.dirname(target), f"kheo-bench-moi-{i + 1}.md")
                added.append(written)
            if args.kind == "remove":
                # Added first (not timed); the removal is the edit.
                with open(written, "w", encoding="utf-8") as f:
                    f.write(text)
                gone = notice_link(port, site, written, args.timeout)
                if not gone:
                    sys.exit(f"edit {i + 1}: the added model never got a page")
                time.sleep(args.gap)
            t0 = time.perf_counter()
            if args.kind == "remove":
                os.remove(written)
                added.remove(written)
            else:
                with open(written, "w", encoding="utf-8") as f:
                    f.write(text)
            # Until a reload whose page shows the edit: a rebuild started by
            # the previous edit (an editor's save can be two file events)
            # may still send its own reload first on a large site.
            while True:
                got = ev.next(t0 + args.timeout)
                if got is None:
                    sys.exit(f"edit {i + 1}: no reload within {args.timeout} s")
                if got[0] != "reload":
                    continue
                t1 = time.perf_counter()
                if args.kind == "remove":
                    status = http_get(port, gone, args.timeout).split("\r\n", 1)[0]
                    if " 404 " in status + " " and marker not in http_get(port, "/mo-hinh/", args.timeout):
                        break
                    continue
                if args.kind == "new":
                    # Its page, as the editor links it once the rebuild is
                    # done (the reload comes before the open data, and the
                    # editor's list after it); the time is the reload's.
                    found = notice_link(port, site, written, args.timeout)
                    if not found:
                        continue
                    path = found
                page = http_get(port, path, args.timeout)
                # A title edit moves the page: the old URL redirects, as
                # the browser showing it follows.
                moved = re.search(r'http-equiv="refresh" content="0; url=https?://[^/"]+(/[^"]*)"', page)
                if moved:
                    page = http_get(port, moved.group(1), args.timeout)
                if marker in page:
                    if moved and args.page == "model":
                        # The browser is on the new page now: its script
                        # says so on connecting again.
                        path = moved.group(1)
                        ev = Events(port, args.timeout, path)
                        ev.next(time.perf_counter() + args.timeout)
                    break
            ms = (t1 - t0) * 1000
            times.append(ms)
            if not args.json:
                print(f"edit {i + 1:2}: {ms:7.1f} ms")
            # Let the watcher settle so edits do not merge into one rebuild.
            time.sleep(args.gap)
    finally:
        for f in added:
            os.remove(f)
        with open(target, "w", encoding="utf-8") as f:
            f.write(original)
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
        if args.log:
            with open(args.log, "w", encoding="utf-8") as f:
                f.writelines(log)

    result = {
        "site": os.path.abspath(args.site),
        "kind": args.kind,
        "gap_s": args.gap,
        "page": args.page,
        "edits": len(times),
        "initial_build_s": round(initial, 3),
        "median_ms": round(statistics.median(times), 1),
        "min_ms": round(min(times), 1),
        "max_ms": round(max(times), 1),
        "times_ms": [round(t, 1) for t in times],
    }
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(f"median {result['median_ms']} ms (min {result['min_ms']}, max {result['max_ms']}) "
              f"over {len(times)} edits; first build {result['initial_build_s']} s")


if __name__ == "__main__":
    main()
