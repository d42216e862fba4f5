import { screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../lib/api/fake';
import { renderApp } from '../../test/helpers';

describe('Backup screen', () => {
  it('lists the automatic backups with their dates and who made them', async () => {
    const { user } = renderApp({ signedInAs: 'canbo' });
    await user.click(await screen.findByTestId('nav-backup'));
    const list = await screen.findByTestId('backup-list');
    const rows = within(list).getAllByTestId('backup-row');
    expect(rows).toHaveLength(2);
    expect(rows[0]!.textContent).toMatch(/0[56]\/12\/2026/);
    expect(rows[1]!).toHaveTextContent('giamsat');
  });

  it('makes a backup into the folder chosen in the dialog and says where', async () => {
    const { user, backend } = renderApp({ signedInAs: 'canbo' });
    await user.click(await screen.findByTestId('nav-backup'));
    expect(screen.getByTestId('backup-create')).toBeDisabled();
    backend.dialogAnswers.push('E:\\USB');
    await user.click(screen.getByTestId('backup-dir-choose'));
    await user.click(screen.getByTestId('backup-create'));
    expect(await screen.findByTestId('backup-made')).toHaveTextContent('E:\\USB\\sohoa-sao-luu-05602');
    expect(backend.calls.some((c) => c.command === 'backup_create')).toBe(true);
  });

  it('verifies a backup with the password typed again, and refuses a wrong one', async () => {
    const { user } = renderApp({ signedInAs: 'canbo' });
    await user.click(await screen.findByTestId('nav-backup'));
    await screen.findByTestId('backup-list');
    const verify = () => screen.getAllByTestId('backup-verify')[0]!;
    expect(verify()).toBeDisabled();
    await user.type(screen.getByTestId('backup-password'), 'sai mat khau');
    await user.click(verify());
    expect(await screen.findByTestId('backup-error')).toHaveTextContent('Sai mật khẩu');
    await user.clear(screen.getByTestId('backup-password'));
    await user.type(screen.getByTestId('backup-password'), DEMO_PASSWORD);
    await user.click(verify());
    expect(await screen.findByTestId('backup-verified')).toHaveTextContent('Bản sao lưu hợp lệ: Xã Phú Đình');
  });

  it('restores only into a new folder, after a confirmation that says what it does', async () => {
    const { user, backend } = renderApp({ signedInAs: 'canbo' });
    await user.click(await screen.findByTestId('nav-backup'));
    await screen.findByTestId('backup-list');
    await user.type(screen.getByTestId('backup-password'), DEMO_PASSWORD);
    await user.click(screen.getAllByTestId('backup-restore')[0]!);
    const dialog = screen.getByTestId('backup-restore-dialog');
    expect(dialog).toHaveTextContent('sổ làm việc MỚI');
    expect(dialog).toHaveTextContent('không bị thay đổi');
    backend.dialogAnswers.push('D:\\sohoa\\khoi-phuc');
    await user.click(within(dialog).getByTestId('backup-target-choose'));
    expect(within(dialog).getByTestId('backup-restore-run')).toBeDisabled();
    await user.click(within(dialog).getByTestId('backup-restore-confirm'));
    await user.click(within(dialog).getByTestId('backup-restore-run'));
    expect(await screen.findByTestId('backup-restored')).toHaveTextContent('D:\\sohoa\\khoi-phuc');
    expect(backend.calls.find((c) => c.command === 'backup_restore')?.args).toMatchObject({ target: 'D:\\sohoa\\khoi-phuc' });
  });
});
