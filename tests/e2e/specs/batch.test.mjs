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
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { byTestId } from '../lib/app.mjs';
import { appOnDemo, sohoa } from '../lib/spec.mjs';
import { signIn, openBatches, outcome, text, value, screenshotPainted as screenshot } from '../lib/steps.mjs';
import {
  sendReadyBooks, saveDeviceFile, makeSupervisorWorkspace, verifyPackage, importVerifiedPackage, trustDevice, receiveVerdict, exportVerdicts,
} from '../lib/batch.mjs';

const PASSPHRASE = 'mat-khau-goi-e2e-2025';
const spec = appOnDemo('batch');
const communeWs = spec.ws;
const supervisorWs = path.join(spec.tmp, 'giam-sat');
/** What the steps hand to each other. */
const state = { packagePath: '', deviceFile: '', supervisorDeviceFile: '', verdictPath: '', uploadDir: '' };

test('the clerk sees which books can go in a batch and why the others cannot', async () => {
  const { browser } = spec.app;
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
  const { browser } = spec.app;
  const { packagePath, done } = await sendReadyBooks(browser, PASSPHRASE);
  state.packagePath = packagePath;
  assert.match(state.packagePath, /-chuyen-giao\/dot-gui-\d+-so-1\.sohoa$/);
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
  const { browser } = spec.app;
  state.deviceFile = await saveDeviceFile(browser);
  const fp = (await text(await byTestId(browser, 'device-fingerprint'))).trim();
  assert.match(fp, /^[A-Z2-7]{4}(-[A-Z2-7]{4}){3}$/);
  const file = JSON.parse(fs.readFileSync(state.deviceFile, 'utf8'));
  assert.equal(file.fingerprint, fp);
  assert.equal(file.role, 'commune');
  assert.ok(!JSON.stringify(file).includes('SECRET'), 'no secret in the public file');
  await screenshot(browser, 'batch-clerk-device');
});

test('the supervisor checks the package before importing it, then imports it', async () => {
  makeSupervisorWorkspace({ communeWs, supervisorWs, communeDeviceFile: state.deviceFile, dir: spec.tmp });
  const browser = await spec.relaunchOnBatches(supervisorWs, 'giamsat');
  // a copy with one byte changed is refused with the reason, and cannot be imported
  const tampered = path.join(spec.tmp, 'goi-bi-sua.sohoa');
  const bytes = fs.readFileSync(state.packagePath);
  bytes[Math.floor(bytes.length / 2)] ^= 0x01;
  fs.writeFileSync(tampered, bytes);
  const refused = await verifyPackage(spec.app, tampered, PASSPHRASE);
  assert.equal(await refused.getAttribute('data-ok'), 'false');
  assert.match(await text(await byTestId(browser, 'verify-problems')), /gói/);
  assert.equal(await (await byTestId(browser, 'receive-import')).isEnabled(), false);
  await screenshot(browser, 'batch-supervisor-refused');

  const report = await verifyPackage(spec.app, state.packagePath, PASSPHRASE);
  assert.equal(await report.getAttribute('data-ok'), 'true', await text(report));
  assert.match(await text(report), /Gói hợp lệ/);
  await screenshot(browser, 'batch-supervisor-verify');
  const done = await importVerifiedPackage(browser);
  assert.match(await text(done), /Đã nhập lô số 1 của/);
  await byTestId(browser, 'imported-package');
});

test('the supervisor accepts one book, returns the other with a reason, and writes the verdict package', async () => {
  const { browser } = spec.app;
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

  const { verdictPath, done } = await exportVerdicts(browser);
  state.verdictPath = verdictPath;
  assert.match(await text(done), /sổ duyệt, 1 sổ trả lại \(1 bản ghi\)/);
  assert.ok(fs.existsSync(state.verdictPath), `verdict package written: ${state.verdictPath}`);
  await screenshot(browser, 'batch-supervisor-verdicts');
});

test('the supervisor exports the accepted book for the central upload', async () => {
  const { browser } = spec.app;
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
  const { browser } = spec.app;
  state.supervisorDeviceFile = await saveDeviceFile(browser);
  await byTestId(browser, 'trusted-device');
  assert.equal(JSON.parse(fs.readFileSync(state.supervisorDeviceFile, 'utf8')).role, 'supervisor');
  await screenshot(browser, 'batch-supervisor-device');
});

test('the clerk receives the verdict and sees the returned entry with its reason', async () => {
  const browser = await spec.relaunchOnBatches(communeWs, 'canbo');
  // verdicts are accepted only from a registered supervisor device
  assert.match(await text(await trustDevice(spec.app, state.supervisorDeviceFile)), /giám sát viên/);
  const done = await receiveVerdict(spec.app, state.verdictPath);
  assert.match(await text(done), /Đã nhận kết quả lô số 1: 1 sổ đã chấp nhận, 1 sổ bị trả lại \(1 bản ghi cần sửa\)/);
  const entry = await byTestId(browser, 'returned-entry');
  assert.match(await text(entry), /Không khớp với ảnh sổ/);
  await screenshot(browser, 'batch-clerk-returns');
});
