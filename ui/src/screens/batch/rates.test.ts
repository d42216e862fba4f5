import { describe, expect, it } from 'vitest';
import type { QaErrorRateRow } from '../../lib/api/types-qa';
import { rateSeries } from './rates';

const row = (month: string, communeCode: string, clerk: string, fieldLabel: string, compared: number, wrong: number): QaErrorRateRow => ({
  month, communeCode, clerk, bookType: 'KS', field: fieldLabel, fieldLabel, compared, wrong,
});

describe('the error-rate chart series', () => {
  const rows = [
    row('2026-10', '04120', 'canbo', 'Họ tên mẹ', 100, 2),
    row('2026-10', '04120', 'canbo2', 'Ngày sinh', 50, 0),
    row('2026-11', '04120', 'canbo', 'Họ tên mẹ', 40, 4),
    row('2026-11', '05971', 'lan', 'Ngày sinh', 200, 1),
  ];

  it('has one point per month and commune: the wrong fields over the fields compared, in per cent', () => {
    const s = rateSeries(rows, 'commune');
    expect(s.months).toEqual(['2026-10', '2026-11']);
    expect(s.lines).toEqual([
      { label: '04120', data: [1.33, 10] },
      { label: '05971', data: [null, 0.5] },
    ]);
  });

  it('leaves a month without comparisons empty rather than zero, per clerk', () => {
    const s = rateSeries(rows, 'clerk');
    expect(s.lines.find((l) => l.label === '04120 · canbo2')!.data).toEqual([0, null]);
  });

  it('draws the fields with most errors first', () => {
    expect(rateSeries(rows, 'field').lines.map((l) => l.label)).toEqual(['KS · Họ tên mẹ', 'KS · Ngày sinh']);
  });
});
