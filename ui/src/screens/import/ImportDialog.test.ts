import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { FakeBackend } from '../../lib/api/fake';
import { encodeTcvn3 } from '../../lib/api/fake-import';
import type { ImportReport } from '../../lib/api/types-import';
import { renderApp } from '../../test/helpers';
import { rejectedCsv } from './csv';

const HEADER = 'ma_ban_ghi,so,quyen_so,trang_so,ngay_dang_ky,ho_ten,ngay_sinh,Phái tính,dan_toc,ghi_chu,nguoi_go';

/** A birth register keyed in a spreadsheet: `n` rows, the sex column under a header the app does not know. */
function birthCsv(n: number, bad: Record<number, string> = {}): string {
  const rows = [HEADER];
  for (let i = 1; i <= n; i++) {
    rows.push(bad[i] ?? `KS-${i},${i},01/2010,${Math.ceil(i / 2)},0${(i % 9) + 1}/03/2010,Nguyễn Văn Hùng ${i},1${i % 9}/02/2010,${i % 2 ? 'Nam' : 'Nữ'},Kinh,,Lan`);
  }
  return rows.join('\n');
}

async function openImport() {
  const app = renderApp({ signedInAs: 'canbo' });
  await app.user.click(await screen.findByTestId('nav-keying'));
  await screen.findByTestId('books-screen');
  await app.user.click(screen.getByTestId('import-open'));
  const dialog = await screen.findByTestId('import-dialog');
  await waitFor(() => expect(within(dialog).getByTestId('import-book-type')).toHaveValue('KS'));
  return { ...app, dialog };
}

async function choose(user: ReturnType<typeof renderApp>['user'], content: string | Uint8Array, name = 'so-khai-sinh-2010.csv') {
  const part: BlobPart = typeof content === 'string' ? content : new Uint8Array(content);
  await user.upload(screen.getByTestId('import-file'), new File([part], name, { type: 'text/csv' }));
  return screen.findByTestId('import-preview');
}

const calls = (b: FakeBackend, name: string) => b.calls.filter((c) => c.command === name);
const mapSelect = (i: number) => screen.getByTestId(`import-map-${i}`) as HTMLSelectElement;

