"""Scores a MATCHES.csv (formats.md §3) against the truth file of `sohoa dedupe --generate --truth T.csv`:
F1 of the `match` decisions and recall@5 (the true person among the shown candidates).
Usage: score_matches.py MATCHES.csv T.csv [RECORDS.csv] — with the records file, also for the
records whose ho_ten is empty (names left illegible, `--nameless P`) and the named ones apart."""
import csv, sys
m, t = sys.argv[1], sys.argv[2]
truth = {r['ma_ban_ghi']: r['so_dinh_danh'] for r in csv.DictReader(open(t, encoding='utf-8-sig'))}
shown, match = {}, {}
for r in csv.DictReader(open(m, encoding='utf-8-sig')):
    if r['candidate_kind'] != 'person':
        continue
    shown.setdefault(r['record_ref'], []).append(r['candidate_id'])
    if r['decision'] == 'match':
        match[r['record_ref']] = r['candidate_id']
def figs(refs):
    tp = fp = fn = present = at5 = 0
    for ref in refs:
        want = truth.get(ref, '')
        got = match.get(ref)
        if want:
            present += 1
            at5 += want in shown.get(ref, [])
            if got == want: tp += 1
            elif got: fp += 1; fn += 1
            else: fn += 1
        elif got:
            fp += 1
    p = tp / max(tp + fp, 1); rc = tp / max(tp + fn, 1)
    f1 = 2 * p * rc / max(p + rc, 1e-12)
    return f"F1 {f1:.4f}  recall@5 {at5 / max(present, 1):.4f} ({at5} of {present})  matches {tp + fp}"
print("all records:      ", figs(truth))
if len(sys.argv) > 3:
    blank = {r['ma_ban_ghi'] for r in csv.DictReader(open(sys.argv[3], encoding='utf-8-sig')) if not r['ho_ten'].strip()}
    print(f"named ({len(truth) - len(blank)}):  ", figs([r for r in truth if r not in blank]))
    print(f"without a name ({len(blank)}):", figs([r for r in truth if r in blank]))
