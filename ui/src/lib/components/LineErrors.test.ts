import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import LineErrors from './LineErrors.svelte';

const headers = { line: 'Dòng', reason: 'Lý do' };
const rows = [
  { line: 3, reason: 'số định danh phải có 12 chữ số' },
  { line: 7, reason: 'ngày sinh “31/02/1990” không có thật' },
];

/** The table as the user reads it: one "cell | cell" string a row. */
const table = (testid: string) =>
  [...screen.getByTestId(testid).querySelectorAll('tr')].map((tr) => [...tr.children].map((c) => c.textContent?.trim()).join(' | '));

describe('LineErrors', () => {
  it('lists each refused line by its number with the reason, under a summary that counts them', () => {
    render(LineErrors, { props: { rows, title: 'Dòng lỗi (không được nhập)', count: 2, headers, testid: 'extract-line-errors' } });
    expect(table('extract-line-errors')).toEqual([
      'Dòng | Lý do',
      '3 | số định danh phải có 12 chữ số',
      '7 | ngày sinh “31/02/1990” không có thật',
    ]);
    expect(screen.getByText('Dòng lỗi (không được nhập) (2)')).toBeInTheDocument();
  });

  it('writes the count the Vietnamese way, even when more lines were refused than are listed', () => {
    render(LineErrors, { props: { rows, title: 'Dòng không được nhập', count: 12345, headers, testid: 'errs' } });
    expect(screen.getByText('Dòng không được nhập (12.345)')).toBeInTheDocument();
  });

  it('is open at first and can be closed', () => {
    const { container } = render(LineErrors, { props: { rows, title: 'Dòng lỗi', count: 2, headers, testid: 'errs' } });
    expect(container.querySelector('details')).toHaveAttribute('open');
    const closed = render(LineErrors, { props: { rows, title: 'Dòng lỗi', count: 2, headers, testid: 'closed', open: false } });
    expect(closed.container.querySelector('details')).not.toHaveAttribute('open');
  });

  it('shows the column at fault when it has a heading for it', () => {
    render(LineErrors, {
      props: {
        rows: [{ line: 10, column: 'Họ và tên', reason: 'thiếu họ tên' }, { line: 22, column: null, reason: 'dòng trống' }],
        title: 'Dòng bị từ chối',
        count: 2,
        headers: { line: 'Dòng', column: 'Cột', reason: 'Lý do' },
        testid: 'import-rejected-preview',
        rowTestid: 'import-rejected-row',
      },
    });
    expect(table('import-rejected-preview')).toEqual(['Dòng | Cột | Lý do', '10 | Họ và tên | thiếu họ tên', '22 |  | dòng trống']);
    expect(screen.getAllByTestId('import-rejected-row')).toHaveLength(2);
  });

  it('lists at most `limit` lines and says how many more were left out', () => {
    const many = Array.from({ length: 14 }, (_, i) => ({ line: i + 2, reason: 'thiếu ngày sinh' }));
    render(LineErrors, {
      props: { rows: many, title: 'Dòng lỗi', count: 14, headers, limit: 10, more: (n: number) => `… và ${n} dòng nữa`, testid: 'errs' },
    });
    expect(within(screen.getByTestId('errs')).getAllByRole('row')).toHaveLength(1 + 10);
    expect(screen.getByText('… và 4 dòng nữa')).toBeInTheDocument();
  });

  it('says nothing of lines left out when all are listed', () => {
    render(LineErrors, { props: { rows, title: 'Dòng lỗi', count: 2, headers, limit: 10, more: (n: number) => `… và ${n} dòng nữa`, testid: 'errs' } });
    expect(screen.queryByText(/dòng nữa/)).not.toBeInTheDocument();
  });
});
