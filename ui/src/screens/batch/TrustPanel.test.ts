import { screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { choosePath, renderApp } from '../../test/helpers';

async function openTrust(as: 'canbo' | 'giamsat') {
  const ctx = renderApp({ signedInAs: as });
  await screen.findByTestId('home');
  await ctx.user.click(screen.getByTestId('nav-batches'));
  await screen.findByTestId('batch');
  await ctx.user.click(screen.getByTestId('batch-tab-trust'));
  await screen.findByTestId('trust');
  return ctx;
}

describe('Trust screen (issue 13)', () => {
  it('shows that no province key is pinned and this device’s fingerprint in groups of four', async () => {
    await openTrust('canbo');
    expect(await screen.findByTestId('trust-province-none')).toHaveTextContent('Chưa ghim khóa của tỉnh');
    const groups = screen.getByTestId('trust-device-fingerprint').querySelectorAll('.group');
    expect([...groups].map((g) => g.textContent)).toEqual(['K7QF', '2MXA', '3CDE', 'PLUS']);
    expect(screen.getByTestId('trust-pin-not-allowed')).toHaveTextContent('Chỉ giám sát viên');
  });

  it('lets a supervisor pin the province key from a file chosen in the dialog, once the fingerprint read back matches', async () => {
    const { user, backend } = await openTrust('giamsat');
    await choosePath(user, backend, 'trust-key-path', '/media/usb/province-key.json');
    expect(await screen.findByTestId('trust-key-fingerprint')).toHaveTextContent('ABCDEFGHIJKLMNOP');
    await user.type(screen.getByTestId('trust-pin-confirm'), 'abcd efgh ijkl mnoq');
    await user.click(screen.getByTestId('trust-pin-submit'));
    expect(await screen.findByTestId('trust-error')).toHaveTextContent('không ghim');
    await user.clear(screen.getByTestId('trust-pin-confirm'));
    await user.type(screen.getByTestId('trust-pin-confirm'), 'abcd efgh ijkl mnop');
    await user.click(screen.getByTestId('trust-pin-submit'));
    expect(await screen.findByTestId('trust-done')).toHaveTextContent('Đã ghim khóa của Sở Tư pháp tỉnh Mẫu (ABCD-EFGH-IJKL-MNOP)');
    await waitFor(() => expect(screen.getByTestId('trust-pin-state')).toHaveTextContent('KHÓA MẪU'));
    expect(backend.calls.filter((c) => c.command === 'trust_pin').at(-1)?.args).toEqual({ path: '/media/usb/province-key.json', fingerprint: 'abcd efgh ijkl mnop' });
  });

  it('keeps the field empty when the dialog is cancelled (nothing is typed)', async () => {
    const { user, backend } = await openTrust('giamsat');
    await choosePath(user, backend, 'trust-key-path', null);
    expect(screen.getByTestId('trust-key-path')).toHaveValue('');
    expect(screen.getByTestId('trust-key-path')).toHaveAttribute('readonly');
    expect(screen.queryByTestId('trust-key-fingerprint')).not.toBeInTheDocument();
  });
});
