// Duplicate flagging in the real app: the clerk opens "Trùng lặp", (if the demo has no extract yet)
// imports the population extract through the mapping step, runs matching, and works the queue
// with the keyboard: a true match, a near miss and a birth keyed twice, each screenshotted.
//
// Needs the demo workspace (SOHOA_E2E_WORKSPACE). When the demo has not imported the extract, the
// sample extract of the same seed is read from SOHOA_E2E_EXTRACT (e.g. written by
// `cargo run --release -p sohoa-sample --example render_sample -- DIR 2025` → DIR/extract.csv).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { launch, workspace, byTestId, screenshot, DEMO_PASSWORD } from '../lib/app.mjs';

let app;
before(async () => { app = await launch({ args: [workspace()] }); });
after(async () => { await app?.close(); });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function signIn(browser) {
  await (await byTestId(browser, 'login-username')).setValue('canbo');
  await (await byTestId(browser, 'login-password')).setValue(DEMO_PASSWORD);
  await (await byTestId(browser, 'login-submit')).click();
  await byTestId(browser, 'home');
}

/** Puts a file into an <input type=file> the way a user picking it would (DataTransfer). */
async function chooseFile(browser, testId, name, text) {
  await browser.execute(
    (id, fileName, content) => {
      const input = document.querySelector(`[data-testid="${id}"]`);
      const dt = new DataTransfer();
      dt.items.add(new File([content], fileName, { type: 'text/csv' }));
      input.files = dt.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
    },
    testId,
    name,
    text,
  );
}

async function queueItems(browser) {
  return browser.$$('[data-testid="queue-item"]');
}

/** Whether the workspace has a population extract (the queue strip says so). */
async function hasExtract(browser) {
  const text = await (await byTestId(browser, 'dedupe-queue')).getText();
  return !text.includes('Chưa nhập dữ liệu dân cư');
}

/** Runs matching once if the queue is empty (a demo made without a run). */
async function ensureRun(browser) {
  await sleep(1000);
  if ((await queueItems(browser)).length > 0) return;
  await (await byTestId(browser, 'dedupe-run')).click();
  await byTestId(browser, 'dedupe-run-message', 180000);
  await browser.waitUntil(async () => (await queueItems(browser)).length > 0, { timeout: 60000, timeoutMsg: 'the run found candidates' });
}

async function waitForEntry(browser) {
  await byTestId(browser, 'dedupe-entry', 60000);
  await byTestId(browser, 'candidate', 60000);
  await sleep(400); // the scan image
}

test('the clerk opens the duplicate queue from the navigation', async () => {
  const { browser } = app;
  await signIn(browser);
  await (await byTestId(browser, 'nav-duplicates')).click();
  await byTestId(browser, 'dedupe');
  await byTestId(browser, 'dedupe-counts', 60000).catch(() => {});
});

test('without an extract, the clerk imports it after confirming the column mapping', async (t) => {
  const { browser } = app;
  await sleep(1500);
  const hasItems = (await queueItems(browser)).length > 0;
  const summary = await (await byTestId(browser, 'dedupe-queue')).getText();
  if (hasItems && !summary.includes('Chưa nhập dữ liệu dân cư')) {
    t.skip('the demo workspace already has the extract and a run');
    return;
  }
  const file = process.env.SOHOA_E2E_EXTRACT;
  if (!file || !fs.existsSync(file)) {
    t.skip('SOHOA_E2E_EXTRACT not set');
    return;
  }
  await (await byTestId(browser, 'dedupe-tab-extract')).click();
  await byTestId(browser, 'extract-import');
  // a few broken lines appended, to see the line-level report
  const text = fs.readFileSync(file, 'utf8').replace(/\n*$/, '\n');
  const cols = text.split('\n')[0].split(',').length;
  const pad = (cells) => cells.concat(Array(Math.max(0, cols - cells.length)).fill('')).join(',');
  const broken = text + pad(['0123', 'Sai Số Định Danh', '01/01/1990', 'Nam']) + '\n';
  await chooseFile(browser, 'extract-file', 'trich-xuat-dan-cu.csv', broken);
  const preview = await byTestId(browser, 'extract-preview', 60000);
  assert.match(await preview.getText(), /dòng lỗi/);
  await (await byTestId(browser, 'extract-source')).setValue('Công an xã Phú Đình');
  await (await byTestId(browser, 'extract-counts')).scrollIntoView({ block: 'center' });
  await sleep(500);
  await screenshot(browser, 'dedupe-extract-mapping');
  await (await byTestId(browser, 'extract-submit')).click();
  const report = await byTestId(browser, 'extract-report', 120000);
  assert.match(await report.getText(), /Đã nhập/);
  await (await byTestId(browser, 'extract-run-now')).click();
  await byTestId(browser, 'dedupe-run-message', 180000);
});

