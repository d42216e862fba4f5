import { describe, expect, it } from 'vitest';
import type { ImportReport } from '../../lib/api/types-import';
import { csvSafe, rejectedCsv } from './csv';

describe('the rejected-rows CSV', () => {
  it('neutralises text a spreadsheet would run as a formula and keeps numbers as numbers', () => {
    const cases: [string, string][] = [
      ['=HYPERLINK("http://x","bấm")', `'=HYPERLINK("http://x","bấm")`],
      ['+1+2', "'+1+2"],
      ['-2+3', "'-2+3"],
      ['@SUM(A1)', "'@SUM(A1)"],
      ['\t=1', "'\t=1"],
      ['\r=1', "'\r=1"],
      ['-', "'-"],
      ['-0.512', '-0.512'],
      ['+84912345678', '+84912345678'],
      ['-3,5', '-3,5'],
      ['Nguyễn Văn A', 'Nguyễn Văn A'],
      ['a=b', 'a=b'],
      ['', ''],
    ];
    for (const [cell, want] of cases) expect(csvSafe(cell)).toBe(want);
  });

  it('writes a hostile reference from the file as inert text', () => {
    const report = { rejected: [{ line: 3, maBanGhi: '=cmd|/c calc!A1', column: 'ho_ten', field: 'nksHoTen', reasonVi: 'thiếu họ tên' }] } as unknown as ImportReport;
    const lines = rejectedCsv(report).split('\r\n');
    expect(lines[1]).toBe(`3,'=cmd|/c calc!A1,ho_ten,nksHoTen,thiếu họ tên`);
  });
});
