import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { EntryCandidates } from '../../lib/api';
import type { FakeBackend } from '../../lib/api/fake';
import { renderApp, stubViewerEnvironment } from '../../test/helpers';
import { CandidateCheck, identity, type CheckState } from './candidates';

// jsdom has neither ResizeObserver nor object URLs: the viewer gets a fixed-size stage.
stubViewerEnvironment();

async function openBook(bookId: number, prepare?: (b: FakeBackend) => void) {
  const app = renderApp({ signedInAs: 'canbo' });
  prepare?.(app.backend);
  const open = await screen.findAllByTestId('book-open');
  await app.user.click(open.find((b) => b.closest('tr')?.dataset.bookId === String(bookId)) as HTMLElement);
  await screen.findByTestId('entry-form');
  return app;
}

const field = (name: string) => document.getElementById(`kf-${name}`) as HTMLInputElement;
const commands = (b: FakeBackend, name: string) => b.calls.filter((c) => c.command === name);
const inForm = () => !!document.activeElement?.closest('[data-testid="entry-form"]');
const SLOW = { timeout: 4000 };

/** Keys the child's name and birth date of a KS entry whose person is in the fake extract. */
async function keyKnownChild(app: Awaited<ReturnType<typeof openBook>>) {
  await app.user.click(field('nksHoTen'));
  await app.user.keyboard('Hoàng Thị Thuỷ');
  await app.user.click(field('nksNgaySinh'));
  await app.user.keyboard('3/9/1999{Tab}');
}

describe('Population check beside the keying form', () => {
  it('shows a quiet hint until the name and birth date are keyed, then the person from the extract with the ID number masked', async () => {
    const app = await openBook(1);
    expect(within(screen.getByTestId('check-panel')).getByTestId('check-hint')).toHaveTextContent('Nhập họ tên và ngày sinh');
    await app.user.click(field('nksHoTen'));
    await app.user.keyboard('Hoàng Thị Thuỷ{Tab}');
    await waitFor(() => expect(screen.getByTestId('save-state')).toHaveAttribute('data-state', 'saved'), SLOW);
    expect(commands(app.backend, 'dedupe_candidates')).toHaveLength(0);
    await app.user.click(field('nksNgaySinh'));
    await app.user.keyboard('3/9/1999{Tab}');
    const person = await screen.findByTestId('check-person', {}, SLOW);
    expect(person).toHaveAttribute('data-band', 'match');
    expect(person).toHaveTextContent('Hoàng Thị Thủy');
    expect(person).toHaveTextContent('Khớp');
    expect(within(person).getByTestId('check-person-id')).toHaveTextContent('019*******45');
    expect(person).not.toHaveTextContent('019199012345');
    expect(inForm()).toBe(true);
  });

  it('asks once per change of the identifying fields, not on every save', async () => {
    const app = await openBook(1);
    await keyKnownChild(app);
    await screen.findByTestId('check-person', {}, SLOW);
    const asked = commands(app.backend, 'dedupe_candidates').length;
    expect(asked).toBe(1);
    await app.user.click(field('nksDanToc'));
    await app.user.keyboard('Tày{Tab}');
    await waitFor(() => expect(screen.getByTestId('save-state')).toHaveAttribute('data-state', 'saved'), SLOW);
    expect(commands(app.backend, 'dedupe_candidates')).toHaveLength(asked);
  });

  it('Alt+1 records "same person" under the full ID number and keeps the caret in the form', async () => {
    const app = await openBook(1);
    await keyKnownChild(app);
    await screen.findByTestId('check-person', {}, SLOW);
    await app.user.click(field('nksNoiSinh'));
    await app.user.keyboard('{Alt>}1{/Alt}');
    await waitFor(() => expect(commands(app.backend, 'dedupe_decide')).toHaveLength(1), SLOW);
    expect(commands(app.backend, 'dedupe_decide')[0]?.args).toMatchObject({ kind: 'person', candidateId: '019199012345', decision: 'same_person' });
    expect(await screen.findByTestId('check-decision', {}, SLOW)).toHaveTextContent('Cùng một người');
    expect(document.activeElement).toBe(field('nksNoiSinh'));
  });

  it('"Không phải" is a click away and the caret stays where it was', async () => {
    const app = await openBook(1);
    await keyKnownChild(app);
    const person = await screen.findByTestId('check-person', {}, SLOW);
    field('nksNoiSinh').focus();
    await app.user.click(within(person).getByTestId('check-not-same'));
    await waitFor(() => expect(commands(app.backend, 'dedupe_decide')[0]?.args).toMatchObject({ decision: 'not_same' }), SLOW);
    expect(document.activeElement).toBe(field('nksNoiSinh'));
  });

  it('explains the score field by field on demand (Alt+3)', async () => {
    const app = await openBook(1);
    await keyKnownChild(app);
    await screen.findByTestId('check-person', {}, SLOW);
    expect(screen.queryByTestId('explanation')).toBeNull();
    await fireEvent.keyDown(window, { key: '3', code: 'Digit3', altKey: true });
    const why = await screen.findByTestId('explanation');
    expect(within(why).getByTestId('why-birth_date')).toHaveTextContent('Ngày sinh trùng khớp');
    expect(inForm()).toBe(true);
  });

  it('without a population extract, says so quietly', async () => {
    const app = await openBook(1, (b) => b.dedupe.dropExtract());
    await keyKnownChild(app);
    expect(await screen.findByTestId('check-no-extract', {}, SLOW)).toHaveTextContent('Chưa nhập dữ liệu dân cư');
    expect(screen.queryByTestId('check-person')).toBeNull();
  });

  it('checks the deceased of a death register too', async () => {
    const app = await openBook(3);
    await app.user.click(field('nktHoTen'));
    await app.user.keyboard('Nông Văn Hải');
    await app.user.click(field('nktNgaySinh'));
    await app.user.keyboard('11/7/1999{Tab}');
    const person = await screen.findByTestId('check-person', {}, SLOW);
    expect(person).toHaveTextContent('Nông Văn Hải');
    expect(within(person).getByTestId('check-person-id')).toHaveTextContent('019*******21');
  });

  it('F9 opens the full adjudication of this entry on the duplicates screen', async () => {
    const app = await openBook(1);
    await keyKnownChild(app);
    await screen.findByTestId('check-person', {}, SLOW);
    const entryId = (commands(app.backend, 'dedupe_candidates')[0]?.args as { entryId: number }).entryId;
    await app.user.keyboard('{F9}');
    await waitFor(() => expect(commands(app.backend, 'dedupe_adjudication').map((c) => (c.args as { entryId: number }).entryId)).toContain(entryId), SLOW);
    expect(await screen.findByTestId('entry-name', {}, SLOW)).toHaveTextContent('Hoàng Thị Thuỷ');
  });
});

