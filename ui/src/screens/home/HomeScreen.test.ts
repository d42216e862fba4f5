import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import App from '../../App.svelte';
import { ApiError } from '../../lib/api';
import { DEMO_PASSWORD, FakeBackend, demoBooks } from '../../lib/api/fake';
import { renderApp, signIn } from '../../test/helpers';

const rowIds = () => screen.getAllByTestId('book-row').map((r) => r.getAttribute('data-book-id'));

describe('Home screen', () => {
  it('after signing in shows the commune, the user with role, and every book with its counts', async () => {
    const { user } = renderApp();
    await signIn(user, 'canbo', DEMO_PASSWORD);

    const home = await screen.findByTestId('home');
    expect(screen.getByTestId('home-commune')).toHaveTextContent('Xã Tân Phong');
    expect(screen.getByTestId('home-user')).toHaveTextContent('Nguyễn Thị Lan');
    expect(screen.getByTestId('home-user')).toHaveTextContent('Cán bộ hộ tịch');

    const rows = await within(home).findAllByTestId('book-row');
    expect(rows).toHaveLength(demoBooks().length);

    const first = rows.find((r) => r.dataset.bookId === '1');
    expect(first).toBeDefined();
    const row = within(first as HTMLElement);
    expect(row.getByTestId('book-type')).toHaveTextContent('KS');
    expect(row.getByTestId('book-type')).toHaveTextContent('Khai sinh');
    expect(row.getByText('01/2016')).toBeInTheDocument();
    expect(row.getByText('UBND xã Tân Phong')).toBeInTheDocument();
    expect(row.getByTestId('book-count-draft')).toHaveTextContent('4');
    expect(row.getByTestId('book-count-accepted')).toHaveTextContent('70');
    expect(row.getByTestId('book-count-returned')).toHaveTextContent('3');
    expect(row.getByTestId('book-total')).toHaveTextContent('168');
    // 164 of 196 expected: every entry but the 4 drafts, the 3 returned ones included (the core's keyed count)
    expect(row.getByText('84%')).toBeInTheDocument();
  });

  it('has a column for every entry status, in Vietnamese', async () => {
    renderApp({ signedInAs: 'canbo' });
    const table = await screen.findByTestId('books-table');
    for (const label of ['Nháp', 'Đã nhập', 'Đã kiểm tra', 'Đã gửi', 'Đã chấp nhận', 'Bị trả lại', 'Đã xuất', 'Tổng']) {
      expect(within(table).getByRole('columnheader', { name: new RegExp(`^${label}`) })).toBeInTheDocument();
    }
  });

  it('summarises the number of books and entries', async () => {
    renderApp({ signedInAs: 'giamsat' });
    const summary = await screen.findByTestId('home-summary');
    const entries = demoBooks().reduce((n, b) => n + b.total, 0);
    expect(summary).toHaveTextContent(`Số sổ: ${demoBooks().length}`);
    expect(summary).toHaveTextContent(`Số bản ghi: ${entries}`);
    expect(screen.getByTestId('home-user')).toHaveTextContent('Giám sát');
  });

  it('sorts by a column when its header is clicked, and reverses on a second click', async () => {
    const { user } = renderApp({ signedInAs: 'canbo' });
    await screen.findAllByTestId('book-row');
    const header = screen.getByRole('columnheader', { name: /^Tổng/ });

    await user.click(within(header).getByRole('button'));
    expect(header).toHaveAttribute('aria-sort', 'descending');
    expect(rowIds()).toEqual(['1', '3', '2', '4', '6', '5']);

    await user.click(within(header).getByRole('button'));
    expect(header).toHaveAttribute('aria-sort', 'ascending');
    expect(rowIds()).toEqual(['5', '6', '4', '2', '3', '1']);
  });

  it('says so when the workspace has no books yet', async () => {
    renderApp({ signedInAs: 'canbo', books: [] });
    expect(await screen.findByTestId('books-empty')).toHaveTextContent('Chưa có sổ hộ tịch nào');
    expect(screen.queryByTestId('books-table')).not.toBeInTheDocument();
  });

  it('every screen in the navigation is a real screen (no placeholder left)', async () => {
    renderApp({ signedInAs: 'canbo' });
    const nav = await screen.findByRole('navigation');
    expect(within(nav).getByText('Trang chủ').closest('a')).toHaveAttribute('aria-current', 'page');
    for (const id of ['home', 'keying', 'duplicates', 'batches', 'progress']) {
      const item = within(nav).getByTestId(`nav-${id}`);
      expect(item.tagName).toBe('A');
      expect(item).not.toHaveTextContent('Sắp có');
    }
  });

  it('signs out back to the login screen of the same workspace', async () => {
    const { user, backend } = renderApp({ signedInAs: 'canbo' });
    await screen.findByTestId('home');
    await user.click(screen.getByTestId('logout'));
    expect(await screen.findByTestId('login-form')).toBeInTheDocument();
    expect(screen.getByTestId('login-commune')).toHaveTextContent('Xã Tân Phong');
    expect(await backend.sessionCurrent()).toBeNull();
  });

  it('goes back to the login screen when the core says the session is gone', async () => {
    class Expired extends FakeBackend {
      override async booksList(): Promise<never> {
        throw new ApiError('auth.not_signed_in', 'Bạn chưa đăng nhập.');
      }
    }
    render(App, { props: { backend: new Expired({ signedInAs: 'canbo' }) } });
    expect(await screen.findByTestId('login-form')).toBeInTheDocument();
  });

  it('shows the error and a retry button when the books cannot be loaded', async () => {
    class Broken extends FakeBackend {
      override async booksList(): Promise<never> {
        throw new ApiError('workspace.corrupt', '...');
      }
    }
    render(App, { props: { backend: new Broken({ signedInAs: 'canbo' }) } });
    expect(await screen.findByTestId('home-error')).toHaveTextContent('bị hỏng');
    expect(screen.getByRole('button', { name: 'Thử lại' })).toBeInTheDocument();
  });
});