test('the queue shows a true match with its explanation, and 1 links the person', async (t) => {
  const { browser } = app;
  await ensureRun(browser);
  if (!(await hasExtract(browser))) {
    t.skip('no population extract in this workspace (set SOHOA_E2E_EXTRACT, or a demo that imports it)');
    return;
  }
  const items = await queueItems(browser);
  await waitForEntry(browser);
  // a true match whose entry has its page scan (only the first pages of the demo books are scanned)
  for (let i = 0; i < Math.min(items.length, 120); i++) {
    if (await (await browser.$('[data-testid="entry-scan"]')).isExisting()) break;
    const name = await (await byTestId(browser, 'entry-name')).getText();
    await browser.keys('j'); // the next entry, as a clerk would
    await browser.waitUntil(async () => (await (await byTestId(browser, 'entry-name')).getText()) !== name, { timeout: 10000 }).catch(() => {});
    await waitForEntry(browser);
  }
  const cand = await browser.$('[data-testid="candidate"]');
  assert.equal(await cand.getAttribute('data-band'), 'match', 'best first: the first entry is a match');
  const why = await (await cand.$('[data-testid="explanation"]')).getText();
  assert.match(why, /Họ tên/);
  assert.match(why, /Ngày sinh/);
  await browser.execute((el) => el.scrollIntoView({ block: 'end' }), cand);
  await sleep(300);
  await screenshot(browser, 'dedupe-true-match');
  const before = Number((await (await byTestId(browser, 'count-linked')).getText()).replace(/\D/g, ''));
  await browser.keys('1');
  await browser.waitUntil(
    async () => Number((await (await byTestId(browser, 'count-linked')).getText()).replace(/\D/g, '')) === before + 1,
    { timeout: 20000, timeoutMsg: 'the same-person decision links the ID number' },
  );
});

test('a near miss: a person candidate only in the possible band', async (t) => {
  const { browser } = app;
  if (!(await hasExtract(browser))) {
    t.skip('no population extract in this workspace');
    return;
  }
  const nearMiss = '[data-testid="queue-item"][data-band="possible"]:not([data-persons="0"])';
  // weakest entries come last: show more until one appears
  for (let i = 0; i < 30 && !(await (await browser.$(nearMiss)).isExisting()); i++) {
    const more = await browser.$('[data-testid="queue-more"]');
    if (!(await more.isExisting())) break;
    await more.scrollIntoView({ block: 'center' });
    await more.click();
    await sleep(700);
  }
  const item = await browser.$(nearMiss);
  assert.ok(await item.isExisting(), 'a near miss in the queue');
  await item.scrollIntoView({ block: 'center' });
  await item.click();
  await waitForEntry(browser);
  const cand = await browser.$('[data-testid="candidate"]');
  assert.equal(await cand.getAttribute('data-band'), 'possible');
  await screenshot(browser, 'dedupe-near-miss');
  await browser.keys('2');
  await sleep(800);
});

test('a birth keyed twice is a record candidate with the record decisions', async () => {
  const { browser } = app;
  await ensureRun(browser);
  await (await byTestId(browser, 'queue-filter')).selectByAttribute('value', 'all');
  await sleep(1500);
  // preferably a child keyed twice who is not in the extract (only record candidates)
  let item = await browser.$('[data-testid="queue-item"][data-persons="0"]:not([data-records="0"])');
  if (!(await item.isExisting())) item = await browser.$('[data-testid="queue-item"]:not([data-records="0"])');
  assert.ok(await item.isExisting(), 'a record candidate in the queue');
  await item.scrollIntoView({ block: 'center' });
  await item.click();
  await waitForEntry(browser);
  const rec = await browser.$('[data-testid="candidate"][data-kind="record"]');
  // select it with the keyboard (↓ past the person candidates)
  const persons = (await browser.$$('[data-testid="candidate"][data-kind="person"]')).length;
  for (let i = 0; i < persons; i++) await browser.keys('ArrowDown');
  await sleep(800);
  assert.equal(await rec.getAttribute('aria-current'), 'true');
  const text = await rec.getText();
  assert.match(text, /Bản ghi trùng/);
  assert.match(text, /Đăng ký lại hợp lệ/);
  await screenshot(browser, 'dedupe-record-duplicate');
});
