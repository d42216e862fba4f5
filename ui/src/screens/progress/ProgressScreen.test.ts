import { screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { fakeNationalDashboard } from '../../lib/api/fake-progress';
import { renderApp } from '../../test/helpers';
import { filterUnits, sortUnits } from './format';

describe('Progress screen', () => {
  it('shows the clerk their own commune: figures, forecast, books and inventory', async () => {
    const { user } = renderApp({ signedInAs: 'canbo' });
    await user.click(await screen.findByTestId('nav-progress'));
    const own = await screen.findByTestId('progress-own');
    expect(screen.queryByTestId('tab-all')).toBeNull();
    expect(within(own).getByTestId('kpi-keyed')).toHaveTextContent('336');
    expect(within(own).getByTestId('kpi-forecast').textContent).toMatch(/\d\d\/\d\d\/\d{4}/);
    expect(within(own).getByText('01/2016')).toBeInTheDocument();
    expect(within(own).getByTestId('inventory-editor')).toHaveTextContent('5.210');
  });

  it('writes the signed progress file and says where', async () => {
    const { user, backend } = renderApp({ signedInAs: 'canbo' });
    await user.click(await screen.findByTestId('nav-progress'));
    await user.click(await screen.findByTestId('snapshot-export'));
    expect(await screen.findByTestId('snapshot-saved')).toHaveTextContent('tien-do-04120-');
    expect(backend.calls.some((c) => c.command === 'progress_snapshot_export')).toBe(true);
  });

  it('gives a supervisor the whole country with only the visible rows of 3,321 in the page', async () => {
    const { user } = renderApp({ signedInAs: 'giamsat' });
    await user.click(await screen.findByTestId('nav-progress'));
    const sup = await screen.findByTestId('progress-supervisor', {}, { timeout: 15_000 });
    await user.click(within(sup).getByTestId('level-communes'));
    const table = within(sup).getByTestId('unit-table');
    expect(table.dataset.rows).toBe('3321');
    expect(within(table).getAllByTestId('unit-row').length).toBeLessThan(60);
    await user.type(within(sup).getByTestId('unit-search'), 'tan phong');
    expect(Number(within(sup).getByTestId('unit-table').dataset.rows)).toBeLessThan(3321);
    expect(within(sup).getAllByTestId('unit-row')[0]).toHaveTextContent('Tân Phong');
  }, 30_000);

  it('sorts and filters units like a clerk expects', () => {
    const d = fakeNationalDashboard();
    const late = filterUnits(d.provincesPre2025, { text: '', flag: 'late', province: '' });
    expect(late.map((p) => p.name).sort()).toEqual(['Tỉnh Kiên Giang', 'Tỉnh Quảng Nam', 'Tỉnh Quảng Ngãi', 'Tỉnh Quảng Trị']);
    const byPct = sortUnits(d.provinces2025, 'pctKeyed', 'asc');
    expect(byPct[0]!.outlook.pctKeyed!).toBeLessThanOrEqual(byPct[byPct.length - 1]!.outlook.pctKeyed!);
    expect(filterUnits(d.provinces2025, { text: 'da nang', flag: '', province: '' })[0]?.name).toBe('Thành phố Đà Nẵng');
  });
});
