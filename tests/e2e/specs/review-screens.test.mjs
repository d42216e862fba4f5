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
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { launch, workspace, byTestId, choose, screenshot as saveScreenshot, DEMO_PASSWORD } from '../lib/app.mjs';

const root = path.resolve(import.meta.dirname, '../../..');
const cli = process.env.SOHOA_CLI ?? path.join(root, 'target/debug/sohoa');
const PASSPHRASE = 'mat-khau-goi-e2e-man-hinh-2025';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sohoa-e2e-screens-'));
const communeWs = path.join(tmp, 'xa');
const supervisorWs = path.join(tmp, 'giam-sat');
const state = { book: null, field: '', oldValue: '', newValue: '', packagePath: '', deviceFile: '', communeCode: '' };

let app;
before(async () => {
  fs.cpSync(workspace(), communeWs, { recursive: true });
  app = await launch({ args: [communeWs] });
});
after(async () => {
  await app?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const text = (el) => el.getProperty('textContent');
async function screenshot(browser, name) {
  await browser.execute(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(null)))));
  await browser.pause(500);
  await saveScreenshot(browser, name);
}
const value = async (browser, id) => (await byTestId(browser, id)).getProperty('value');
async function signIn(browser, username) {
  await (await byTestId(browser, 'login-username')).setValue(username);
  await (await byTestId(browser, 'login-password')).setValue(DEMO_PASSWORD);
  await (await byTestId(browser, 'login-submit')).click();
  await byTestId(browser, 'home');
}
async function openBatches(browser) {
  await (await byTestId(browser, 'nav-batches')).click();
  await byTestId(browser, 'batch');
}
async function outcome(browser, done, error, timeout = 120000) {
  await browser.waitUntil(
    async () => (await browser.$(`[data-testid="${done}"]`).isExisting()) || (await browser.$(`[data-testid="${error}"]`).isExisting()),
    { timeout, timeoutMsg: `${done} or ${error}` },
  );
  const err = await browser.$(`[data-testid="${error}"]`);
  if (await err.isExisting()) assert.fail(`${error}: ${await text(err)}`);
  return browser.$(`[data-testid="${done}"]`);
}
function sohoa(args, env = {}) {
  return execFileSync(cli, args, { encoding: 'utf8', env: { ...process.env, SOHOA_PASSWORD: DEMO_PASSWORD, ...env } });
}
const invoke = (browser, cmd, args) => browser.execute(async (c, a) => window.__TAURI_INTERNALS__.invoke(c, a), cmd, args ?? {});

test('the clerk runs a self check over a ready book, changes a field, and finishes the pass', async () => {
  const { browser } = app;
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
  const { browser } = app;
  await (await byTestId(browser, 'pass-start-second')).click();
  const err = await byTestId(browser, 'pass-error', 20000);
  assert.match(await text(err), /tài khoản khác/);
  await screenshot(browser, 'pass-second-refused');
});

test('Ctrl+Shift+PageDown adds the next page to the entry, which shows its pages', async () => {
  const { browser } = app;
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
  const { browser } = app;
  await (await byTestId(browser, 'keying-back')).click();
  await (await byTestId(browser, 'nav-home')).click();
  const passes = await browser.$(`[data-testid="book-row"][data-book-id="${state.book.bookId}"] [data-testid="book-passes"]`);
  await passes.waitForExist({ timeout: 30000, timeoutMsg: 'the book row lists its passes' });
  assert.match(await text(passes), /Tự kiểm tra \(canbo\): 1 trường sửa/);
  await passes.scrollIntoView();
  await screenshot(browser, 'books-with-passes');
});

test('the clerk sends the ready books and saves the device file', async () => {
  const { browser } = app;
  await openBatches(browser);
  await byTestId(browser, 'batch-books');
  await (await byTestId(browser, 'lock-passphrase')).click();
  await (await byTestId(browser, 'batch-passphrase')).setValue(PASSPHRASE);
  await (await byTestId(browser, 'batch-passphrase-again')).setValue(PASSPHRASE);
  state.packagePath = await value(browser, 'batch-path');
  await (await byTestId(browser, 'batch-export')).click();
  await outcome(browser, 'batch-export-done', 'batch-error', 180000);
  await (await byTestId(browser, 'batch-tab-device')).click();
  state.deviceFile = await value(browser, 'device-file-path');
  await (await byTestId(browser, 'device-file-save')).click();
  await byTestId(browser, 'device-file-saved');
  state.communeCode = JSON.parse(fs.readFileSync(state.deviceFile, 'utf8')).commune.code;
});

