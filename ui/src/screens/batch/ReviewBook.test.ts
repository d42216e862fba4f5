import { screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { ApiError, type PageInfo } from '../../lib/api';
import type { FakeBackend } from '../../lib/api/fake';
import { renderApp, stubViewerEnvironment } from '../../test/helpers';

// jsdom has neither ResizeObserver nor object URLs: the viewer gets a fixed-size stage.
stubViewerEnvironment(500, 420);

const calls = (backend: FakeBackend, command: string) => backend.calls.filter((c) => c.command === command);

/**
 * The fake's imported books have entries without pages. Here book 101 (KS 01/2003) came with the
 * six scans the fake keeps for book 1: its entries are keyed from the third page, but for entry
 * 10105 (the third of the sample), keyed from the fifth.
 */
async function withScans(backend: FakeBackend): Promise<PageInfo[]> {
  const pages = (await backend.pagesList(1)).map((p) => ({ ...p, bookId: 101 }));
  const entry = backend.batchReviewEntry.bind(backend);
  vi.spyOn(backend, 'batchReviewEntry').mockImplementation(async (id) => ({ ...(await entry(id)), pageId: pages[id === 10105 ? 4 : 2]!.id }));
  vi.spyOn(backend, 'pagesList').mockImplementation(async (bookId) => {
    if (bookId !== 101) throw new ApiError('not_found', `Không tìm thấy sổ số ${bookId}.`);
    return pages;
  });
  return pages;
}

async function openReview(prepare?: (backend: FakeBackend) => Promise<unknown>) {
  const ctx = renderApp({ signedInAs: 'giamsat' });
  const extra = await prepare?.(ctx.backend);
  await screen.findByTestId('home');
  await ctx.user.click(screen.getByTestId('nav-batches'));
  await screen.findByTestId('review-entry-fields');
  return { ...ctx, extra };
}

describe('Supervisor review — the scan beside the fields', () => {
  it('shows the entry’s scanned page beside its keyed fields, read from the supervisor’s own copy', async () => {
    let pages: PageInfo[] = [];
    const { backend } = await openReview(async (b) => (pages = await withScans(b)));
    const scan = screen.getByTestId('review-scan');
    expect(scan).toHaveAccessibleName('Ảnh trang của bản ghi');
    const viewer = within(scan).getByTestId('page-viewer');
    expect(within(viewer).getByTestId('viewer-stage')).toHaveAttribute('data-page-id', String(pages[2]!.id));
    expect(within(viewer).getByTestId('viewer-page')).toHaveValue('3');
    await waitFor(() => expect(within(viewer).getByTestId('viewer-image')).toBeInTheDocument());
    expect(calls(backend, 'page_image').map((c) => (c.args as { pageId: number }).pageId)).toContain(pages[2]!.id);
    expect(backend.pagesList).toHaveBeenCalledExactlyOnceWith(101);
  });

  it('cannot turn the scan: the supervisor only looks (zoom, pages and image adjustments stay)', async () => {
    await openReview(withScans);
    const scan = screen.getByTestId('review-scan');
    expect(within(scan).queryByTestId('viewer-rotate')).not.toBeInTheDocument();
    expect(within(scan).getByTestId('viewer-zoom')).toBeInTheDocument();
    expect(within(scan).getByTestId('viewer-enhance')).toBeInTheDocument();
  });

  it('follows the entry opened, and brings back its page after the supervisor looked at another', async () => {
    let pages: PageInfo[] = [];
    const { user, backend } = await openReview(async (b) => (pages = await withScans(b)));
    const stage = () => within(screen.getByTestId('review-scan')).getByTestId('viewer-stage');
    await user.click(within(screen.getByTestId('review-scan')).getByRole('button', { name: /^Trang sau/ }));
    expect(stage()).toHaveAttribute('data-page-id', String(pages[3]!.id));

    const items = screen.getAllByTestId('review-entry-item');
    await user.click(items[2]!);
    await waitFor(() => expect(stage()).toHaveAttribute('data-page-id', String(pages[4]!.id)));
    await user.click(items[0]!);
    await waitFor(() => expect(stage()).toHaveAttribute('data-page-id', String(pages[2]!.id)));
    // the book's pages are asked for once, not per entry
    expect(backend.pagesList).toHaveBeenCalledOnce();
  });

  it('says so when the entry is not linked to a page, and shows its fields all the same', async () => {
    const { backend } = await openReview();
    const scan = screen.getByTestId('review-scan');
    expect(within(scan).getByTestId('review-no-scan')).toHaveTextContent('Bản ghi này không gắn với trang ảnh nào trong sổ.');
    expect(within(scan).queryByTestId('page-viewer')).not.toBeInTheDocument();
    expect(screen.getByTestId('review-entry-fields')).toHaveTextContent('Họ, chữ đệm, tên người được khai sinh');
    expect(calls(backend, 'pages_list')).toHaveLength(0);
  });

  it('keeps the fields open for review when the pages cannot be read, with why beside them', async () => {
    await openReview(async (b) => {
      await withScans(b);
      vi.mocked(b.pagesList).mockRejectedValue(new ApiError('not_found', 'Không tìm thấy sổ số 101.'));
    });
    expect(within(screen.getByTestId('review-scan')).getByTestId('review-scan-error')).toHaveTextContent('Không tìm thấy sổ số 101.');
    expect(screen.getByTestId('review-entry-fields')).toHaveTextContent('Họ, chữ đệm, tên người được khai sinh');
    expect(screen.queryByTestId('review-error')).not.toBeInTheDocument();
    expect(screen.getByTestId('verdict-accept')).toBeEnabled();
  });
});