describe('CandidateCheck', () => {
  const result = (entryId: number, n: number): EntryCandidates => ({ entryId, checked: true, hasExtract: true, persons: [], records: [], ms: n });
  const values = (name: string, dob: string) => ({
    nksHoTen: { field: 'nksHoTen', value: name, illegible: false },
    nksNgaySinh: { field: 'nksNgaySinh', value: dob, illegible: false },
  });

  it('needs both the name and the birth date, and ignores fields that do not identify the person', () => {
    expect(identity('KS', values('Lò Văn Pó', ''))).toBeNull();
    expect(identity('KS', values('Lò Văn Pó', '1999'))).not.toBeNull();
    expect(identity('KS', { ...values('Lò Văn Pó', '1999'), nksDanToc: { field: 'nksDanToc', value: 'Thái', illegible: false } })).toBe(
      identity('KS', values('Lò Văn Pó', '1999')),
    );
    expect(identity('GHX', values('Lò Văn Pó', '1999'))).toBeNull();
  });

  it('drops an answer that arrives after a newer one was asked for', async () => {
    const pending: ((r: EntryCandidates) => void)[] = [];
    const states: CheckState[] = [];
    const check = new CandidateCheck(
      () => new Promise<EntryCandidates>((resolve) => pending.push(resolve)),
      (s) => states.push(s),
      () => 'error',
      0,
    );
    check.update('KS', 7, values('Lò Văn Pó', '1999'), true);
    check.update('KS', 7, values('Lò Văn Pò', '1999'), true);
    expect(pending).toHaveLength(2);
    pending[1]?.(result(7, 2));
    await Promise.resolve();
    pending[0]?.(result(7, 1));
    await new Promise((r) => setTimeout(r, 0));
    const ready = states.filter((s) => s.kind === 'ready');
    expect(ready).toHaveLength(1);
    expect(ready[0]?.kind === 'ready' && ready[0].result.ms).toBe(2);
  });

  it('forgets the answers of an entry left for another one', async () => {
    const pending: ((r: EntryCandidates) => void)[] = [];
    const states: CheckState[] = [];
    const check = new CandidateCheck(() => new Promise<EntryCandidates>((resolve) => pending.push(resolve)), (s) => states.push(s), () => 'error', 0);
    check.update('KS', 7, values('Lò Văn Pó', '1999'), true);
    check.update('KS', null, {});
    pending[0]?.(result(7, 1));
    await new Promise((r) => setTimeout(r, 0));
    expect(states.at(-1)).toEqual({ kind: 'waiting' });
  });
});
