// Progress (issue 7) in the real app: the clerk's own commune with figures and a forecast, the
// signed progress file written beside the workspace, and the supervisor's table of communes
// (the national demo when `sohoa demo` loaded it: 3,321 communes, virtualised).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { byTestId, screenshot } from '../lib/app.mjs';
import { appOnDemo } from '../lib/spec.mjs';
import { signIn, text } from '../lib/steps.mjs';

const spec = appOnDemo('progress', { copy: false });

test('the clerk sees the commune’s progress: digitised entries, a forecast and the books', async () => {
  const { browser } = spec.app;
  await signIn(browser, 'canbo');
  await (await byTestId(browser, 'nav-progress')).click();
  const own = await byTestId(browser, 'progress-own');
  const keyed = Number((await text(await byTestId(browser, 'kpi-keyed'))).replace(/\D/g, ''));
  assert.ok(keyed > 0, `digitised entries shown (${keyed})`);
  assert.match(await text(own), /Khai sinh|KS/);
  // Issue 11: against the target when one is set, the inventory beside it; each stage its own column.
  assert.match(await text(await byTestId(browser, 'kpi-pct-basis')), /chỉ tiêu|kiểm kê/);
  for (const stage of ['keyed', 'accepted', 'exported', 'uploaded', 'approved', 'rejected']) {
    await byTestId(browser, `stage-${stage}`);
  }
  assert.doesNotMatch(await text(own), /được duyệt|chưa duyệt/i, 'the supervisor’s acceptance is never called “duyệt”');
  await screenshot(browser, 'progress-clerk');
});

test('the clerk writes a signed progress file and it lands beside the workspace', async () => {
  const { browser } = spec.app;
  await (await byTestId(browser, 'snapshot-export')).click();
  const saved = await byTestId(browser, 'snapshot-saved');
  const msg = await text(saved);
  const m = msg.match(/Đã lưu (.+\.sohoa-progress\.json)/);
  assert.ok(m, msg);
  const file = JSON.parse(fs.readFileSync(m[1], 'utf8'));
  assert.equal(file.format, 'sohoa.progress-snapshot.signed');
  assert.equal(file.signature.algorithm, 'ed25519');
  assert.ok(!/"nksHoTen"|"meHoTen"/.test(JSON.stringify(file)), 'counts only');
  await (await byTestId(browser, 'logout')).click();
  await byTestId(browser, 'login-form');
});

test('the supervisor gets the table of communes, sortable, with only the visible rows in the page', async () => {
  const { browser } = spec.app;
  await signIn(browser, 'giamsat');
  await (await byTestId(browser, 'nav-progress')).click();
  await byTestId(browser, 'progress');
  const tabAll = await browser.$('[data-testid="tab-all"]');
  await tabAll.waitForExist({ timeout: 10000 });
  await tabAll.click();
  const sup = await byTestId(browser, 'progress-supervisor');
  // The national row counts its late provinces (the demo: 13 of the 63 missed 1/1/2025).
  await (await byTestId(browser, 'level-p63')).click();
  const late = await text(await byTestId(browser, 'kpi-late-children'));
  console.log(`national status: ${late}`);
  assert.match(late, /\d+ tỉnh trễ hạn/);
  await (await byTestId(browser, 'level-communes')).click();
  const rows = Number(await (await byTestId(browser, 'unit-table')).getAttribute('data-rows'));
  const inDom = await browser.execute(() => document.querySelectorAll('[data-testid="unit-row"]').length);
  assert.ok(rows >= 1, `communes listed: ${rows}`);
  assert.ok(inDom <= Math.min(rows, 60), `only visible rows rendered: ${inDom} of ${rows}`);
  const renderMs = await (await byTestId(browser, 'progress')).getAttribute('data-render-ms');
  console.log(`progress table: ${rows} communes, rendered in ${renderMs} ms`);
  await (await byTestId(browser, 'sort-pctKeyed')).click();
  assert.match(await text(sup), /Toàn quốc|Tỉnh/);
  await screenshot(browser, 'progress-supervisor');
});
