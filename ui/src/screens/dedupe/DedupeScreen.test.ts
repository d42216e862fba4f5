import { screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../test/helpers';
import { barFraction, bits, dayVi, decisionsFor } from './format';

async function openDuplicates() {
  const ctx = renderApp({ signedInAs: 'canbo' });
  await screen.findByTestId('home');
  await ctx.user.click(screen.getByTestId('nav-duplicates'));
  await screen.findByTestId('dedupe');
  await screen.findAllByTestId('queue-item');
  return ctx;
}

describe('Duplicates screen', () => {
  it('lists the entries with candidates best first, with the counts of what is left', async () => {
    await openDuplicates();
    const items = screen.getAllByTestId('queue-item');
    expect(items.map((i) => i.textContent)).toEqual([
      expect.stringContaining('Hoàng Thị Thuỷ'),
      expect.stringContaining('Lý Thị Mai'),
      expect.stringContaining('Nông Văn Hải'),
    ]);
    expect(screen.getByTestId('count-pending')).toHaveTextContent('3');
    expect(screen.getByTestId('count-done')).toHaveTextContent('0');
  });

  it('an entry whose name was blank or illegible says so in the queue and as its title, not an empty line', async () => {
    const ctx = renderApp({ signedInAs: 'canbo' });
    const thuy = ctx.backend.dedupe.queue('all', 0, 50).items.find((i) => i.fullName === 'Hoàng Thị Thuỷ');
    ctx.backend.dedupe.dropField(thuy!.entryId, 'nksHoTen');
    await screen.findByTestId('home');
    await ctx.user.click(screen.getByTestId('nav-duplicates'));
    const items = await screen.findAllByTestId('queue-item');
    expect(items[0]).toHaveTextContent('(không có họ tên)');
    const entry = await screen.findByTestId('dedupe-entry');
    expect(within(entry).getByTestId('entry-name')).toHaveTextContent(
      'Không có họ tên (bỏ trống hoặc không đọc được): đối chiếu theo ngày sinh và cha mẹ',
    );
  });

  it('shows the keyed entry beside each candidate with a field-by-field explanation', async () => {
    await openDuplicates();
    const entry = await screen.findByTestId('dedupe-entry');
    expect(within(entry).getByTestId('entry-name')).toHaveTextContent('Hoàng Thị Thuỷ');
    const cand = await screen.findByTestId('candidate');
    expect(within(cand).getByTestId('candidate-band')).toHaveTextContent('Khớp');
    expect(within(cand).getByTestId('candidate-id')).toHaveTextContent('019199012345');
    expect(within(cand).getByTestId('why-name')).toHaveTextContent('Trùng khi chuẩn hoá vị trí dấu thanh (hoà/hòa) (hiếm gặp)');
    expect(within(cand).getByTestId('why-birth_date')).toHaveTextContent('+14,1');
  });

  it('decides with the keyboard, moves on, and can undo', async () => {
    const { user, backend } = await openDuplicates();
    await screen.findByTestId('candidate');
    await user.keyboard('1');
    await waitFor(() => expect(backend.calls.some((c) => c.command === 'dedupe_decide')).toBe(true));
    const decide = backend.calls.find((c) => c.command === 'dedupe_decide');
    expect(decide?.args).toMatchObject({ entryId: 101, kind: 'person', candidateId: '019199012345', decision: 'same_person' });
    // the entry is settled: the next one opens
    await waitFor(() => expect(screen.getByTestId('entry-name')).toHaveTextContent('Lý Thị Mai'));
    expect(screen.getByTestId('count-pending')).toHaveTextContent('2');
    expect(screen.getByTestId('count-linked')).toHaveTextContent('1');
    // back with K, undo with 0
    await user.keyboard('k');
    await screen.findByTestId('queue-filter');
    await user.selectOptions(screen.getByTestId('queue-filter'), 'all');
    await waitFor(() => expect(screen.getAllByTestId('queue-item')).toHaveLength(3));
    await user.click(screen.getAllByTestId('queue-item')[0] as HTMLElement);
    await waitFor(() => expect(screen.getByTestId('candidate-decision')).toHaveTextContent('Cùng một người'));
    await user.keyboard('0');
    await waitFor(() => expect(backend.calls.some((c) => c.command === 'dedupe_withdraw')).toBe(true));
    await waitFor(() => expect(screen.getByTestId('count-linked')).toHaveTextContent('0'));
  });

  it('a record keyed twice offers the record decisions', async () => {
    const { user } = await openDuplicates();
    await user.click(screen.getAllByTestId('queue-item')[1] as HTMLElement);
    await waitFor(() => expect(screen.getByTestId('entry-name')).toHaveTextContent('Lý Thị Mai'));
    const cand = await screen.findByTestId('candidate');
    expect(cand.dataset.kind).toBe('record');
    expect(within(cand).getByTestId('decide-duplicate_entry')).toHaveTextContent('Bản ghi trùng');
    expect(within(cand).getByTestId('decide-re_registration')).toHaveTextContent('Đăng ký lại hợp lệ');
    expect(within(cand).getByTestId('decide-not_duplicate')).toHaveTextContent('Không trùng');
  });

  it('the extract import proposes the mapping and lists the broken lines before anything is written', async () => {
    const { user, backend } = await openDuplicates();
    await user.click(screen.getByTestId('dedupe-tab-extract'));
    await screen.findByTestId('extract-import');
    const csv = '\uFEFFSố định danh cá nhân,Họ và tên,Ngày sinh,Giới tính,Nghề nghiệp\n019185001234,Lã Thị Mơ,02/03/1985,Nữ,\n12345,Sai Số,01/01/1990,Nam,\n';
    const file = new File([csv], 'trich-xuat.csv', { type: 'text/csv' });
    await user.upload(screen.getByTestId('extract-file'), file);
    await screen.findByTestId('extract-preview');
    expect((screen.getByTestId('map-0') as HTMLSelectElement).value).toBe('so_dinh_danh');
    expect((screen.getByTestId('map-4') as HTMLSelectElement).value).toBe('');
    expect(screen.getByTestId('extract-counts')).toHaveTextContent('2 dòng: 1 đọc được, 1 dòng lỗi');
    expect(screen.getByTestId('extract-line-errors')).toHaveTextContent('3');
    expect(backend.calls.some((c) => c.command === 'dedupe_extract_import')).toBe(false);
    expect(screen.getByTestId('extract-replaces')).toHaveTextContent('Công an xã Tân Phong, ngày 30/06/2025');
    await user.type(screen.getByTestId('extract-source'), 'Công an xã Tân Phong');
    await user.click(screen.getByTestId('extract-submit'));
    await waitFor(() => expect(screen.queryByTestId('extract-error')?.textContent ?? 'ok').toBe('ok'));
    await screen.findByTestId('extract-report');
    // the report keeps the broken lines (with their numbers) and says which extract was replaced
    expect(screen.getByTestId('extract-report-errors')).toHaveTextContent('3');
    expect(screen.getByTestId('extract-replaced')).toHaveTextContent('Đã thay dữ liệu dân cư cũ (Công an xã Tân Phong, ngày 30/06/2025)');
    expect(screen.getByTestId('extract-replaced')).toHaveTextContent('quyết định đã có trên dữ liệu cũ vẫn được giữ');
    const call = backend.calls.find((c) => c.command === 'dedupe_extract_import');
    expect(call?.args).toMatchObject({ fileName: 'trich-xuat.csv', source: 'Công an xã Tân Phong' });
  });

  it('the extract import shows its job’s progress line with a cancel button; cancelled, nothing is kept and the previous extract stays', async () => {
    const { user, backend } = renderApp({ signedInAs: 'canbo', latencyMs: 200 });
    await screen.findByTestId('home');
    await user.click(screen.getByTestId('nav-duplicates'));
    await user.click(await screen.findByTestId('dedupe-tab-extract'));
    await screen.findByTestId('extract-import');
    await waitFor(() => expect(screen.getByTestId('extract-current')).toHaveTextContent('Công an xã Tân Phong'));
    const previous = screen.getByTestId('extract-current').textContent;
    const csv = '\uFEFFSố định danh cá nhân,Họ và tên,Ngày sinh,Giới tính\n019185001234,Lã Thị Mơ,02/03/1985,Nữ\n';
    await user.upload(screen.getByTestId('extract-file'), new File([csv], 'trich-xuat.csv', { type: 'text/csv' }));
    await screen.findByTestId('extract-preview', {}, { timeout: 5000 });
    await user.type(screen.getByTestId('extract-source'), 'Công an xã Tân Phong');
    await user.click(screen.getByTestId('extract-submit'));
    // The screen found its job (the command has no progress channel): its own cancel button.
    const progress = await screen.findByTestId('extract-progress');
    await user.click(await within(progress).findByTestId('job-cancel'));
    const notice = await screen.findByTestId('extract-error');
    expect(notice).toHaveTextContent('Đã hủy theo yêu cầu; không có gì được ghi lại.');
    // What the clerk asked for, not a failure: a neutral notice, not the red alert.
    expect(notice).toHaveClass('alert-info');
    expect(notice).toHaveAttribute('role', 'status');
    expect(screen.queryByTestId('extract-report')).not.toBeInTheDocument();
    expect(screen.queryByTestId('extract-progress')).not.toBeInTheDocument();
    expect(screen.getByTestId('extract-current').textContent).toBe(previous);
    const cancels = backend.calls.filter((c) => c.command === 'job_cancel');
    expect(cancels).toHaveLength(1);
    const jobs = await backend.jobsList();
    expect(jobs.find((j) => j.kind === 'extractImport')).toMatchObject({ label: 'trich-xuat.csv', state: 'cancelled' });
    expect(cancels[0]?.args).toEqual({ jobId: jobs.find((j) => j.kind === 'extractImport')?.id });
  }, 20000);

  it('reaches the extract tab from the keyboard, and comes back to the queue to run matching after an import', async () => {
    const { user, backend } = await openDuplicates();
    screen.getByTestId('dedupe-tab-queue').focus();
    await user.keyboard('{ArrowRight}');
    expect(screen.getByTestId('dedupe-tab-extract')).toHaveFocus();
    expect(screen.getByTestId('dedupe-tab-extract')).toHaveAttribute('aria-selected', 'true');
    expect(await screen.findByTestId('extract-import')).toBeInTheDocument();
    const csv = '\uFEFFSố định danh cá nhân,Họ và tên,Ngày sinh,Giới tính\n019185001234,Lã Thị Mơ,02/03/1985,Nữ\n';
    await user.upload(screen.getByTestId('extract-file'), new File([csv], 'trich-xuat.csv', { type: 'text/csv' }));
    await screen.findByTestId('extract-preview');
    await user.type(screen.getByTestId('extract-source'), 'Công an xã Tân Phong');
    await user.click(screen.getByTestId('extract-submit'));
    await user.click(await screen.findByTestId('extract-run-now'));
    expect(screen.getByTestId('dedupe-tab-queue')).toHaveAttribute('aria-selected', 'true');
    await waitFor(() => expect(backend.calls.some((c) => c.command === 'dedupe_run')).toBe(true));
  });
});

describe('dedupe formatting', () => {
  it('writes evidence in bits with a sign and a Vietnamese decimal comma', () => {
    expect(bits(11.84)).toBe('+11,8');
    expect(bits(-3)).toBe('−3,0');
    expect(bits(0.01)).toBe('0,0');
    expect(bits(2.25, 'en')).toBe('+2.3');
  });
  it('fills a bar at 16 bits', () => {
    expect(barFraction(8)).toBe(0.5);
    expect(barFraction(-40)).toBe(1);
  });
  it('writes days the way clerks do', () => {
    expect(dayVi('2025-06-30')).toBe('30/06/2025');
    expect(dayVi('06/2025')).toBe('06/2025');
  });
  it('offers 1/2/3 for persons and 1/2/3/4 for records', () => {
    expect(decisionsFor('person').map((d) => d.key)).toEqual(['1', '2', '3']);
    expect(decisionsFor('record').map((d) => d.decision)).toEqual(['duplicate_entry', 're_registration', 'not_duplicate', 'unsure']);
  });
});
