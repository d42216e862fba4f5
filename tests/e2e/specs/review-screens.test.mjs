// The screens of issue 12 left after review-qa (and issue 11's page command), in the real app:
//   clerk: opens a ready book on the keying screen, starts a self check, changes one field,
//          finishes the pass (the field changed is listed), cannot start the second check on a
//          book they keyed (the core's rule, the message shown), sees the pass in the book list,
//          adds the next page to an entry with Ctrl+Shift+PageDown; sends the ready books;
//   supervisor: imports the package, sees the book's pass and its field-level diff in the
//          review; on the settings tab the province's AQL changes the plan shown for a lot of
//          300; records the authority's approval of reduced inspection for the commune; the
//          quality tab draws the error rates as a chart after one re-key.
// Works on a copy of the demo workspace (SOHOA_E2E_WORKSPACE).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { byTestId } from '../lib/app.mjs';
import { appOnDemo } from '../lib/spec.mjs';
import { signIn, openBatches, text, invoke, screenshotPainted as screenshot } from '../lib/steps.mjs';
import { sendBatch, superviseBatch } from '../lib/batch.mjs';

const PASSPHRASE = 'mat-khau-goi-e2e-man-hinh-2025';
const spec = appOnDemo('screens');
const state = { book: null, field: '', oldValue: '', newValue: '', sent: null };

test('the clerk runs a self check over a ready book, changes a field, and finishes the pass', async () => {
  const { browser } = spec.app;
  await signIn(browser, 'canbo');
  const ready = (await invoke(browser, 'batch_candidates')).filter((b) => b.ready);
  assert.ok(ready.length > 0, 'the demo has books ready to send');
  state.book = ready[0];
  const open = await browser.$(`[data-testid="book-row"][data-book-id="${state.book.bookId}"] [data-testid="book-open"]`);
  await open.waitForExist({ timeout: 30000 });
  // the row may sit under the table's sticky header: scrolled into view and pressed from the page
  await browser.execute((id) => document.querySelector(`[data-testid="book-row"][data-book-id="${id}"] [data-testid="book-open"]`).click(), state.book.bookId);
  await byTestId(browser, 'entry-form', 30000);
  await byTestId(browser, 'pass-bar', 30000);
  await (await byTestId(browser, 'pass-start-self')).click();
  await byTestId(browser, 'pass-running', 20000);

  // the book opens on a new entry after its last one: PageUp goes back to the last keyed entry
  await browser.keys('PageUp');
  await browser.waitUntil(async () => !/mới/.test(await (await byTestId(browser, 'entry-position')).getText()), {
    timeout: 20000,
    timeoutMsg: 'a keyed entry on screen',
  });
  // one name field of the entry on screen, changed as a checker would after reading the scan
  const field = await browser.execute(() => {
    const i = [...document.querySelectorAll('input[data-field]')].find((x) => /HoTen$/.test(x.dataset.field ?? '') && x.value && !x.readOnly);
    return i ? { name: i.dataset.field, value: i.value } : null;
  });
  assert.ok(field, 'a keyed name field on the entry');
  state.field = field.name;
  state.oldValue = field.value;
  state.newValue = `${field.value} Anh`;
  const input = await browser.$(`#kf-${field.name}`);
  await input.click();
  await input.setValue(state.newValue);
  await browser.keys('Tab');
  await browser.waitUntil(async () => (await (await byTestId(browser, 'save-state')).getAttribute('data-state')) === 'saved', {
    timeout: 20000,
    timeoutMsg: 'the change is saved',
  });
  await screenshot(browser, 'pass-running');
  await (await byTestId(browser, 'pass-finish')).click();
  const done = await byTestId(browser, 'pass-finished', 20000);
  assert.match(await text(done), /1 trường được sửa/);
  const changes = await text(await byTestId(browser, 'pass-changes'));
  assert.ok(changes.includes(state.oldValue) && changes.includes(state.newValue), changes);
  await screenshot(browser, 'pass-finished');
});

