// Rules the screens show come from the core, whatever the book type (issue 14 §1): the home page
// counts returned entries as keyed, as the progress figures do; a marriage-status (HN) entry keeps
// the title the core gives it after each save.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { byTestId, screenshot } from '../lib/app.mjs';
import { appOnDemo } from '../lib/spec.mjs';
import { signIn, openBooks } from '../lib/steps.mjs';

const spec = appOnDemo('core-rules');

const number = (text) => Number(String(text).replace(/\D/g, ''));

async function sumOf(browser, testId) {
  const cells = await browser.$$(`[data-testid="${testId}"]`);
  let n = 0;
  for (const c of cells) n += number(await c.getText());
  return n;
}

test('the home page counts returned entries as keyed, as the progress figures do', async () => {
  const { browser } = spec.app;
  await signIn(browser, 'canbo');
  const keyed = await byTestId(browser, 'home-keyed');
  const total = number(await (await byTestId(browser, 'books-total')).getText());
  const drafts = await sumOf(browser, 'book-count-draft');
  const returned = await sumOf(browser, 'book-count-returned');
  assert.ok(returned > 0, 'the demo commune has returned entries');
  assert.equal(number(await keyed.getText()), total - drafts, 'every entry but drafts counts as keyed, returned ones included');
});

test('an HN entry keeps its title after each save', async () => {
  const { browser } = spec.app;
  await openBooks(browser);
  await (await byTestId(browser, 'create-book-open')).click();
  await byTestId(browser, 'create-book');
  await (await byTestId(browser, 'create-book-type')).selectByAttribute('value', 'HN');
  await (await byTestId(browser, 'create-book-quyen')).setValue('E2E-HN-01/2023');
  await (await byTestId(browser, 'create-book-year')).setValue('2023');
  await (await byTestId(browser, 'create-book-pages')).setValue('1');
  await (await byTestId(browser, 'create-book-submit')).click();
  await byTestId(browser, 'book-detail');
  await (await byTestId(browser, 'open-keying')).click();
  await byTestId(browser, 'entry-form');

  const save = async (field, value) => {
    const input = await browser.$(`#kf-${field}`);
    await input.waitForDisplayed({ timeout: 20000 });
    await input.click();
    await input.setValue(value);
    await browser.keys(['Tab']);
    await browser.waitUntil(async () => (await (await byTestId(browser, 'save-state')).getAttribute('data-state')) === 'saved', {
      timeout: 20000,
      timeoutMsg: `${field} saved`,
    });
  };
  const title = async () => {
    const el = await browser.$('[data-testid="entry-title"]');
    // the title attribute holds the whole name (the text may be cut short with an ellipsis)
    return (await el.isExisting()) ? el.getAttribute('title') : null;
  };

  await save('nxnHoTen', 'Đinh Thị Lan');
  assert.equal(await title(), 'Đinh Thị Lan', 'the new entry is named after its person');
  await save('nxnNgaySinh', '5/1/1990');
  assert.equal(await title(), 'Đinh Thị Lan', 'still named after another field was saved');
  await save('nxnHoTen', 'Đinh Thị Lành');
  assert.equal(await title(), 'Đinh Thị Lành', 'renamed with its person');
  await screenshot(browser, 'keying-hn-title');
});
