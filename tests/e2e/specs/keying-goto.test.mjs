// Keying conveniences in the real app, on a copy of the demo workspace: Ctrl+G "go to entry"
// (by the number written in the register, or #position) and "blank page" (Ctrl+Shift+B), which
// the books screen then shows on the page's card and counts in the book's coverage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { byTestId } from '../lib/app.mjs';
import { appOnDemo } from '../lib/spec.mjs';
import { signIn, openBookWithScans } from '../lib/steps.mjs';

const spec = appOnDemo('keying-goto');

const text = (browser, id) => browser.execute((t) => document.querySelector(`[data-testid="${t}"]`)?.textContent ?? '', id);
/** A shortcut with modifiers, as the webview delivers it to the window. */
const shortcut = (browser, init) => browser.execute((i) => window.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, ...i })), init);

async function gotoEntry(browser, typed) {
  await shortcut(browser, { key: 'g', code: 'KeyG', ctrlKey: true });
  const input = await byTestId(browser, 'goto-input');
  await browser.waitUntil(async () => (await browser.execute(() => document.activeElement?.getAttribute('data-testid'))) === 'goto-input', {
    timeout: 5000,
    timeoutMsg: 'the go-to box has the caret',
  });
  for (const ch of typed) await browser.keys(ch);
  await browser.keys(['Enter']);
  return input;
}

async function positionBecomes(browser, want) {
  await browser.waitUntil(async () => (await text(browser, 'entry-position')).includes(want), { timeout: 10000, timeoutMsg: `position ${want}` });
}

test('Ctrl+G goes to an entry by its position (#N) and by the number written in the register', async () => {
  const { browser } = spec.app;
  await signIn(browser, 'canbo');
  assert.ok(await openBookWithScans(browser, 'KS'), 'a KS book with scans');

  await gotoEntry(browser, '#1');
  await positionBecomes(browser, 'Bản ghi 1/');
  const so1 = await browser.execute(() => document.getElementById('kf-so')?.value ?? '');
  assert.ok(so1.length > 0, 'the first entry has a number');

  await gotoEntry(browser, '#3');
  await positionBecomes(browser, 'Bản ghi 3/');

  await gotoEntry(browser, so1);
  await positionBecomes(browser, 'Bản ghi 1/');
  assert.equal(await browser.execute(() => document.getElementById('kf-so')?.value ?? ''), so1);

  await gotoEntry(browser, '999999');
  await byTestId(browser, 'goto-error');
  assert.match(await text(browser, 'goto-error'), /Không có bản ghi số “999999”/);
  await browser.keys(['Escape']);
  await browser.waitUntil(async () => (await browser.$$('[data-testid="goto"]')).length === 0, { timeout: 5000, timeoutMsg: 'Esc closes the box' });
});

test('Ctrl+Shift+B marks the page on screen blank; the books screen shows it and counts it', async () => {
  const { browser } = spec.app;
  await shortcut(browser, { key: 'B', code: 'KeyB', ctrlKey: true, shiftKey: true });
  await byTestId(browser, 'page-blank-note');
  const note = await text(browser, 'page-blank-note');
  const page = Number(/Trang (\d+)/.exec(note)?.[1]);
  assert.ok(page >= 1, note);
  assert.equal(await (await byTestId(browser, 'page-blank')).getAttribute('aria-pressed'), 'true');

  await (await byTestId(browser, 'keying-back')).click();
  await byTestId(browser, 'books-screen');
  await byTestId(browser, 'page-blank-badge');
  // The card of that page (cards are numbered by the book's page they show).
  const badgeOf = () =>
    browser.execute((n) => Boolean(document.querySelector(`[data-testid="page-card"][data-seq="${n}"] [data-testid="page-blank-badge"]`)), page);
  assert.equal(await badgeOf(), true, `the card of page ${page} says “Trang trống”`);
  const blanks = (await browser.$$('[data-testid="page-blank-badge"]')).length;
  await browser.waitUntil(async () => (await text(browser, 'book-coverage')).includes(`${blanks} trang trống`), {
    timeout: 10000,
    timeoutMsg: 'coverage counts the blank pages',
  });

  // Unmarked from its card.
  await (await browser.$(`[data-testid="page-card"][data-seq="${page}"] [data-testid="page-blank-toggle"]`)).click();
  await browser.waitUntil(async () => !(await badgeOf()), { timeout: 10000, timeoutMsg: 'unmarked' });
});
