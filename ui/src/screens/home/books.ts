import { ENTRY_STATUSES, type BookSummary, type EntryStatus } from '../../lib/api';

/** Entries keyed or further along, as the core counts them (returned ones included, as in the progress figures). */
export function doneCount(b: BookSummary): number {
  return b.keyed;
}

/** Share of expected entries that are keyed or better, 0..1; null when the expected number is unknown. */
export function progress(b: BookSummary): number | null {
  if (!b.expectedEntries || b.expectedEntries <= 0) return null;
  return Math.min(1, doneCount(b) / b.expectedEntries);
}

export function yearsLabel(b: BookSummary): string {
  return b.yearTo !== null && b.yearTo !== b.yearFrom ? `${b.yearFrom}–${b.yearTo}` : String(b.yearFrom);
}

export type SortKey =
  | 'type'
  | 'quyenSo'
  | 'registry'
  | 'years'
  | 'period'
  | 'pages'
  | 'expected'
  | EntryStatus
  | 'total'
  | 'progress';

export interface Sort {
  key: SortKey;
  dir: 'asc' | 'desc';
}

const collator = new Intl.Collator('vi', { numeric: true, sensitivity: 'base' });

/** Comparable value of a column; null sorts last in both directions. */
function value(b: BookSummary, key: SortKey): string | number | null {
  switch (key) {
    case 'type':
      return `${b.bookType} ${b.bookTypeName}`;
    case 'quyenSo':
      return b.quyenSo;
    case 'registry':
      return b.registryName;
    case 'years':
      return b.yearFrom * 10000 + (b.yearTo ?? b.yearFrom);
    case 'period':
      return b.periodGroup;
    case 'pages':
      return b.pageCount;
    case 'expected':
      return b.expectedEntries;
    case 'total':
      return b.total;
    case 'progress':
      return progress(b);
    default:
      return b.counts[key] ?? 0;
  }
}

export function sortBooks(books: readonly BookSummary[], sort: Sort | null): BookSummary[] {
  if (!sort) return [...books];
  const sign = sort.dir === 'asc' ? 1 : -1;
  return [...books].sort((x, y) => {
    const a = value(x, sort.key);
    const b = value(y, sort.key);
    if (a === null || b === null) {
      if (a === b) return x.id - y.id;
      return a === null ? 1 : -1;
    }
    const c = typeof a === 'number' && typeof b === 'number' ? a - b : collator.compare(String(a), String(b));
    return c !== 0 ? sign * c : x.id - y.id;
  });
}

export interface Totals {
  books: number;
  entries: number;
  expected: number;
  done: number;
  counts: Record<EntryStatus, number>;
}

export function totals(books: readonly BookSummary[]): Totals {
  const counts = Object.fromEntries(ENTRY_STATUSES.map((s) => [s, 0])) as Record<EntryStatus, number>;
  let entries = 0;
  let expected = 0;
  let done = 0;
  for (const b of books) {
    for (const s of ENTRY_STATUSES) counts[s] += b.counts[s] ?? 0;
    entries += b.total;
    expected += b.expectedEntries ?? 0;
    done += doneCount(b);
  }
  return { books: books.length, entries, expected, done, counts };
}
