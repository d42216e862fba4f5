// The Ministry's answer reaches the clerk (issue 11), in the real app on real files:
//   supervisor (CLI, the demo's `giamsat`): exports the accepted books for the national database,
//          then reads a result list where the Ministry rejected one row, naming the column;
//   clerk (the app, `canbo`): sees the rejected entry on the returns list with the Ministry's
//          reason and the file it came from, opens it, corrects the named field and checks it.
// Works on a copy of the demo workspace (SOHOA_E2E_WORKSPACE).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { byTestId } from '../lib/app.mjs';
import { appOnDemo, sohoa } from '../lib/spec.mjs';
import { signIn, openBatches, text, screenshotPainted as screenshot } from '../lib/steps.mjs';

const REASON = 'nksHoTen: họ tên không khớp với dữ liệu dân cư';
let file = '';
let summary = '';

/** The supervisor (CLI) exports the accepted books, then records a result list naming a rejected row. */
const spec = appOnDemo('ministry', {
  prepare: ({ ws, tmp }) => {
    const supervisor = { SOHOA_USER: 'giamsat' };
    const up = path.join(tmp, 'tai-len');
    sohoa(['upload-export', '--workspace', ws, '--out', up], supervisor);
    file = fs.readdirSync(up).filter((f) => f.startsWith('KS.') && f.endsWith('.xlsx')).sort()[0];
    assert.ok(file, 'a KS book was exported');
    const list = path.join(tmp, 'ket-qua.csv');
    fs.writeFileSync(list, `Tên file,Dòng,Trạng thái,Lý do từ chối\n${file},1,Từ chối,${REASON}\n${file},2,Đã phê duyệt,\n`);
    summary = sohoa(['upload-result', '--workspace', ws, '--file', list], supervisor).trim().split('\n').pop();
  },
});

test('the result list is recorded: one approved, one rejected', () => {
  assert.equal(summary, 'rows read: 2, approved: 1, rejected: 1, pending: 0, unmatched: 0, changed: 2');
});

test('the clerk sees the rejected entry with the Ministry’s reason and corrects it', async () => {
  const { browser } = spec.app;
  await signIn(browser, 'canbo');
  await openBatches(browser);
  await (await byTestId(browser, 'batch-tab-returns')).click();
  await byTestId(browser, 'returned-list');
  const entries = await browser.$$('[data-testid="returned-entry"]');
  let rejected = null;
  for (const e of entries) {
    if ((await text(e)).includes('họ tên không khớp với dữ liệu dân cư')) rejected = e;
  }
  assert.ok(rejected, 'the Ministry-rejected entry is on the returns list');
  const by = await rejected.$('[data-testid="returned-by-ministry"]');
  assert.match(await text(by), new RegExp(`Bộ Tư pháp từ chối \\(tệp ${file.replace(/\./g, '\\.')}\\)`));
  assert.match(await text(rejected), /Họ, chữ đệm và tên|nksHoTen/, 'the named column is shown as the field');
  await screenshot(browser, 'ministry-clerk-returns');

  await (await rejected.$('[data-testid="returned-fix"]')).click();
  await byTestId(browser, 'entry-form');
  const input = await browser.$('#kf-nksHoTen');
  await input.waitForDisplayed({ timeout: 20000 });
  await input.click();
  await input.setValue('Nguyễn Thị Sửa Lại');
  await browser.keys(['Tab']);
  await browser.waitUntil(async () => (await (await byTestId(browser, 'save-state')).getAttribute('data-state')) === 'saved', {
    timeout: 20000,
    timeoutMsg: 'nksHoTen saved',
  });
  await (await byTestId(browser, 'mark-checked')).click();
  await browser.waitUntil(async () => /Đã kiểm tra/.test(await text(await byTestId(browser, 'entry-status'))), {
    timeout: 20000,
    timeoutMsg: 'the corrected entry is checked',
  });
  await screenshot(browser, 'ministry-clerk-corrected');
});