test('the supervisor sees the book’s self check and the field it changed', async () => {
  const authority = path.join(communeWs, 'KHOA-TINH-MAU-chi-de-thu');
  const provinceKey = JSON.parse(fs.readFileSync(path.join(authority, 'province-key.json'), 'utf8'));
  sohoa(
    ['workspace', 'create', '--out', supervisorWs, '--commune-code', '12', '--commune-name', 'Sở Tư pháp (thử)', '--username', 'giamsat',
      '--display-name', 'Trần Văn Minh', '--role', 'supervisor', '--scope', `qd19_2025:${state.communeCode}`,
      '--province-key', path.join(authority, 'province-key.json'), '--province-fingerprint', provinceKey.fingerprint, '--insecure-fast-kdf'],
    { SOHOA_NEW_PASSWORD: DEMO_PASSWORD },
  );
  const supDevice = path.join(tmp, 'giam-sat.sohoa-device.json');
  const cert = path.join(tmp, 'chung-nhan-giam-sat.json');
  sohoa(['batch', 'identity', '-w', supervisorWs, '-u', 'giamsat', '--out', supDevice]);
  sohoa(['province', 'enrol', '--authority', authority, '--device-file', supDevice, '--role', 'supervisor', '--scope',
    `qd19_2025:${state.communeCode}`, '--out', cert], { SOHOA_PROVINCE_PASSPHRASE: 'sohoa-demo-tinh-mau' });
  sohoa(['trust', 'import', '-w', supervisorWs, '-u', 'giamsat', cert]);
  sohoa(['batch', 'trust', '-w', supervisorWs, '-u', 'giamsat', '--file', state.deviceFile]);
  await app.close();
  app = await launch({ args: [supervisorWs] });
  const { browser } = app;
  await signIn(browser, 'giamsat');
  await openBatches(browser);
  await choose(app, 'receive-path', state.packagePath);
  await (await byTestId(browser, 'receive-passphrase')).setValue(PASSPHRASE);
  await (await byTestId(browser, 'receive-verify')).click();
  const report = await byTestId(browser, 'verify-report', 120000);
  assert.equal(await report.getAttribute('data-ok'), 'true', await text(report));
  await (await byTestId(browser, 'receive-import')).click();
  await outcome(browser, 'receive-done', 'receive-error', 180000);
  await byTestId(browser, 'review-entry-fields', 60000);
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
  const { browser } = app;
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

  const row = await byTestId(browser, `qa-switching-${state.communeCode}`, 20000);
  await (await row.$('[data-testid="qa-reduced-edit"]')).click();
  await (await byTestId(browser, 'qa-reduced-authority')).setValue('Sở Tư pháp tỉnh Thái Nguyên');
  await (await byTestId(browser, 'qa-reduced-reference')).setValue('Công văn 123/STP-HCTP');
  await (await byTestId(browser, 'qa-reduced-date')).setValue('01/12/2026');
  await (await byTestId(browser, 'qa-reduced-save')).click();
  await browser.waitUntil(async () => (await text(await byTestId(browser, `qa-switching-${state.communeCode}`))).includes('Sở Tư pháp tỉnh Thái Nguyên'), {
    timeout: 20000,
    timeoutMsg: 'the approval recorded',
  });
  // approved, but the score is not there yet: not allowed
  assert.equal((await text(await (await byTestId(browser, `qa-switching-${state.communeCode}`)).$('[data-testid="qa-switching-allowed"]'))).trim(), 'Không');
  await screenshot(browser, 'qa-settings');
});

test('the quality tab draws the error rates over time as a chart', async () => {
  const { browser } = app;
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
