import { screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { choosePath, renderApp } from '../../test/helpers';

/** A clerk on the batch screen with a passphrase typed twice, ready to send. */
async function readyToSend() {
  const ctx = renderApp({ signedInAs: 'canbo', latencyMs: 200 });
  await screen.findByTestId('home');
  await ctx.user.click(screen.getByTestId('nav-batches'));
  await screen.findAllByTestId('batch-book');
  await ctx.user.type(screen.getByTestId('batch-passphrase'), 'mat-khau-goi-2025');
  await ctx.user.type(screen.getByTestId('batch-passphrase-again'), 'mat-khau-goi-2025');
  return ctx;
}

describe('Jobs tray (công việc chạy nền)', () => {
  it('is not shown while nothing has run', async () => {
    renderApp({ signedInAs: 'canbo' });
    await screen.findByTestId('home');
    expect(screen.queryByTestId('jobs-tray')).not.toBeInTheDocument();
  });

  it('shows a running batch export in the header, with its progress and a cancel button', async () => {
    const { user } = await readyToSend();
    await user.click(screen.getByTestId('batch-export'));
    const tray = await screen.findByTestId('jobs-tray');
    expect(tray).toHaveTextContent('1 việc đang chạy');
    await user.click(tray);
    const job = within(await screen.findByTestId('jobs-panel')).getByTestId('job');
    expect(job).toHaveTextContent('Gửi lô');
    expect(job).toHaveTextContent('dot-gui-04120-so-2.sohoa');
    expect(job).toHaveTextContent('Đang chạy');
    expect(within(job).getByTestId('job-tray-cancel')).toBeEnabled();
    // It ends: the tray says so and the screen shows the batch.
    await screen.findByTestId('batch-export-done');
    await waitFor(() => expect(screen.getByTestId('job')).toHaveAttribute('data-job-state', 'done'));
    expect(screen.getByTestId('jobs-tray')).toHaveTextContent('Việc chạy nền');
  });

  it('cancels an export from the screen’s own cancel button: no batch, the clerk is told nothing was kept', async () => {
    const { user, backend } = await readyToSend();
    await user.click(screen.getByTestId('batch-export'));
    await user.click(await screen.findByTestId('job-cancel'));
    expect(await screen.findByText('Đã hủy theo yêu cầu; không có gì được ghi lại.')).toBeInTheDocument();
    expect(screen.queryByTestId('batch-export-done')).not.toBeInTheDocument();
    expect(backend.calls.filter((c) => c.command === 'job_cancel')).toHaveLength(1);
    expect(backend.calls.filter((c) => c.command === 'batch_export')).toHaveLength(0);
    await user.click(screen.getByTestId('jobs-tray'));
    expect(screen.getByTestId('job')).toHaveAttribute('data-job-state', 'cancelled');
    expect(screen.getByTestId('job')).toHaveTextContent('Đã hủy');
  });

  it('cancels a package import from the receive panel’s cancel button: nothing imported, the supervisor is told nothing was kept', async () => {
    const { user, backend } = renderApp({ signedInAs: 'giamsat', latencyMs: 200 });
    await screen.findByTestId('home');
    await user.click(screen.getByTestId('nav-batches'));
    await screen.findByTestId('batch');
    const before = (await screen.findAllByTestId('imported-package')).length;
    await choosePath(user, backend, 'receive-path', 'E:\\dot-gui-04120-so-2.sohoa');
    await waitFor(() => expect(screen.getByTestId('receive-verify')).toBeEnabled());
    await user.click(screen.getByTestId('receive-verify'));
    await screen.findByTestId('verify-report', {}, { timeout: 5000 });
    await user.click(screen.getByTestId('receive-import'));
    await user.click(await screen.findByTestId('job-cancel'));
    expect(await screen.findByText('Đã hủy theo yêu cầu; không có gì được ghi lại.')).toBeInTheDocument();
    expect(screen.queryByTestId('receive-done')).not.toBeInTheDocument();
    expect(backend.calls.filter((c) => c.command === 'batch_import')).toHaveLength(0);
    expect(screen.getAllByTestId('imported-package')).toHaveLength(before);
    await user.click(screen.getByTestId('jobs-tray'));
    const job = within(await screen.findByTestId('jobs-panel')).getAllByTestId('job')[0]!;
    expect(job).toHaveAttribute('data-job-state', 'cancelled');
    expect(job).toHaveTextContent('dot-gui-04120-so-2.sohoa');
  }, 20000);

  it('cancels the upload export from its cancel button: no file written, the books still wait to be exported', async () => {
    const { user, backend } = renderApp({ signedInAs: 'giamsat', latencyMs: 200 });
    await screen.findByTestId('home');
    await user.click(screen.getByTestId('nav-batches'));
    const books = await screen.findAllByTestId('imported-book');
    await user.click(books[1]!);
    await waitFor(() => expect(screen.getByTestId('review-book').dataset.bookId).toBe('102'));
    await user.click(screen.getByTestId('verdict-accept'));
    await screen.findByTestId('verdict-saved');
    await user.click(screen.getByTestId('batch-tab-upload'));
    expect(await screen.findByTestId('upload-candidates')).toHaveTextContent('1 sổ, 8 bản ghi đã chấp nhận chờ xuất');
    await user.click(screen.getByTestId('upload-export'));
    await user.click(await screen.findByTestId('job-cancel'));
    expect(await screen.findByText('Đã hủy theo yêu cầu; không có gì được ghi lại.')).toBeInTheDocument();
    expect(screen.queryByTestId('upload-done')).not.toBeInTheDocument();
    expect(backend.calls.filter((c) => c.command === 'upload_export')).toHaveLength(0);
    expect(screen.getByTestId('upload-candidates')).toHaveTextContent('1 sổ, 8 bản ghi đã chấp nhận chờ xuất');
  });
});
