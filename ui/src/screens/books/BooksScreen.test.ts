import { screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { FakeBackend } from '../../lib/api/fake';
import { choosePath, renderApp } from '../../test/helpers';

beforeEach(() => {
  URL.createObjectURL = vi.fn(() => `blob:thumb-${Math.random()}`);
  URL.revokeObjectURL = vi.fn();
});

const commands = (b: FakeBackend, name: string) => b.calls.filter((c) => c.command === name);

async function openBooks() {
  const app = renderApp({ signedInAs: 'canbo' });
  await app.user.click(await screen.findByTestId('nav-keying'));
  await screen.findByTestId('books-screen');
  return app;
}

describe('Books and scans screen', () => {
  it('is the “Nhập liệu” section: the books with their scans, the first one open', async () => {
    await openBooks();
    expect(screen.getByTestId('nav-keying')).toHaveAttribute('aria-current', 'page');
    const items = await screen.findAllByTestId('books-item');
    expect(items.length).toBe(6);
    expect(items[0]).toHaveTextContent('6 trang ảnh');
    expect(await screen.findByTestId('book-detail')).toHaveTextContent('Quyển 01/2016');
    // Thumbnails are fetched in the background, one page after another.
    await waitFor(() => expect(screen.getAllByTestId('page-thumb')).toHaveLength(6));
  });

  it('creates a book from the dialog, checking what the clerk typed', async () => {
    const { user, backend } = await openBooks();
    await user.click(screen.getByTestId('create-book-open'));
    const dialog = await screen.findByTestId('create-book');
    await waitFor(() => expect(within(dialog).getAllByRole('option').length).toBe(9));
    await user.selectOptions(screen.getByTestId('create-book-type'), 'KT');
    await user.click(screen.getByTestId('create-book-submit'));
    expect(within(dialog).getByText('Vui lòng nhập quyển số.')).toBeInTheDocument();
    await user.type(screen.getByTestId('create-book-quyen'), '02/1999');
    await user.type(screen.getByTestId('create-book-year'), '1999');
    expect(screen.getByTestId('create-book-registry')).toHaveValue('UBND Xã Tân Phong');
    await user.click(screen.getByTestId('create-book-submit'));
    await waitFor(() => expect(screen.queryByTestId('create-book')).toBeNull());
    expect(screen.getByTestId('book-detail')).toHaveTextContent('Sổ đăng ký khai tử — Quyển 02/1999');
    const args = commands(backend, 'book_create')[0]?.args as { registryCode: string | null; registryScheme: string };
    expect(args.registryCode).toBe('04120');
    expect(screen.getByTestId('pages-panel')).toHaveTextContent('Sổ chưa có trang ảnh nào.');
  });

  it('attaches chosen files and a folder of phone photos, with progress, in name order', async () => {
    const { user, backend } = await openBooks();
    await user.click(screen.getByTestId('create-book-open'));
    await user.type(await screen.findByTestId('create-book-quyen'), '03/2020');
    await user.type(screen.getByTestId('create-book-year'), '2020');
    await user.click(screen.getByTestId('create-book-submit'));
    await waitFor(() => expect(screen.getByTestId('book-detail')).toHaveTextContent('03/2020'));

    const jpeg = (name: string) => new File([new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2])], name, { type: 'image/jpeg' });
    await user.upload(screen.getByTestId('attach-files'), [jpeg('IMG_10.jpg'), jpeg('IMG_2.jpg')]);
    expect(await screen.findByTestId('attach-result')).toHaveTextContent('Đã thêm 2 trang.');
    expect(commands(backend, 'pages_attach').map((c) => (c.args as { fileName: string }).fileName)).toEqual(['IMG_2.jpg', 'IMG_10.jpg']);

    await choosePath(user, backend, 'attach-folder', 'C:\\Anh\\so-khai-sinh-2016');
    await user.click(screen.getByTestId('attach-folder-submit'));
    await waitFor(() => expect(screen.getByTestId('attach-result')).toHaveTextContent('Đã thêm 3 trang.'));
    expect(commands(backend, 'pages_attach_path')).toHaveLength(3);
    await waitFor(() => expect(screen.getAllByTestId('page-card')).toHaveLength(5));
  });

  it('turns, moves and removes a page', async () => {
    const { user, backend } = await openBooks();
    const cards = await screen.findAllByTestId('page-card');
    const firstId = cards[0]?.dataset.pageId;
    await user.click(within(cards[0] as HTMLElement).getByTestId('page-later'));
    await waitFor(() => expect(screen.getAllByTestId('page-card')[1]?.dataset.pageId).toBe(firstId));
    await user.click(within(screen.getAllByTestId('page-card')[0] as HTMLElement).getByTestId('page-rotate'));
    await waitFor(() => expect(commands(backend, 'page_rotate')).toHaveLength(1));
    const remove = within(screen.getAllByTestId('page-card')[0] as HTMLElement).getByRole('button', { name: 'Xóa trang' });
    await user.click(remove);
    await user.click(screen.getByTestId('page-remove-yes'));
    await waitFor(() => expect(screen.getAllByTestId('page-card')).toHaveLength(5));
  });

  it('shows which pages have entries and refuses to finish a book with pages left', async () => {
    const { user } = await openBooks();
    const cov = await screen.findByTestId('book-coverage');
    expect(cov).toHaveTextContent('Đã có bản ghi ở 0/100 trang');
    expect(cov).toHaveTextContent('còn thiếu trang 1–100');
    await user.click(screen.getByTestId('book-finish'));
    expect(await screen.findByRole('alert')).toHaveTextContent('còn 100 trang chưa có bản ghi nào');
  });

  it('attaches image and PDF files dropped from the desktop onto the pages area, in name order, skipping other files', async () => {
    const { backend } = await openBooks();
    await waitFor(() => expect(screen.getAllByTestId('page-card')).toHaveLength(6));
    backend.dropFiles(['/home/canbo/Anh/trang-10.JPG', '/home/canbo/Anh/ghi-chu.txt', '/home/canbo/Anh/trang-2.pdf']);
    expect(await screen.findByTestId('attach-result')).toHaveTextContent('Đã thêm 2 trang.');
    expect(screen.getByTestId('attach-result')).toHaveTextContent('Bỏ qua 1 tệp không phải ảnh');
    const paths = commands(backend, 'pages_attach_path').map((c) => (c.args as { bookId: number; path: string }).path);
    expect(paths).toEqual(['/home/canbo/Anh/trang-2.pdf', '/home/canbo/Anh/trang-10.JPG']);
    expect(commands(backend, 'pages_attach_path').every((c) => (c.args as { bookId: number }).bookId === 1)).toBe(true);
    await waitFor(() => expect(screen.getAllByTestId('page-card')).toHaveLength(8));
  });

  it('marks a page blank from its card: the coverage counts it and the card says so', async () => {
    const { user, backend } = await openBooks();
    await waitFor(() => expect(screen.getAllByTestId('page-card')).toHaveLength(6));
    const before = await backend.bookCoverage(1);
    await user.click(screen.getAllByTestId('page-blank-toggle')[2] as HTMLElement);
    await waitFor(() => expect(screen.getAllByTestId('page-blank-badge')).toHaveLength(1));
    expect(screen.getAllByTestId('page-card')[2]).toHaveTextContent('Trang trống');
    expect(commands(backend, 'book_page_blank')[0]?.args).toEqual({ bookId: 1, pageNo: 3, blank: true });
    const after = await backend.bookCoverage(1);
    expect(after.blankPages).toEqual([3]);
    expect(after.missingPages).not.toContain(3);
    expect(after.missingPages.length).toBe(before.missingPages.filter((p) => p !== 3).length);
    await user.click(screen.getAllByTestId('page-blank-toggle')[2] as HTMLElement);
    await waitFor(() => expect(screen.queryAllByTestId('page-blank-badge')).toHaveLength(0));
  });
});