test('the second check is refused to the account that keyed the book, with the core’s message', async () => {
  const { browser } = spec.app;
  await (await byTestId(browser, 'pass-start-second')).click();
  const err = await byTestId(browser, 'pass-error', 20000);
  assert.match(await text(err), /tài khoản khác/);
  await screenshot(browser, 'pass-second-refused');
});

test('Ctrl+Shift+PageDown adds the next page to the entry, which shows its pages', async () => {
  const { browser } = spec.app;
  // the first entry of the book (the last one sits on the last page, with no page after it)
  await browser.keys(['Control', 'g']);
  await (await byTestId(browser, 'goto-input')).setValue('#1');
  await (await byTestId(browser, 'goto-submit')).click();
  await browser.waitUntil(async () => /Bản ghi 1\//.test(await (await byTestId(browser, 'entry-position')).getText()), {
    timeout: 20000,
    timeoutMsg: 'the first entry on screen',
  });
  const strip = await byTestId(browser, 'entry-pages', 20000);
  const before = (await strip.getAttribute('data-pages')).split(',').filter(Boolean);
  // the entry on screen is checked, so still editable; the book has a page after it unless it is the last
  await (await browser.$(`#kf-${state.field}`)).click();
  await browser.keys(['Control', 'Shift', 'PageDown']);
  await browser.waitUntil(async () => (await strip.getAttribute('data-pages')).split(',').filter(Boolean).length === before.length + 1, {
    timeout: 20000,
    timeoutMsg: `a page added to ${before.join(',')}`,
  });
  const after = (await strip.getAttribute('data-pages')).split(',').map(Number);
  assert.equal(after[after.length - 1], Math.max(...before.map(Number)) + 1, 'the page after the last one the entry spans');
  await screenshot(browser, 'entry-two-pages');
  // take it away again: the book is sent as it was keyed
  await (await browser.$('[data-testid="entry-pages"] button.tb')).click();
  await browser.waitUntil(async () => (await strip.getAttribute('data-pages')).split(',').filter(Boolean).length === before.length, { timeout: 20000 });
});

test('the book list shows the pass the book went through', async () => {
  const { browser } = spec.app;
  await (await byTestId(browser, 'keying-back')).click();
  await (await byTestId(browser, 'nav-home')).click();
  const passes = await browser.$(`[data-testid="book-row"][data-book-id="${state.book.bookId}"] [data-testid="book-passes"]`);
  await passes.waitForExist({ timeout: 30000, timeoutMsg: 'the book row lists its passes' });
  assert.match(await text(passes), /Tự kiểm tra \(canbo\): 1 trường sửa/);
  await passes.scrollIntoView();
  await screenshot(browser, 'books-with-passes');
});

test('the clerk sends the ready books and saves the device file', async () => {
  const { browser } = spec.app;
  await openBatches(browser);
  state.sent = await sendBatch(browser, PASSPHRASE);
});

test('the supervisor sees the book’s self check and the field it changed', async () => {
  const browser = await superviseBatch(spec, state.sent, PASSPHRASE);
  const mine = await browser.$(`[data-testid="imported-book"]*=${state.book.quyenSo}`);
  await mine.click();
  await byTestId(browser, 'review-entry-fields', 30000);
  await (await byTestId(browser, 'qa-open')).click();
  await byTestId(browser, 'qa-summary', 30000);
  assert.match(await text(await byTestId(browser, 'qa-passes')), /tự kiểm tra \(canbo, sửa 1 trường\)/i);
  const diff = await byTestId(browser, 'qa-pass-diff');
  await diff.$('summary').click();
  await browser.waitUntil(async () => (await text(diff)).includes(state.newValue), { timeout: 20000, timeoutMsg: 'the diff of the pass' });
  const t = await text(diff);
  assert.ok(t.includes(state.oldValue) && !t.includes(state.field), `the field named by its label: ${t}`);
  await diff.scrollIntoView();
  await screenshot(browser, 'qa-pass-diff');
});

