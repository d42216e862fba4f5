// The trust screen (issue 13) and the shell's path rule (issue 13 §5): the supervisor of the demo
// opens the “Tin cậy” tab and reads the pinned province key's fingerprint, the same as
// `sohoa trust status` prints; a path the web view names without a dialog is refused by the shell,
// and the same file chosen through the (test-answered) native dialog is accepted.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launch, workspace, byTestId, screenshot, DEMO_PASSWORD, choose } from '../lib/app.mjs';

const root = path.resolve(import.meta.dirname, '../../..');
const cli = process.env.SOHOA_CLI ?? path.join(root, 'target/debug/sohoa');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sohoa-e2e-trust-'));
const ws = path.join(tmp, 'xa');

let app;
before(async () => {
  fs.cpSync(workspace(), ws, { recursive: true });
  app = await launch({ args: [ws] });
});
after(async () => {
  await app?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const text = (el) => el.getProperty('textContent');

test('the supervisor reads the pinned province key fingerprint in groups, as `sohoa trust status` prints it', async () => {
  const { browser } = app;
  await (await byTestId(browser, 'login-username')).setValue('giamsat');
  await (await byTestId(browser, 'login-password')).setValue(DEMO_PASSWORD);
  await (await byTestId(browser, 'login-submit')).click();
  await byTestId(browser, 'home');
  await (await byTestId(browser, 'nav-batches')).click();
  await (await byTestId(browser, 'batch-tab-trust')).click();
  const fpEl = await byTestId(browser, 'trust-province-fingerprint');
  const groups = await browser.$$('[data-testid="trust-province-fingerprint"] .group').map((g) => g.getText());
  assert.equal(groups.length, 4);
  assert.ok(groups.every((g) => /^[A-Z2-7]{4}$/.test(g)), groups.join(' '));
  const shown = groups.join('-');
  assert.equal(await fpEl.getAttribute('aria-label'), shown);

  const status = execFileSync(cli, ['trust', 'status', '-w', ws, '-u', 'giamsat'], {
    encoding: 'utf8',
    env: { ...process.env, SOHOA_PASSWORD: DEMO_PASSWORD },
  });
  const printed = status.match(/Khóa tỉnh đã ghim: .* \(([A-Z2-7-]{19})\)/)?.[1];
  assert.equal(shown, printed, status);
  assert.match(await text(await byTestId(browser, 'trust-pin-state')), /KHÓA MẪU/);
  assert.match(await text(await byTestId(browser, 'trust-enrolment')), /máy giám sát/);
  assert.match(await text(await byTestId(browser, 'trust-supervisor')), /Được tỉnh đăng ký là máy giám sát/);
  await browser.pause(300);
  await screenshot(browser, 'trust-supervisor');
});

test('the shell refuses a path the web view names without a dialog, and accepts it once chosen', async () => {
  const { browser } = app;
  const list = path.join(tmp, 'ket-qua-bo.csv');
  fs.writeFileSync(list, 'x\n');
  const invoke = (p) =>
    browser.execute(async (p) => {
      try {
        await window.__TAURI_INTERNALS__.invoke('upload_result', { path: p });
        return { code: 'ok' };
      } catch (e) {
        return e;
      }
    }, p);
  for (const p of [list, '/etc/passwd', `${ws}/../../../etc/passwd`]) {
    const refused = await invoke(p);
    assert.equal(refused.code, 'path.not_chosen', `${p}: ${JSON.stringify(refused)}`);
    assert.match(refused.message, /chưa được chọn/);
  }
  // the same file, chosen in the native dialog, reaches the core (which then judges its content)
  await (await byTestId(browser, 'batch-tab-upload')).click();
  await choose(app, 'upload-result-path', list);
  const after = await invoke(list);
  assert.notEqual(after.code, 'path.not_chosen', JSON.stringify(after));
});
