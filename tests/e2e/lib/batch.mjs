// The batch round trip (issues 6, 12, 13) as steps the specs share: the clerk sends a package and
// saves the device file; a supervisor workspace trusted by the demo province; the supervisor checks
// and imports the package; the clerk registers the supervisor's device and receives the verdict.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { byTestId, choose, DEMO_PASSWORD } from './app.mjs';
import { outcome, text, value } from './steps.mjs';
import { sohoa } from './spec.mjs';

/**
 * On the send tab: locks the ready books with `passphrase` and exports them; returns the package's
 * path and the “done” element once written.
 */
export async function sendReadyBooks(browser, passphrase) {
  await byTestId(browser, 'batch-books');
  await (await byTestId(browser, 'lock-passphrase')).click();
  await (await byTestId(browser, 'batch-passphrase')).setValue(passphrase);
  await (await byTestId(browser, 'batch-passphrase-again')).setValue(passphrase);
  const packagePath = await value(browser, 'batch-path');
  await (await byTestId(browser, 'batch-export')).click();
  const done = await outcome(browser, 'batch-export-done', 'batch-error', 180000);
  return { packagePath, done };
}

/** On the device tab: saves this device's public key file; returns its path. */
export async function saveDeviceFile(browser) {
  await (await byTestId(browser, 'batch-tab-device')).click();
  const file = await value(browser, 'device-file-path');
  await (await byTestId(browser, 'device-file-save')).click();
  await byTestId(browser, 'device-file-saved');
  return file;
}

/** The commune code a commune device file names. */
export const communeOf = (deviceFile) => JSON.parse(fs.readFileSync(deviceFile, 'utf8')).commune.code;

/**
 * The clerk's side, on the batches screen: sends the ready books locked with `passphrase` and saves
 * the device file; returns { packagePath, deviceFile, communeCode }.
 */
export async function sendBatch(browser, passphrase) {
  const { packagePath } = await sendReadyBooks(browser, passphrase);
  const deviceFile = await saveDeviceFile(browser);
  return { packagePath, deviceFile, communeCode: communeOf(deviceFile) };
}

/**
 * Makes a supervisor workspace `supervisorWs` (user `giamsat`, the demo password) with the CLI, as
 * a province would (SECURITY.md): it pins the demo province key (its authority is in the demo's
 * folder, copied into `communeWs`), the province enrols its device as the supervisor of the
 * commune of `communeDeviceFile`, and that device file is registered.
 * `dir` receives the intermediate files.
 */
export function makeSupervisorWorkspace({ communeWs, supervisorWs, communeDeviceFile, dir }) {
  const authority = path.join(communeWs, 'KHOA-TINH-MAU-chi-de-thu');
  const provinceKeyFile = path.join(authority, 'province-key.json');
  const provinceKey = JSON.parse(fs.readFileSync(provinceKeyFile, 'utf8'));
  const scope = `qd19_2025:${communeOf(communeDeviceFile)}`;
  sohoa(
    ['workspace', 'create', '--out', supervisorWs, '--commune-code', '12', '--commune-name', 'Sở Tư pháp (thử)', '--username', 'giamsat',
      '--display-name', 'Trần Văn Minh', '--role', 'supervisor', '--scope', scope,
      '--province-key', provinceKeyFile, '--province-fingerprint', provinceKey.fingerprint, '--insecure-fast-kdf'],
    { SOHOA_NEW_PASSWORD: DEMO_PASSWORD },
  );
  const supDevice = path.join(dir, 'giam-sat.sohoa-device.json');
  const cert = path.join(dir, 'chung-nhan-giam-sat.json');
  sohoa(['batch', 'identity', '-w', supervisorWs, '-u', 'giamsat', '--out', supDevice]);
  sohoa(['province', 'enrol', '--authority', authority, '--device-file', supDevice, '--role', 'supervisor', '--scope', scope, '--out', cert],
    { SOHOA_PROVINCE_PASSPHRASE: 'sohoa-demo-tinh-mau' });
  sohoa(['trust', 'import', '-w', supervisorWs, '-u', 'giamsat', cert]);
  sohoa(['batch', 'trust', '-w', supervisorWs, '-u', 'giamsat', '--file', communeDeviceFile]);
}

/** On the receive tab: chooses the package, types its passphrase and checks it; returns the report. */
export async function verifyPackage(app, packagePath, passphrase) {
  const { browser } = app;
  await choose(app, 'receive-path', packagePath);
  await (await byTestId(browser, 'receive-passphrase')).setValue(passphrase);
  await (await byTestId(browser, 'receive-verify')).click();
  return byTestId(browser, 'verify-report', 120000);
}

/** Imports the package just verified; returns the “done” element once the review shows an entry. */
export async function importVerifiedPackage(browser) {
  await (await byTestId(browser, 'receive-import')).click();
  const done = await outcome(browser, 'receive-done', 'receive-error', 180000);
  await byTestId(browser, 'review-entry-fields', 60000);
  return done;
}

/** Verifies the package (it must pass) and imports it. */
export async function receivePackage(app, packagePath, passphrase) {
  const report = await verifyPackage(app, packagePath, passphrase);
  assert.equal(await report.getAttribute('data-ok'), 'true', await text(report));
  return importVerifiedPackage(app.browser);
}

/**
 * The supervisor's side of what `sendBatch` sent: a supervisor workspace `tmp/giam-sat` of the spec
 * (`makeSupervisorWorkspace`), the app relaunched on it with `giamsat` signed in, the package
 * verified and imported. Returns the browser.
 */
export async function superviseBatch(spec, sent, passphrase) {
  const supervisorWs = path.join(spec.tmp, 'giam-sat');
  makeSupervisorWorkspace({ communeWs: spec.ws, supervisorWs, communeDeviceFile: sent.deviceFile, dir: spec.tmp });
  const browser = await spec.relaunchOnBatches(supervisorWs, 'giamsat');
  await receivePackage(spec.app, sent.packagePath, passphrase);
  return browser;
}

/** On the device tab: registers a device file of the other side; returns the “done” element. */
export async function trustDevice(app, deviceFile) {
  const { browser } = app;
  await (await byTestId(browser, 'batch-tab-device')).click();
  await choose(app, 'trust-file-path', deviceFile);
  await (await byTestId(browser, 'trust-file-submit')).click();
  return outcome(browser, 'trust-done', 'device-error');
}

/** On the returns tab: imports the supervisor's verdict package; returns the “done” element. */
export async function receiveVerdict(app, verdictPath) {
  const { browser } = app;
  await (await byTestId(browser, 'batch-tab-returns')).click();
  await choose(app, 'verdict-path', verdictPath);
  await (await byTestId(browser, 'verdict-import')).click();
  return outcome(browser, 'verdict-import-done', 'verdict-error');
}

/** Writes the verdict package of the reviewed books; returns its path and the “done” element. */
export async function exportVerdicts(browser) {
  const verdictPath = await value(browser, 'verdicts-path');
  await (await byTestId(browser, 'verdicts-export')).click();
  const done = await outcome(browser, 'verdicts-done', 'verdicts-error');
  return { verdictPath, done };
}