describe('Import from a spreadsheet', () => {
  it('proposes the mapping, sets an unknown header aside and will not import until the clerk maps the required field', async () => {
    const { user } = await openImport();
    await choose(user, birthCsv(5));
    expect(mapSelect(0)).toHaveValue('maBanGhi');
    expect(mapSelect(5)).toHaveValue('nksHoTen');
    expect(mapSelect(7)).toHaveValue('');
    expect(mapSelect(10)).toHaveValue('');
    expect(screen.getAllByTestId('import-map-row')[10]).toHaveTextContent('giữ riêng');
    expect(screen.getByTestId('import-missing')).toHaveTextContent('Chưa có cột cho trường bắt buộc: Người được khai sinh — Giới tính');
    expect(screen.getByTestId('import-problem')).toHaveTextContent('Chưa nhập được: chưa chọn cột cho trường bắt buộc: Người được khai sinh — Giới tính');
    expect(screen.getByTestId('import-submit')).toBeDisabled();
  });

  it('lists the fields to map a column to grouped as the paper form: registration, then each person', async () => {
    const { user } = await openImport();
    await choose(user, birthCsv(3));
    const groups = Array.from(mapSelect(7).querySelectorAll('optgroup'));
    expect(groups.map((g) => g.label).slice(0, 3)).toEqual(['Thông tin đăng ký', 'Người được khai sinh', 'Mẹ']);
    expect(new Set(groups.map((g) => g.label)).size).toBe(groups.length);
    const child = Array.from(groups[1]!.querySelectorAll('option')).map((o) => o.textContent);
    expect(child).toContain('Giới tính (bắt buộc)');
    expect(child).toContain('Họ, chữ đệm và tên (bắt buộc)');
    expect(mapSelect(7).querySelector(':scope > option[value="maBanGhi"]')).toHaveTextContent('Mã bản ghi (ma_ban_ghi) (bắt buộc)');
  });

  it('imports what the clerk mapped: fixing a column changes the rows that load', async () => {
    const { user, backend } = await openImport();
    await choose(user, birthCsv(6));
    await user.selectOptions(mapSelect(7), 'nksGioiTinh');
    await waitFor(() => expect(screen.getByTestId('import-counts')).toHaveTextContent('6 dòng: 6 nhập được, 0 dòng lỗi'));
    expect(screen.getAllByTestId('import-map-row')[7]).toHaveTextContent('đã sửa');
    expect(screen.getByTestId('import-new-books')).toHaveTextContent('Sẽ tạo 1 sổ mới:');
    expect(screen.getByTestId('import-new-books')).toHaveTextContent('Quyển 01/2010 (6 dòng)');
    // The clerk decides the "ghi_chu" column is really the ethnicity… then changes their mind: one column per field.
    await user.selectOptions(mapSelect(10), 'nksDanToc');
    await waitFor(() => expect(mapSelect(8)).toHaveValue(''));
    expect(mapSelect(10)).toHaveValue('nksDanToc');

    await user.click(screen.getByTestId('import-submit'));
    const report = await screen.findByTestId('import-report');
    const run = calls(backend, 'import_run')[0]?.args as { columns: (string | null)[]; target: { bookId: number | null } };
    expect(run.columns[7]).toBe('nksGioiTinh');
    expect(run.columns[8]).toBeNull();
    expect(run.columns[10]).toBe('nksDanToc');
    expect(run.target.bookId).toBeNull();
    expect(within(report).getByTestId('import-report-counts')).toHaveTextContent('Đọc 6 dòng · đã nhập 6 · bị loại 0');
    expect(within(report).getByTestId('import-report-books')).toHaveTextContent('Đã tạo sổ mới Quyển 01/2010: 6 bản ghi');
    // The books list shows the new book, selected.
    await waitFor(() => expect(screen.getAllByTestId('books-item')).toHaveLength(7));
    await user.click(screen.getByTestId('import-done'));
    expect(screen.queryByTestId('import-dialog')).toBeNull();
    expect(screen.getByTestId('book-detail')).toHaveTextContent('Quyển 01/2010');
    expect(screen.getByTestId('book-detail')).toHaveTextContent('6 bản ghi');
  });

  // Issue 10: a missing name or an impossible date no longer refuses a row (kept and noted); only
  // rows unusable as rows are refused — here one without a reference and one with a field too many.
  it('lists the bad rows with their line, column and reason, and every one of them in the report, which can be saved', async () => {
    const { user, backend } = await openImport();
    const csv = birthCsv(30, {
      4: ',4,01/2010,2,01/03/2010,Lê Văn Nam,11/02/2010,Nam,Kinh,,Lan',
      9: 'KS-9,9,01/2010,5,01/03/2010,,31/02/2010,Nam,Kinh,,Lan',
      17: 'KS-17,17,01/2010,9,01/03/2010,Lê Thị Hoa,12/02/2010,Nữ,Kinh,,Lan,thừa',
    });
    await choose(user, csv);
    await user.selectOptions(mapSelect(7), 'nksGioiTinh');
    await waitFor(() => expect(screen.getByTestId('import-counts')).toHaveTextContent('30 dòng: 28 nhập được, 2 dòng lỗi'));
    const rows = within(screen.getByTestId('import-rejected-preview')).getAllByTestId('import-rejected-row');
    expect(rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent).join(' | '))).toEqual([
      '5 | ma_ban_ghi | thiếu mã bản ghi (ma_ban_ghi)',
      '18 | dong | dòng có 12 trường nhưng dòng tiêu đề có 11: không biết giá trị nào thuộc cột nào; hãy sửa dòng này trong tệp rồi nhập lại',
    ]);
    expect(screen.getByTestId('import-submit')).toHaveTextContent('Nhập 28 dòng');
    await user.click(screen.getByTestId('import-submit'));
    const report = await screen.findByTestId('import-report');
    expect(within(report).getByTestId('import-report-counts')).toHaveTextContent('Đọc 30 dòng · đã nhập 28 · bị loại 2');
    const listed = within(report).getAllByTestId('import-report-rejected-row');
    expect(listed.map((r) => r.querySelector('td')?.textContent)).toEqual(['5', '18']);
    expect(listed[0]).toHaveTextContent('thiếu mã bản ghi');
    await user.click(within(report).getByTestId('import-save-rejected'));
    expect(await within(report).findByTestId('import-saved')).toHaveTextContent('Đã lưu danh sách dòng bị loại vào C:\\SoHoa\\xa-tan-phong-bao-cao\\so-khai-sinh-2010-dong-loi.csv');
    const saved = calls(backend, 'import_save_rejected')[0]?.args as { csv: string };
    expect(saved.csv.split('\r\n')[2]).toBe('18,,,dong,"dòng có 12 trường nhưng dòng tiêu đề có 11: không biết giá trị nào thuộc cột nào; hãy sửa dòng này trong tệp rồi nhập lại"');
  });

  it('shows that a TCVN3 file was detected and converted, and lets the clerk override the encoding', async () => {
    const { user, backend } = await openImport();
    const bytes = encodeTcvn3('ma_ban_ghi,ho_ten,ngay_sinh,gioi_tinh\nB-1,Trần Thị Hằng,1985,Nữ\nB-2,Lê Văn Đức,3/1986,Nam\n');
    await choose(user, bytes, 'so-cu.csv');
    expect(screen.getByTestId('import-encoding')).toHaveTextContent('Tệp dùng bảng mã cũ TCVN3 (ABC); đã chuyển sang Unicode.');
    expect(screen.getByTestId('import-sample')).toHaveTextContent('Trần Thị Hằng');
    expect(screen.getByTestId('import-encoding-select')).toHaveValue('');
    expect(screen.getByTestId('import-encoding-select')).toHaveTextContent('Tự nhận ra (TCVN3 (ABC))');
    await user.selectOptions(screen.getByTestId('import-encoding-select'), 'windows1258');
    await waitFor(() => expect(screen.getByTestId('import-encoding')).toHaveTextContent('Windows-1258'));
    expect(calls(backend, 'import_preview').at(-1)?.args).toMatchObject({ encoding: 'windows1258', columns: null });
  });

  it('imports into the open book when the clerk chooses it, rejecting rows of another quyển số', async () => {
    const { user, backend } = await openImport();
    await user.click(screen.getByTestId('import-target-open'));
    const csv = ['ma_ban_ghi,quyen_so,ho_ten,ngay_sinh,gioi_tinh', 'A1,01/2016,Lò Văn Sáng,2016,Nam', 'A2,02/2017,Lò Thị Ơn,2017,Nữ'].join('\n');
    await choose(user, csv);
    expect(screen.getByTestId('import-into-book')).toHaveTextContent('Nhập vào sổ Khai sinh — Quyển 01/2016.');
    expect(screen.getByTestId('import-counts')).toHaveTextContent('2 dòng: 1 nhập được, 1 dòng lỗi');
    expect(screen.getByTestId('import-rejected-preview')).toHaveTextContent('không phải quyển “01/2016” của sổ đang nhập');
    await user.click(screen.getByTestId('import-submit'));
    await screen.findByTestId('import-report');
    expect((calls(backend, 'import_run')[0]?.args as { target: { bookId: number } }).target.bookId).toBe(1);
  });

  it('lists the warnings the mapping table does not already show, chosen by their code', async () => {
    const { user, backend } = await openImport();
    await user.click(screen.getByTestId('import-target-open'));
    const csv = ['ma_ban_ghi,quyen_so,ho_ten,ngay_sinh,Phái tính', 'A1,01/2016,Lò Văn Sáng,2016,Nam', 'A2,02/2017,Lò Thị Ơn,2017,Nữ'].join('\n');
    await choose(user, csv);
    const listed = within(screen.getByTestId('import-warnings')).getAllByRole('listitem');
    expect(listed.map((li) => li.dataset.code)).toEqual(['several_books', 'other_book_rows']);
    expect(listed[1]).toHaveTextContent('1 dòng thuộc quyển khác (02/2017), không phải quyển “01/2016” của sổ này');
    // The core said more: the header it did not recognise and the field without a column are the mapping table's.
    const said = (await backend.importPreview({ fileName: 'f.csv', bytes: new TextEncoder().encode(csv), target: { bookId: 1, bookType: 'KS' }, encoding: null, columns: null })).warnings;
    expect(said.map((w) => w.code)).toEqual(['unknown_header', 'missing_required_column', 'several_books', 'other_book_rows']);
    expect(screen.getByTestId('import-missing')).toHaveTextContent('Giới tính');
  });

  it('chooses the warnings by code, whatever their wording', async () => {
    const { user, backend } = await openImport();
    const preview = backend.importPreview.bind(backend);
    const about = { columns: [], fields: [], quyenSo: [], count: null };
    backend.importPreview = async (req) => ({
      ...(await preview(req)),
      warnings: [
        { code: 'missing_required_column', message: 'Thiếu cột: Giới tính.', ...about },
        { code: 'unknown_encoding', message: 'Bảng mã lạ.', ...about },
        { code: 'duplicate_column', message: 'Không nhận ra cột nào là “Họ tên”: hai cột cùng tên.', ...about },
      ],
    });
    await choose(user, birthCsv(3));
    const listed = within(screen.getByTestId('import-warnings')).getAllByRole('listitem');
    expect(listed.map((li) => li.textContent)).toEqual(['Không nhận ra cột nào là “Họ tên”: hai cột cùng tên.']);
  });

  it('is keyboard-usable: Escape closes it', async () => {
    const { user } = await openImport();
    expect(screen.getByTestId('import-target-new')).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('import-dialog')).toBeNull();
  });

  it('shows an error it cannot read in Vietnamese', async () => {
    const { dialog } = await openImport();
    const input = screen.getByTestId('import-file') as HTMLInputElement;
    const file = new File([''], 'trong.csv', { type: 'text/csv' });
    Object.defineProperty(input, 'files', { value: [file] });
    await fireEvent.change(input);
    expect(await within(dialog).findByTestId('import-error')).toHaveTextContent('tệp trống');
  });
});

describe('rejectedCsv', () => {
  it('writes line, reference, column, field and every reason, quoted when needed, with a BOM for Excel', () => {
    const report = {
      rejected: [{ line: 5, maBanGhi: 'KS-4', field: 'nksHoTen', column: 'ho_ten', reasonVi: 'thiếu “Họ, tên”', otherProblems: [{ field: 'nksNgaySinh', column: 'ngay_sinh', reasonVi: 'sai' }] }],
    } as unknown as ImportReport;
    expect(rejectedCsv(report)).toBe('\ufeffdong,ma_ban_ghi,cot,truong,ly_do\r\n5,KS-4,ho_ten,nksHoTen,"thiếu “Họ, tên”; ngay_sinh: sai"\r\n');
  });
});
