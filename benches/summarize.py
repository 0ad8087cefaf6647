#!/usr/bin/env python3
"""Summary of benches/run.sh results as Markdown: medians, kheo/Hugo ratios
and the targets of issue 8.

    python3 benches/summarize.py benches/runs/<run>/results.tsv [more.tsv ...]

Several files are merged (e.g. a full run and a kheo-only rerun); rows are
grouped by (N, tool, kind) and every figure is a median over its runs.
"""
import csv
import statistics
import sys
from collections import defaultdict


def load(paths):
    rows = defaultdict(list)
    for path in paths:
        with open(path, encoding="utf-8", newline="") as f:
            for r in csv.DictReader(f, delimiter="\t"):
                rows[(int(r["n"]), r["tool"], r["kind"])].append(r)
    return rows


def fmt(x, d=2):
    return "–" if x != x else f"{x:,.{d}f}"


def main(paths):
    rows = load(paths)
    sizes = sorted({n for n, _, _ in rows})

    def g(n, tool, kind, key):
        vals = [float(r[key]) for r in rows.get((n, tool, kind), [])]
        return statistics.median(vals) if vals else float("nan")

    def runs(n, tool, kind):
        return len(rows.get((n, tool, kind), []))

    def pct(a, b):
        return "–" if a != a or b != b else f"{100 * a / b:.0f}%"

    out = ["### Cold builds (medians)\n",
           "| N | runs kheo+Hugo | kheo wall s | Hugo wall s | wall kheo/Hugo | kheo CPU s | Hugo CPU s "
           "| CPU kheo/Hugo | kheo peak RSS MB | Hugo peak RSS MB | RSS kheo/Hugo | median load |",
           "|" + "---|" * 12]
    for n in sizes:
        kw, hw = g(n, "kheo", "cold", "wall_s"), g(n, "hugo", "cold", "wall_s")
        kc, hc = g(n, "kheo", "cold", "cpu_s"), g(n, "hugo", "cold", "cpu_s")
        km, hm = g(n, "kheo", "cold", "maxrss_kb") / 1024, g(n, "hugo", "cold", "maxrss_kb") / 1024
        load1 = statistics.median([float(r["load1"]) for t in ("kheo", "hugo")
                                  for r in rows.get((n, t, "cold"), [])] or [float("nan")])
        out.append(f"| {n:,} | {runs(n, 'kheo', 'cold')}+{runs(n, 'hugo', 'cold')} | {fmt(kw)} | {fmt(hw)} "
                   f"| {fmt(kw / hw)} | {fmt(kc)} | {fmt(hc)} | {fmt(kc / hc)} | {fmt(km, 0)} | {fmt(hm, 0)} "
                   f"| {fmt(km / hm)} | {fmt(load1, 1)} |")

    if any(rows.get((n, "hugo", "norel")) for n in sizes):
        out += ["\n### Hugo without related models (`HUGO_PARAMS_RELATED=off`), against kheo's cold build\n",
                "| N | runs | Hugo wall s | Hugo CPU s | Hugo peak RSS MB | wall kheo/Hugo | CPU kheo/Hugo "
                "| RSS kheo/Hugo |",
                "|" + "---|" * 8]
        for n in sizes:
            if not rows.get((n, "hugo", "norel")):
                continue
            hw, hc = g(n, "hugo", "norel", "wall_s"), g(n, "hugo", "norel", "cpu_s")
            hm = g(n, "hugo", "norel", "maxrss_kb") / 1024
            out.append(f"| {n:,} | {runs(n, 'hugo', 'norel')} | {fmt(hw)} | {fmt(hc)} | {fmt(hm, 0)} "
                       f"| {fmt(g(n, 'kheo', 'cold', 'wall_s') / hw)} | {fmt(g(n, 'kheo', 'cold', 'cpu_s') / hc)} "
                       f"| {fmt(g(n, 'kheo', 'cold', 'maxrss_kb') / 1024 / hm)} |")

    out += ["\n### Output (cold builds)\n",
            "| N | kheo files | kheo MB | kheo HTML pages | Hugo files | Hugo MB | Hugo HTML pages |",
            "|" + "---|" * 7]
    for n in sizes:
        out.append(f"| {n:,} | {fmt(g(n, 'kheo', 'cold', 'files'), 0)} | {fmt(g(n, 'kheo', 'cold', 'bytes') / 1e6, 0)} "
                   f"| {fmt(g(n, 'kheo', 'cold', 'html_pages'), 0)} | {fmt(g(n, 'hugo', 'cold', 'files'), 0)} "
                   f"| {fmt(g(n, 'hugo', 'cold', 'bytes') / 1e6, 0)} | {fmt(g(n, 'hugo', 'cold', 'html_pages'), 0)} |")

    out += ["\n### Time per entry (cold builds, medians)\n",
            "| N | kheo wall ms/entry | kheo CPU ms/entry | vs previous N (wall / CPU) "
            "| Hugo wall ms/entry | Hugo CPU ms/entry | vs previous N (wall / CPU) |",
            "|" + "---|" * 7]
    prev = None
    for n in sizes:
        cur = [g(n, t, "cold", k) * 1000 / n for t in ("kheo", "hugo") for k in ("wall_s", "cpu_s")]

        def step(i, j):
            if prev is None:
                return ""
            return f"{(cur[i] / prev[i] - 1) * 100:+.0f}% / {(cur[j] / prev[j] - 1) * 100:+.0f}%"
        out.append(f"| {n:,} | {fmt(cur[0], 3)} | {fmt(cur[1], 3)} | {step(0, 1)} | {fmt(cur[2], 3)} "
                   f"| {fmt(cur[3], 3)} | {step(2, 3)} |")
        prev = cur

    out += ["\n### kheo rebuilds and check (medians; % of the cold build of the same N)\n",
            "| N | no-change wall s | CPU s | % of cold (wall / CPU) | files rewritten "
            "| one-edit (body) wall s | CPU s | % of cold (wall / CPU) | files rewritten "
            "| one-edit (title) wall s | CPU s | % of cold (wall / CPU) | files rewritten "
            "| one-edit (field) wall s | CPU s | % of cold (wall / CPU) | files rewritten "
            "| check wall s | CPU s | % of cold (wall / CPU) | check peak RSS MB |",
            "|" + "---|" * 21]
    for n in sizes:
        cw, cc = g(n, "kheo", "cold", "wall_s"), g(n, "kheo", "cold", "cpu_s")
        cells = []
        for kind in ("noop", "edit", "edittitle", "editfield", "check"):
            w, c = g(n, "kheo", kind, "wall_s"), g(n, "kheo", kind, "cpu_s")
            cells += [fmt(w), fmt(c), f"{pct(w, cw)} / {pct(c, cc)}"]
            if kind != "check":
                cells.append(fmt(g(n, "kheo", kind, "files_touched"), 0))
        cells.append(fmt(g(n, "kheo", "check", "maxrss_kb") / 1024, 0))
        out.append(f"| {n:,} | " + " | ".join(cells) + " |")

    rm_sizes = [n for n in sizes if rows.get((n, "kheo", "coldrm")) or rows.get((n, "hugo", "coldrm"))]
    if rm_sizes:
        out += ["\n### Cold builds right after `rm -rf` of the previous output (one run each)\n",
                "| N | kheo wall s | kheo sys s | kheo wall vs cold | Hugo wall s | Hugo sys s "
                "| Hugo wall vs cold |",
                "|" + "---|" * 7]
        for n in rm_sizes:
            kw, hw = g(n, "kheo", "coldrm", "wall_s"), g(n, "hugo", "coldrm", "wall_s")
            out.append(f"| {n:,} | {fmt(kw)} | {fmt(g(n, 'kheo', 'coldrm', 'sys_s'))} "
                       f"| ×{fmt(kw / g(n, 'kheo', 'cold', 'wall_s'), 1)} | {fmt(hw)} "
                       f"| {fmt(g(n, 'hugo', 'coldrm', 'sys_s'))} | ×{fmt(hw / g(n, 'hugo', 'cold', 'wall_s'), 1)} |")

    out.append("\n### Targets of issue 8\n")
    big = max((n for n in sizes if n >= 100000 and rows.get((n, "kheo", "cold"))), default=None)
    if big is None:
        out.append("(no kheo run at N >= 100,000: the targets are measured there)")
    else:
        out += [f"| target (N = {big:,}) | measured | |", "|---|---|---|"]

        def line(name, value, ok):
            verdict = "–" if ok is None else "met" if ok else "NOT met"
            out.append(f"| {name} | {value} | {verdict} |")

        def ratio(a, b):
            return a / b if a == a and b == b else float("nan")
        for label, kind in (("Hugo", "cold"), ("Hugo without related", "norel")):
            wr = ratio(g(big, "kheo", "cold", "wall_s"), g(big, "hugo", kind, "wall_s"))
            cr = ratio(g(big, "kheo", "cold", "cpu_s"), g(big, "hugo", kind, "cpu_s"))
            rr = ratio(g(big, "kheo", "cold", "maxrss_kb"), g(big, "hugo", kind, "maxrss_kb"))
            if wr == wr:
                line(f"wall time ≤ 25% of {label}'s", f"{wr * 100:.0f}% (CPU {cr * 100:.0f}%)", wr <= 0.25)
                line(f"peak memory ≤ 25% of {label}'s", f"{rr * 100:.0f}%", rr <= 0.25)
        rss = g(big, "kheo", "cold", "maxrss_kb") / 1024
        line("peak memory < 1 GB", f"{rss:,.0f} MB", rss < 1024)
        mid = max((n for n in sizes if n < big and rows.get((n, "kheo", "cold"))), default=None)
        if mid:
            dw = (g(big, "kheo", "cold", "wall_s") / big) / (g(mid, "kheo", "cold", "wall_s") / mid) - 1
            dc = (g(big, "kheo", "cold", "cpu_s") / big) / (g(mid, "kheo", "cold", "cpu_s") / mid) - 1
            line(f"time per entry flat ±20% ({mid:,} → {big:,})", f"wall {dw * 100:+.0f}%, CPU {dc * 100:+.0f}%",
                 abs(dw) <= 0.2 and abs(dc) <= 0.2)
        cw, cc = g(big, "kheo", "cold", "wall_s"), g(big, "kheo", "cold", "cpu_s")
        for name, kind, limit in (("no-change rebuild < 10% of cold", "noop", 0.10),
                                  ("one-edit rebuild < 5% of cold (body edit)", "edit", 0.05),
                                  ("one-edit rebuild < 5% of cold (title edit)", "edittitle", 0.05),
                                  ("one-edit rebuild < 5% of cold (field edit)", "editfield", 0.05)):
            if not rows.get((big, "kheo", kind)):
                continue
            w, c = g(big, "kheo", kind, "wall_s") / cw, g(big, "kheo", kind, "cpu_s") / cc
            line(name, f"wall {w * 100:.0f}%, CPU {c * 100:.0f}%", w < limit and c < limit)

    failed = [r for rs in rows.values() for r in rs if r["exit"] != "0"]
    if failed:
        out.append("\n**Failed runs** (exit status ≠ 0):\n")
        for r in failed:
            out.append(f"- N={r['n']} {r['tool']} {r['kind']} #{r['run']}: exit {r['exit']}")
    print("\n".join(out))


if __name__ == "__main__":
    main(sys.argv[1:])