test('the province setting changes the plan shown for a lot, and the supervisor records the authority’s approval', async () => {
  const { browser } = spec.app;
  await (await byTestId(browser, 'batch-tab-qaSettings')).click();
  await byTestId(browser, 'qa-settings', 20000);
  const lot = await byTestId(browser, 'qa-preview-lot');
  await lot.setValue('300');
  const summary = async () => text(await byTestId(browser, 'qa-preview-summary', 20000));
  await browser.waitUntil(async () => (await summary()) === 'code=H n=50 Ac=1 Re=2', { timeout: 20000, timeoutMsg: 'lot 300 at AQL 1.0' });
  await (await byTestId(browser, 'qa-settings-aql')).selectByVisibleText('2,5');
  await browser.waitUntil(async () => (await summary()) === 'code=H n=50 Ac=3 Re=4', { timeout: 20000, timeoutMsg: `lot 300 at AQL 2.5: ${await summary()}` });
  await (await byTestId(browser, 'qa-settings-save')).click();
  await byTestId(browser, 'qa-settings-saved', 20000);
  assert.match(await text(await byTestId(browser, 'qa-settings-current')), /AQL 2,5/);
  const s = await invoke(browser, 'qa_settings');
  assert.equal(s.settings.aql, 2.5);

  const row = await byTestId(browser, `qa-switching-${state.sent.communeCode}`, 20000);
  await (await row.$('[data-testid="qa-reduced-edit"]')).click();
  await (await byTestId(browser, 'qa-reduced-authority')).setValue('Sở Tư pháp tỉnh Thái Nguyên');
  await (await byTestId(browser, 'qa-reduced-reference')).setValue('Công văn 123/STP-HCTP');
  await (await byTestId(browser, 'qa-reduced-date')).setValue('01/12/2026');
  await (await byTestId(browser, 'qa-reduced-save')).click();
  await browser.waitUntil(async () => (await text(await byTestId(browser, `qa-switching-${state.sent.communeCode}`))).includes('Sở Tư pháp tỉnh Thái Nguyên'), {
    timeout: 20000,
    timeoutMsg: 'the approval recorded',
  });
  // approved, but the score is not there yet: not allowed
  assert.equal((await text(await (await byTestId(browser, `qa-switching-${state.sent.communeCode}`)).$('[data-testid="qa-switching-allowed"]'))).trim(), 'Không');
  await screenshot(browser, 'qa-settings');
});

test('the quality tab draws the error rates over time as a chart', async () => {
  const { browser } = spec.app;
  // one sampled entry re-keyed through the app's commands with one name wrong, then arbitrated
  const review = await browser.execute(async () => {
    const inv = window.__TAURI_INTERNALS__.invoke;
    const pkgs = (await inv('batch_imported', {})).filter((p) => p.kind === 'batch');
    const books = await inv('batch_imported_books', { importId: pkgs[0].id });
    const r = await inv('qa_open_review', { bookId: books[0].book.id });
    const e = await inv('batch_review_entry', { entryId: r.sample[0].entryId });
    let wrong = null;
    const values = e.fields.map((f) => {
      if (!wrong && /HoTen$/.test(f.field) && !f.illegible) {
        wrong = f.field;
        return { field: f.field, value: 'Sai Văn Tên', illegible: false };
      }
      return { field: f.field, value: f.value, illegible: f.illegible };
    });
    await inv('qa_rekey', { reviewId: r.id, entryId: r.sample[0].entryId, values });
    await inv('qa_arbitrate', { reviewId: r.id, entryId: r.sample[0].entryId, field: wrong, arbitration: 'supervisor', correctValue: null });
    return wrong;
  });
  assert.ok(review);
  await (await byTestId(browser, 'batch-tab-receive')).click();
  await (await byTestId(browser, 'batch-tab-quality')).click();
  const chart = await byTestId(browser, 'qa-rate-chart', 20000);
  assert.equal(await chart.getAttribute('data-months'), '1');
  assert.equal(await chart.getAttribute('data-lines'), '1');
  await (await byTestId(browser, 'qa-chart-by-field')).click();
  await browser.waitUntil(async () => Number(await chart.getAttribute('data-lines')) >= 2, { timeout: 10000, timeoutMsg: 'one line per field' });
  await screenshot(browser, 'qa-error-rate-chart');
});
