// Batches (issue 6) in the real app, the whole round trip on real files:
//   clerk: sends the demo's finished books as a package locked with a passphrase (the CLI's
//          `sohoa batch verify` accepts it) and saves the device's public key file;
//   supervisor (a workspace made here with `sohoa workspace create` pinning the demo province key,
//          its device enrolled with `sohoa province enrol`, the commune registered with
//          `sohoa batch trust`): checks the package, imports it, accepts one book, returns the other
//          with a reason, writes the verdict package and the central upload files;
//   clerk: registers the supervisor's device file, receives the verdict; the returned entry is
//          listed with its reason.
// Works on a copy of the demo workspace (SOHOA_E2E_WORKSPACE), so the other specs see it unchanged.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { launch, workspace, byTestId, screenshot as saveScreenshot, DEMO_PASSWORD, choose } from '../lib/app.mjs';

const root = path.resolve(import.meta.dirname, '../../..');
const cli = process.env.SOHOA_CLI ?? path.join(root, 'target/debug/sohoa');
const PASSPHRASE = 'mat-khau-goi-e2e-2025';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sohoa-e2e-batch-'));
const communeWs = path.join(tmp, 'xa');
const supervisorWs = path.join(tmp, 'giam-sat');
/** What the steps hand to each other. */
const state = { packagePath: '', deviceFile: '', supervisorDeviceFile: '', verdictPath: '', communeCode: '', uploadDir: '' };

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

/** Screenshot once the page has painted what the DOM holds (WebKitWebDriver under Xvfb lags a frame or two). */
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

/** Waits for the `done` element or the `error` alert; fails with the error's text. */
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

test('the clerk sees which books can go in a batch and why the others cannot', async () => {
  const { browser } = app;
  await signIn(browser, 'canbo');
  await openBatches(browser);
  await byTestId(browser, 'batch-books');
  const rows = await browser.execute(() =>
    [...document.querySelectorAll('[data-testid="batch-book"]')].map((r) => ({ ready: r.dataset.ready === 'true', text: r.textContent })),
  );
  assert.ok(rows.some((r) => r.ready), 'the demo has finished, checked books ready to send');
  assert.ok(rows.some((r) => !r.ready && /chưa|còn/.test(r.text)), 'a book not ready says why');
  await screenshot(browser, 'batch-clerk-send');
});

test('the clerk exports the ready books locked with a passphrase; the CLI verifies the package', async () => {
  const { browser } = app;
  await (await byTestId(browser, 'lock-passphrase')).click();
  await (await byTestId(browser, 'batch-passphrase')).setValue(PASSPHRASE);
  await (await byTestId(browser, 'batch-passphrase-again')).setValue(PASSPHRASE);
  state.packagePath = await value(browser, 'batch-path');
  assert.match(state.packagePath, /-chuyen-giao\/dot-gui-\d+-so-1\.sohoa$/);
  await (await byTestId(browser, 'batch-export')).click();
  const done = await outcome(browser, 'batch-export-done', 'batch-error', 180000);
  assert.match(await text(done), /Đã tạo lô số 1: \d+ sổ, [\d.]+ bản ghi/);
  assert.ok(fs.existsSync(state.packagePath), `package written: ${state.packagePath}`);
  assert.ok(!fs.readdirSync(path.dirname(state.packagePath)).some((f) => f.includes('.tmp-')), 'no temporary file left');
  const out = sohoa(['batch', 'verify', state.packagePath], { SOHOA_BATCH_PASSPHRASE: PASSPHRASE });
  assert.match(out, /KẾT QUẢ: HỢP LỆ/);
  const item = await byTestId(browser, 'batch-item');
  assert.match(await text(item), /Lô số 1.*Đã gửi, chờ kết quả/s);
  await screenshot(browser, 'batch-clerk-sent');
});

