// The population check while keying, in the real app: a clerk keys a birth whose child is in the
// commune's population extract, and as soon as the name and birth date are saved the person
// appears beside the form (ID number masked), without the caret leaving the form. The person is
// taken from the demo's own adjudication queue (a true match of another entry), so the spec
// follows whatever the sample generator writes. Screenshots go to target/e2e-screenshots.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { byTestId, screenshot } from '../lib/app.mjs';
import { appOnDemo } from '../lib/spec.mjs';
import { signIn, openBooks } from '../lib/steps.mjs';

const spec = appOnDemo('keying-candidates');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const text = (browser, selector) => browser.execute((s) => document.querySelector(s)?.textContent ?? '', selector);
const caretInForm = (browser) => browser.execute(() => !!document.activeElement?.closest('[data-testid="entry-form"]'));

/** Types into the focused field key by key (WebKitWebDriver drops repeated keys within one action), then leaves it. */
async function key(browser, value, leave = 'Tab') {
  for (const ch of value) await browser.keys(ch);
  await browser.keys([leave]);
}

/** A person of the extract, read from the first true match of the adjudication queue. */
async function personFromQueue(browser) {
  await (await byTestId(browser, 'nav-duplicates')).click();
  await byTestId(browser, 'dedupe-entry', 60000);
  for (let i = 0; i < 40; i++) {
    await byTestId(browser, 'candidate', 60000);
    const found = await browser.execute(() => {
      const card = document.querySelector('[data-testid="candidate"][data-kind="person"][data-band="match"]');
      if (!card) return null;
      const cell = (k) => card.querySelector(`[data-testid="cmp-${k}"] td:nth-of-type(2)`)?.textContent?.trim() ?? '';
      const clean = (v) => (v === '—' ? '' : v);
      return {
        id: card.querySelector('[data-testid="candidate-id"] strong')?.textContent?.trim() ?? '',
        name: clean(cell('name')),
        dob: clean(cell('dob')),
        sex: clean(cell('sex')),
        father: clean(cell('father')),
        mother: clean(cell('mother')),
      };
    });
    if (found && found.name && /^\d{2}\/\d{2}\/\d{4}$/.test(found.dob) && /^\d{12}$/.test(found.id)) return found;
    const name = await text(browser, '[data-testid="entry-name"]');
    await browser.keys('j'); // the next entry of the queue
    await browser.waitUntil(async () => (await text(browser, '[data-testid="entry-name"]')) !== name, { timeout: 10000 }).catch(() => {});
    await sleep(300);
  }
  assert.fail('a true match with a full birth date in the demo queue');
}

/** Clicks a form field, scrolled to the middle of the form first: the form scrolls under the
 * keying screen's header rows and its action bar, which would otherwise cover a field low on it. */
async function clickField(browser, name) {
  const el = await browser.$(`#kf-${name}`);
  await browser.execute((e) => e.scrollIntoView({ block: 'center', behavior: 'instant' }), el);
  await el.click();
}

/** Opens a KS book with scans (of the person's birth year when there is one), on a new entry. */
async function openNewKsEntry(browser, year) {
  await openBooks(browser);
  const items = await browser.$$('[data-testid="books-item"]');
  const ks = [];
  for (const it of items) {
    const t = await browser.execute((el) => el.textContent ?? '', it);
    if (t.trim().startsWith('KS') && !/\b0 trang ảnh/.test(t)) ks.push({ it, t });
  }
  assert.ok(ks.length > 0, 'a KS book with scans in the demo');
  const book = ks.find((b) => b.t.includes(`/${year}`)) ?? ks[0];
  await book.it.click();
  await (await byTestId(browser, 'open-keying')).click();
  await byTestId(browser, 'entry-form');
  for (let i = 0; i < 3 && !(await text(browser, '[data-testid="entry-position"]')).includes('mới'); i++) {
    await browser.keys(['PageDown']);
    await sleep(500);
  }
  assert.match(await text(browser, '[data-testid="entry-position"]'), /mới/, 'a new entry');
}

let person;

test('the clerk finds a person of the extract in the queue (to key as a new birth)', async () => {
  const { browser } = spec.app;
  await signIn(browser);
  person = await personFromQueue(browser);
  console.log(`keying ${person.name} born ${person.dob}`);
});

test('a birth keyed with its child in the extract shows the person beside the form, ID masked, caret in the form', async () => {
  const { browser } = spec.app;
  await openNewKsEntry(browser, person.dob.slice(-4));
  const panel = await byTestId(browser, 'check-panel');
  assert.match(await browser.execute((el) => el.textContent, panel), /Nhập họ tên và ngày sinh/, 'a quiet hint first');
  await clickField(browser, 'nksHoTen');
  await key(browser, person.name);
  if (person.sex) {
    await (await browser.$('#kf-nksGioiTinh')).selectByAttribute('value', person.sex === 'Nam' ? '1' : '2');
  }
  await clickField(browser, 'nksNgaySinh');
  await key(browser, person.dob);
  if (person.mother) {
    await clickField(browser, 'meHoTen');
    await key(browser, person.mother);
  }
  if (person.father) {
    await clickField(browser, 'chaHoTen');
    await key(browser, person.father);
  }
  const first = await byTestId(browser, 'check-person', 60000);
  await browser.waitUntil(async () => (await browser.execute((el) => el.textContent, first)).includes(person.name.split(' ').pop()), {
    timeout: 30000,
    timeoutMsg: 'the person keyed is the first candidate',
  });
  assert.equal(await first.getAttribute('data-band'), 'match');
  const shownId = await text(browser, '[data-testid="check-person-id"]');
  assert.equal(shownId, `${person.id.slice(0, 3)}*******${person.id.slice(-2)}`, 'the ID number is masked');
  assert.ok(!(await browser.execute((id) => document.body.textContent.includes(id), person.id)), 'the full ID number is nowhere on screen');
  assert.ok(await caretInForm(browser), 'the caret stays in the form');
  await sleep(500);
  await screenshot(browser, 'keying-candidates-match');
});

test('Alt+3 explains the score field by field; Alt+1 links the person without leaving the form', async () => {
  const { browser } = spec.app;
  await browser.keys(['Alt', '3']);
  const why = await byTestId(browser, 'explanation', 10000);
  const whyText = await browser.execute((el) => el.textContent, why);
  assert.match(whyText, /Họ tên/);
  assert.match(whyText, /Ngày sinh/);
  assert.ok(await caretInForm(browser));
  await sleep(300);
  await screenshot(browser, 'keying-candidates-why');
  await browser.keys(['Alt', '1']);
  const decided = await byTestId(browser, 'check-decision', 20000);
  assert.match(await browser.execute((el) => el.textContent, decided), /Cùng một người/);
  assert.ok(await caretInForm(browser));
});
