// The trust screen (issue 13) and the shell's path rule (issue 13 §5): the supervisor of the demo
// opens the “Tin cậy” tab and reads the pinned province key's fingerprint, the same as
// `sohoa trust status` prints; a path the web view names without a dialog is refused by the shell,
// and the same file chosen through the (test-answered) native dialog is accepted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { byTestId, screenshot, choose } from '../lib/app.mjs';
import { appOnDemo, sohoa } from '../lib/spec.mjs';
import { signIn, openBatches, text } from '../lib/steps.mjs';

const spec = appOnDemo('trust');
const { ws, tmp } = spec;

test('the supervisor reads the pinned province key fingerprint in groups, as `sohoa trust status` prints it', async () => {
  const { browser } = spec.app;
  await signIn(browser, 'giamsat');
  await openBatches(browser);
  await (await byTestId(browser, 'batch-tab-trust')).click();
  const fpEl = await byTestId(browser, 'trust-province-fingerprint');
  const groups = await browser.$$('[data-testid="trust-province-fingerprint"] .group').map((g) => g.getText());
  assert.equal(groups.length, 4);
  assert.ok(groups.every((g) => /^[A-Z2-7]{4}$/.test(g)), groups.join(' '));
  const shown = groups.join('-');
  assert.equal(await fpEl.getAttribute('aria-label'), shown);

  const status = sohoa(['trust', 'status', '-w', ws, '-u', 'giamsat']);
  const printed = status.match(/Khóa tỉnh đã ghim: .* \(([A-Z2-7-]{19})\)/)?.[1];
  assert.equal(shown, printed, status);
  assert.match(await text(await byTestId(browser, 'trust-pin-state')), /KHÓA MẪU/);
  assert.match(await text(await byTestId(browser, 'trust-enrolment')), /máy giám sát/);
  assert.match(await text(await byTestId(browser, 'trust-supervisor')), /Được tỉnh đăng ký là máy giám sát/);
  await browser.pause(300);
  await screenshot(browser, 'trust-supervisor');
});

test('the shell refuses a path the web view names without a dialog, and accepts it once chosen', async () => {
  const { browser } = spec.app;
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
  await choose(spec.app, 'upload-result-path', list);
  const after = await invoke(list);
  assert.notEqual(after.code, 'path.not_chosen', JSON.stringify(after));
});
