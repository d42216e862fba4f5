import { screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { renderApp, stubViewerEnvironment } from '../../test/helpers';

stubViewerEnvironment(500, 420);

describe('Supervisor review — ISO 2859-1 sample re-keyed blind (issue 12)', () => {
  it('shows the plan in words, hides the clerk’s values while re-keying, and returns the book with the wrong field after arbitration', async () => {
    const { user, backend } = renderApp({ signedInAs: 'giamsat' });
    await screen.findByTestId('home');
    await user.click(screen.getByTestId('nav-batches'));
    await screen.findByTestId('review-entry-fields');
    await user.click(screen.getByTestId('qa-open'));

    expect(await screen.findByTestId('qa-summary')).toHaveTextContent('Ac=0 Re=1');
    expect(screen.getByTestId('qa-explain')).toHaveTextContent('chọn ngẫu nhiên');
    expect(screen.getByTestId('qa-passes')).toHaveTextContent('tự kiểm tra (canbo, sửa 4 trường)');
    const items = screen.getAllByTestId('qa-sample-item');
    expect(items.length).toBe(3);

    for (const [i, item] of items.entries()) {
      await user.click(item);
      const form = await screen.findByTestId('qa-blind-form');
      // blind: no field table with the clerk's values
      expect(screen.queryByTestId('review-entry-fields')).toBeNull();
      const entryId = Number(item.getAttribute('data-entry-id'));
      const clerk = await backend.batchReviewEntry(entryId);
      for (const f of clerk.fields) {
        const input = form.querySelector<HTMLInputElement>(`input[data-field="${f.field}"]`);
        if (!input) continue;
        const typed = f.illegible ? '???' : i === 1 && f.field === 'nksHoTen' ? 'Nguyễn Văn Sai' : f.value.replace(/^0/, '');
        await user.type(input, typed);
      }
      await user.click(within(form).getByTestId('qa-compare'));
      await screen.findByTestId('qa-comparison');
    }
    // the injected difference is open; arbitrate: the supervisor is right
    const diff = screen.getAllByTestId('qa-field').find((r) => r.getAttribute('data-agree') === 'false');
    expect(diff?.getAttribute('data-field') ?? null, diff?.textContent ?? '').toBeNull(); // the last entry had no error
    await user.click(items[1]!);
    const row = (await screen.findAllByTestId('qa-field')).find((r) => r.getAttribute('data-agree') === 'false')!;
    expect(row).toHaveAttribute('data-field', 'nksHoTen');
    await user.click(within(row).getByTestId('qa-arb-supervisor'));
    expect(await screen.findByTestId('qa-proposal')).toHaveAttribute('data-decision', 'return');
    await user.click(screen.getByTestId('qa-return'));
    await screen.findByTestId('qa-decided');
    const verdict = backend.calls.filter((c) => c.command === 'qa_decide');
    expect(verdict.length).toBe(1);
    await waitFor(() => expect(backend.batch.imported.length).toBeGreaterThan(0));
    // three blind forms typed key by key: slower than most tests on a loaded machine
  }, 30000);
});

describe('Supervisor quality dashboard (issue 12)', () => {
  it('lists field error rates per clerk and per field after a re-key, and issues the certificate of a batch', async () => {
    const { user, backend } = renderApp({ signedInAs: 'giamsat' });
    await screen.findByTestId('home');
    const r = await backend.qaOpenReview(101);
    const e = r.sample[0]!;
    const clerk = await backend.batchReviewEntry(e.entryId);
    await backend.qaRekey(r.id, e.entryId, clerk.fields.map((f) => (f.field === 'ngayDangKy' ? { ...f, value: '1/1/1999' } : f)));
    await backend.qaArbitrate(r.id, e.entryId, 'ngayDangKy', 'supervisor', null);
    await user.click(screen.getByTestId('nav-batches'));
    await user.click(await screen.findByTestId('batch-tab-quality'));
    const byField = await screen.findByTestId('qa-rates-field');
    expect(byField).toHaveTextContent('Ngày đăng ký');
    expect(within(byField).getAllByRole('row')[1]).toHaveTextContent(/Ngày đăng ký\s*1\s*1\s*100,00/);
    expect(screen.getByTestId('qa-rates-clerk')).toHaveTextContent('canbo');
    await user.click(screen.getAllByTestId('qa-certify')[0]!);
    expect(await screen.findByTestId('qa-cert-done')).toHaveTextContent('.pdf.sig.json');
  });
});
