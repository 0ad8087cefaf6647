#!/usr/bin/env python3
"""Deterministic generator of benchmark sites for kheo and Hugo (issue 8).

    python3 benches/gen.py --n 10000 --seed 1 --out /tmp/site-10k

writes two equivalent sites with the same N models and N/20 awards:

    <out>/kheo/   a kheo site (site.yaml, content/models/<province>/*.md,
                  content/awards/*.md, content/pages/gioi-thieu.md)
    <out>/hugo/   a Hugo site (hugo.yaml, layouts/ written here, content/...)
                  with taxonomies tinh (province), huyen (district), xa
                  (commune), linh-vuc (field) and nam (year)

Same N and seed give byte-identical trees (Python 3.11, standard library
only; nothing depends on the clock, the machine or hash order).

Localities are real units from benches/data/localities.tsv (see
benches/data/make_localities.py): an entry dated before 2025-07-01 uses the
three-level structure (province / district / commune), one dated later the
two-level one (province / commune). No kheo model has a `slug:`: as on a
national site, many titles are a bare model name that recurs in many units
(kheo gives each its URL through its unit; one title twice in one unit is
avoided here, as kheo rejects it). Awards name models by their files, and
body links point at the linked model's year page (its URL depends on kheo's
registry). The Hugo site keeps explicit unique slugs, which its permalinks
need.
"""

import argparse
import csv
import json
import os
import random
import re
import shutil
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
LOCALITIES = os.path.join(HERE, "data", "localities.tsv")

from gen_words import (  # the vocabulary and constants
    REFORM,
    YEARS,
    LAST_DATE_2026,
    FIELDS,
    MODEL_NAMES,
    PROBLEMS,
    ORGS,
    SURNAMES,
    MIDDLES_M,
    MIDDLES_F,
    GIVEN_M,
    GIVEN_F,
    ROLES,
    PERSON_KINDS,
    RESULT_LABELS,
    TAGS,
    PUBLISHERS,
    INTRO,
    HOW,
    RESULTS,
    LESSONS,
    FILLER,
    HEADINGS,
    AWARD_KINDS,
    AWARD_LEVELS,
    RECIPIENT_KINDS,
)

def slugify(s):
    s = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s


_PLAIN = re.compile(r"^[^\-?:,\[\]{}#&*!|>'\"%@`\s][^:#\[\]{}\"']*$")
_RESERVED = re.compile(r"^(true|false|yes|no|on|off|null|~|[-+]?[0-9][0-9_.:eE+-]*)$", re.I)


def ys(s):
    """A YAML scalar for a string: plain when safe, else double-quoted (JSON)."""
    s = str(s)
    if _PLAIN.match(s) and not _RESERVED.match(s) and s == s.strip() and ", " not in s:
        return s
    return json.dumps(s, ensure_ascii=False)


def lower_first(s):
    return s[:1].lower() + s[1:]


def number(rng, lo, hi):
    """A Vietnamese-formatted integer: 1.250."""
    return f"{rng.randint(lo, hi):,}".replace(",", ".")


def load_localities():
    pre, post = [], []
    with open(LOCALITIES, encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            (pre if r["structure"] == "pre2025" else post).append(r)
    return pre, post


def person(rng):
    if rng.random() < 0.5:
        return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLES_F)} {rng.choice(GIVEN_F)}"
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLES_M)} {rng.choice(GIVEN_M)}"


