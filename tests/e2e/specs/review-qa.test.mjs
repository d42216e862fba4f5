// The review that vouches for quality (issue 12) in the real app, on real files:
//   clerk: sends the demo's finished books (a package locked with a passphrase) and its device file;
//   supervisor (a workspace made with `sohoa workspace create`, the commune registered with
//          `sohoa batch trust`): imports the package, opens the ISO 2859-1 plan of the first book,
//          re-keys every sampled entry on the blind form (the harness reads the clerk's values
//          through the app's own command and types them, dates without leading zeros, with a wrong
//          name injected in two entries), arbitrates the two disagreements, and returns the book as
//          the plan proposes; accepts the other book; writes the verdict package;
//   clerk: receives the verdict; the returned entries are listed with the name field marked.
// Works on a copy of the demo workspace (SOHOA_E2E_WORKSPACE).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { launch, workspace, byTestId, screenshot as saveScreenshot, DEMO_PASSWORD, choose } from '../lib/app.mjs';

const root = path.resolve(import.meta.dirname, '../../..');
const cli = process.env.SOHOA_CLI ?? path.join(root, 'target/debug/sohoa');
const PASSPHRASE = 'mat-khau-goi-e2e-qa-2025';
const WRONG_NAME = 'Nguyễn Văn Sai';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sohoa-e2e-qa-'));
const communeWs = path.join(tmp, 'xa');
const supervisorWs = path.join(tmp, 'giam-sat');
const state = { packagePath: '', deviceFile: '', supervisorDeviceFile: '', verdictPath: '', communeCode: '', injected: [] };

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
async function relaunch(ws, username) {
  await app.close();
  app = await launch({ args: [ws] });
  await signIn(app.browser, username);
  await openBatches(app.browser);
  return app.browser;
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

test('the clerk sends the ready books and saves the device file', async () => {
  const { browser } = app;
  await signIn(browser, 'canbo');
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

test('the supervisor imports the batch and opens the ISO 2859-1 plan of a book, stated in words', async () => {
  // The supervisor's workspace pins the demo province key and its device is enrolled by the
  // province (issue 13 §1), as in batch.test.mjs.
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
  const browser = await relaunch(supervisorWs, 'giamsat');
  await choose(app, 'receive-path', state.packagePath);
  await (await byTestId(browser, 'receive-passphrase')).setValue(PASSPHRASE);
  await (await byTestId(browser, 'receive-verify')).click();
  const report = await byTestId(browser, 'verify-report', 120000);
  assert.equal(await report.getAttribute('data-ok'), 'true', await text(report));
  await (await byTestId(browser, 'receive-import')).click();
  await outcome(browser, 'receive-done', 'receive-error', 180000);
  await byTestId(browser, 'review-entry-fields', 60000);

  await (await byTestId(browser, 'qa-open')).click();
  const summary = await text(await byTestId(browser, 'qa-summary', 30000));
  assert.match(summary, /code=[A-R]( \(lot letter [A-R]\))? n=\d+ Ac=\d+ Re=\d+/);
  assert.match(await text(await byTestId(browser, 'qa-explain')), /95 lần trong 100/);
  await byTestId(browser, 'qa-blind-form', 30000);
  await screenshot(browser, 'qa-plan-and-blind-form');
});

test('the supervisor re-keys the sample blind, finds the injected errors, arbitrates them and returns the book', async () => {
  const { browser } = app;
  const items = await browser.$$('[data-testid="qa-sample-item"]');
  assert.ok(items.length >= 2, `a sample (${items.length})`);
  for (const [i, item] of items.entries()) {
    const entryId = Number(await item.getAttribute('data-entry-id'));
    await item.click();
    await browser.waitUntil(async () => (await (await byTestId(browser, 'qa-rekey')).getAttribute('data-entry-id')) === String(entryId), { timeout: 30000 });
    await byTestId(browser, 'qa-blind-form', 30000);
    // the clerk's values are not on the screen
    assert.equal(await browser.$('[data-testid="review-entry-fields"]').isExisting(), false);
    // The harness (not the supervisor) reads the clerk's values through the app's command and
    // types them as a careful supervisor would from the scan.
    const injected = await browser.execute(
      async (entryId, inject, wrong) => {
        const e = await window.__TAURI_INTERNALS__.invoke('batch_review_entry', { entryId });
        const form = document.querySelector('[data-testid="qa-blind-form"]');
        let injectedField = null;
        for (const f of e.fields) {
          const input = form.querySelector(`input[data-field="${f.field}"]`);
          if (!input) continue;
          // dates typed without leading zeros (5/1/1990 for 05/01/1990): the core reads them as dates
          let v = f.illegible ? '???' : /Ngay/.test(f.field) ? f.value.replace(/\b0(\d)\//g, '$1/') : f.value;
          if (inject && !injectedField && /HoTen$/.test(f.field) && !f.illegible) {
            v = wrong;
            injectedField = f.field;
          }
          input.value = v;
          input.dispatchEvent(new Event('input', { bubbles: true }));
        }
        return injectedField;
      },
      entryId,
      i < 2,
      WRONG_NAME,
    );
    if (i < 2) {
      assert.ok(injected, 'a name field to inject an error into');
      state.injected.push({ entryId, field: injected });
    }
    if (i === 0) await screenshot(browser, 'qa-rekey-blind-filled');
    await (await byTestId(browser, 'qa-compare')).click();
    await byTestId(browser, 'qa-comparison', 30000);
    const diffs = await browser.execute(() =>
      [...document.querySelectorAll('[data-testid="qa-field"][data-agree="false"]')].map((r) => r.dataset.field),
    );
    assert.deepEqual(diffs, i < 2 ? [state.injected[i].field] : [], `entry ${entryId}: only the injected field differs`);
    if (i < 2) {
      if (i === 0) await screenshot(browser, 'qa-rekey-comparison');
      await (await byTestId(browser, 'qa-arb-supervisor')).click();
      await byTestId(browser, 'qa-arbitrated', 30000);
    }
  }
  const proposal = await byTestId(browser, 'qa-proposal', 30000);
  assert.equal(await proposal.getAttribute('data-decision'), 'return', await text(proposal));
  assert.match(await text(proposal), /TRẢ LẠI/);
  await (await byTestId(browser, 'qa-return')).click();
  await outcome(browser, 'qa-decided', 'review-error');
  const books = await browser.$$('[data-testid="imported-book"]');
  await browser.waitUntil(async () => (await books[0].getAttribute('data-verdict')) === 'return', { timeout: 30000, timeoutMsg: 'book returned' });
  await screenshot(browser, 'qa-returned');
});

test('the supervisor accepts the other book and writes the verdict package', async () => {
  const { browser } = app;
  const books = await browser.$$('[data-testid="imported-book"]');
  for (const b of books.slice(1)) {
    await b.click();
    await byTestId(browser, 'review-entry-fields', 30000);
    await (await byTestId(browser, 'verdict-accept')).click();
    await browser.waitUntil(async () => (await b.getAttribute('data-verdict')) === 'accept', { timeout: 30000 });
  }
  state.verdictPath = await value(browser, 'verdicts-path');
  await (await byTestId(browser, 'verdicts-export')).click();
  const done = await outcome(browser, 'verdicts-done', 'verdicts-error');
  assert.match(await text(done), /1 sổ trả lại \(2 bản ghi\)/);
  await (await byTestId(browser, 'batch-tab-device')).click();
  state.supervisorDeviceFile = await value(browser, 'device-file-path');
  await (await byTestId(browser, 'device-file-save')).click();
  await byTestId(browser, 'device-file-saved');
});

test('the clerk receives the verdict and sees the returned entries with the name field marked', async () => {
  const browser = await relaunch(communeWs, 'canbo');
  await (await byTestId(browser, 'batch-tab-device')).click();
  await choose(app, 'trust-file-path', state.supervisorDeviceFile);
  await (await byTestId(browser, 'trust-file-submit')).click();
  await outcome(browser, 'trust-done', 'device-error');
  await (await byTestId(browser, 'batch-tab-returns')).click();
  await choose(app, 'verdict-path', state.verdictPath);
  await (await byTestId(browser, 'verdict-import')).click();
  const done = await outcome(browser, 'verdict-import-done', 'verdict-error');
  assert.match(await text(done), /1 sổ bị trả lại \(2 bản ghi cần sửa\)/);
  const reasons = await browser.$$('[data-testid="returned-reason"]');
  assert.equal(reasons.length, 2);
  for (const r of reasons) {
    const t = await text(r);
    assert.match(t, /^\s*Họ, chữ đệm/, 'the name field is named');
    assert.match(t, new RegExp(`đúng là “${WRONG_NAME}”`));
  }
  await screenshot(browser, 'qa-clerk-returned');
});
