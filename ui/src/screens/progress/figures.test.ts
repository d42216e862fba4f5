import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { fakeNationalDashboard } from '../../lib/api/fake-progress';
import type { UnitProgress } from '../../lib/api/types-progress';
import KpiCards from './KpiCards.svelte';
import { lateChildrenOf, stageColumns } from './format';

/** Xã Phú Đình of the demo: 2,922 keyed of a 31,463-record target, 3,471 in its opened books. */
function phuDinh(): UnitProgress {
  const u = structuredClone(fakeNationalDashboard(40).communes[0]!);
  u.name = 'Xã Phú Đình';
  u.counts.entries = { inventoried: 3471, keyed: 2922, checked: 2500, submitted: 1200, accepted: 1115, exported: 352, uploaded: 200, approved: 150 };
  u.counts.rejected = 3;
  u.outlook = {
    ...u.outlook, expected: 31463, basis: 'target', pctKeyed: 9.3, pctAccepted: 3.5, pctExported: 1.1, pctApproved: 0.5,
    inventory: 3471, pctKeyedInventory: 84.2, late: true, flag: 'late',
  };
  u.lateChildren = [];
  return u;
}

describe('Figures that mean what the Ministry means', () => {
  it('gives keyed, checked, accepted, exported, uploaded, approved and rejected each its own column', () => {
    const cols = stageColumns(phuDinh());
    expect(cols.map((c) => c.key)).toEqual(['keyed', 'checked', 'accepted', 'exported', 'uploaded', 'approved', 'rejected']);
    expect(cols.map((c) => c.count)).toEqual([2922, 2500, 1115, 352, 200, 150, 3]);
    expect(cols[0]!.pct).toBe(9.3);
    expect(cols[6]!.pct).toBeNull();
  });

  it('reads a commune against its target first and its inventory second, labelled', () => {
    render(KpiCards, { unit: phuDinh() });
    expect(screen.getByTestId('kpi-pct-basis')).toHaveTextContent('9,3% chỉ tiêu (31.463)');
    expect(screen.getByTestId('kpi-pct-inventory')).toHaveTextContent('84,2% so với kiểm kê sổ (3.471)');
    expect(screen.getByTestId('stage-approved')).toHaveTextContent('150');
    expect(screen.getByText('Giám sát chấp nhận')).toBeInTheDocument();
    expect(screen.getByText('Bộ phê duyệt')).toBeInTheDocument();
    expect(screen.queryByText(/được duyệt/i)).toBeNull();
  });

  it('says how many provinces are late on the national row instead of a single flag', () => {
    const d = fakeNationalDashboard(400);
    const late = lateChildrenOf(d.national, 'gso_pre2025')!;
    expect(late.level).toBe('province');
    expect(late.late).toBe(d.provincesPre2025.filter((p) => p.outlook.late).length);
    expect(late.late).toBeGreaterThan(0);
    render(KpiCards, { unit: d.national, childScheme: 'gso_pre2025' });
    expect(screen.getByTestId('kpi-late-children')).toHaveTextContent(`${late.late} tỉnh trễ hạn`);
  });
});