class Place:
    """One locality of an entry: levels of (full name, short name)."""

    def __init__(self, row, depth):
        self.province = (row["province"], row["province_short"])
        self.levels = [self.province]
        if row["district"]:
            self.levels.append((row["district"], row["district_short"]))
        self.levels.append((row["commune"], row["commune_short"]))
        self.levels = self.levels[:depth]
        self.post = row["structure"] == "post2025"
        # The province this one belongs to from 1 July 2025 (itself after the reform).
        self.province_2025 = ((row["province_2025"], row["province_2025_short"])
                              if not self.post else self.province)

    def kheo(self, rng):
        """The locality as an editor writes it, in one of several spellings."""
        r = rng.random()
        if r < 0.4:
            names = [full for full, _ in self.levels]
        elif r < 0.7:
            names = [short if short and not short[0].isdigit() else full
                     for full, short in self.levels]
        elif r < 0.85:
            return "[" + ", ".join(ys(lower_first(full) if i else full)
                                   for i, (full, _) in enumerate(self.levels)) + "]"
        else:
            names = [full for full, _ in self.levels]
            if names[0].startswith("Thành phố "):
                names[0] = "TP. " + names[0][len("Thành phố "):]
        return ys(" / ".join(names))

    def hugo_terms(self):
        """Taxonomy terms: each level qualified by its parents (names repeat)."""
        shorts = [short if short else full for full, short in self.levels]
        terms = {"tinh": shorts[0]}
        if len(shorts) >= 2:
            chain = ", ".join(reversed(shorts))
            if self.post:
                terms["xa"] = chain
            else:
                terms["huyen"] = ", ".join(reversed(shorts[:2]))
                if len(shorts) == 3:
                    terms["xa"] = chain
        return terms

    def display(self):
        return ", ".join(full for full, _ in reversed(self.levels))

    def here(self):
        """"phường Phúc Xá" for titles."""
        return lower_first(self.levels[-1][0])


def fill(rng, template, **kw):
    vals = dict(
        n=number(rng, 40, 3000), m=number(rng, 10, 2500), k=rng.randint(2, 12),
        k2=rng.randint(13, 30), p=rng.randint(60, 99), problem=rng.choice(PROBLEMS),
        org=rng.choice(ORGS),
    )
    vals.update(kw)
    return template.format(**vals)


def body(rng, name, place, year, links, words):
    """Markdown of about `words` words: headings, lists, links."""
    parts = []
    here = place.here()
    intro = [fill(rng, t, name=name, place=here, year=year) for t in rng.sample(INTRO, 3)]
    parts.append(" ".join(intro))
    parts.append("## " + rng.choice(HEADINGS[0]))
    items = rng.sample(HOW, rng.randint(3, 6))
    if rng.random() < 0.3:
        parts.append("\n".join(f"{i}. {fill(rng, t)}" for i, t in enumerate(items, 1)))
    else:
        parts.append("\n".join(f"- {fill(rng, t)}" for t in items))
    parts.append(" ".join(fill(rng, t) for t in rng.sample(FILLER, 3)))
    parts.append("## " + rng.choice(HEADINGS[1]))
    res = [fill(rng, t) for t in rng.sample(RESULTS, 3)]
    res[0] = "**" + res[0][:-1] + "**."
    parts.append(" ".join(res))
    if links:
        t, s = links[0][:2]
        parts.append(f"Cách làm này có nhiều điểm giống mô hình [{t}](/mo-hinh/{s}/), "
                     "nhưng được điều chỉnh cho phù hợp với điều kiện của địa phương.")
    parts.append("## " + rng.choice(HEADINGS[2]))
    parts.append(" ".join(rng.sample(LESSONS, 2)))
    count = sum(len(p.split()) for p in parts)
    extra, pool = [], []
    while count < words:
        if not pool:
            pool = rng.sample(FILLER + RESULTS + LESSONS, len(FILLER) + len(RESULTS) + len(LESSONS))
        s = fill(rng, pool.pop())
        extra.append(s)
        count += len(s.split())
        if len(extra) == 4:
            parts.insert(-2, " ".join(extra))
            extra = []
    if extra:
        parts.insert(-2, " ".join(extra))
    if len(links) > 1:
        t, s = links[1][:2]
        parts.append(f"Xem thêm: [{t}](/mo-hinh/{s}/) và [tin bài của {rng.choice(PUBLISHERS)}]"
                     f"(https://example.org/dan-van-kheo/{rng.randint(1000, 99999)}).")
    return "\n\n".join(parts) + "\n"


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


# --------------------------------------------------------------------------
# Entries


