import { screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../lib/api';
import { choosePath, renderApp } from '../../test/helpers';
import { fraction, size, stageKey, when } from './format';

async function openBatches(as: 'canbo' | 'giamsat') {
  const ctx = renderApp({ signedInAs: as });
  await screen.findByTestId('home');
  await ctx.user.click(screen.getByTestId('nav-batches'));
  await screen.findByTestId('batch');
  return ctx;
}

const calls = (backend: { calls: { command: string; args?: unknown }[] }, command: string) => backend.calls.filter((c) => c.command === command);

describe('Batch screen — clerk (Lô chuyển giao)', () => {
  it('is a real screen in the navigation, titled in Vietnamese', async () => {
    await openBatches('canbo');
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Lô chuyển giao');
    expect(screen.getByTestId('nav-batches')).toHaveAttribute('aria-current', 'page');
  });

  it('lists every book, says why a book cannot be sent yet, and picks the ready ones', async () => {
    await openBatches('canbo');
    const rows = await screen.findAllByTestId('batch-book');
    expect(rows).toHaveLength(4);
    const ready = rows.filter((r) => r.dataset.ready === 'true');
    expect(ready.map((r) => r.dataset.bookId)).toEqual(['7', '8']);
    for (const r of ready) expect(within(r).getByTestId('batch-book-check')).toBeChecked();
    const notFinished = rows.find((r) => r.dataset.bookId === '1')!;
    expect(within(notFinished).getByTestId('batch-book-check')).toBeDisabled();
    expect(notFinished).toHaveTextContent('sổ chưa được đánh dấu đã nhập xong');
    expect(screen.getByTestId('batch-export')).toHaveTextContent('Tạo gói gửi (2 sổ, 165 bản ghi)');
  });

  it('will not send with a passphrase shorter than 8 characters', async () => {
    const { user, backend } = await openBatches('canbo');
    await screen.findAllByTestId('batch-book');
    await user.type(screen.getByTestId('batch-passphrase'), 'ngan');
    expect(screen.getByText('Mật khẩu gói cần ít nhất 8 ký tự.')).toBeInTheDocument();
    expect(screen.getByTestId('batch-export')).toBeDisabled();
    expect(calls(backend, 'batch_export')).toHaveLength(0);
  });

  it('will not send until the passphrase is typed twice the same', async () => {
    const { user, backend } = await openBatches('canbo');
    await screen.findAllByTestId('batch-book');
    await user.type(screen.getByTestId('batch-passphrase'), 'mat-khau-goi-2025');
    expect(screen.getByTestId('batch-export')).toBeDisabled();
    await user.type(screen.getByTestId('batch-passphrase-again'), 'mat-khau-goi-2052');
    expect(screen.getByTestId('batch-passphrase-hint')).toHaveTextContent('Hai lần nhập mật khẩu gói chưa giống nhau.');
    expect(screen.getByTestId('batch-passphrase-again')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByTestId('batch-export')).toBeDisabled();
    await user.clear(screen.getByTestId('batch-passphrase-again'));
    await user.type(screen.getByTestId('batch-passphrase-again'), 'mat-khau-goi-2025');
    expect(screen.getByTestId('batch-export')).toBeEnabled();
    expect(calls(backend, 'batch_export')).toHaveLength(0);
  });

  it('exports the picked books locked with a passphrase to the suggested path, and lists the new batch', async () => {
    const { user, backend } = await openBatches('canbo');
    const rows = await screen.findAllByTestId('batch-book');
    expect((screen.getByTestId('batch-path') as HTMLInputElement).value).toBe('C:\\SoHoa\\xa-tan-phong-chuyen-giao\\dot-gui-04120-so-2.sohoa');
    // only the birth book this time
    await user.click(within(rows.find((r) => r.dataset.bookId === '8')!).getByTestId('batch-book-check'));
    await user.type(screen.getByTestId('batch-passphrase'), 'mat-khau-goi-2025');
    await user.type(screen.getByTestId('batch-passphrase-again'), 'mat-khau-goi-2025');
    await user.click(screen.getByTestId('batch-export'));
    const done = await screen.findByTestId('batch-export-done');
    expect(done).toHaveTextContent('Đã tạo lô số 2: 1 sổ, 120 bản ghi');
    expect(done).toHaveTextContent('K7QF-2MXA-9CDE-PLUS');
    expect(calls(backend, 'batch_export')[0]?.args).toMatchObject({ books: [7], passphrase: '***', path: 'C:\\SoHoa\\xa-tan-phong-chuyen-giao\\dot-gui-04120-so-2.sohoa' });
    // the next batch gets the next name; the book sent is no longer ready
    await waitFor(() => expect((screen.getByTestId('batch-path') as HTMLInputElement).value).toMatch(/so-3\.sohoa$/));
    const sent = screen.getAllByTestId('batch-book').find((r) => r.dataset.bookId === '7')!;
    expect(sent).toHaveTextContent('đang ở đợt gửi số 2');
    const items = screen.getAllByTestId('batch-item');
    expect(items[0]).toHaveTextContent('Lô số 2');
    expect(items[0]).toHaveTextContent('Đã gửi, chờ kết quả');
    expect(items[1]).toHaveTextContent('Đã có kết quả');
  });

  it('uses the registered supervisor’s key once one is registered, from the device tab', async () => {
    const { user, backend } = await openBatches('canbo');
    await user.click(screen.getByTestId('batch-tab-device'));
    expect(await screen.findByTestId('device-fingerprint')).toHaveTextContent('K7QF-2MXA-9CDE-PLUS');
    expect(screen.getByTestId('trusted-none')).toHaveTextContent('Chưa đăng ký giám sát viên nào');
    expect(screen.queryByTestId('trust-fingerprint')).not.toBeInTheDocument();
    await user.click(screen.getByTestId('device-file-save'));
    expect(await screen.findByTestId('device-file-saved')).toHaveTextContent('khoa-thiet-bi-04120.sohoa-device.json');
    await choosePath(user, backend, 'trust-file-path', 'D:\\USB\\giam-sat.sohoa-device.json');
    await user.click(screen.getByTestId('trust-file-submit'));
    expect(await screen.findByTestId('trust-done')).toHaveTextContent('Đã đăng ký thiết bị 2QN7-RWBT-S6X3-PQQC (giám sát viên)');
    expect(screen.getAllByTestId('trusted-device')).toHaveLength(1);
    await user.click(screen.getByTestId('batch-tab-send'));
    await screen.findAllByTestId('batch-book');
    expect(screen.getByTestId('lock-keys')).toBeChecked();
    await user.click(screen.getByTestId('batch-export'));
    await screen.findByTestId('batch-export-done');
    expect(calls(backend, 'batch_export')[0]?.args).toMatchObject({ books: [7, 8], passphrase: null });
  });

  it('receives the verdict and lists the returned entries with the reasons beside the fields', async () => {
    const { user, backend } = await openBatches('canbo');
    await user.click(screen.getByTestId('batch-tab-returns'));
    const list = await screen.findByTestId('returned-list');
    expect(screen.getByTestId('returned-count')).toHaveTextContent('2 bản ghi cần sửa');
    const [first, second] = within(list).getAllByTestId('returned-entry');
    expect(first).toHaveTextContent('KS 01/2003 · số 14');
    expect(within(first!).getByTestId('returned-reason')).toHaveTextContent('Ngày, tháng, năm sinh Ngày sinh không khớp với ảnh');
    expect(within(second!).getByTestId('returned-reason')).toHaveTextContent('Cả bản ghi Bản ghi trùng với số 21');
    await choosePath(user, backend, 'verdict-path', 'E:\\ket-qua-04120-lo-2.sohoa');
    await user.click(screen.getByTestId('verdict-import'));
    expect(await screen.findByTestId('verdict-import-done')).toHaveTextContent('Đã nhận kết quả lô số 2: 1 sổ đã chấp nhận, 0 sổ bị trả lại');
    expect(calls(backend, 'batch_import')[0]?.args).toMatchObject({ path: 'E:\\ket-qua-04120-lo-2.sohoa', passphrase: null });
  });
});

describe('Batch screen — supervisor', () => {
  it('checks a package before importing: a tampered one is refused with the reasons, and nothing is imported', async () => {
    const { user, backend } = await openBatches('giamsat');
    expect(screen.getByTestId('batch')).toHaveAttribute('data-role', 'supervisor');
    await choosePath(user, backend, 'receive-path', 'E:\\goi-hong.sohoa');
    await user.click(screen.getByTestId('receive-verify'));
    const report = await screen.findByTestId('verify-report');
    expect(report).toHaveAttribute('data-ok', 'false');
    expect(report).toHaveTextContent('Gói KHÔNG hợp lệ');
    expect(screen.getByTestId('verify-problems')).toHaveTextContent('chữ ký số của gói không hợp lệ');
    expect(screen.getByTestId('receive-import')).toBeDisabled();
    expect(calls(backend, 'batch_import')).toHaveLength(0);
  });

  it('verifies a sound package, shows who sent what, then imports it into the list', async () => {
    const { user, backend } = await openBatches('giamsat');
    await choosePath(user, backend, 'receive-path', 'E:\\dot-gui-04120-so-2.sohoa');
    await user.click(screen.getByTestId('receive-verify'));
    const report = await screen.findByTestId('verify-report');
    expect(report).toHaveTextContent('Gói hợp lệ');
    expect(report).toHaveTextContent('Xã Tân Phong (04120)');
    expect(report).toHaveTextContent('1 sổ, 120 bản ghi, 40 trang ảnh');
    await user.click(screen.getByTestId('receive-import'));
    expect(await screen.findByTestId('receive-done')).toHaveTextContent('Đã nhập lô số 2 của Xã Tân Phong');
    await waitFor(() => expect(screen.getAllByTestId('imported-package')).toHaveLength(2));
  });

  it('reviews a sample of entries read-only, returns one book with a reason on a field, accepts the other, and sends the verdicts', async () => {
    const { user, backend } = await openBatches('giamsat');
    const books = await screen.findAllByTestId('imported-book');
    expect(books).toHaveLength(2);
    expect(screen.getByTestId('verdicts-missing')).toHaveTextContent('Còn 2 sổ chưa có kết quả.');
    expect(screen.getByTestId('verdicts-export')).toBeDisabled();
    // the first book opens with a sample of its entries; the first sampled entry is shown read-only
    await screen.findByTestId('review-book');
    expect(screen.getByText('Bản ghi để kiểm tra (mẫu 10 / 16)')).toBeInTheDocument();
    expect(screen.getAllByTestId('review-entry-item')).toHaveLength(10);
    const fields = await screen.findByTestId('review-entry-fields');
    expect(fields).toHaveTextContent('Họ, chữ đệm, tên người được khai sinh');
    expect(fields).toHaveTextContent('không đọc được');
    expect(fields.querySelector('input')).toBeNull();
    // the commune's duplicate decision about this entry travelled with the batch, ID masked
    expect(screen.getByTestId('review-entry-decisions')).toHaveTextContent('Cùng một người — số định danh 019*******34');
    await user.selectOptions(screen.getByTestId('return-field'), 'nksNgaySinh');
    await user.type(screen.getByTestId('return-reason'), 'Ngày sinh không khớp với ảnh');
    await user.click(screen.getByTestId('return-add'));
    expect(screen.getByTestId('return-pending')).toHaveTextContent('Ngày, tháng, năm sinh: Ngày sinh không khớp với ảnh');
    await user.click(screen.getByTestId('verdict-return'));
    expect(await screen.findByTestId('verdict-saved')).toHaveTextContent('sổ 01/2003 bị trả lại (1 lý do)');
    const ret = calls(backend, 'batch_verdict')[0]?.args as { bookId: number; decision: string; reasons: { field: string }[] };
    expect(ret).toMatchObject({ bookId: 101, decision: 'return' });
    expect(ret.reasons).toEqual([expect.objectContaining({ field: 'nksNgaySinh', reason: 'Ngày sinh không khớp với ảnh' })]);
    await waitFor(() => expect(screen.getAllByTestId('imported-book')[0]).toHaveTextContent('Trả lại (1 lý do)'));

    await user.click(screen.getAllByTestId('imported-book')[1]!);
    await waitFor(() => expect(screen.getByTestId('review-book').dataset.bookId).toBe('102'));
    await user.click(screen.getByTestId('verdict-accept'));
    await waitFor(() => expect(screen.getAllByTestId('imported-book')[1]).toHaveTextContent('Đã chấp nhận'));
    expect(screen.queryByTestId('verdicts-missing')).not.toBeInTheDocument();
    expect((screen.getByTestId('verdicts-path') as HTMLInputElement).value).toBe('C:\\SoHoa\\xa-tan-phong-chuyen-giao\\ket-qua-04120-lo-1.sohoa');
    await user.click(screen.getByTestId('verdicts-export'));
    expect(await screen.findByTestId('verdicts-done')).toHaveTextContent('1 sổ duyệt, 1 sổ trả lại (1 bản ghi)');
  });

  /** The supervisor accepts book 102 and opens the upload tab. */
  async function acceptBookAndOpenUpload() {
    const { user, backend } = await openBatches('giamsat');
    const books = await screen.findAllByTestId('imported-book');
    await user.click(books[1]!);
    await waitFor(() => expect(screen.getByTestId('review-book').dataset.bookId).toBe('102'));
    await user.click(screen.getByTestId('verdict-accept'));
    await screen.findByTestId('verdict-saved');
    await user.click(screen.getByTestId('batch-tab-upload'));
    return { user, backend };
  }

  it('exports the accepted books for the central upload with a summary per book', async () => {
    const { user, backend } = await acceptBookAndOpenUpload();
    expect(await screen.findByTestId('upload-candidates')).toHaveTextContent('1 sổ, 8 bản ghi đã chấp nhận chờ xuất');
    await user.click(screen.getByTestId('upload-export'));
    const done = await screen.findByTestId('upload-done');
    expect(done).toHaveTextContent('Đã xuất 1 sổ, 8 bản ghi.');
    expect(done).toHaveTextContent('KT.04120.2004.01-2004.xlsx');
    expect(await screen.findByTestId('upload-none')).toBeInTheDocument();
  });

  it('shows scan counts before exporting, then records the Ministry’s result list and a file marked uploaded', async () => {
    const { user, backend } = await acceptBookAndOpenUpload();
    expect(await screen.findByTestId('upload-candidate')).toHaveTextContent('8 bản ghi đã chấp nhận — 8 có ảnh trang, 0 không có ảnh trang');
    await user.click(screen.getByTestId('upload-export'));
    await screen.findByTestId('upload-done');
    expect(await screen.findByTestId('upload-file')).toHaveTextContent('KT.04120.2004.01-2004.xlsx');
    await user.click(screen.getByTestId('upload-mark'));
    await waitFor(() => expect(screen.getByTestId('upload-file')).toHaveTextContent('đã tải lên'));
    await choosePath(user, backend, 'upload-result-path', 'C:\\ket-qua.xlsx');
    await user.click(screen.getByTestId('upload-result'));
    expect(await screen.findByTestId('upload-result-done')).toHaveTextContent('Đã đọc 8 dòng: 8 được phê duyệt, 0 bị từ chối');
    expect(screen.getByTestId('upload-file')).toHaveTextContent('8 được phê duyệt');
  });

  it('registers a commune by the fingerprint read out over the phone', async () => {
    const { user } = await openBatches('giamsat');
    await user.click(screen.getByTestId('batch-tab-device'));
    expect(await screen.findByTestId('device-fingerprint')).toHaveTextContent('2QN7-RWBT-S6X3-PQQC');
    await user.type(screen.getByTestId('trust-fingerprint'), 'k7qf 2mxa 9cde plus');
    await user.type(screen.getByTestId('trust-commune'), '04120');
    await user.click(screen.getByTestId('trust-fingerprint-submit'));
    expect(await screen.findByTestId('trust-done')).toHaveTextContent('Đã đăng ký thiết bị K7QF-2MXA-9CDE-PLUS (xã/phường 04120)');
    expect(screen.getByTestId('trusted-device')).toHaveTextContent('chỉ có dấu vân tay');
  });
});

describe('Batch screen — when a panel cannot load', () => {
  it('signs out, back to the sign-in screen, when the session has ended while a tab opens', async () => {
    const { user, backend } = await openBatches('canbo');
    await screen.findAllByTestId('batch-book');
    vi.spyOn(backend, 'batchReturned').mockRejectedValue(new ApiError('auth.not_signed_in', 'Bạn chưa đăng nhập.'));
    await user.click(screen.getByTestId('batch-tab-returns'));
    expect(await screen.findByTestId('login-form')).toBeInTheDocument();
    expect(screen.queryByTestId('batch')).not.toBeInTheDocument();
  });

  it('says in the tab what went wrong, and the tab still works', async () => {
    const { user, backend } = await openBatches('canbo');
    await screen.findAllByTestId('batch-book');
    vi.spyOn(backend, 'batchReturned').mockRejectedValueOnce(new ApiError('internal', 'disk I/O error'));
    await user.click(screen.getByTestId('batch-tab-returns'));
    expect(await screen.findByTestId('verdict-error')).toHaveTextContent('Đã xảy ra lỗi hệ thống; dữ liệu đã lưu không bị ảnh hưởng. Hãy thử lại.');
    await choosePath(user, backend, 'verdict-path', 'E:\\ket-qua-04120-lo-2.sohoa');
    await user.click(screen.getByTestId('verdict-import'));
    expect(await screen.findByTestId('verdict-import-done')).toBeInTheDocument();
    expect(screen.queryByTestId('verdict-error')).not.toBeInTheDocument();
    expect(await screen.findByTestId('returned-list')).toBeInTheDocument();
  });

  it('switches tabs from the keyboard: the arrow keys move along the tabs', async () => {
    const { user } = await openBatches('giamsat');
    await screen.findByTestId('batch-receive');
    screen.getByTestId('batch-tab-receive').focus();
    await user.keyboard('{ArrowRight}');
    expect(screen.getByTestId('batch-tab-upload')).toHaveFocus();
    expect(await screen.findByTestId('batch-upload')).toBeInTheDocument();
    await user.keyboard('{End}');
    expect(await screen.findByTestId('trust')).toBeInTheDocument();
    await user.keyboard('{ArrowLeft}');
    expect(await screen.findByTestId('batch-device')).toBeInTheDocument();
    expect(screen.getByRole('tabpanel', { name: 'Khóa thiết bị' })).toContainElement(screen.getByTestId('batch-device'));
  });
});

describe('batch formatting', () => {
  it('writes sizes and times the Vietnamese way', () => {
    expect(size(1_840_000)).toBe('1,8 MB');
    expect(size(820_000)).toBe('820 kB');
    expect(when('2025-02-03T09:15:00+07:00')).toBe('03/02/2025 09:15');
    expect(when(null)).toBe('—');
  });
  it('names the progress stages and measures how far along they are', () => {
    expect(stageKey('pages')).toBe('batch.progress.pages');
    expect(stageKey('whatever')).toBe('batch.progress.other');
    expect(fraction({ stage: 'entries', done: 5, total: 20 })).toBe(0.25);
    expect(fraction({ stage: 'entries', done: 5, total: 0 })).toBeNull();
  });
});
