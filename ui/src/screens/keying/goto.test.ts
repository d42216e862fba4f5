import { describe, expect, it } from 'vitest';
import type { EntrySummary } from '../../lib/api';
import { findEntry } from './goto';

const entry = (seq: number, so: string | null): EntrySummary => ({ id: 100 + seq, seq, status: 'keyed', pageId: null, so, trangSo: '1', title: null, editable: true });
// A book whose numbering starts at 5 (the first pages were in the previous book), with a repeat and a number with its year.
const book = [entry(1, '5'), entry(2, '6'), entry(3, '7/1995'), entry(4, '7'), entry(5, null), entry(6, '008')];

describe('go to entry (Ctrl+G)', () => {
  it('finds a typed number as the entry number written in the register first', () => {
    expect(findEntry(book, '6')).toEqual({ kind: 'so', index: 1, count: 1 });
  });

  it('matches a number written with its year or leading zeros', () => {
    expect(findEntry(book, '8')).toEqual({ kind: 'so', index: 5, count: 1 });
    expect(findEntry(book, '7/1995')).toEqual({ kind: 'so', index: 2, count: 1 });
  });

  it('goes to the first of repeated numbers and says how many there are', () => {
    expect(findEntry(book, '7')).toEqual({ kind: 'so', index: 3, count: 1 });
    expect(findEntry(book, ' 07 ')).toEqual({ kind: 'so', index: 2, count: 2 });
  });

  it('falls back to the position in the book when no entry has that number', () => {
    expect(findEntry(book, '2')).toEqual({ kind: 'position', index: 1 });
  });

  it('takes #N as the position whatever the numbers say', () => {
    expect(findEntry(book, '#6')).toEqual({ kind: 'position', index: 5 });
    expect(findEntry(book, '# 1')).toEqual({ kind: 'position', index: 0 });
  });

  it('finds nothing for an unknown number, a position outside the book or an empty box', () => {
    expect(findEntry(book, '99')).toEqual({ kind: 'none' });
    expect(findEntry(book, '#0')).toEqual({ kind: 'none' });
    expect(findEntry(book, '#7')).toEqual({ kind: 'none' });
    expect(findEntry(book, '   ')).toEqual({ kind: 'none' });
    expect(findEntry(book, 'abc')).toEqual({ kind: 'none' });
  });
});