def make_model(rng, i, pre, post, done, used):
    field_key, field_name, spellings = rng.choice(FIELDS)
    year = rng.randint(*YEARS)
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    if year == 2026:
        month = min(month, LAST_DATE_2026)
    post_reform = (year, month, day) >= REFORM
    # 2025 entries always carry a date: the year alone does not tell the structure.
    style = rng.random()
    if year == 2025 and style < 0.5:
        style = 0.9
    if style < 0.5:
        dates = {"year": year}
    elif style < 0.85:
        dates = {"date": f"{year}-{month:02d}-{day:02d}"}
    else:
        dates = {"year": year, "date": f"{year}-{month:02d}" if rng.random() < 0.5
                 else f"{year}-{month:02d}-{day:02d}"}
    if post_reform:
        place = Place(rng.choice(post), 1 if rng.random() < 0.1 else 2)
    else:
        r = rng.random()
        place = Place(rng.choice(pre), 1 if r < 0.05 else 2 if r < 0.2 else 3)
    name = rng.choice(MODEL_NAMES[field_key])
    if rng.random() < 0.2:
        name += f" số {rng.randint(1, 9)}"
    here = place.here()
    org = rng.choice(ORGS)
    title = rng.choice([
        f"Mô hình “{name}” tại {here}",
        f"Mô hình “{name}” của {org} {here}",
        f"“{name}” – cách làm khéo ở {here}",
        f"{name} ở {here}",
    ])
    if rng.random() < 0.55:
        title = name  # the same name in many units
    # One title twice in one unit is one model written twice: kheo rejects it.
    unit = (tuple(place.levels), place.post if len(place.levels) > 1 else None)
    base, k = title, 2
    while (slugify(title), unit) in used:
        title = f"{base} ({k})"
        k += 1
    used.add((slugify(title), unit))
    slug = f"{slugify(name)[:40].strip('-')}-{slugify(place.levels[-1][1] or place.levels[-1][0])}-{i + 1}"
    links = [done[j] for j in sorted(rng.sample(range(len(done)), min(len(done), rng.randint(0, 2))))]
    words = rng.randint(300, 600)
    md = body(rng, name, place, year, links, words)
    summary = None
    if rng.random() < 0.6:
        summary = fill(rng, rng.choice([
            "{org} vận động {n} hộ dân cùng tham gia, góp hơn {m} triệu đồng.",
            "Cách làm gần dân, sát dân giúp giải quyết việc {problem}.",
            "Mô hình được nhân rộng ra {k} khu dân cư sau {k2} tháng thực hiện.",
        ]))
    orgs = sorted(set(f"{o} {here}" if rng.random() < 0.5 else o
                      for o in rng.sample(ORGS, rng.randint(1, 3))))
    people = [{"name": person(rng), "role": rng.choice(ROLES), "kind": rng.choice(PERSON_KINDS)}
              for _ in range(rng.choice([0, 0, 1, 2, 3]))]
    results = []
    for label, v in rng.sample(RESULT_LABELS, rng.randint(1, 4)):
        results.append({"label": label, "value": fill(rng, v)})
    status = rng.choice([None] * 6 + ["dang-thuc-hien", "nhan-rong", "tam-dung", "ket-thuc"])
    tags = rng.sample(TAGS, rng.randint(1, 3)) if rng.random() < 0.5 else []
    sources = []
    if rng.random() < 0.4:
        sources.append({"title": f"{name}: hiệu quả từ lòng dân", "publisher": rng.choice(PUBLISHERS),
                        "url": f"https://example.org/dan-van-kheo/{slug}",
                        "date": f"{year}-{rng.randint(1, month):02d}"})
    featured = rng.random() < 0.002
    private = rng.random() < 0.1

    # ---- kheo
    fm = ["---", f"title: {ys(title)}", f"locality: {place.kheo(rng)}",
          f"field: {ys(rng.choice(spellings))}"]
    if "year" in dates:
        fm.append(f"year: {dates['year']}")
    if "date" in dates:
        fm.append(f"date: {ys(dates['date'])}")
    if summary:
        fm.append(f"summary: {ys(summary)}")
    fm.append("organizations:")
    fm += [f"  - {ys(o)}" for o in orgs]
    if people:
        fm.append("people:")
        fm += [f"  - {{name: {ys(p['name'])}, role: {ys(p['role'])}, kind: {p['kind']}}}" for p in people]
    fm.append("results:")
    fm += [f"  - {{label: {ys(r['label'])}, value: {json.dumps(r['value'], ensure_ascii=False)}}}"
           for r in results]
    if status:
        fm.append(f"status: {status}")
    if tags:
        fm.append("tags: [" + ", ".join(ys(t) for t in tags) + "]")
    if sources:
        fm.append("sources:")
        for s in sources:
            fm.append(f"  - title: {ys(s['title'])}")
            fm.append(f"    publisher: {ys(s['publisher'])}")
            fm.append(f"    url: {s['url']}")
            fm.append(f"    date: {json.dumps(s['date'])}")
    if featured:
        fm.append("featured: true")
    if private:
        fm.append(f"private: {{ghi_chu: {ys('Liên hệ qua Ban Dân vận để bổ sung số liệu')}}}")
    fm.append("---")
    kheo_md = md
    for _, s, y in links:
        # A kheo model's URL goes through its unit, which kheo's registry
        # names: the link goes to the linked model's year instead.
        kheo_md = kheo_md.replace(f"(/mo-hinh/{s}/)", f"(/nam/{y}/)")
    kheo_text = "\n".join(fm) + "\n\n" + kheo_md

    # ---- Hugo: the same facts, as Hugo wants them
    date = dates.get("date") or f"{year}"
    full_date = (date + "-01-01")[:10] if len(date) == 4 else (date + "-01")[:10]
    terms = place.hugo_terms()
    hf = ["---", f"title: {ys(title)}", f"slug: {slug}", f"date: {full_date}"]
    if summary:
        hf.append(f"summary: {ys(summary)}")
    for tax in ("tinh", "huyen", "xa"):
        if tax in terms:
            hf.append(f"{tax}: [{ys(terms[tax])}]")
    hf.append(f"linh-vuc: [{ys(field_name)}]")
    hf.append(f"nam: [\"{year}\"]")
    hf.append(f"fieldname: {ys(field_name)}")
    hf.append(f"year: \"{year}\"")  # a string: GroupByParam ignores integers
    hf.append(f"locality: {ys(place.display())}")
    hf.append(f"status: {status or 'dang-thuc-hien'}")
    hf.append("organizations:")
    hf += [f"  - {ys(o)}" for o in orgs]
    if people:
        hf.append("people:")
        hf += [f"  - {{name: {ys(p['name'])}, role: {ys(p['role'])}, kind: {p['kind']}}}" for p in people]
    hf.append("results:")
    hf += [f"  - {{label: {ys(r['label'])}, value: {json.dumps(r['value'], ensure_ascii=False)}}}"
           for r in results]
    if tags:
        hf.append("keywords: [" + ", ".join(ys(t) for t in tags) + "]")
    if sources:
        hf.append("sources:")
        for s in sources:
            hf.append(f"  - title: {ys(s['title'])}")
            hf.append(f"    publisher: {ys(s['publisher'])}")
            hf.append(f"    url: {s['url']}")
            hf.append(f"    date: {json.dumps(s['date'])}")
    if featured:
        hf.append("featured: true")
    hf.append("---")
    hugo_text = "\n".join(hf) + "\n\n" + md

    folder = slugify(place.province[1] or place.province[0])
    return {
        "slug": slug, "title": title, "folder": folder, "kheo": kheo_text, "hugo": hugo_text,
        "ref": f"{folder}/{slug}.md",
        "place": place, "year": year,
    }


