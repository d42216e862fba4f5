// The extract import cancelled from its own screen (issue 14 §5): its command takes the file as
// a raw body and has no progress channel, so the screen finds its job among the shell's job
// events and shows a progress line with a cancel button. The clerk imports a large extract,
// cancels it as soon as the button shows, and is told nothing was kept; the extract in use
// stays, the job ends cancelled, and the workspace has as many extract imports as before.
// Works on a copy of the demo workspace (SOHOA_E2E_WORKSPACE).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { byTestId, screenshot } from '../lib/app.mjs';
import { appOnDemo, sohoa } from '../lib/spec.mjs';
import { invoke, putFile, signIn, text } from '../lib/steps.mjs';

const ROWS = 60000;
const spec = appOnDemo('extract-cancel', {
  // A large synthetic extract (the CLI's generator), written before the app starts.
  prepare: ({ tmp }) => {
    const dir = path.join(tmp, 'tao');
    fs.mkdirSync(dir);
    sohoa(['dedupe', '--generate', '--extract-rows', String(ROWS), '--records-count', '10', '--seed', '7',
      '--extract', path.join(dir, 'E.csv'), '--records', path.join(dir, 'R.csv'), '--out', path.join(dir, 'M.csv')]);
  },
});
const LONG = 5 * 60 * 1000;
const extractJob = async (browser) => (await invoke(browser, 'jobs_list')).find((j) => j.kind === 'extractImport');
/** The workspace's extract imports, as the crash probe counts them (the CLI signs in beside the app). */
const extractImports = () => JSON.parse(sohoa(['crash-probe', 'check', '-w', spec.ws, '-u', 'canbo']).trim().split('\n').at(-1)).extractImports;

test('an extract import cancelled from its own screen keeps nothing: the extract in use stays', async () => {
  const { browser } = spec.app;
  await signIn(browser, 'canbo', { timeout: 60000 });
  const importsBefore = extractImports();
  await (await byTestId(browser, 'nav-duplicates')).click();
  await (await byTestId(browser, 'dedupe-tab-extract', 60000)).click();
  await byTestId(browser, 'extract-import');
  const current = await byTestId(browser, 'extract-current', 60000);
  await browser.waitUntil(async () => !/Chưa nhập/.test(await text(current)), { timeout: 60000, timeoutMsg: 'the demo’s extract is shown' });
  const inUse = await text(current);

  await putFile(browser, 'extract-file', 'trich-xuat-lon.csv', fs.readFileSync(path.join(spec.tmp, 'tao', 'E.csv'), 'utf8'));
  await byTestId(browser, 'extract-counts', LONG);
  await (await byTestId(browser, 'extract-source')).setValue('Công an xã Phú Đình (bản lớn)');
  await (await byTestId(browser, 'extract-submit')).click();

  // The screen found its job: its progress line shows the job's cancel button.
  const progress = await byTestId(browser, 'extract-progress', 60000);
  const cancel = await progress.$('[data-testid="job-cancel"]');
  await cancel.waitForDisplayed({ timeout: 60000, timeoutMsg: 'the extract screen shows its job’s cancel button' });
  // Cancelled as soon as the button shows (a faster import must not end first).
  await cancel.click();
  const during = await extractJob(browser);
  console.log(`extract import cancelled at ${during.done}/${during.total} rows`);
  assert.equal(during.label, 'trich-xuat-lon.csv');

  const error = await byTestId(browser, 'extract-error', LONG);
  assert.match(await text(error), /Đã hủy theo yêu cầu; không có gì được ghi lại/);
  assert.equal(await browser.$('[data-testid="extract-report"]').isExisting(), false);
  await browser.waitUntil(async () => (await extractJob(browser)).state === 'cancelled', { timeout: 60000, timeoutMsg: 'the job is cancelled' });
  assert.equal(await text(await byTestId(browser, 'extract-current')), inUse, 'the extract in use stays');
  await screenshot(browser, 'extract-import-cancelled');
  assert.equal(extractImports(), importsBefore, 'no extract import recorded');
});
