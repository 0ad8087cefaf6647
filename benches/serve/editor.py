#!/usr/bin/env python3
"""Save-to-reload latency of the browser editor of `kheo serve` (issue 32).

    python3 benches/serve/editor.py --kheo target/release/kheo --site /tmp/site-1k/kheo --copy

Starts `kheo serve SITE --port 0`, listens on the live-reload stream as the
model's page does, then N times (default 10): opens the model's form
(GET /_sua/sua), changes its summary, posts the form as a browser does
(POST /_sua/luu with the page's token, from the server's own origin) and
waits for the `reload` event, then checks that the page shows the new
summary. Prints, per save, the form's GET, the POST (the server reads the
form, checks the entry with `kheo check`'s code and writes it) and save →
reload (from the POST's start), with medians; also the preview
(POST /_sua/api/xem-truoc). --json prints one JSON object for
benches/serve/runs/. Standard library only; loopback only; every wait is
bounded.
"""

import argparse
import html.parser
import json
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
import urllib.parse
import urllib.request

from common import copy_site, start_server  # benches/serve/common.py
from latency import Events, model_path, pick_model, slug_of  # benches/serve/latency.py


class Form(html.parser.HTMLParser):
    """The fields a browser sends for the form `bieu-mau`."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.fields, self.inside, self.area, self.select, self.chosen, self.first = [], False, None, None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == "bieu-mau":
            self.inside = True
        if not self.inside or ("name" not in a and tag != "option"):
            return
        if tag == "input":
            if a.get("type") != "checkbox" or "checked" in a:
                self.fields.append((a["name"], a.get("value") or ""))
        elif tag == "textarea":
            self.area = [a["name"], ""]
        elif tag == "select":
            self.select, self.chosen, self.first = a["name"], None, None
        elif tag == "option" and self.select:
            if self.first is None:
                self.first = a.get("value") or ""
            if "selected" in a:
                self.chosen = a.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self.area:
            name, text = self.area
            text = text[1:] if text.startswith("\n") else text
            self.fields.append((name, text.replace("\n", "\r\n")))
            self.area = None
        elif tag == "select" and self.select:
            self.fields.append((self.select, self.chosen if self.chosen is not None else self.first or ""))
            self.select = None

    def handle_data(self, data):
        if self.area:
            self.area[1] += data


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args):
        return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--kheo", default="target/release/kheo")
    ap.add_argument("--site", default=".")
    ap.add_argument("--copy", action="store_true", help="serve a temp copy of the site")
    ap.add_argument("--saves", type=int, default=10)
    ap.add_argument("--timeout", type=float, default=60.0)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    site = os.path.abspath(args.site)
    tmp = None
    if args.copy:
        tmp = tempfile.mkdtemp(prefix="kheo-editor-bench-")
        copy_site(site, tmp)
        site = tmp
    target = pick_model(site)
    rel = os.path.relpath(target, site).replace(os.sep, "/")
    slug = slug_of(target, open(target, encoding="utf-8").read())
    proc, port, _ = start_server(args.kheo, site, 900)
    base = f"http://127.0.0.1:{port}"
    opener = urllib.request.build_opener(NoRedirect)
    rows = []
    try:
        # The page, as the editor's "saved" notice links it.
        notice = urllib.request.urlopen(f"{base}/_sua/sua?tep={urllib.parse.quote(rel, safe='')}&da-luu=1",
                                        timeout=args.timeout).read().decode()
        found = re.search(r'class="da-luu"[^>]*>[^<]*<a href="([^"]+)"', notice)
        page = found.group(1) if found else model_path(port, slug, args.timeout)
        ev = Events(port, args.timeout, page)
        if (ev.next(time.perf_counter() + args.timeout) or ("",))[0] != "hello":
            sys.exit("no hello event")
        for i in range(args.saves):
            t0 = time.perf_counter()
            html = urllib.request.urlopen(f"{base}/_sua/sua?tep={urllib.parse.quote(rel, safe='')}",
                                          timeout=args.timeout).read().decode()
            t_get = time.perf_counter() - t0
            form = Form()
            form.feed(html)
            summary = f"Tóm tắt lần lưu số {i + 1} để đo thời gian."
            fields = [(k, summary if k == "f:summary" else v) for k, v in form.fields]
            if not any(k == "f:summary" for k, _ in fields):
                sys.exit("the form has no summary")
            body = urllib.parse.urlencode(fields).encode()
            head = {"Origin": base, "Content-Type": "application/x-www-form-urlencoded"}
            t1 = time.perf_counter()
            urllib.request.urlopen(urllib.request.Request(f"{base}/_sua/api/xem-truoc", data=body, headers=head),
                                   timeout=args.timeout).read()
            t_preview = time.perf_counter() - t1
            t2 = time.perf_counter()
            try:
                opener.open(urllib.request.Request(f"{base}/_sua/luu", data=body, headers=head), timeout=args.timeout)
                sys.exit("the save did not redirect")
            except urllib.error.HTTPError as e:
                if e.code != 303:
                    sys.exit(f"the save answered {e.code}: {e.read().decode()[:2000]}")
            t_post = time.perf_counter() - t2
            while True:
                got = ev.next(t2 + args.timeout)
                if got is None:
                    sys.exit("no reload after the save")
                if got[0] == "reload":
                    t_reload = time.perf_counter() - t2
                    shown = urllib.request.urlopen(base + page, timeout=args.timeout).read().decode()
                    if summary in shown:
                        break
            rows.append({"get_ms": t_get * 1e3, "preview_ms": t_preview * 1e3,
                         "post_ms": t_post * 1e3, "reload_ms": t_reload * 1e3})
            if not args.json:
                print(f"save {i + 1}: form {t_get * 1e3:.0f} ms, preview {t_preview * 1e3:.0f} ms, "
                      f"post {t_post * 1e3:.0f} ms, save → reload {t_reload * 1e3:.0f} ms")
            time.sleep(0.3)
    finally:
        proc.kill()
        proc.wait()
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    med = {k: round(statistics.median(r[k] for r in rows), 1) for k in rows[0]}
    if args.json:
        print(json.dumps({"bench": "editor-save", "site": args.site, "file": rel, "saves": len(rows),
                          "median": med, "runs": rows}, ensure_ascii=False))
    else:
        print("median:", ", ".join(f"{k} {v} ms" for k, v in med.items()))


if __name__ == "__main__":
    main()