def make_award(rng, i, models):
    kind_key, kind_name = rng.choice(AWARD_KINDS)
    level_key, level_name = rng.choice(AWARD_LEVELS)
    chosen = rng.sample(models, rng.randint(1, 5))
    first = chosen[0]
    place = first["place"]
    period = None
    if rng.random() < 0.15:
        start = rng.choice([2009, 2010, 2015, 2020])
        end = min(start + rng.choice([5, 10]), 2024)
        period, year = (start, end), end
        date = None
    else:
        year = rng.randint(max(first["year"], 2010), 2026)
        date = f"{year}-{rng.randint(1, 10):02d}-{rng.randint(1, 28):02d}" if year == 2025 or rng.random() < 0.4 else None
    post_reform = date is not None and tuple(int(x) for x in date.split("-")) >= REFORM
    post_reform = post_reform or year >= 2026
    # The award's locality: the first model's province, and its district when
    # the award was given under the three-level structure; an award given
    # after the reform names the province in force then.
    levels = [place.province_2025 if post_reform else place.province]
    if not post_reform and not place.post and len(place.levels) >= 2 and level_key in ("co-so", "huyen"):
        levels.append(place.levels[1])
    unit = levels[-1][0]
    issuer = {"co-so": f"UBND {lower_first(place.levels[-1][0])}", "huyen": f"UBND {lower_first(unit)}",
              "tinh": f"UBND {unit}", "trung-uong": "Ban Dân vận Trung ương"}[level_key]
    when = f"giai đoạn {period[0]}–{period[1]}" if period else f"năm {year}"
    title = f"{kind_name} điển hình “Dân vận khéo” {lower_first(unit)} {when}"
    slug = f"{slugify(title)[:60].strip('-')}-{i + 1}"
    recipients = []
    for _ in range(rng.choice([0, 1, 2, 3, 4])):
        rk = rng.choice(RECIPIENT_KINDS)[0]
        name = (f"{rng.choice(ORGS)} {lower_first(place.levels[-1][0])}" if rk == "tap-the"
                else f"Gia đình ông {person(rng)}" if rk == "ho-gia-dinh" else person(rng))
        rec = {"name": name, "kind": rk, "unit": place.levels[-1][0]}
        if rng.random() < 0.5:
            rec["model"] = rng.choice(models)
        recipients.append(rec)
    totals = {"tap-the": rng.randint(1, 90), "ca-nhan": rng.randint(1, 120)} if rng.random() < 0.3 else None
    text = (f"{when[0].upper() + when[1:]}, {issuer} đã {lower_first(kind_name)} các tập thể, cá nhân "
            f"có thành tích tiêu biểu trong phong trào thi đua “Dân vận khéo”. "
            + " ".join(fill(rng, t) for t in rng.sample(FILLER, 4)) + "\n\n"
            + "Các mô hình được ghi nhận đều xuất phát từ nhu cầu thực tế của người dân, "
              "được nhân dân đồng tình hưởng ứng và mang lại hiệu quả rõ rệt.\n")
    kind_written = rng.choice([kind_key, kind_name])
    level_written = rng.choice([level_key, level_name])
    loc = " / ".join(full for full, _ in levels) if level_key != "trung-uong" else None
    awarded = sorted(set([m["slug"] for m in chosen] + [r["model"]["slug"] for r in recipients if "model" in r]))

    def common(fm, key):
        if recipients:
            fm.append("recipients:")
            for r in recipients:
                fm.append(f"  - name: {ys(r['name'])}")
                fm.append(f"    kind: {r['kind']}")
                fm.append(f"    unit: {ys(r['unit'])}")
                if "model" in r:
                    fm.append(f"    model: {r['model'][key]}")
        if totals:
            fm.append(f"totals: {{tap-the: {totals['tap-the']}, ca-nhan: {totals['ca-nhan']}}}")
        fm.append("models: [" + ", ".join(m[key] for m in chosen) + "]")

    fm = ["---", f"title: {ys(title)}", f"slug: {slug}", f"kind: {ys(kind_written)}",
          f"level: {ys(level_written)}", f"issuer: {ys(issuer)}"]
    if loc:
        fm.append(f"locality: {ys(loc)}")
    fm.append(f"period: \"{period[0]}–{period[1]}\"" if period else f"year: {year}")
    if date:
        fm.append(f"date: {ys(date)}")
    common(fm, "ref")
    fm.append("---")
    kheo_text = "\n".join(fm) + "\n\n" + text

    hf = ["---", f"title: {ys(title)}", f"slug: {slug}", f"date: {date or f'{year}-01-01'}",
          f"kind: {ys(kind_name)}", f"level: {ys(level_name)}", f"issuer: {ys(issuer)}",
          f"yearlabel: {ys(when)}", f"nam: [\"{year}\"]"]
    if loc:
        hf.append(f"locality: {ys(', '.join(full for full, _ in reversed(levels)))}")
        hf.append(f"tinh: [{ys(levels[0][1])}]")
        if len(levels) == 2:
            hf.append(f"huyen: [{ys(levels[1][1] + ', ' + levels[0][1])}]")
    hf.append("awardmodels: [" + ", ".join(awarded) + "]")
    common(hf, "slug")
    hf.append("---")
    hugo_text = "\n".join(hf) + "\n\n" + text
    return {"slug": slug, "kheo": kheo_text, "hugo": hugo_text}


