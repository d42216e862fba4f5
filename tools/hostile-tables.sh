#!/usr/bin/env bash
# Hostile tables through the CLI (issue 13 §3): writes the files into DIR (default a temporary
# folder) and prints, for each, the time, the peak memory (/usr/bin/time -v) and the message.
# Usage: tools/hostile-tables.sh [SOHOA_BINARY] [DIR]
set -euo pipefail
BIN=${1:-target/debug/sohoa}
DIR=${2:-$(mktemp -d)}
mkdir -p "$DIR"
python3 - "$DIR" <<'PY'
import sys, zipfile, os
d = sys.argv[1]
CT = b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
RELS = b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
WB = b'<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
WBR = b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
HEAD = b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
def xlsx(name, chunks):
    with zipfile.ZipFile(os.path.join(d, name), 'w', zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for n, b in [('[Content_Types].xml', CT), ('_rels/.rels', RELS), ('xl/workbook.xml', WB), ('xl/_rels/workbook.xml.rels', WBR)]:
            z.writestr(n, b)
        with z.open('xl/worksheets/sheet1.xml', 'w', force_zip64=True) as f:
            for c in chunks:
                f.write(c)
xlsx('xfd.xlsx', [HEAD, b'<dimension ref="A1:XFD1048576"/><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>ho_ten</t></is></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>'])
def bomb():
    yield HEAD + b'<dimension ref="A1"/><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>ho_ten</t></is></c></row>'
    for _ in range(1536):
        yield b' ' * (1 << 20)
    yield b'</sheetData></worksheet>'
xlsx('bomb.xlsx', bomb())
def rows():
    yield HEAD + b'<sheetData>'
    for i in range(1, 3_000_001, 10_000):
        yield b''.join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (j, j) for j in range(i, i + 10_000))
    yield b'</sheetData></worksheet>'
xlsx('rows3m.xlsx', rows())
with open(os.path.join(d, 'row25m.csv'), 'wb') as f:
    f.write(b'ho_ten,ngay_sinh\n' + b',' * 25_000_000 + b'\n')
with open(os.path.join(d, 'cols200k.csv'), 'wb') as f:
    f.write(b','.join(b'c%d' % i for i in range(200_000)) + b'\n' + b','.join(b'1' for _ in range(200_000)) + b'\n')
PY
# The XLS is built by the core's test (a BIFF8 workbook of 20 sheets spanning their whole grid).
SOHOA_WRITE_HOSTILE_XLS="$DIR/grid20.xls" cargo test -q -p sohoa-core --test tabular_reader xls_whose >/dev/null
# `import` checks the file before it opens the workspace, so no workspace is needed.
for f in xfd.xlsx bomb.xlsx row25m.csv cols200k.csv rows3m.xlsx grid20.xls; do
  size=$(stat -c %s "$DIR/$f")
  out=$(SOHOA_PASSWORD=x /usr/bin/time -v "$BIN" import --workspace "$DIR/none" --user x --book-type KS --file "$DIR/$f" --dry-run 2>&1 || true)
  secs=$(grep 'Elapsed (wall clock)' <<<"$out" | awk '{print $NF}')
  rss=$(grep 'Maximum resident set size' <<<"$out" | awk '{print $NF}')
  msg=$(grep -m1 '^Lỗi' <<<"$out" || true)
  printf '%-14s %10s B  %8s  %7s KB  %s\n' "$f" "$size" "$secs" "$rss" "$msg"
done
