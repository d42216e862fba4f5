#!/usr/bin/env python3
"""Splink (DuckDB backend) against the sohoa engine on the same labelled synthetic data, in one run.

1. `cargo run --release -p sohoa-linkage --example linkage_bench -- --dump DIR` generates the
   150,000 × 20,000 synthetic set, runs the sohoa engine on it (timed inside the binary) and
   writes extract.csv, records.csv, truth.csv and MATCHES.csv in sohoa's formats.
2. Splink reads the same CSVs. It gets a fair, general-purpose preparation (NFC, lower case,
   diacritics folded to ASCII, name split into surname / given / middle, ISO dates), Splink's
   stock comparisons (NameComparison, DateOfBirthComparison, JaroWinkler, ExactMatch, term
   frequencies on names), u by random sampling, m by EM on two blocking rules, prediction with
   five blocking rules; then the same decision rule as sohoa (per keyed entry: the best
   candidate is a `match` if its probability ≥ 0.9, at most five candidates with probability
   ≥ 0.01 are shown).
3. Both are scored against truth.csv the same way.

    /tmp/linkvenv/bin/python tools/linkage/splink_compare.py [--extract 150000 --records 20000]
"""
import argparse
import json
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parents[2]


def fold(s):
    if not isinstance(s, str):
        return None
    s = unicodedata.normalize("NFD", unicodedata.normalize("NFC", s).lower())
    s = "".join(c for c in s if not unicodedata.combining(c)).replace("đ", "d")
    s = " ".join(s.split())
    return s or None


def iso(d):
    if not isinstance(d, str):
        return None, None
    p = d.split("/")
    if len(p) == 3:
        return f"{int(p[2]):04d}-{int(p[1]):02d}-{int(p[0]):02d}", p[2]
    return None, p[-1]


def prepare(df, id_col, place_cols):
    out = pd.DataFrame()
    out["unique_id"] = df[id_col].astype(str)
    name = df["ho_ten"].map(fold)
    out["full_name"] = name
    out["surname"] = name.map(lambda n: n.split()[0] if n and len(n.split()) > 1 else None)
    out["given"] = name.map(lambda n: n.split()[-1] if n else None)
    out["middle"] = name.map(lambda n: " ".join(n.split()[1:-1]) or None if n else None)
    dates = df["ngay_sinh"].map(iso)
    out["dob"] = dates.map(lambda t: t[0])
    out["birth_year"] = dates.map(lambda t: t[1])
    out["sex"] = df["gioi_tinh"].map(fold)
    out["father"] = df["ho_ten_cha"].map(fold)
    out["mother"] = df["ho_ten_me"].map(fold)
    out["place"] = df[place_cols].fillna("").agg(" ".join, axis=1).map(fold)
    return out


def evaluate(cands, truth):
    """cands: DataFrame record_ref, candidate_id, score, decision ('match'/'possible'), rank."""
    t = truth.set_index("ma_ban_ghi")["so_dinh_danh"].fillna("").to_dict()
    matched = cands[cands.decision == "match"].set_index("record_ref")["candidate_id"].to_dict()
    shown = cands.groupby("record_ref")["candidate_id"].apply(set).to_dict()
    tp = fp = fn = present = at5 = absent = absent_fm = 0
    for ref, true_id in t.items():
        m = matched.get(ref)
        if true_id:
            present += 1
            at5 += true_id in shown.get(ref, set())
            if m == true_id:
                tp += 1
            elif m is not None:
                fp += 1
                fn += 1
            else:
                fn += 1
        else:
            absent += 1
            if m is not None:
                absent_fm += 1
                fp += 1
    p = tp / max(tp + fp, 1)
    r = tp / max(tp + fn, 1)
    return dict(f1=2 * p * r / max(p + r, 1e-12), precision=p, recall=r, recall_at_5=at5 / max(present, 1),
                false_match_absent=absent_fm / max(absent, 1))


