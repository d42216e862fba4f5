// A clerk starts the app on the demo workspace, mistypes the password, then signs in and sees
// the books of the commune with their counts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { byTestId, screenshot, DEMO_PASSWORD } from '../lib/app.mjs';
import { appOnDemo } from '../lib/spec.mjs';
import { submitLogin } from '../lib/steps.mjs';

const spec = appOnDemo('login', { copy: false });

test('a wrong password gets a clear Vietnamese message and the app stays on the login form', async () => {
  const { browser } = spec.app;
  await byTestId(browser, 'login-form');
  // The keyring names the commune, so the clerk knows whose workspace this is before signing in.
  assert.match(await (await byTestId(browser, 'login-commune')).getProperty('textContent'), /Phú Đình/);
  await submitLogin(browser, 'canbo', 'khong-dung-mat-khau');
  const err = await byTestId(browser, 'login-error');
  assert.match(await err.getText(), /Sai mật khẩu/);
  assert.ok(await (await browser.$('[data-testid="login-form"]')).isDisplayed());
  await screenshot(browser, 'login-wrong-password');
});

test('the clerk signs in and sees the commune home with its register books', async () => {
  const { browser } = spec.app;
  await submitLogin(browser, 'canbo', DEMO_PASSWORD);
  await byTestId(browser, 'home');
  await byTestId(browser, 'book-row');
  await screenshot(browser, 'home');
  const commune = await byTestId(browser, 'home-commune');
  // textContent: WebKitWebDriver's visible-text atom returns '' for some flex children.
  assert.match(await commune.getProperty('textContent'), /Phú Đình/);
  assert.match(await (await byTestId(browser, 'home-user')).getProperty('textContent'), /Nguyễn Thị Hạnh|canbo/);
  const rows = await browser.execute(() =>
    [...document.querySelectorAll('[data-testid="book-row"]')].map((r) => ({
      type: r.querySelector('[data-testid="book-type"]')?.textContent ?? '',
      total: Number((r.querySelector('[data-testid="book-total"]')?.textContent ?? '').replace(/\D/g, '')),
    })),
  );
  assert.ok(rows.length >= 10, `expected the demo's books, saw ${rows.length}`);
  for (const t of ['KS', 'KT', 'KH', 'HN', 'CMC']) assert.ok(rows.some((r) => r.type.includes(t)), `a ${t} book is listed`);
  const totals = rows.map((r) => r.total);
  assert.ok(totals.reduce((a, b) => a + b, 0) >= 1000, `entries counted per book: ${totals}`);
});

test('signing out returns to the login form', async () => {
  const { browser } = spec.app;
  await (await byTestId(browser, 'logout')).click();
  await byTestId(browser, 'login-form');
});
