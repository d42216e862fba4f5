import type { ImportReport } from '../../lib/api/types-import';

/** An optional sign, digits, and at most one decimal mark followed by digits. */
const plainNumber = /^[+-]?\d+([.,]\d+)?$/;

/**
 * Text a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab or CR) gets a
 * leading `'`; numbers such as `-0.5` stay numbers. The same rule as the core's `text::csv_safe`.
 */
export function csvSafe(s: string): string {
  return /^[=+\-@\t\r]/.test(s) && !plainNumber.test(s) ? `'${s}` : s;
}

const cell = (v: string | number | null | undefined): string => {
  const s = v === null || v === undefined ? '' : typeof v === 'number' ? String(v) : csvSafe(v);
  return /[",;\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The rejected rows of a report as CSV (UTF-8 with BOM, so Excel shows Vietnamese): line, reference, column, field, reason. */
export function rejectedCsv(report: ImportReport): string {
  const lines = [['dong', 'ma_ban_ghi', 'cot', 'truong', 'ly_do'].join(',')];
  for (const r of report.rejected) {
    const reasons = [r.reasonVi, ...(r.otherProblems ?? []).map((p) => `${p.column ?? p.field}: ${p.reasonVi}`)].join('; ');
    lines.push([r.line, r.maBanGhi, r.column, r.field, reasons].map(cell).join(','));
  }
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

/** `so-khai-sinh.csv` → `so-khai-sinh-dong-loi.csv` */
export function rejectedFileName(fileName: string): string {
  const stem = fileName.replace(/\.[^.]+$/, '') || 'nhap';
  return `${stem}-dong-loi.csv`;
}
