import { describe, expect, it } from 'vitest';
import { makeBook } from '../../lib/api/fake';
import { progress, sortBooks, totals, yearsLabel } from './books';

const book = (id: number, over: Partial<Parameters<typeof makeBook>[0]> = {}) =>
  makeBook({
    id, bookType: 'KS', bookTypeName: 'Khai sinh', quyenSo: `0${id}/2010`, registryName: 'UBND xã A',
    registryCode: null, yearFrom: 2010, yearTo: null, periodGroup: '2006–2015', pageCount: 10,
    expectedEntries: 100, counts: {}, ...over,
  });

describe('book progress', () => {
  it('is the core\'s keyed count, returned entries included as the progress figures count them (issue 14: the UI no longer re-derives it)', () => {
    const b = book(1, { counts: { draft: 50, returned: 10, keyed: 1, checked: 2, submitted: 3, accepted: 4, exported: 5 } });
    expect(b.keyed).toBe(25);
    expect(progress(b)).toBeCloseTo(0.25);
    expect(progress({ ...b, keyed: 40 })).toBeCloseTo(0.4);
  });
  it('is unknown without an expected number of entries, and never above 100 %', () => {
    expect(progress(book(1, { expectedEntries: null, counts: { keyed: 3 } }))).toBeNull();
    expect(progress(book(1, { expectedEntries: 2, counts: { keyed: 3 } }))).toBe(1);
  });
});

describe('books table helpers', () => {
  it('writes a single year or a span', () => {
    expect(yearsLabel(book(1))).toBe('2010');
    expect(yearsLabel(book(1, { yearTo: 2010 }))).toBe('2010');
    expect(yearsLabel(book(1, { yearTo: 2012 }))).toBe('2010–2012');
  });
  it('sorts Vietnamese names by the Vietnamese alphabet and puts unknown values last', () => {
    const books = [
      book(1, { registryName: 'UBND xã Đông Hòa', expectedEntries: null }),
      book(2, { registryName: 'UBND xã Dương Minh', expectedEntries: 5 }),
      book(3, { registryName: 'UBND xã Ea Tân', expectedEntries: 9 }),
    ];
    expect(sortBooks(books, { key: 'registry', dir: 'asc' }).map((b) => b.id)).toEqual([2, 1, 3]);
    expect(sortBooks(books, { key: 'expected', dir: 'asc' }).map((b) => b.id)).toEqual([2, 3, 1]);
    expect(sortBooks(books, { key: 'expected', dir: 'desc' }).map((b) => b.id)).toEqual([3, 2, 1]);
  });
  it('adds up the books', () => {
    const t = totals([book(1, { counts: { keyed: 2, draft: 1 } }), book(2, { counts: { keyed: 3 }, expectedEntries: null })]);
    expect(t).toMatchObject({ books: 2, entries: 6, expected: 100, done: 5 });
    expect(t.counts.keyed).toBe(5);
  });
});
