#!/usr/bin/env python3
"""Crash harness (issue 13 §6): kills `sohoa` with SIGKILL at random points of keying, spreadsheet
import, extract import, batch export and `sohoa demo`, then checks what survived.

After every kill:
  * the workspace signs in (PRAGMA quick_check at open), `PRAGMA integrity_check` is ok, the audit
    chain verifies, no temporary file (.sohoa-tmp-*) is left in the workspace or its export folders
    (they are cleaned at sign-in), `PRAGMA foreign_key_check` finds nothing, and `progress_day`
    adds up to the entries there are, per book and status;
  * keying: every save the process acknowledged (`ack` printed after the commit) is in the history;
  * spreadsheet import / extract import: applied whole or not at all (entry / person counts are
    either the before or the after of an uninterrupted run);
  * batch export: every package under its final name verifies;
  * demo: the folder is absent, or it signs in and checks whole (never a half-made workspace).

  python3 tools/crash/harness.py --kills 100                  # CI: small fixtures, ≤ 3 min
  python3 tools/crash/harness.py --kills 2000 --export        # longer run, batch export included

Exit status 0 only when there is no loss and no violation. Figures are printed at the end.
"""
import argparse, json, os, random, shutil, signal, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PW = "mat-khau-kiem-thu-sap"
PASS = "mat-khau-goi-kiem-thu"


def env():
    e = dict(os.environ)
    e.update(SOHOA_PASSWORD=PW, SOHOA_NEW_PASSWORD=PW, SOHOA_USER="canbo", SOHOA_BATCH_PASSPHRASE=PASS)
    return e


def run(bin_, args, **kw):
    return subprocess.run([bin_] + args, env=env(), capture_output=True, text=True, **kw)


def must(bin_, args):
    r = run(bin_, args)
    if r.returncode != 0:
        sys.exit(f"setup failed: sohoa {' '.join(args)}\n{r.stdout}\n{r.stderr}")
    return r


def import_csv(path, rows=200):
    with open(path, "w", encoding="utf-8") as f:
        f.write("Mã bản ghi,Số,Quyển số,Ngày đăng ký,Họ và tên,Giới tính,Ngày sinh,Nơi sinh,Họ tên mẹ,Ghi chú\n")
        for i in range(1, rows + 1):
            d = i % 28 + 1
            f.write(f"KS-1995-{i:04d},{i},01/1995,{d:02d}/03/1995,Nguyễn Văn An {i},Nam,{d:02d}/02/1995,xã Yên Lạc,Lê Thị Bình,dòng {i}\n")


def check(bin_, ws, acks=None):
    args = ["crash-probe", "check", "-w", ws]
    if acks:
        args += ["--acks", acks]
    r = run(bin_, args)
    try:
        return r.returncode, json.loads(r.stdout.strip().splitlines()[-1])
    except Exception:
        return r.returncode or 99, {"error": (r.stdout + r.stderr).strip()[-400:]}