test('the clerk saves the device’s public key file for the supervisor', async () => {
  const { browser } = app;
  await (await byTestId(browser, 'batch-tab-device')).click();
  const fp = (await text(await byTestId(browser, 'device-fingerprint'))).trim();
  assert.match(fp, /^[A-Z2-7]{4}(-[A-Z2-7]{4}){3}$/);
  state.deviceFile = await value(browser, 'device-file-path');
  await (await byTestId(browser, 'device-file-save')).click();
  await byTestId(browser, 'device-file-saved');
  const file = JSON.parse(fs.readFileSync(state.deviceFile, 'utf8'));
  assert.equal(file.fingerprint, fp);
  assert.equal(file.role, 'commune');
  assert.ok(!JSON.stringify(file).includes('SECRET'), 'no secret in the public file');
  state.communeCode = file.commune.code;
  await screenshot(browser, 'batch-clerk-device');
});

test('the supervisor checks the package before importing it, then imports it', async () => {
  // The supervisor's workspace pins the demo province key (its authority is in the demo's folder),
  // and the province enrols its device as a supervisor device for the commune (SECURITY.md).
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
  // a copy with one byte changed is refused with the reason, and cannot be imported
  const tampered = path.join(tmp, 'goi-bi-sua.sohoa');
  const bytes = fs.readFileSync(state.packagePath);
  bytes[Math.floor(bytes.length / 2)] ^= 0x01;
  fs.writeFileSync(tampered, bytes);
  await choose(app, 'receive-path', tampered);
  await (await byTestId(browser, 'receive-passphrase')).setValue(PASSPHRASE);
  await (await byTestId(browser, 'receive-verify')).click();
  const refused = await byTestId(browser, 'verify-report', 120000);
  assert.equal(await refused.getAttribute('data-ok'), 'false');
  assert.match(await text(await byTestId(browser, 'verify-problems')), /gói/);
  assert.equal(await (await byTestId(browser, 'receive-import')).isEnabled(), false);
  await screenshot(browser, 'batch-supervisor-refused');

  await choose(app, 'receive-path', state.packagePath);
  await (await byTestId(browser, 'receive-passphrase')).setValue(PASSPHRASE);
  await (await byTestId(browser, 'receive-verify')).click();
  const report = await byTestId(browser, 'verify-report', 120000);
  assert.equal(await report.getAttribute('data-ok'), 'true', await text(report));
  assert.match(await text(report), /Gói hợp lệ/);
  await screenshot(browser, 'batch-supervisor-verify');
  await (await byTestId(browser, 'receive-import')).click();
  const done = await outcome(browser, 'receive-done', 'receive-error', 180000);
  assert.match(await text(done), /Đã nhập lô số 1 của/);
  await byTestId(browser, 'imported-package');
});

test('the supervisor accepts one book, returns the other with a reason, and writes the verdict package', async () => {
  const { browser } = app;
  await byTestId(browser, 'review-entry-fields', 60000);
  const books = await browser.$$('[data-testid="imported-book"]');
  assert.ok(books.length >= 2, `two books in the batch (${books.length})`);
  await (await byTestId(browser, 'verdict-accept')).click();
  await browser.waitUntil(async () => (await books[0].getAttribute('data-verdict')) === 'accept', { timeout: 30000, timeoutMsg: 'first book accepted' });

  await books[1].click();
  await browser.waitUntil(
    async () => (await (await byTestId(browser, 'review-book')).getAttribute('data-book-id')) !== null && (await text(await byTestId(browser, 'review-entry-fields'))).length > 0,
    { timeout: 30000 },
  );
  // the reason is on one field: pick the second field of the entry (the first is its number)
  await browser.execute(() => {
    const select = document.querySelector('[data-testid="return-field"]');
    select.selectedIndex = 2;
    select.dispatchEvent(new Event('change', { bubbles: true }));
  });
  await (await byTestId(browser, 'return-reason')).setValue('Không khớp với ảnh sổ');
  await (await byTestId(browser, 'return-add')).click();
  await byTestId(browser, 'return-pending');
  await screenshot(browser, 'batch-supervisor-review');
  await (await byTestId(browser, 'verdict-return')).click();
  await browser.waitUntil(async () => (await books[1].getAttribute('data-verdict')) === 'return', { timeout: 30000, timeoutMsg: 'second book returned' });

  state.verdictPath = await value(browser, 'verdicts-path');
  await (await byTestId(browser, 'verdicts-export')).click();
  const done = await outcome(browser, 'verdicts-done', 'verdicts-error');
  assert.match(await text(done), /sổ duyệt, 1 sổ trả lại \(1 bản ghi\)/);
  assert.ok(fs.existsSync(state.verdictPath), `verdict package written: ${state.verdictPath}`);
  await screenshot(browser, 'batch-supervisor-verdicts');
});

