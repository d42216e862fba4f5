// Formatting, sorting and filtering of progress rows (pure functions, unit-tested).
import type { LateChildren, ProgressFlag, UnitProgress } from '../../lib/api/types-progress';
import { PROGRESS_FLAGS } from '../../lib/api/types-progress';
import { foldVietnamese } from '../../lib/text';

const nf = new Intl.NumberFormat('vi-VN');

/** 1.234.567 */
export function num(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : nf.format(Math.round(n));
}

/**
 * A percentage or rate as a number: the core's figures are f64, which the wire carries as null
 * when not finite (never for a unit with entries); such a figure counts as 0 for bars and sorting.
 */
export function share(p: number | null): number {
  return p ?? 0;
}

/** 95,8%; null → — */
export function pct(p: number | null): string {
  if (p === null) return '—';
  return `${p.toLocaleString('vi-VN', { minimumFractionDigits: 1, maximumFractionDigits: 1 })}%`;
}

/** Entries a day: 1 decimal under 100. */
export function rate(r: number | null): string {
  if (r === null) return '—';
  return r >= 100 ? nf.format(Math.round(r)) : r.toLocaleString('vi-VN', { maximumFractionDigits: 1 });
}

/** yyyy-mm-dd → dd/mm/yyyy; null → — */
export function dateVi(d: string | null | undefined): string {
  if (!d) return '—';
  const [y, m, day] = d.slice(0, 10).split('-');
  return `${day}/${m}/${y}`;
}

/** Days since 1970-01-01 of a yyyy-mm-dd day (the burn-up chart's x axis). */
export function dayNumber(d: string): number {
  return Math.round(Date.parse(`${d.slice(0, 10)}T00:00:00Z`) / 86_400_000);
}

export function fromDayNumber(n: number): string {
  return new Date(n * 86_400_000).toISOString().slice(0, 10);
}

/** The late children of a parent unit in the given child scheme (else its first entry). */
export function lateChildrenOf(u: UnitProgress, scheme?: string): LateChildren | null {
  return u.lateChildren?.find((l) => l.scheme === scheme) ?? u.lateChildren?.[0] ?? null;
}

/** One stage column: its count and its share of the unit's denominator (target, else inventory). */
export interface StageColumn {
  key: 'keyed' | 'checked' | 'accepted' | 'exported' | 'uploaded' | 'approved' | 'rejected';
  count: number;
  pct: number | null;
}

/** Keyed, checked, accepted (supervisor), exported, uploaded, approved (Ministry), rejected: each its own column. */
export function stageColumns(u: UnitProgress): StageColumn[] {
  const e = u.counts.entries;
  const of = u.outlook.expected;
  const p = (x: number) => (of > 0 ? Math.min(100, Math.round((x / of) * 1000) / 10) : null);
  return [
    { key: 'keyed', count: e.keyed, pct: p(e.keyed) },
    { key: 'checked', count: e.checked, pct: p(e.checked) },
    { key: 'accepted', count: e.accepted, pct: p(e.accepted) },
    { key: 'exported', count: e.exported, pct: p(e.exported) },
    { key: 'uploaded', count: e.uploaded ?? 0, pct: p(e.uploaded ?? 0) },
    { key: 'approved', count: e.approved ?? 0, pct: p(e.approved ?? 0) },
    { key: 'rejected', count: u.counts.rejected ?? 0, pct: null },
  ];
}

export const FLAG_RANK: Record<ProgressFlag, number> = Object.fromEntries(PROGRESS_FLAGS.map((f, i) => [f, i])) as Record<ProgressFlag, number>;

export type SortKey =
  | 'code' | 'name' | 'province' | 'books' | 'expected' | 'pctKeyed' | 'pctAccepted' | 'pctExported' | 'pctApproved' | 'rejected'
  | 'rate' | 'forecast' | 'deadline' | 'flag';

const KEYS: Record<SortKey, (u: UnitProgress) => number | string> = {
  code: (u) => u.code,
  name: (u) => u.name,
  province: (u) => u.provinceName ?? '',
  books: (u) => u.counts.books.keyed,
  expected: (u) => u.outlook.expected,
  pctKeyed: (u) => share(u.outlook.pctKeyed),
  pctAccepted: (u) => share(u.outlook.pctAccepted),
  pctExported: (u) => share(u.outlook.pctExported),
  pctApproved: (u) => share(u.outlook.pctApproved),
  rejected: (u) => u.counts.rejected ?? 0,
  rate: (u) => share(u.outlook.rateKeyed),
  // no forecast sorts last
  forecast: (u) => u.outlook.forecast ?? '9999',
  deadline: (u) => u.outlook.deadline ?? '9999',
  flag: (u) => FLAG_RANK[u.outlook.flag] * 1000 + share(u.outlook.pctKeyed),
};

const collator = new Intl.Collator('vi');

export function sortUnits(rows: UnitProgress[], key: SortKey, dir: 'asc' | 'desc'): UnitProgress[] {
  const f = KEYS[key];
  const sign = dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = f(a);
    const y = f(b);
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : collator.compare(String(x), String(y));
    return c !== 0 ? c * sign : a.code.localeCompare(b.code);
  });
}

export interface UnitFilter {
  /** Name or code, accents optional. */
  text: string;
  flag: ProgressFlag | '';
  province: string;
}

export function filterUnits(rows: UnitProgress[], f: UnitFilter): UnitProgress[] {
  const q = foldVietnamese(f.text.trim());
  return rows.filter(
    (u) =>
      (!f.flag || u.outlook.flag === f.flag) &&
      (!f.province || u.provinceCode === f.province) &&
      (!q || u.code.startsWith(q) || foldVietnamese(u.name).includes(q) || foldVietnamese(u.provinceName ?? '').includes(q)),
  );
}

/** `2025-01` for the month containing a yyyy-mm-dd day. */
export function monthOf(day: string): string {
  return day.slice(0, 7);
}