def killed(bin_, args, delay, stdout_path=None):
    out = open(stdout_path, "w") if stdout_path else subprocess.DEVNULL
    p = subprocess.Popen([bin_] + args, env=env(), stdout=out, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    was_running = p.poll() is None
    if was_running:
        p.send_signal(signal.SIGKILL)
    p.wait()
    if stdout_path:
        out.close()
    return was_running


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kills", type=int, default=100)
    ap.add_argument("--seed", type=int, default=int(time.time()))
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "debug", "sohoa"))
    ap.add_argument("--export", action="store_true", help="include batch export (needs a small demo: slower set-up)")
    ap.add_argument("--demo-kills", type=int, default=3, help="kills of `sohoa demo` among --kills")
    ap.add_argument("--keep", action="store_true")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    tmp = tempfile.mkdtemp(prefix="sohoa-crash-")
    t0 = time.time()
    b = a.bin
    # Fixtures: a workspace with one imported book of 200 entries (editable), an import CSV, an extract CSV.
    base = os.path.join(tmp, "base")
    must(b, ["workspace", "create", "--out", base, "--commune-code", "05602", "--commune-name", "Xã Phú Đình", "--username", "canbo",
             "--display-name", "Cán bộ thử", "--insecure-fast-kdf"])
    csv = os.path.join(tmp, "import.csv")
    import_csv(csv)
    must(b, ["import", "-w", base, "--book-type", "KS", "--file", csv])
    ext = os.path.join(tmp, "extract.csv")
    must(b, ["crash-probe", "extract-fixture", "--out", ext, "--rows", "300"])
    rc, before = check(b, base)
    # Uninterrupted runs: the "after" of each all-or-nothing operation and how long it takes.
    timing = {}
    w = os.path.join(tmp, "probe")
    for name, args in [("import", ["import", "-w", w, "--book-type", "KS", "--file", csv]),
                       ("extract", ["crash-probe", "extract", "-w", w, "--csv", ext])]:
        shutil.rmtree(w, ignore_errors=True)
        shutil.copytree(base, w)
        s = time.time()
        must(b, args)
        timing[name] = time.time() - s
        timing[name + "_after"] = check(b, w)[1]
    demo_base = None
    if a.export:
        demo_base = os.path.join(tmp, "demo-base")
        must(b, ["demo", "--out", demo_base, "--no-images", "--insecure-fast-kdf", "--entries", "150", "--extract-rows", "300"])
    scenarios = ["keying", "import", "extract"] + (["export"] if a.export else [])
    plan = ["demo"] * min(a.demo_kills, a.kills) + [rng.choice(scenarios) for _ in range(a.kills - min(a.demo_kills, a.kills))]
    rng.shuffle(plan)
    stats = {s: {"kills": 0, "killed_mid_run": 0, "violations": 0} for s in scenarios + ["demo"]}
    acked_total = 0
    losses = 0
    problems = []
    for i, sc in enumerate(plan):
        w = os.path.join(tmp, f"w{i}")
        st = stats[sc]
        st["kills"] += 1
        ok = True
        detail = ""
        if sc == "demo":
            out = os.path.join(tmp, f"demo{i}")
            st["killed_mid_run"] += killed(b, ["demo", "--out", out, "--no-images", "--insecure-fast-kdf", "--entries", "60",
                                                "--extract-rows", "100"], rng.uniform(0.05, 6.0))
            if os.path.exists(out) and os.listdir(out):
                # Under its final name only when whole: it signs in, checks, and holds the
                # extract (loaded near the end), not just the first books.
                rc, res = check(b, out)
                ok = rc == 0 and res.get("extractPersons") == 100 and res.get("books", 0) > 0
                detail = json.dumps(res)
            shutil.rmtree(out, ignore_errors=True)
        else:
            src = demo_base if sc == "export" else base
            shutil.copytree(src, w)
            if sc == "keying":
                acks = os.path.join(tmp, f"acks{i}.txt")
                st["killed_mid_run"] += killed(b, ["crash-probe", "keying", "-w", w, "--tag", f"r{i}"], rng.uniform(0.05, 1.5), acks)
                rc, res = check(b, w, acks)
                acked_total += res.get("acksChecked", 0)
                losses += res.get("acksMissing", 0)
                ok = rc == 0 and res.get("acksMissing", 1) == 0
            elif sc in ("import", "extract"):
                args = (["import", "-w", w, "--book-type", "KS", "--file", csv] if sc == "import"
                        else ["crash-probe", "extract", "-w", w, "--csv", ext])
                st["killed_mid_run"] += killed(b, args, rng.uniform(0.0, timing[sc] * 1.2))
                rc, res = check(b, w)
                after = timing[sc + "_after"]
                keys = ["entries", "books"] if sc == "import" else ["extractPersons", "extractImports"]
                whole = all(res.get(k) == before[k] for k in keys) or all(res.get(k) == after[k] for k in keys)
                ok = rc == 0 and whole
            else:  # export
                tdir = w + "-chuyen-giao"
                os.makedirs(tdir, exist_ok=True)
                st["killed_mid_run"] += killed(b, ["batch", "export", "-w", w, "--out", tdir, "--passphrase"], rng.uniform(0.0, 2.5))
                rc, res = check(b, w)
                ok = rc == 0
                for f in os.listdir(tdir):
                    if f.endswith(".sohoa") and not f.startswith("."):
                        v = run(b, ["batch", "verify", os.path.join(tdir, f)])
                        if v.returncode != 0:
                            ok = False
                            res["badPackage"] = f
                shutil.rmtree(tdir, ignore_errors=True)
            detail = json.dumps(res)
            shutil.rmtree(w, ignore_errors=True)
        if not ok:
            st["violations"] += 1
            problems.append(f"kill {i} ({sc}): {detail}")
    # Leftover staging folders of killed demos are hidden temporary folders, never final names;
    # the next atomic write or demo in that folder removes them.
    elapsed = time.time() - t0
    violations = sum(s["violations"] for s in stats.values())
    print(f"crash harness: seed {a.seed}, {len(plan)} kills in {elapsed:.0f} s")
    for sc, s in stats.items():
        if s["kills"]:
            print(f"  {sc:8} kills {s['kills']:5}  killed mid-run {s['killed_mid_run']:5}  violations {s['violations']}")
    print(f"  acknowledged saves checked {acked_total}, lost {losses}; violations {violations}")
    for p in problems[:20]:
        print("  " + p)
    if not a.keep:
        shutil.rmtree(tmp, ignore_errors=True)
    else:
        print(f"  kept {tmp}")
    sys.exit(0 if violations == 0 and losses == 0 else 1)


if __name__ == "__main__":
    main()
