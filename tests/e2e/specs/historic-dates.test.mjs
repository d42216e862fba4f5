// Historic dates on the keying screen of the real app (issue 10 part 2), on a copy of the demo
// workspace: a lunar date shows its solar equivalent beside the field; an impossible date shows
// its plausible readings as buttons that the keyboard reaches (↓) and picks (Enter).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { byTestId, screenshot } from '../lib/app.mjs';
import { appOnDemo } from '../lib/spec.mjs';
import { signIn, openBookWithScans } from '../lib/steps.mjs';

const spec = appOnDemo('historic-dates');

const text = (browser, id) => browser.execute((t) => document.querySelector(`[data-testid="${t}"]`)?.textContent ?? '', id);
const value = (browser, id) => browser.execute((i) => document.getElementById(i)?.value ?? '', id);
const focused = (browser) => browser.execute(() => document.activeElement?.id ?? document.activeElement?.getAttribute('data-testid') ?? '');

/**
 * Empties the field and types `typed` key by key (WebKitWebDriver drops repeated keys in one
 * action), until the field holds exactly `typed`: on a loaded machine a key (a composed
 * Vietnamese letter most of all) can be lost, and what is tested here is the screen's answer to
 * the value, not the typing.
 */
async function retype(browser, id, typed) {
  for (let attempt = 1; ; attempt++) {
    await browser.execute((i) => {
      const el = document.getElementById(i);
      el.focus();
      el.select();
    }, id);
    await browser.keys(['Backspace']);
    for (const ch of typed) await browser.keys(ch);
    const got = await value(browser, id);
    if (got === typed) return;
    if (attempt === 3) assert.fail(`the field ${id} holds “${got}” after typing “${typed}” 3 times`);
  }
}

test('a lunar date shows its solar date; an impossible date offers its readings, picked with the keyboard', async () => {
  const { browser } = spec.app;
  await signIn(browser, 'canbo');
  assert.ok(await openBookWithScans(browser, 'KS'), 'a KS book with scans');

  await retype(browser, 'kf-nksNgaySinh', '15/8/1960 âm lịch');
  await browser.waitUntil(async () => (await text(browser, 'date-hint-nksNgaySinh')).includes('dương lịch 05/10/1960'), {
    // The hint comes from the core after the field settles: allow for a loaded machine.
    timeout: 30000,
    timeoutMsg: 'the solar equivalent of 15/8/1960 âm lịch is shown',
  });
  assert.match(await text(browser, 'date-hint-nksNgaySinh'), /âm lịch 15\/08\/1960/);
  await screenshot(browser, 'keying-lunar-date');

  await retype(browser, 'kf-nksNgaySinh', '30/02/1960');
  await byTestId(browser, 'date-readings-nksNgaySinh');
  const readings = await browser.execute(() =>
    [...document.querySelectorAll('[data-testid="date-reading-nksNgaySinh"]')].map((b) => b.textContent.trim()),
  );
  assert.ok(readings.includes('20/02/1960'), `readings ${readings}`);
  assert.ok(readings.includes('29/02/1960'), `readings ${readings}`);
  assert.match(await text(browser, 'date-hint-nksNgaySinh'), /Ngày không có thật/);
  await screenshot(browser, 'keying-impossible-date');

  // ↓ reaches the first reading, → the next one, Enter picks it; the caret comes back to the field.
  await browser.keys(['ArrowDown']);
  await browser.waitUntil(async () => (await browser.execute(() => document.activeElement?.textContent?.trim() ?? '')) === readings[0], {
    timeout: 5000,
    timeoutMsg: 'the first reading has the focus',
  });
  await browser.keys(['ArrowRight']);
  await browser.keys(['Enter']);
  await browser.waitUntil(async () => (await value(browser, 'kf-nksNgaySinh')) === readings[1], {
    timeout: 5000,
    timeoutMsg: `the field becomes ${readings[1]}`,
  });
  assert.equal(await focused(browser), 'kf-nksNgaySinh');
});
