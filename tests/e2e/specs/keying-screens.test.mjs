// The keying screen on the demo commune's own books: a birth (KS) and a death (KT) register
// with their scans, opened from the home page; the viewer's processing runs in Rust.
// Screenshots (1366×768) go to target/e2e-screenshots.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { byTestId, screenshot } from '../lib/app.mjs';
import { appOnDemo } from '../lib/spec.mjs';
import { signIn, openBookWithScans } from '../lib/steps.mjs';

const spec = appOnDemo('keying-screens');

async function groupLabels(browser) {
  return browser.execute(() => [...document.querySelectorAll('[data-testid="entry-form"] h3 > span')].map((e) => e.textContent ?? ''));
}

async function pageShown(browser) {
  const stage = await byTestId(browser, 'viewer-stage');
  await browser.waitUntil(async () => (await stage.getAttribute('data-open-ms')) !== '', { timeout: 30000, timeoutMsg: 'the scan is shown' });
  await byTestId(browser, 'viewer-image');
  return Number(await stage.getAttribute('data-open-ms'));
}

/** Goes back to the previous (already keyed) entry so the form shows a real entry. */
async function previousEntry(browser) {
  const before = await (await byTestId(browser, 'entry-position')).getText();
  await browser.keys(['PageUp']);
  await browser.waitUntil(async () => (await (await byTestId(browser, 'entry-position')).getText()) !== before, { timeout: 10000 });
}

test('clicking a book on the home page opens its keying screen', async () => {
  const { browser } = spec.app;
  await signIn(browser);
  const first = await browser.$('[data-testid="book-open"]');
  await first.waitForDisplayed({ timeout: 20000 });
  await first.click();
  await byTestId(browser, 'keying');
  await byTestId(browser, 'entry-form');
  await (await byTestId(browser, 'keying-back')).click();
  await byTestId(browser, 'books-screen');
});

test('the KS keying screen: scan beside the Ministry form, grouped as the register', async () => {
  const { browser } = spec.app;
  assert.ok(await openBookWithScans(browser, 'KS'), 'a KS book with scans in the demo');
  const ms = await pageShown(browser);
  console.log(`KS page on screen after ${ms} ms`);
  await previousEntry(browser);
  await pageShown(browser);
  const labels = await groupLabels(browser);
  for (const g of ['THÔNG TIN ĐĂNG KÝ', 'NGƯỜI ĐƯỢC KHAI SINH', 'MẸ', 'CHA', 'NGƯỜI YÊU CẦU']) {
    assert.ok(labels.some((l) => l.toUpperCase().startsWith(g)), `group ${g} in ${labels}`);
  }
  assert.ok((await (await browser.$('#kf-nksHoTen')).getValue()).length > 0, 'a keyed entry is shown');
  await browser.pause(400);
  await screenshot(browser, 'keying-ks');
});

test('"Làm rõ chữ mờ" and turning the page are done in Rust and shown at once', async () => {
  const { browser } = spec.app;
  const stage = await byTestId(browser, 'viewer-stage');
  const img = await byTestId(browser, 'viewer-image');
  const before = await img.getAttribute('src');
  await (await byTestId(browser, 'viewer-enhance')).click();
  await browser.waitUntil(async () => (await img.getAttribute('src')) !== before, { timeout: 10000, timeoutMsg: 'a processed image arrives' });
  await browser.pause(300);
  await screenshot(browser, 'keying-ks-enhanced');
  await (await byTestId(browser, 'viewer-enhance')).click();
  const w0 = Number((await img.getSize()).width);
  await (await byTestId(browser, 'viewer-rotate')).click();
  await browser.waitUntil(async () => Math.abs(Number((await img.getSize()).width) - w0) > 20, { timeout: 10000, timeoutMsg: 'the page lies across' });
  await (await byTestId(browser, 'viewer-rotate')).click();
  await (await byTestId(browser, 'viewer-rotate')).click();
  await (await byTestId(browser, 'viewer-rotate')).click();
  await browser.waitUntil(async () => Math.abs(Number((await img.getSize()).width) - w0) < 3, { timeout: 10000, timeoutMsg: 'upright again' });
  assert.ok(Number(await stage.getAttribute('data-open-ms')) >= 0);
});

test('the KT keying screen', async () => {
  const { browser } = spec.app;
  await (await byTestId(browser, 'keying-back')).click();
  assert.ok(await openBookWithScans(browser, 'KT'), 'a KT book with scans in the demo');
  await pageShown(browser);
  await previousEntry(browser);
  await pageShown(browser);
  const labels = await groupLabels(browser);
  assert.ok(labels.some((l) => l.toUpperCase().startsWith('NGƯỜI CHẾT')), `groups: ${labels}`);
  await browser.pause(400);
  await screenshot(browser, 'keying-kt');
});