# --------------------------------------------------------------------------
# Site scaffolding

KHEO_SITE = """\
# Benchmark site written by benches/gen.py (n={n}, seed={seed}).
title: "Dân vận khéo"
description: "Mô hình, điển hình “Dân vận khéo” khắp các địa phương (dữ liệu sinh tự động để đo hiệu năng)."
base_url: "https://dvk.example.org/"
language: vi
paginate: 50
# The site's defaults otherwise: the search index and the open data are
# built, as on a real site (Hugo builds neither).
"""

ABOUT = """\
Trang này giới thiệu phong trào thi đua “Dân vận khéo” do hệ thống dân vận của Đảng phát động từ năm 2009.

## Phong trào “Dân vận khéo” là gì?

Mỗi mô hình là một cách làm cụ thể ở một địa bàn cụ thể: một con đường hoa do dân góp tiền, một tổ tiết kiệm của hội viên nông dân, một hòm thư góp ý ở nhà văn hóa. Những mô hình hiệu quả được sơ kết, tuyên dương và nhân rộng.

## Trang web này có gì?

- **Mô hình**: câu chuyện, cách làm và kết quả của từng mô hình.
- **Khen thưởng**: các đợt tuyên dương, giấy khen, bằng khen.
- **Địa bàn, lĩnh vực, năm**: tra cứu theo nơi, theo lĩnh vực và theo thời gian.

Dữ liệu trên trang này được sinh tự động để đo hiệu năng; tên địa phương là thật, nội dung là hư cấu.
"""

