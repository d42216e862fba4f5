// The three progress dashboards as a person sees them (issue 11 part 5): the clerk's commune, the
// supervisor's national view (34 and 63 provinces) and one province. Screenshots land in
// SOHOA_E2E_SCREENSHOTS (docs/screenshots/ holds the ones referenced by docs/progress.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { byTestId, screenshot } from '../lib/app.mjs';
import { appOnDemo } from '../lib/spec.mjs';
import { signIn, text } from '../lib/steps.mjs';

const spec = appOnDemo('dashboards', { copy: false });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function openProgressAs(browser, username) {
  // The clerk's sign-out in the first test is the demo workspace's first of the day, so it starts
  // the automatic daily backup (61.5 MB, 30–40 s in a debug build). It runs in the background:
  // the supervisor signs in while it copies (the wait allows for the machine being busy with it).
  await signIn(browser, username, { timeout: 90000 });
  // The menu is drawn again once the signed-in role is known: a click on the item found just
  // before can meet a node that is gone (stale). Click the item as it is now until it takes.
  await browser.waitUntil(
    async () => {
      try {
        await (await byTestId(browser, 'nav-progress', 60000)).click();
        return true;
      } catch {
        return false;
      }
    },
    { timeout: 60000, interval: 500, timeoutMsg: 'the progress menu item could not be clicked' },
  );
  // The clerk's overview no longer reads the 3,321 snapshots and the targets are resolved once
  // (progress/cache.rs): the screen shows at the default wait plus a margin for a loaded machine.
  await byTestId(browser, 'progress', 30000);
}

test('the clerk’s commune dashboard', async () => {
  const { browser } = spec.app;
  await openProgressAs(browser, 'canbo');
  const own = await byTestId(browser, 'progress-own');
  assert.match(await text(own), /Khai sinh|KS/);
  await sleep(3000); // the charts paint after the figures
  await screenshot(browser, 'dashboard-commune');
  await (await byTestId(browser, 'logout')).click();
  await byTestId(browser, 'login-form');
});

test('the supervisor’s national dashboard, 34 and 63 provinces, and one province', async () => {
  const { browser } = spec.app;
  await openProgressAs(browser, 'giamsat');
  const tabAll = await browser.$('[data-testid="tab-all"]');
  await tabAll.waitForExist({ timeout: 10000 });
  await tabAll.click();
  const sup = await byTestId(browser, 'progress-supervisor', 30000); // 3,321 communes added up once, then cached
  assert.match(await text(sup), /Toàn quốc/);
  await sleep(3000);
  await screenshot(browser, 'dashboard-national');
  await (await byTestId(browser, 'level-p63')).click();
  await sleep(800);
  await screenshot(browser, 'dashboard-national-63');
  await (await byTestId(browser, 'unit-search')).setValue('Thái Nguyên');
  await sleep(500);
  await (await byTestId(browser, 'unit-row')).click();
  await sleep(6000); // the province's series is summed from its communes' snapshots
  await screenshot(browser, 'dashboard-province');
});