def run_splink(d, threads):
    import duckdb
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    ext = pd.read_csv(d / "extract.csv", dtype=str, keep_default_na=False, na_values=[""])
    rec = pd.read_csv(d / "records.csv", dtype=str, keep_default_na=False, na_values=[""])
    t0 = time.time()
    left = prepare(ext, "so_dinh_danh", ["noi_dang_ky_khai_sinh", "que_quan"])
    right = prepare(rec, "ma_ban_ghi", ["noi_dang_ky", "noi_sinh", "que_quan"])
    con = duckdb.connect()
    con.execute(f"SET threads TO {threads}")
    db_api = DuckDBAPI(connection=con)
    settings = SettingsCreator(
        link_type="link_only",
        comparisons=[
            cl.NameComparison("given").configure(term_frequency_adjustments=True),
            cl.NameComparison("surname").configure(term_frequency_adjustments=True),
            cl.JaroWinklerAtThresholds("middle", [0.9]),
            cl.DateOfBirthComparison("dob", input_is_string=True),
            cl.ExactMatch("sex"),
            cl.JaroWinklerAtThresholds("father", [0.95, 0.88]),
            cl.JaroWinklerAtThresholds("mother", [0.95, 0.88]),
            cl.JaccardAtThresholds("place", [0.5]),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("given", "birth_year"),
            block_on("dob"),
            block_on("mother", "birth_year"),
            block_on("father", "birth_year"),
            block_on("surname", "given"),
        ],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )
    dl = db_api.register(left, table_name="extract")
    dr = db_api.register(right, table_name="records")
    linker = Linker([dl, dr], settings, log_level=40)
    linker.training.estimate_probability_two_random_records_match([block_on("full_name", "dob")], recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("full_name"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    pred = linker.inference.predict(threshold_match_probability=0.01).as_pandas_dataframe()
    secs = time.time() - t0
    # orient pairs: record on the right, extract row on the left
    if (pred["source_dataset_l"] == "records").any():
        flip = pred["source_dataset_l"] == "records"
        for a, b in [("unique_id_l", "unique_id_r")]:
            pred.loc[flip, [a, b]] = pred.loc[flip, [b, a]].values
    pred = pred.rename(columns={"unique_id_r": "record_ref", "unique_id_l": "candidate_id", "match_probability": "p"})
    pred = pred.sort_values(["record_ref", "p"], ascending=[True, False])
    pred["rank"] = pred.groupby("record_ref").cumcount() + 1
    pred = pred[pred["rank"] <= 5].copy()
    pred["decision"] = ["match" if (rk == 1 and p >= 0.9) else "possible" for rk, p in zip(pred["rank"], pred["p"])]
    return pred[["record_ref", "candidate_id", "p", "decision", "rank"]], secs, len(pred)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--extract", type=int, default=150000)
    ap.add_argument("--records", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--workdir")
    a = ap.parse_args()
    d = Path(a.workdir) if a.workdir else Path(tempfile.mkdtemp(prefix="splink_cmp_"))
    d.mkdir(parents=True, exist_ok=True)
    cmd = ["cargo", "run", "--quiet", "--release", "-p", "sohoa-linkage", "--example", "linkage_bench", "--",
           "--extract", str(a.extract), "--records", str(a.records), "--seed", str(a.seed), "--query-rows", "0",
           "--dump", str(d), "--json", str(d / "sohoa.json")]
    subprocess.run(cmd, cwd=REPO, check=True, stdout=subprocess.DEVNULL)
    ours = json.loads((d / "sohoa.json").read_text())
    truth = pd.read_csv(d / "truth.csv", dtype=str, keep_default_na=False)
    m = pd.read_csv(d / "MATCHES.csv", dtype=str)
    m = m[m.candidate_kind == "person"]
    sohoa = evaluate(m, truth)
    sp, secs, n = run_splink(d, a.threads)
    splink = evaluate(sp, truth)
    import splink as splink_mod
    print(f"Same synthetic data ({a.extract} extract rows × {a.records} keyed entries, seed {a.seed}), {a.threads} threads — {d}")
    print(f"{'':<22}{'sohoa':>10}{'splink ' + splink_mod.__version__:>16}")
    for k in ["f1", "precision", "recall", "recall_at_5", "false_match_absent"]:
        print(f"{k:<22}{sohoa[k]:>10.4f}{splink[k]:>16.4f}")
    print(f"{'wall time (s)':<22}{ours['wall_s']:>10.2f}{secs:>16.2f}")
    print("sohoa time: link run inside the binary (prepare, train, score, records×records); "
          "splink time: preparation in pandas + training + predict (CSV reading excluded for both)")


if __name__ == "__main__":
    sys.exit(main())
