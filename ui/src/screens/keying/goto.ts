// Ctrl+G "go to entry": what the clerk typed → which entry of the book. A number is looked up as
// the entry number written in the register (`so`, vendors store "12" or "12/1995") first, then as
// the position in keying order; "#12" always means the 12th entry.
import type { EntrySummary } from '../../lib/api';

export type GotoResult =
  | { kind: 'so'; index: number; count: number }
  | { kind: 'position'; index: number }
  | { kind: 'none' };

const soNumber = (so: string): number | null => {
  const m = /^\s*0*(\d+)\s*(?:\/.*)?$/.exec(so);
  return m ? Number(m[1]) : null;
};

export function findEntry(entries: EntrySummary[], typed: string): GotoResult {
  const text = typed.trim();
  if (!text) return { kind: 'none' };
  const position = (n: number): GotoResult =>
    Number.isInteger(n) && n >= 1 && n <= entries.length ? { kind: 'position', index: n - 1 } : { kind: 'none' };
  if (text.startsWith('#')) return position(Number(text.slice(1).trim()));
  const exact = entries.flatMap((e, i) => (e.so?.trim().toLowerCase() === text.toLowerCase() ? [i] : []));
  const n = soNumber(text);
  const byNumber = exact.length > 0 || n === null || text.includes('/') ? exact : entries.flatMap((e, i) => (e.so !== null && soNumber(e.so) === n ? [i] : []));
  const first = byNumber[0];
  if (first !== undefined) return { kind: 'so', index: first, count: byNumber.length };
  return /^\d+$/.test(text) ? position(Number(text)) : { kind: 'none' };
}
