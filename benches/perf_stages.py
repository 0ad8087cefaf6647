#!/usr/bin/env python3
"""Splits a perf profile of `kheo build` into pipeline stages and leaf components.

    perf record -F 499 --call-graph dwarf,32768 -o perf.data -- kheo build SITE -o OUT
    perf script -i perf.data -F comm,tid,time,event,ip,sym --no-inline > perf.txt
    python3 benches/perf_stages.py perf.txt

Each sample is put in the first stage (in the order below) one of whose
markers appears anywhere on its stack, and counted again under the component
of its leaf frame (kernel, Tera, Unicode normalization, allocator...).
Percentages are of all samples of the process (both threads, CPU time).
"""
import sys
from collections import Counter

# (stage, markers): the first stage with a marker on the stack wins, so
# "write" (called from inside render_all) comes before "render".
STAGES = [
    ("write: output files (Staging::put, kernel)", ["kheo::output::Staging::put"]),
    ("write: commit (manifest, swap, remove old)", ["kheo::output::Staging::commit",
                                                    "kheo::output::Staging::begin",
                                                    "kheo::output::check_target"]),
    ("render: open data (JSON, CSV)", ["kheo::render::opendata"]),
    ("render: statistics (SVG charts)", ["kheo::render::stats", "kheo::render::charts"]),
    ("render: feed, sitemap", ["kheo::render::feed"]),
    ("search index", ["kheo::search::"]),
    ("render: page views + Tera", ["kheo::render::Renderer::render_job",
                                   "kheo::render::Renderer::render_all",
                                   "kheo::render::Renderer>::prepare",
                                   # deep Tera stacks lose their root past the dwarf stack copy
                                   "tera::"]),
    ("render: setup (templates, card values)", ["kheo::render::Renderer::new",
                                                "kheo::render::theme"]),
    ("load: Markdown (pulldown-cmark, highlight, sanitize)", ["kheo::markdown::"]),
    ("load: front matter YAML", ["serde_yaml::", "unsafe_libyaml::",
                                 "kheo::content::frontmatter::parse"]),
    ("load: read + decode (NFC)", ["kheo::content::read", "kheo::content::frontmatter::decode"]),
    ("load: discover (walk of the site)", ["kheo::content::markdown_files", "kheo::fingerprint::", "walkdir::"]),
    ("load: typed entries (fields, dates, keys)", ["kheo::content::"]),
    ("index: locality tree and registry", ["kheo::locality::"]),
    ("index: site (grouping, sorting, related)", ["kheo::site::"]),
    ("config", ["kheo::config::"]),
    ("process start / exit", ["_dl_start", "_dl_relocate_object", "__libc_start_main", "exit_mmap",
                              "do_exit", "kheo::main"]),
]

COMPONENTS = [
    ("kernel", lambda f, ip: ip.startswith("ffffffff")),
    ("Tera", lambda f, ip: f.startswith("tera::") or "<tera::" in f),
    ("Unicode normalization", lambda f, ip: "unicode_normalization" in f),
    ("allocator (malloc/free)", lambda f, ip: any(x in f for x in ("malloc", "free", "_int_", "realloc",
                                                                     "unlink_chunk", "cfree"))),
    ("memcpy/memmove/memcmp", lambda f, ip: f.startswith("__mem")),
    ("YAML (serde_yaml, libyaml)", lambda f, ip: "yaml" in f),
    ("pulldown-cmark", lambda f, ip: "pulldown_cmark" in f),
    ("ICU collator", lambda f, ip: "icu_" in f),
    ("serde_json", lambda f, ip: "serde_json" in f),
    ("UTF-8 checks", lambda f, ip: "from_utf8" in f or "run_utf8_validation" in f),
    ("hashing", lambda f, ip: "hash" in f.lower() or "sip::" in f),
    ("CRC-32", lambda f, ip: "crc32" in f),
    ("ammonia/html5ever", lambda f, ip: "ammonia" in f or "html5ever" in f or "markup5ever" in f),
    ("kheo code", lambda f, ip: "kheo::" in f),
]


def samples(path):
    stack = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip():
                if stack:
                    yield stack
                stack = []
            elif line.startswith(("\t", " ")):
                parts = line.strip().split(None, 1)
                stack.append((parts[0], parts[1] if len(parts) > 1 else "?"))
            else:
                stack = []
    if stack:
        yield stack


def main(path):
    stages, comps, total = Counter(), Counter(), 0
    for st in samples(path):
        total += 1
        names = [sym for _, sym in st]
        stage = "other (rayon idle/steal, unresolved)"
        for name, markers in STAGES:
            if any(m in s for s in names for m in markers):
                stage = name
                break
        stages[stage] += 1
        ip, leaf = st[0]
        comp = "other"
        for cname, test in COMPONENTS:
            if test(leaf, ip):
                comp = cname
                break
        comps[comp] += 1
    print(f"{total} samples\n")
    print("| stage | share of CPU samples |\n|---|---|")
    for name, n in stages.most_common():
        print(f"| {name} | {100 * n / total:.1f}% |")
    print("\n| leaf component | share of CPU samples |\n|---|---|")
    for name, n in comps.most_common():
        print(f"| {name} | {100 * n / total:.1f}% |")


if __name__ == "__main__":
    main(sys.argv[1])
