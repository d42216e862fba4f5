#!/usr/bin/env python3
"""Checks an upload export folder with readers independent of the app (Python's zipfile and XML
parser): for every <stem>.xlsx, the number of data rows and their `so` column; for the matching
<stem>.zip, the PDFs in it. Every row must have its PDF `<stem>.<so>.pdf` and vice versa.
Usage: tools/check-upload.py DIR   (exit 1 on a mismatch)"""
import re, sys, zipfile, pathlib
import xml.etree.ElementTree as ET

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}

def sheet_rows(path):
    with zipfile.ZipFile(path) as z:
        shared = []
        if "xl/sharedStrings.xml" in z.namelist():
            for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", NS):
                shared.append("".join(t.text or "" for t in si.iter("{%s}t" % NS["m"])))
        root = ET.fromstring(z.read("xl/worksheets/sheet1.xml"))
        rows = []
        for r in root.iter("{%s}row" % NS["m"]):
            cells = {}
            for c in r.findall("m:c", NS):
                col = re.match(r"[A-Z]+", c.get("r")).group(0)
                v = c.find("m:v", NS)
                isv = c.find("m:is/m:t", NS)
                if c.get("t") == "s" and v is not None:
                    cells[col] = shared[int(v.text)]
                elif isv is not None:
                    cells[col] = isv.text or ""
                elif v is not None:
                    cells[col] = v.text
            rows.append(cells)
        return rows

def safe(s):
    t = "".join(c if (c.isalnum() or c in "-_") else ("_" if c.isspace() else "-") for c in s.strip()).strip("-")
    return t or "0"

def main(d):
    d = pathlib.Path(d)
    bad = 0
    total_rows = total_pdfs = 0
    for x in sorted(d.glob("*.xlsx")):
        rows = sheet_rows(x)
        header, data = rows[0], rows[1:]
        so_col = next(k for k, v in header.items() if v == "so")
        with zipfile.ZipFile(x.with_suffix(".zip")) as z:
            pdfs = {n for n in z.namelist() if n.endswith(".pdf")}
        stem = x.stem
        want = set()
        for r in data:
            name = f"{stem}.{safe(r.get(so_col, '') or '0')}.pdf"
            k = 2
            while name in want:
                name = f"{stem}.{safe(r.get(so_col, ''))}_{k}.pdf"; k += 1
            want.add(name)
        missing, extra = want - pdfs, pdfs - want
        ok = not missing and not extra and len(data) == len(pdfs)
        bad += not ok
        total_rows += len(data); total_pdfs += len(pdfs)
        print(f"{x.name}: {len(data)} rows, {len(pdfs)} PDFs{'' if ok else f' MISMATCH missing={sorted(missing)[:5]} extra={sorted(extra)[:5]}'}")
    print(f"total: {total_rows} rows, {total_pdfs} PDFs, {bad} files with a mismatch")
    return 1 if bad else 0

if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
