import { screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../test/helpers';

describe('Province inspection settings (issue 12)', () => {
  it('shows the plan the AQL yields for an example lot, saves the setting, and records the authority’s approval for a commune', async () => {
    const { user, backend } = renderApp({ signedInAs: 'giamsat' });
    await screen.findByTestId('home');
    await user.click(screen.getByTestId('nav-batches'));
    await user.click(await screen.findByTestId('batch-tab-qaSettings'));
    await screen.findByTestId('qa-settings');
    const lot = screen.getByTestId('qa-preview-lot');
    await user.clear(lot);
    await user.type(lot, '300');
    await waitFor(() => expect(screen.getByTestId('qa-preview-summary')).toHaveTextContent('code=H n=50 Ac=1 Re=2'));
    await user.selectOptions(screen.getByTestId('qa-settings-aql'), '2.5');
    await waitFor(() => expect(screen.getByTestId('qa-preview-summary')).not.toHaveTextContent('Ac=1 Re=2'));
    await user.click(screen.getByTestId('qa-settings-save'));
    await screen.findByTestId('qa-settings-saved');
    expect(screen.getByTestId('qa-settings-current')).toHaveTextContent('AQL 2,5');
    expect(backend.calls.filter((c) => c.command === 'qa_set_settings')).toHaveLength(1);

    const row = screen.getByTestId('qa-switching-04120');
    expect(within(row).getByTestId('qa-switching-allowed')).toHaveTextContent('Không');
    await user.click(within(row).getByTestId('qa-reduced-edit'));
    // approving without naming the authority: the core's message
    await user.click(screen.getByTestId('qa-reduced-save'));
    expect(await screen.findByTestId('qa-settings-error')).toHaveTextContent('cấp có thẩm quyền');
    await user.type(screen.getByTestId('qa-reduced-authority'), 'Sở Tư pháp tỉnh Thái Nguyên');
    await user.click(screen.getByTestId('qa-reduced-save'));
    await waitFor(() => expect(screen.getByTestId('qa-switching-04120')).toHaveTextContent('Sở Tư pháp tỉnh Thái Nguyên'));
    expect(within(screen.getByTestId('qa-switching-04120')).getByTestId('qa-switching-allowed')).toHaveTextContent('Có');
  }, 30000);
});
