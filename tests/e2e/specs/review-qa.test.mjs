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
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { byTestId } from '../lib/app.mjs';
import { appOnDemo } from '../lib/spec.mjs';
import { signIn, openBatches, outcome, text, screenshotPainted as screenshot } from '../lib/steps.mjs';
import { sendBatch, superviseBatch, saveDeviceFile, trustDevice, receiveVerdict, exportVerdicts } from '../lib/batch.mjs';

const PASSPHRASE = 'mat-khau-goi-e2e-qa-2025';
const WRONG_NAME = 'Nguyễn Văn Sai';
const spec = appOnDemo('qa');
const state = { sent: null, supervisorDeviceFile: '', verdictPath: '', injected: [] };

test('the clerk sends the ready books and saves the device file', async () => {
  const { browser } = spec.app;
  await signIn(browser, 'canbo');
  await openBatches(browser);
  state.sent = await sendBatch(browser, PASSPHRASE);
});

test('the supervisor imports the batch and opens the ISO 2859-1 plan of a book, stated in words', async () => {
  // The supervisor's workspace pins the demo province key and its device is enrolled by the
  // province (issue 13 §1), as in batch.test.mjs.
  const browser = await superviseBatch(spec, state.sent, PASSPHRASE);

  await (await byTestId(browser, 'qa-open')).click();
  const summary = await text(await byTestId(browser, 'qa-summary', 30000));
  assert.match(summary, /code=[A-R]( \(lot letter [A-R]\))? n=\d+ Ac=\d+ Re=\d+/);
  assert.match(await text(await byTestId(browser, 'qa-explain')), /95 lần trong 100/);
  await byTestId(browser, 'qa-blind-form', 30000);
  await screenshot(browser, 'qa-plan-and-blind-form');
});

test('the supervisor re-keys the sample blind, finds the injected errors, arbitrates them and returns the book', async () => {
  const { browser } = spec.app;
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
  const { browser } = spec.app;
  const books = await browser.$$('[data-testid="imported-book"]');
  for (const b of books.slice(1)) {
    await b.click();
    await byTestId(browser, 'review-entry-fields', 30000);
    await (await byTestId(browser, 'verdict-accept')).click();
    await browser.waitUntil(async () => (await b.getAttribute('data-verdict')) === 'accept', { timeout: 30000 });
  }
  const { verdictPath, done } = await exportVerdicts(browser);
  state.verdictPath = verdictPath;
  assert.match(await text(done), /1 sổ trả lại \(2 bản ghi\)/);
  state.supervisorDeviceFile = await saveDeviceFile(browser);
});

test('the clerk receives the verdict and sees the returned entries with the name field marked', async () => {
  const browser = await spec.relaunchOnBatches(spec.ws, 'canbo');
  await trustDevice(spec.app, state.supervisorDeviceFile);
  const done = await receiveVerdict(spec.app, state.verdictPath);
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
