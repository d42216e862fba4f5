// The automatic backup and the restore in the real app (issue 13 §6), end to end: the clerk signs
// out (the daily automatic backup runs then, into `<workspace>-sao-luu/`; it may finish after the
// sign-out has returned, so the spec waits for its folder to appear under its final name), signs
// in again, finds it listed on the backup screen, and restores it into a new folder chosen in the
// (test-answered) native dialog. The restored workspace opens with the CLI, its audit chain
// verifies and it holds the same books as the workspace it was made from.
// Works on a copy of the demo workspace (SOHOA_E2E_WORKSPACE).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { byTestId, choose, DEMO_PASSWORD } from '../lib/app.mjs';
import { appOnDemo, sohoa } from '../lib/spec.mjs';
import { signIn, text } from '../lib/steps.mjs';

const spec = appOnDemo('backup-restore');
const LONG = 5 * 60 * 1000;

/** The automatic backups under their final names (a backup is written under a temporary name first). */
const automaticBackups = (ws) => {
  const dir = `${ws}-sao-luu`;
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((n) => n.startsWith('sohoa-sao-luu-') && fs.existsSync(path.join(dir, n, 'backup.json')))
    .map((n) => path.join(dir, n));
};

/** Waits until `ws` has an automatic backup; returns its folder. */
async function backupAppears(ws, timeout = LONG) {
  const t0 = Date.now();
  for (;;) {
    const found = automaticBackups(ws);
    if (found.length > 0) {
      console.log(`automatic backup there ${((Date.now() - t0) / 1000).toFixed(1)} s after the sign-out returned`);
      return found;
    }
    if (Date.now() - t0 > timeout) assert.fail(`no automatic backup in ${ws}-sao-luu after ${timeout / 1000} s`);
    await sleep(250);
  }
}

test('the sign-out makes the automatic backup; the backup screen lists it and restores it into a new folder that opens and verifies', async () => {
  let { browser } = spec.app;
  assert.deepEqual(automaticBackups(spec.ws), [], 'no automatic backup before the first sign-out');
  await signIn(browser, 'canbo', { timeout: 60000 });
  await (await byTestId(browser, 'logout')).click();
  await byTestId(browser, 'login-username', 60000);
  const [backup] = await backupAppears(spec.ws);

  await signIn(browser, 'canbo', { timeout: 180000 });
  await (await byTestId(browser, 'nav-backup', 60000)).click();
  await byTestId(browser, 'backup');
  const list = await byTestId(browser, 'backup-list', 60000);
  const rows = await list.$$('[data-testid="backup-row"]');
  assert.equal(rows.length, 1, 'the one automatic backup is listed');
  assert.match(await text(rows[0]), /canbo/, 'made by the clerk who signed out');

  await (await byTestId(browser, 'backup-password')).setValue(DEMO_PASSWORD);
  const restore = await rows[0].$('[data-testid="backup-restore"]');
  await restore.waitForEnabled({ timeout: 20000 });
  await restore.click();
  await byTestId(browser, 'backup-restore-dialog');
  const target = path.join(spec.tmp, 'xa-khoi-phuc');
  await choose(spec.app, 'backup-target', target);
  await (await byTestId(browser, 'backup-restore-confirm')).click();
  await (await byTestId(browser, 'backup-restore-run')).click();
  await browser.waitUntil(
    async () => (await browser.$('[data-testid="backup-restored"]').isExisting()) || (await browser.$('[data-testid="backup-error"]').isExisting()),
    { timeout: LONG, timeoutMsg: 'backup-restored or backup-error' },
  );
  const error = await browser.$('[data-testid="backup-error"]');
  if (await error.isExisting()) assert.fail(`backup-error: ${await text(error)}`);
  assert.match(await text(await byTestId(browser, 'backup-restored')), /xa-khoi-phuc/);

  // The restored workspace is a workspace: it opens with the clerk's password, its audit chain
  // verifies, and it holds what the backed-up one held (the books with their counts).
  assert.ok(fs.existsSync(path.join(target, 'workspace.db')), 'the restored folder holds the workspace');
  const verified = sohoa(['audit', 'verify', '-w', target, '-u', 'canbo']);
  console.log(`audit verify (restored): ${verified.trim().split('\n').at(-1)}`);
  assert.equal(sohoa(['books', '-w', target, '-u', 'canbo']), sohoa(['books', '-w', spec.ws, '-u', 'canbo']));
  assert.ok(fs.existsSync(backup), 'the backup stays where it was');
});
