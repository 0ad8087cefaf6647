#!/usr/bin/env python3
"""Mean bytes per part of a model page of a built kheo site (issue 31,
"fits a free host"): where a page's bytes go, to compare two builds.

    python3 benches/page_parts.py OUT              # a table in Markdown
    python3 benches/page_parts.py OUT --json       # the same numbers as JSON
    python3 benches/page_parts.py OUT --sample 5000 --seed 1

A sample of model pages (`mo-hinh/<...>/<slug>/index.html`, the same
sample for two outputs of the same site) is cut at the default theme's
landmarks: the JSON-LD script, the rest of the head, the site header, the
title block (`<header class="entry-header">`), the story (the section of
`h-story`), the related models (`<aside ...>`), the footer. What the
landmarks leave (breadcrumb, the other sections, wrappers) is "rest".
"""
import argparse
import json
import os
import random
import re
import sys

PARTS = [
    ("json-ld", re.compile(r'<script type="application/ld\+json">.*?</script>', re.S)),
    ("site header, nav, search", re.compile(r"<header[^>]*>.*?</header>", re.S)),
    ("title, facts, lead", re.compile(r"<header[^>]*>.*?</header>", re.S)),
    ("story (Markdown body)", re.compile(r'<section aria-labelledby="h-story">.*?</section>', re.S)),
    ("related models", re.compile(r"<aside.*?</aside>", re.S)),
    ("footer", re.compile(r"<footer.*?</footer>", re.S)),
    ("breadcrumb", re.compile(r"<nav[^>]*(?:breadcrumb|bc)[^>]*>.*?</nav>", re.S)),
]
SECTIONS = re.compile(r"<section.*?</section>", re.S)


def model_pages(out):
    base = os.path.join(out, "mo-hinh")
    pages = []
    for root, dirs, names in os.walk(base):
        dirs.sort()
        rel = os.path.relpath(root, base)
        if "index.html" in names and rel != "." and not rel.startswith("trang"):
            pages.append(os.path.join(os.path.relpath(root, out), "index.html"))
    return sorted(pages)


def cut(html):
    """Bytes per part of one page (UTF-8)."""
    parts = {}
    head_end = html.find("</head>")
    head, body = html[: head_end + len("</head>")], html[head_end + len("</head>") :]
    m = PARTS[0][1].search(head)
    ld = m.group(0) if m else ""
    parts["json-ld"] = len(ld.encode())
    parts["head without JSON-LD"] = len(head.encode()) - parts["json-ld"]
    rest = body
    for name, rx in PARTS[1:]:
        m = rx.search(rest)
        text = m.group(0) if m else ""
        parts[name] = len(text.encode())
        if m:
            rest = rest[: m.start()] + rest[m.end() :]
    other = "".join(SECTIONS.findall(rest))
    parts["results, people, orgs, awards, tags, sources"] = len(other.encode())
    rest = SECTIONS.sub("", rest)
    parts["rest (wrappers, doctype)"] = len(rest.encode())
    parts["page"] = len(html.encode())
    return parts


def measure(out, sample, seed):
    pages = model_pages(out)
    random.Random(seed).shuffle(pages)
    pages = pages[:sample]
    sums = {}
    for p in pages:
        with open(os.path.join(out, p), encoding="utf-8") as f:
            for k, v in cut(f.read()).items():
                sums[k] = sums.get(k, 0) + v
    n = max(len(pages), 1)
    return {"pages": len(pages), "mean": {k: round(v / n) for k, v in sums.items()}}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out")
    ap.add_argument("--sample", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    r = measure(a.out, a.sample, a.seed)
    if a.json:
        json.dump(r, sys.stdout, indent=1, ensure_ascii=False)
        print()
        return
    print(f"| part of a model page ({r['pages']:,} sampled) | mean bytes |")
    print("| --- | ---: |")
    rows = sorted(((k, v) for k, v in r["mean"].items() if k != "page"), key=lambda kv: -kv[1])
    for k, v in rows:
        print(f"| {k} | {v:,} |")
    print(f"| **page** | **{r['mean']['page']:,}** |")


if __name__ == "__main__":
    main()
