// A long job cancelled in the real app leaves nothing half done (issue 14 §5): the supervisor
// starts the central upload export of the demo's accepted books (about a minute in a debug
// build), waits until the first book's files are written and the second book's PDFs are being
// written, and cancels it from the progress line. The screen
// says nothing was kept, the tray lists the job as cancelled, the upload folder holds no Excel,
// zip or temporary file, and every book still waits to be exported.
// Works on a copy of the demo workspace (SOHOA_E2E_WORKSPACE).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launch, workspace, byTestId, screenshot, DEMO_PASSWORD } from '../lib/app.mjs';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sohoa-e2e-jobs-cancel-'));
const ws = path.join(tmp, 'xa');
const LONG = 10 * 60 * 1000;

let app;
before(async () => {
  fs.cpSync(workspace(), ws, { recursive: true });
  app = await launch({ args: [ws] });
});
after(async () => {
  await app?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** A command of the shell called from the page, as the UI calls it. */
const invoke = (browser, cmd, args = {}) => browser.execute((c, a) => window.__TAURI_INTERNALS__.invoke(c, a), cmd, args);
const uploadJob = async (browser) => (await invoke(browser, 'jobs_list')).find((j) => j.kind === 'uploadExport');
const filesIn = (dir) => (fs.existsSync(dir) ? fs.readdirSync(dir).sort() : []);

test('an upload export cancelled half-way leaves no file in the folder and no entry exported', async () => {
  const { browser } = app;
  await (await byTestId(browser, 'login-username')).setValue('giamsat');
  await (await byTestId(browser, 'login-password')).setValue(DEMO_PASSWORD);
  await (await byTestId(browser, 'login-submit')).click();
  await byTestId(browser, 'home', 60000);
  await (await byTestId(browser, 'nav-batches')).click();
  await byTestId(browser, 'batch', 60000);
  await (await byTestId(browser, 'batch-tab-upload')).click();
  const candidates = await byTestId(browser, 'upload-candidates', 60000);
  const waiting = await candidates.getText();
  const before = await invoke(browser, 'upload_candidates');
  assert.ok(before.length > 1, `the demo has several accepted books to export (${JSON.stringify(before)})`);
  const dir = await (await byTestId(browser, 'upload-dir')).getProperty('value');
  const filesBefore = filesIn(dir);
  const exportsBefore = await invoke(browser, 'upload_files');

  const submit = await byTestId(browser, 'upload-export');
  await browser.waitUntil(async () => submit.isEnabled(), { timeout: 60000, timeoutMsg: 'the export button is enabled' });
  await submit.click();
  // The job's id arrived: the progress line's cancel button shows. Cancel once PDFs are written.
  const cancel = await byTestId(browser, 'job-cancel', 60000);
  await browser.waitUntil(async () => ((await uploadJob(browser))?.done ?? 0) > 0, { timeout: LONG, interval: 250, timeoutMsg: 'a first PDF is written' });
  // Past the first book (its Excel and zip are complete) and into the second: before this
  // change the first book's files stayed, its entries exported.
  const firstBook = (await uploadJob(browser)).total;
  await browser.waitUntil(async () => {
    const j = await uploadJob(browser);
    return j.state !== 'running' || (j.total !== firstBook && j.done > 0);
  }, { timeout: LONG, interval: 250, timeoutMsg: 'the second book is being written' });
  const during = await uploadJob(browser);
  assert.equal(during.state, 'running');
  assert.equal(during.cancellable, true, 'the upload export can be cancelled');
  await cancel.click();
  console.log(`upload export cancelled at ${during.stage} ${during.done}/${during.total}`);

  const error = await byTestId(browser, 'upload-error', LONG);
  assert.match(await error.getText(), /Đã hủy theo yêu cầu; không có gì được ghi lại/);
  assert.equal(await browser.$('[data-testid="upload-done"]').isExisting(), false);
  await browser.waitUntil(async () => (await uploadJob(browser)).state === 'cancelled', { timeout: 60000, timeoutMsg: 'the tray lists the job cancelled' });
  const tray = await byTestId(browser, 'jobs-tray');
  await tray.click();
  const job = await byTestId(browser, 'job');
  assert.equal(await job.getAttribute('data-job-state'), 'cancelled');
  await screenshot(browser, 'jobs-upload-export-cancelled');
  await tray.click();

  // Nothing half done: no file (final or temporary) in the folder, every book still waiting.
  assert.deepEqual(filesIn(dir), filesBefore, `no Excel, zip or temporary file left in ${dir}`);
  assert.deepEqual(await invoke(browser, 'upload_candidates'), before, 'no entry moved to exported');
  assert.deepEqual(await invoke(browser, 'upload_files'), exportsBefore, 'no export recorded');
  assert.equal(await (await byTestId(browser, 'upload-candidates')).getText(), waiting);
});
