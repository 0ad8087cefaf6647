#!/usr/bin/env python3
"""Summary of a benches/run.sh results.tsv: medians, kheo/Hugo ratios and the
targets of issue 8, as Markdown.

    python3 benches/summarize.py benches/runs/<run>/results.tsv
"""
import csv
import statistics
import sys
from collections import defaultdict


def load(path):
    rows = defaultdict(list)
    with open(path, encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            rows[(int(r["n"]), r["tool"], r["kind"])].append(r)
    return rows


def med(rows, key):
    vals = [float(r[key]) for r in rows]
    return statistics.median(vals) if vals else float("nan")


def fmt(x, d=2):
    return "–" if x != x else f"{x:.{d}f}"


def main(path):
    rows = load(path)
    sizes = sorted({n for n, _, _ in rows})
    g = lambda n, tool, kind, key: med(rows.get((n, tool, kind), []), key)
    count = lambda n, tool, kind: len(rows.get((n, tool, kind), []))
    failed = [r for rs in rows.values() for r in rs if r["exit"] != "0"]
    out = []
    out.append("### Cold builds (medians)\n")
    out.append("| N | runs | kheo wall s | Hugo wall s | wall kheo/Hugo | kheo CPU s | Hugo CPU s "
               "| CPU kheo/Hugo | kheo peak RSS MB | Hugo peak RSS MB | RSS kheo/Hugo "
               "| kheo files / MB | Hugo files / MB | kheo / Hugo HTML pages |")
    out.append("|" + "---|" * 14)
    for n in sizes:
        kw, hw = g(n, "kheo", "cold", "wall_s"), g(n, "hugo", "cold", "wall_s")
        kc, hc = g(n, "kheo", "cold", "cpu_s"), g(n, "hugo", "cold", "cpu_s")
        km, hm = g(n, "kheo", "cold", "maxrss_kb") / 1024, g(n, "hugo", "cold", "maxrss_kb") / 1024
        kf, hf = g(n, "kheo", "cold", "files"), g(n, "hugo", "cold", "files")
        kb, hb = g(n, "kheo", "cold", "bytes") / 1e6, g(n, "hugo", "cold", "bytes") / 1e6
        kp, hp = g(n, "kheo", "cold", "html_pages"), g(n, "hugo", "cold", "html_pages")
        out.append(f"| {n:,} | {count(n, 'kheo', 'cold')}+{count(n, 'hugo', 'cold')} | {fmt(kw)} | {fmt(hw)} "
                   f"| {fmt(kw / hw)} | {fmt(kc)} | {fmt(hc)} | {fmt(kc / hc)} | {fmt(km, 0)} "
                   f"| {fmt(hm, 0)} | {fmt(km / hm)} | {fmt(kf, 0)} / {fmt(kb, 0)} "
                   f"| {fmt(hf, 0)} / {fmt(hb, 0)} | {fmt(kp, 0)} / {fmt(hp, 0)} |")

    out.append("\n### Time per entry (cold wall time / N, medians)\n")
    out.append("| N | kheo ms/entry | vs previous N | Hugo ms/entry | vs previous N |")
    out.append("|---|---|---|---|---|")
    prev = None
    for n in sizes:
        k, h = g(n, "kheo", "cold", "wall_s") * 1000 / n, g(n, "hugo", "cold", "wall_s") * 1000 / n
        step = lambda a, b: "" if b is None else f"{(a / b - 1) * 100:+.0f}%"
        out.append(f"| {n:,} | {fmt(k, 3)} | {step(k, prev and prev[0])} | {fmt(h, 3)} "
                   f"| {step(h, prev and prev[1])} |")
        prev = (k, h)

    out.append("\n### kheo rebuilds and check (medians)\n")
    out.append("| N | cold wall s | no-change wall s | % of cold | files rewritten | one-edit wall s "
               "| % of cold | files rewritten | check wall s | % of cold | check peak RSS MB |")
    out.append("|" + "---|" * 11)
    for n in sizes:
        c = g(n, "kheo", "cold", "wall_s")
        nw, ew, cw = (g(n, "kheo", k, "wall_s") for k in ("noop", "edit", "check"))
        pct = lambda x: fmt(100 * x / c, 0) + "%" if x == x else "–"
        out.append(f"| {n:,} | {fmt(c)} | {fmt(nw)} | {pct(nw)} | {fmt(g(n, 'kheo', 'noop', 'files_touched'), 0)} "
                   f"| {fmt(ew)} | {pct(ew)} | {fmt(g(n, 'kheo', 'edit', 'files_touched'), 0)} "
                   f"| {fmt(cw)} | {pct(cw)} | {fmt(g(n, 'kheo', 'check', 'maxrss_kb') / 1024, 0)} |")

    rm_sizes = [n for n in sizes if rows.get((n, "kheo", "coldrm"))]
    if rm_sizes:
        out.append("\n### Cold builds right after `rm -rf` of the previous output (one run each)\n")
        out.append("| N | kheo wall s | kheo sys s | kheo wall vs cold | Hugo wall s | Hugo sys s "
                   "| Hugo wall vs cold | wall kheo/Hugo |")
        out.append("|" + "---|" * 8)
        for n in rm_sizes:
            kw, hw = g(n, "kheo", "coldrm", "wall_s"), g(n, "hugo", "coldrm", "wall_s")
            ks, hs = g(n, "kheo", "coldrm", "sys_s"), g(n, "hugo", "coldrm", "sys_s")
            kc, hc = g(n, "kheo", "cold", "wall_s"), g(n, "hugo", "cold", "wall_s")
            out.append(f"| {n:,} | {fmt(kw)} | {fmt(ks)} | ×{fmt(kw / kc, 1)} | {fmt(hw)} | {fmt(hs)} "
                       f"| ×{fmt(hw / hc, 1)} | {fmt(kw / hw)} |")

    out.append("\n### Targets of issue 8\n")
    big = max((n for n in sizes if n >= 100000), default=None)
    mid = 10000 if 10000 in sizes else None
    if big is None:
        out.append("(no run at N >= 100,000: the targets are measured there)")
    else:
        def line(name, value, ok):
            out.append(f"| {name} | {value} | {'met' if ok else 'NOT met'} |")
        out.append(f"| target (N = {big:,}) | measured | |")
        out.append("|---|---|---|")
        wr = g(big, "kheo", "cold", "wall_s") / g(big, "hugo", "cold", "wall_s")
        rr = g(big, "kheo", "cold", "maxrss_kb") / g(big, "hugo", "cold", "maxrss_kb")
        rss = g(big, "kheo", "cold", "maxrss_kb") / 1024
        line("wall time ≤ 25% of Hugo's", f"{wr * 100:.0f}%", wr <= 0.25)
        line("peak memory ≤ 25% of Hugo's", f"{rr * 100:.0f}%", rr <= 0.25)
        line("peak memory < 1 GB", f"{rss:.0f} MB", rss < 1024)
        if mid:
            a = g(mid, "kheo", "cold", "wall_s") / mid
            b = g(big, "kheo", "cold", "wall_s") / big
            line(f"time per entry flat ±20% ({mid:,} → {big:,})", f"{(b / a - 1) * 100:+.0f}%", abs(b / a - 1) <= 0.2)
        c = g(big, "kheo", "cold", "wall_s")
        nr, er = g(big, "kheo", "noop", "wall_s") / c, g(big, "kheo", "edit", "wall_s") / c
        line("no-change rebuild < 10% of cold", f"{nr * 100:.0f}%", nr < 0.10)
        line("one-edit rebuild < 5% of cold", f"{er * 100:.0f}%", er < 0.05)
    if failed:
        out.append("\n**Failed runs** (exit status ≠ 0):\n")
        for r in failed:
            out.append(f"- N={r['n']} {r['tool']} {r['kind']} #{r['run']}: exit {r['exit']}")
    print("\n".join(out))


if __name__ == "__main__":
    main(sys.argv[1])
