// What a person does in the app, step by step, as the specs say it: sign in, go to a screen, open a
// book, wait for the outcome of an action; and small readers of what the page shows.
import assert from 'node:assert/strict';
import { byTestId, screenshot, DEMO_PASSWORD } from './app.mjs';

/** An element's textContent (WebKitWebDriver's visible-text atom returns '' for some flex children). */
export const text = (el) => el.getProperty('textContent');

/** The value of the input `id`. */
export const value = async (browser, id) => (await byTestId(browser, id)).getProperty('value');

/** A command of the shell called from the page, as the UI calls it. */
export const invoke = (browser, cmd, args = {}) => browser.execute((c, a) => window.__TAURI_INTERNALS__.invoke(c, a), cmd, args);

/** Types the user name and password on the login form and submits it (waits for nothing). */
export async function submitLogin(browser, username, password = DEMO_PASSWORD) {
  await (await byTestId(browser, 'login-username')).setValue(username);
  await (await byTestId(browser, 'login-password')).setValue(password);
  await (await byTestId(browser, 'login-submit')).click();
}

/** Signs `username` in with the demo password and waits for the home screen. */
export async function signIn(browser, username = 'canbo', { timeout = 20000 } = {}) {
  await submitLogin(browser, username);
  await byTestId(browser, 'home', timeout);
}

/** The batches screen, from the menu. */
export async function openBatches(browser) {
  await (await byTestId(browser, 'nav-batches')).click();
  await byTestId(browser, 'batch');
}

/** The books screen (“Nhập liệu”), from the menu. */
export async function openBooks(browser, timeout = 20000) {
  await (await byTestId(browser, 'nav-keying')).click();
  await byTestId(browser, 'books-screen', timeout);
}

/**
 * Opens the keying screen of the first book of `type` (KS, KT, …) that has scans, from the books
 * screen; false when the workspace has none.
 */
export async function openBookWithScans(browser, type) {
  await openBooks(browser);
  for (const it of await browser.$$('[data-testid="books-item"]')) {
    const t = String(await it.getProperty('textContent')).trim();
    if (t.startsWith(type) && !/\b0 trang ảnh/.test(t)) {
      await it.click();
      await (await byTestId(browser, 'open-keying')).click();
      await byTestId(browser, 'entry-form');
      return true;
    }
  }
  return false;
}

/** Waits for the `done` element or the `error` alert; fails with the error's text. */
export async function outcome(browser, done, error, timeout = 120000) {
  await browser.waitUntil(
    async () => (await browser.$(`[data-testid="${done}"]`).isExisting()) || (await browser.$(`[data-testid="${error}"]`).isExisting()),
    { timeout, timeoutMsg: `${done} or ${error}` },
  );
  const err = await browser.$(`[data-testid="${error}"]`);
  if (await err.isExisting()) assert.fail(`${error}: ${await text(err)}`);
  return browser.$(`[data-testid="${done}"]`);
}

/** Screenshot once the page has painted what the DOM holds (WebKitWebDriver under Xvfb lags a frame or two). */
export async function screenshotPainted(browser, name) {
  await browser.execute(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(null)))));
  await browser.pause(500);
  await screenshot(browser, name);
}

/**
 * Puts a file into the file input `testId` as the person's file chooser would (DataTransfer).
 * `content` is text or bytes (a Buffer / Uint8Array).
 */
export async function putFile(browser, testId, name, content) {
  const bytes = typeof content === 'string' ? null : [...content];
  await browser.execute(
    (id, fileName, str, arr) => {
      const input = document.querySelector(`[data-testid="${id}"]`);
      const dt = new DataTransfer();
      dt.items.add(new File([arr ? new Uint8Array(arr) : str], fileName, { type: 'text/csv' }));
      input.files = dt.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
    },
    testId,
    name,
    bytes ? '' : content,
    bytes,
  );
}
