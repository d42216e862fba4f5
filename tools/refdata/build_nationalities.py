#!/usr/bin/env python3
"""Regenerate crates/refdata/data/nationalities.csv.

Input: npm ``i18n-iso-countries@7.14.0`` (MIT, (c) 2016 widdix GmbH), files
``langs/vi.json`` (Vietnamese country names) and ``langs/en.json`` (English),
keyed by ISO 3166-1 alpha-2. The tarball is fetched with ``npm pack`` into
tools/refdata/.cache and checked against the SHA-256 below.

On top of it this script applies, by hand and documented here:
* OVERRIDES: the Vietnamese name used as primary label where official
  Vietnamese usage (civil-status forms, MoFA) differs from the package's
  translation (e.g. "Hoa Kỳ", "Lào", "Đài Loan (Trung Quốc)", "Malaysia");
* ALIASES: extra spellings accepted by `nationality_by_name`: the
  hyphenated phonetic transliterations used by the MoJ template
  ("Ác-hen-ti-na", "Xin-ga-po", ...), older exonyms ("Miến Điện", "Mỹ");
* SPECIAL: the template's non-country values ("Không có thông tin",
  "Không quốc tịch") with an empty code.
Kosovo (XK, not an ISO-assigned code) is dropped.

Output columns: code,name,name_en,aliases   (aliases separated by "|")

    python3 tools/refdata/build_nationalities.py [--check]
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import subprocess
import sys
import tarfile
import unicodedata
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE.parent.parent / "crates" / "refdata" / "data"
CACHE = HERE / ".cache"
PKG = ("i18n-iso-countries", "7.14.0", "i18n-iso-countries-7.14.0.tgz",
       "bb418ebfb965789fcfbcce7dee59888d901ef64b03601da78b2e224cd6f5825c")
VERSION = "i18n-iso-countries-7.14.0.1"
DROP = {"XK"}

OVERRIDES = {
    "AE": "Các Tiểu vương quốc Ả Rập Thống nhất",
    "AT": "Áo",
    "BN": "Brunei",
    "CI": "Côte d'Ivoire",
    "CZ": "Séc",
    "GB": "Anh",
    "HK": "Hồng Kông (Trung Quốc)",
    "IR": "Iran",
    "LA": "Lào",
    "MA": "Ma-rốc",
    "MD": "Moldova",
    "MO": "Ma Cao (Trung Quốc)",
    "MY": "Malaysia",
    "PS": "Palestine",
    "RO": "Romania",
    "SA": "Ả Rập Xê Út",
    "SY": "Syria",
    "TL": "Đông Timor",
    "TW": "Đài Loan (Trung Quốc)",
    "TZ": "Tanzania",
    "US": "Hoa Kỳ",
    "VA": "Tòa Thánh Vatican",
}

ALIASES = {
    "AE": ["A-rập thống nhất", "UAE"],
    "AF": ["Áp-ga-ni-xtan", "Áp-ganitxtan"],
    "AM": ["Ác-mê-ni-a"],
    "AR": ["Ác-hen-ti-na"],
    "AU": ["Ô-xtơ-rây-li-a", "Australia"],
    "AZ": ["A-déc-bai-gian"],
    "BD": ["Băng-la-đét"],
    "BG": ["Bun-ga-ri"],
    "BN": ["Bru-nây"],
    "BR": ["Bra-xin"],
    "BY": ["Bê-la-rút"],
    "CA": ["Ca-na-đa"],
    "CH": ["Thụy Sỹ"],
    "CI": ["Bờ Biển Ngà", "Cốt-đi-voa"],
    "CL": ["Chi-lê"],
    "CN": ["Cộng hòa Nhân dân Trung Hoa", "Trung Hoa"],
    "CO": ["Cô-lôm-bi-a"],
    "CU": ["Cu-ba"],
    "CZ": ["Cộng hòa Séc", "Tiệp Khắc"],
    "DE": ["Cộng hòa Liên bang Đức", "CHLB Đức"],
    "DZ": ["An-giê-ri"],
    "EE": ["E-xtô-ni-a"],
    "GB": ["Vương quốc Anh", "Liên hiệp Vương quốc Anh và Bắc Ai-len"],
    "GE": ["Gru-di-a"],
    "HK": ["Hồng Kông", "Hương Cảng"],
    "HU": ["Hung-ga-ri"],
    "ID": ["In-đô-nê-xi-a"],
    "IE": ["Ai-len"],
    "IL": ["I-xra-en"],
    "IQ": ["I-rắc"],
    "IS": ["Ai-xơ-len"],
    "IT": ["Italia", "I-ta-li-a"],
    "KP": ["Cộng hòa Dân chủ Nhân dân Triều Tiên", "Bắc Triều Tiên"],
    "KR": ["Đại Hàn", "Đại Hàn Dân Quốc", "Nam Triều Tiên"],
    "KW": ["Kuwait"],
    "KZ": ["Ca-dắc-xtan"],
    "LA": ["Lào (Laotian)"],
    "LK": ["Xri Lan-ca"],
    "LT": ["Lít-va"],
    "LV": ["Lát-vi-a"],
    "MA": ["Maroc", "Morocco"],
    "MM": ["Mi-an-ma", "Miến Điện"],
    "MO": ["Ma Cao", "Macau"],
    "MX": ["Mê-hi-cô"],
    "MY": ["Ma-lai-xi-a"],
    "NG": ["Ni-giê-ri-a"],
    "NP": ["Nê-pan"],
    "NZ": ["Niu Di-lân"],
    "PE": ["Pê-ru"],
    "PH": ["Phi-líp-pin"],
    "PK": ["Pa-ki-xtan"],
    "PS": ["Pa-le-xtin"],
    "QA": ["Ca-ta"],
    "RO": ["Ru-ma-ni"],
    "RU": ["Nga", "Liên Xô"],
    "SA": ["A-rập Xê-út", "Saudi Arabia"],
    "SG": ["Xin-ga-po"],
    "SK": ["Xlô-va-ki-a"],
    "SY": ["Xy-ri"],
    "TL": ["Ti-mo Lét-xtê"],
    "TW": ["Đài Loan"],
    "UA": ["U-crai-na"],
    "US": ["Mỹ", "Hợp chủng quốc Hoa Kỳ", "Hoa Kì"],
    "UZ": ["U-dơ-bê-ki-xtan"],
    "VE": ["Vê-nê-xu-ê-la"],
}

EN_OVERRIDES = {"CN": "China", "IR": "Iran", "TW": "Taiwan", "US": "United States"}

SPECIAL = [("", "Không có thông tin", "No information", []),
           ("", "Không quốc tịch", "Stateless", ["Người không quốc tịch"])]


def fold(s: str) -> str:
    s = unicodedata.normalize("NFD", s)
    s = "".join(ch for ch in s if unicodedata.category(ch) != "Mn")
    s = s.replace("đ", "d").replace("Đ", "D").lower()
    return re.sub(r"[^a-z0-9]", "", s)


def fetch() -> Path:
    name, version, fname, digest = PKG
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / fname
    if not path.exists():
        subprocess.run(["npm", "pack", f"{name}@{version}", "--pack-destination", str(CACHE)],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if hashlib.sha256(path.read_bytes()).hexdigest() != digest:
        sys.exit(f"sha256 mismatch for {fname}")
    return path


def as_list(v) -> list[str]:
    return v if isinstance(v, list) else [v]


def build() -> bytes:
    with tarfile.open(fetch()) as tf:
        vi = json.load(tf.extractfile("package/langs/vi.json"))["countries"]
        en = json.load(tf.extractfile("package/langs/en.json"))["countries"]
    rows = []
    for code in sorted(vi):
        if code in DROP:
            continue
        vi_names = [unicodedata.normalize("NFC", n) for n in as_list(vi[code])]
        en_names = as_list(en[code])
        name = OVERRIDES.get(code, vi_names[0])
        # English names and the package's Vietnamese names go into the alias list
        # too, so that "Vietnam", "Korea, Republic of", "Rumani" all resolve.
        aliases, seen = [], {fold(name)}
        for a in ALIASES.get(code, []) + vi_names + en_names:
            if fold(a) not in seen:
                seen.add(fold(a))
                aliases.append(a)
        rows.append((code, name, EN_OVERRIDES.get(code, en_names[0]), aliases))
    assert not set(OVERRIDES) - set(vi) and not set(ALIASES) - set(vi)
    # an alias shared by two countries ("Congo") is dropped from both
    count: dict[str, set] = {}
    for code, name, _, aliases in rows:
        for a in [name] + aliases:
            count.setdefault(fold(a), set()).add(code)
    rows = [(c, n, e, [a for a in al if len(count[fold(a)]) == 1]) for c, n, e, al in rows]
    vn = [r for r in rows if r[0] == "VN"]
    rest = sorted((r for r in rows if r[0] != "VN"), key=lambda r: (fold(r[1]), r[0]))
    # no folded name/alias may point at two countries
    owner: dict[str, str] = {}
    for code, name, name_en, aliases in rows + [(c or n, n, e, a) for c, n, e, a in SPECIAL]:
        for n in [name] + aliases:
            k = fold(n)
            if owner.setdefault(k, code) != code:
                sys.exit(f"ambiguous nationality name {n!r}: {owner[k]} / {code}")
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["code", "name", "name_en", "aliases"])
    for code, name, name_en, aliases in vn + SPECIAL + rest:
        w.writerow([code, name, name_en, "|".join(aliases)])
    return buf.getvalue().encode("utf-8")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    data = build()
    out = DATA / "nationalities.csv"
    if args.check:
        if out.read_bytes() != data:
            sys.exit("nationalities.csv is out of date")
        print("nationalities.csv is up to date")
        return
    out.write_bytes(data)
    manifest_path = DATA / "manifest.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    manifest["nationalities.csv"] = {
        "version": VERSION,
        "rows": data.count(b"\n") - 1,
        "sha256": hashlib.sha256(data).hexdigest(),
        "source": "npm i18n-iso-countries 7.14.0 (MIT) langs/vi.json + en.json, with documented overrides",
        "generator": "tools/refdata/build_nationalities.py",
    }
    manifest_path.write_text(json.dumps(dict(sorted(manifest.items())), ensure_ascii=False, indent=2) + "\n")
    print("nationalities.csv:", data.count(b"\n") - 1, "rows")


if __name__ == "__main__":
    main()