from gen_hugo import HUGO_CONFIG, HUGO_CSS, HUGO_LAYOUTS

def generate(n, seed, out):
    rng = random.Random(seed)
    pre, post = load_localities()
    kroot, hroot = os.path.join(out, "kheo"), os.path.join(out, "hugo")

    write(os.path.join(kroot, "site.yaml"), KHEO_SITE.format(n=n, seed=seed))
    write(os.path.join(kroot, "content", "pages", "gioi-thieu.md"),
          "---\ntitle: Giới thiệu\n---\n\n" + ABOUT)
    write(os.path.join(hroot, "hugo.yaml"), HUGO_CONFIG.format(n=n, seed=seed))
    for name, text in HUGO_LAYOUTS.items():
        write(os.path.join(hroot, "layouts", name), text)
    write(os.path.join(hroot, "static", "css", "site.css"), HUGO_CSS)
    write(os.path.join(hroot, "content", "gioi-thieu.md"),
          "---\ntitle: Giới thiệu\nslug: gioi-thieu\n---\n\n" + ABOUT)
    write(os.path.join(hroot, "content", "mo-hinh", "_index.md"), "---\ntitle: Mô hình\n---\n")
    write(os.path.join(hroot, "content", "khen-thuong", "_index.md"), "---\ntitle: Khen thưởng\n---\n")

    models, done, used = [], [], set()
    for i in range(n):
        m = make_model(rng, i, pre, post, done, used)
        write(os.path.join(kroot, "content", "models", m["folder"], m["slug"] + ".md"), m["kheo"])
        write(os.path.join(hroot, "content", "mo-hinh", m["slug"] + ".md"), m["hugo"])
        done.append((m["title"], m["slug"], m["year"]))
        del m["kheo"], m["hugo"]
        models.append(m)
    for i in range(max(1, n // 20)):
        a = make_award(rng, i, models)
        write(os.path.join(kroot, "content", "awards", a["slug"] + ".md"), a["kheo"])
        write(os.path.join(hroot, "content", "khen-thuong", a["slug"] + ".md"), a["hugo"])
    return len(models), max(1, n // 20)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, required=True, help="number of models")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True, help="folder to write kheo/ and hugo/ into")
    ap.add_argument("--force", action="store_true", help="replace an existing <out>/kheo and <out>/hugo")
    a = ap.parse_args()
    if a.n < 1:
        ap.error("--n must be at least 1")
    for sub in ("kheo", "hugo"):
        p = os.path.join(a.out, sub)
        if os.path.exists(p):
            if not a.force:
                sys.exit(f"gen.py: {p} exists (use --force to replace it)")
            shutil.rmtree(p)
    models, awards = generate(a.n, a.seed, a.out)
    print(f"gen.py: {models} models, {awards} awards -> {a.out}/kheo, {a.out}/hugo", file=sys.stderr)


if __name__ == "__main__":
    main()