test('the supervisor exports the accepted book for the central upload', async () => {
  const { browser } = app;
  await (await byTestId(browser, 'batch-tab-upload')).click();
  assert.match(await text(await byTestId(browser, 'upload-candidates')), /1 sổ/);
  // An entry leaves only with its scan (issue 11): the candidate line says how many have one.
  const line = await text(await byTestId(browser, 'upload-candidate'));
  const withScan = Number(line.match(/— ([\d.]+) có ảnh trang/)[1].replace(/\./g, ''));
  state.uploadDir = await value(browser, 'upload-dir');
  if (withScan === 0) {
    assert.equal(await (await byTestId(browser, 'upload-export')).isEnabled(), false, 'nothing with a scan: nothing to export');
    assert.match(await text(await byTestId(browser, 'upload-without-scan')), /không có ảnh trang/);
  } else {
    await (await byTestId(browser, 'upload-export')).click();
    const done = await outcome(browser, 'upload-done', 'upload-error', 300000);
    assert.match(await text(done), /Đã xuất 1 sổ/);
    const files = fs.readdirSync(state.uploadDir);
    assert.ok(files.some((f) => f.endsWith('.xlsx')), `xlsx written: ${files}`);
    assert.ok(files.some((f) => f.endsWith('.zip')), `zip written: ${files}`);
  }
  await screenshot(browser, 'batch-supervisor-upload');
});

test('the supervisor saves the device’s public key file for the commune', async () => {
  const { browser } = app;
  await (await byTestId(browser, 'batch-tab-device')).click();
  await byTestId(browser, 'trusted-device');
  state.supervisorDeviceFile = await value(browser, 'device-file-path');
  await (await byTestId(browser, 'device-file-save')).click();
  await byTestId(browser, 'device-file-saved');
  assert.equal(JSON.parse(fs.readFileSync(state.supervisorDeviceFile, 'utf8')).role, 'supervisor');
  await screenshot(browser, 'batch-supervisor-device');
});

test('the clerk receives the verdict and sees the returned entry with its reason', async () => {
  const browser = await relaunch(communeWs, 'canbo');
  // verdicts are accepted only from a registered supervisor device
  await (await byTestId(browser, 'batch-tab-device')).click();
  await choose(app, 'trust-file-path', state.supervisorDeviceFile);
  await (await byTestId(browser, 'trust-file-submit')).click();
  assert.match(await text(await outcome(browser, 'trust-done', 'device-error')), /giám sát viên/);
  await (await byTestId(browser, 'batch-tab-returns')).click();
  await choose(app, 'verdict-path', state.verdictPath);
  await (await byTestId(browser, 'verdict-import')).click();
  const done = await outcome(browser, 'verdict-import-done', 'verdict-error');
  assert.match(await text(done), /Đã nhận kết quả lô số 1: 1 sổ đã chấp nhận, 1 sổ bị trả lại \(1 bản ghi cần sửa\)/);
  const entry = await byTestId(browser, 'returned-entry');
  assert.match(await text(entry), /Không khớp với ảnh sổ/);
  await screenshot(browser, 'batch-clerk-returns');
});
