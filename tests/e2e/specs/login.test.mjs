// A clerk starts the app on the demo workspace, mistypes the password, then signs in and sees
// the books of the commune with their counts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, workspace, byTestId, screenshot, DEMO_PASSWORD } from '../lib/app.mjs';

let app;
before(async () => { app = await launch({ args: [workspace()] }); });
after(async () => { await app?.close(); });

async function signIn(browser, username, password) {
  const user = await byTestId(browser, 'login-username');
  await user.setValue(username);
  const pw = await byTestId(browser, 'login-password');
  await pw.setValue(password);
  await (await byTestId(browser, 'login-submit')).click();
}

test('a wrong password gets a clear Vietnamese message and the app stays on the login form', async () => {
  const { browser } = app;
  await byTestId(browser, 'login-form');
  await signIn(browser, 'canbo', 'khong-dung-mat-khau');
  const err = await byTestId(browser, 'login-error');
  assert.match(await err.getText(), /Sai mật khẩu/);
  assert.ok(await (await browser.$('[data-testid="login-form"]')).isDisplayed());
  await screenshot(browser, 'login-wrong-password');
});

test('the clerk signs in and sees the commune home with its register books', async () => {
  const { browser } = app;
  await signIn(browser, 'canbo', DEMO_PASSWORD);
  await byTestId(browser, 'home');
  assert.notEqual((await (await byTestId(browser, 'home-commune')).getText()).trim(), '');
  assert.match(await (await byTestId(browser, 'home-user')).getText(), /Nguyễn Thị Hạnh|canbo/);
  const rows = await browser.$$('[data-testid="book-row"]');
  assert.ok(rows.length >= 10, `expected the demo's books, saw ${rows.length}`);
  const types = await Promise.all(rows.map(async (r) => (await r.$('[data-testid="book-type"]')).getText()));
  for (const t of ['KS', 'KT', 'KH']) assert.ok(types.some((x) => x.includes(t)), `a ${t} book is listed`);
  const totals = await Promise.all(rows.map(async (r) => Number((await (await r.$('[data-testid="book-total"]')).getText()).replace(/\D/g, ''))));
  assert.ok(totals.reduce((a, b) => a + b, 0) >= 1000, `entries counted per book: ${totals}`);
  await screenshot(browser, 'home');
});

test('signing out returns to the login form', async () => {
  const { browser } = app;
  await (await byTestId(browser, 'logout')).click();
  await byTestId(browser, 'login-form');
});
