// Field error rates per month for the chart of the supervisor's quality dashboard (issue 12 §5).
import type { QaErrorRateRow } from '../../lib/api/types-qa';

export type RateGroup = 'commune' | 'clerk' | 'field';
const MAX_LINES = 8;

/** Months on the axis, and per group the error % of each month (null where nothing was compared). */
export function rateSeries(list: QaErrorRateRow[], group: RateGroup): { months: string[]; lines: { label: string; data: (number | null)[] }[] } {
  const keyOf = (r: QaErrorRateRow): string =>
    group === 'commune' ? r.communeCode : group === 'clerk' ? `${r.communeCode} · ${r.clerk}` : `${r.bookType} · ${r.fieldLabel}`;
  const months = [...new Set(list.map((r) => r.month))].sort();
  const sums = new Map<string, Map<string, { c: number; w: number }>>();
  const totals = new Map<string, number>();
  for (const r of list) {
    const k = keyOf(r);
    const m = sums.get(k) ?? new Map<string, { c: number; w: number }>();
    const cell = m.get(r.month) ?? { c: 0, w: 0 };
    cell.c += r.compared;
    cell.w += r.wrong;
    m.set(r.month, cell);
    sums.set(k, m);
    totals.set(k, (totals.get(k) ?? 0) + r.wrong);
  }
  // the groups with most errors (fields: the worst ones), at most MAX_LINES lines
  const keys = [...sums.keys()].sort((a, b) => (totals.get(b) ?? 0) - (totals.get(a) ?? 0) || a.localeCompare(b)).slice(0, MAX_LINES);
  return {
    months,
    lines: keys.map((k) => ({
      label: k,
      data: months.map((mo) => {
        const cell = sums.get(k)!.get(mo);
        return cell && cell.c > 0 ? Math.round((10000 * cell.w) / cell.c) / 100 : null;
      }),
    })),
  };
}

