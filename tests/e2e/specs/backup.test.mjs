// The backup screen in the real app (issue 13 §6 in the app): back up now into a folder chosen in
// the (test-answered) native dialog, then verify that backup with the password typed again.
// The screenshot lands in SOHOA_E2E_SCREENSHOTS (docs/screenshots/backup.png).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launch, workspace, byTestId, choose, screenshot, DEMO_PASSWORD } from '../lib/app.mjs';

let app;
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'sohoa-e2e-backup-'));
before(async () => { app = await launch({ args: [workspace()] }); });
after(async () => {
  await app?.close();
  fs.rmSync(out, { recursive: true, force: true });
});

const text = (el) => el.getProperty('textContent');

test('a clerk makes a backup on a chosen folder and verifies it in the app', async () => {
  const { browser } = app;
  await (await byTestId(browser, 'login-username')).setValue('canbo');
  await (await byTestId(browser, 'login-password')).setValue(DEMO_PASSWORD);
  await (await byTestId(browser, 'login-submit')).click();
  await byTestId(browser, 'home', 60000);
  await (await byTestId(browser, 'nav-backup', 60000)).click();
  await byTestId(browser, 'backup');

  await choose(app, 'backup-dir', out);
  await (await byTestId(browser, 'backup-create')).click();
  const made = await byTestId(browser, 'backup-made', 120000);
  assert.match(await text(made), /sohoa-sao-luu-/);
  const folders = fs.readdirSync(out).filter((n) => n.startsWith('sohoa-sao-luu-'));
  assert.equal(folders.length, 1, 'one backup folder, under its final name');
  const backup = path.join(out, folders[0]);
  for (const f of ['workspace.db', 'workspace.json', 'backup.json']) assert.ok(fs.existsSync(path.join(backup, f)), f);

  await (await byTestId(browser, 'backup-password')).setValue(DEMO_PASSWORD);
  await choose(app, 'backup-other', backup);
  await (await byTestId(browser, 'backup-other-verify')).click();
  const ok = await byTestId(browser, 'backup-verified', 120000);
  assert.match(await text(ok), /Bản sao lưu hợp lệ: Xã Phú Đình/);
  await new Promise((r) => setTimeout(r, 1500)); // the message paints after it is in the page
  await screenshot(browser, 'backup');
});
