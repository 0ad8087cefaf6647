#!/usr/bin/env python3
"""Bytes and files per page kind of a built kheo site (issue 31, "fits a
free host").

    python3 benches/sizes.py OUT            # a table in Markdown
    python3 benches/sizes.py OUT --json     # the same numbers as JSON

A page's kind comes from its path (the URLs of docs/ARCHITECTURE.md):
model pages are `mo-hinh/<...>/<slug>/index.html`, listings are the
paginated lists of models (`mo-hinh/`, `dia-ban/`, `linh-vuc/`, `nam/`,
each with its `trang/<n>/`), and so on. Sizes are file sizes in bytes
(`du -sb` counts the same, plus the folders). The limits checked are those
of issue 31: 1 GB in all (GitHub Pages) and 25 MiB per file (Cloudflare
Pages).
"""
import argparse
import json
import os
import statistics
import sys

TOTAL_LIMIT = 1_000_000_000
FILE_LIMIT = 25 * 1024 * 1024


def kind(rel):
    """The page kind of the file at `rel` (a path relative to the output)."""
    parts = rel.split("/")
    top = parts[0]
    if rel == "index.html":
        return "home"
    if top.startswith(".kheo"):
        return "kheo manifests"
    if top == "du-lieu":
        return "open data"
    if top == "tim-kiem":
        return "search"
    if top.startswith("sitemap"):
        return "sitemap"
    if top == "mo-hinh":
        if parts[-1] != "index.html":
            return "model images"
        if len(parts) == 2 or parts[1] == "trang":
            return "listing"
        return "model page"
    if top in ("dia-ban", "linh-vuc", "nam"):
        return "listing"
    if top == "khen-thuong":
        return "award pages"
    if top in ("css", "js") or len(parts) == 1:
        return "assets, feed, root files"
    return "other pages"


def measure(out):
    kinds = {}
    largest = (0, "")
    total = files = 0
    for root, dirs, names in os.walk(out):
        dirs.sort()
        for name in sorted(names):
            path = os.path.join(root, name)
            rel = os.path.relpath(path, out).replace(os.sep, "/")
            size = os.lstat(path).st_size
            k = kinds.setdefault(kind(rel), {"bytes": 0, "files": 0, "sizes": []})
            k["bytes"] += size
            k["files"] += 1
            k["sizes"].append(size)
            total += size
            files += 1
            largest = max(largest, (size, rel))
    for k in kinds.values():
        k["median"] = int(statistics.median(k["sizes"]))
        k["max"] = max(k["sizes"])
        del k["sizes"]
    return {
        "total_bytes": total,
        "files": files,
        "largest": {"bytes": largest[0], "path": largest[1]},
        "kinds": dict(sorted(kinds.items(), key=lambda kv: -kv[1]["bytes"])),
        "fits": total <= TOTAL_LIMIT and largest[0] <= FILE_LIMIT,
    }


def mb(n):
    return f"{n / 1e6:,.1f} MB" if n >= 1e5 else f"{n / 1e3:,.1f} KB"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", help="a built site's output folder")
    ap.add_argument("--json", action="store_true", help="print JSON")
    args = ap.parse_args()
    if not os.path.isdir(args.out):
        sys.exit(f"sizes.py: {args.out} is not a folder")
    m = measure(args.out)
    if args.json:
        print(json.dumps(m, indent=1))
        return
    print("| kind | bytes | files | median file | largest file |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, k in m["kinds"].items():
        print(f"| {name} | {mb(k['bytes'])} | {k['files']:,} | {mb(k['median'])} | {mb(k['max'])} |")
    print(f"| **total** | **{mb(m['total_bytes'])}** | **{m['files']:,}** | | |")
    print()
    print(f"largest file: {m['largest']['path']} ({mb(m['largest']['bytes'])}, "
          f"{m['largest']['bytes'] / 2**20:.1f} MiB)")
    verdict = "fits" if m["fits"] else "does NOT fit"
    print(f"{verdict} a free host (at most 1 GB in all, 25 MiB per file)")


if __name__ == "__main__":
    main()
