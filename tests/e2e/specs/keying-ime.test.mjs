// Vietnamese typed through the operating system's input method (Unikey/EVKey/ibus in Telex or
// VNI): the IME composes each word (compositionstart → compositionupdate… → compositionend) and
// the Enter or space that commits a word belongs to the IME, not to the form. Also precomposed
// text sent as keys, and decomposed (NFD) text, which is stored as NFC.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { byTestId } from '../lib/app.mjs';
import { appOnDemo } from '../lib/spec.mjs';
import { signIn, openBooks } from '../lib/steps.mjs';

const spec = appOnDemo('keying-ime');

/**
 * Types words into the field `id` the way an IME does: for each word, compositionstart, a
 * keydown (keyCode 229) + compositionupdate + composing input per step, an Enter keydown while
 * composing (the IME's commit key), compositionend with the word, a final input; then a space.
 */
function imeType(browser, id, words) {
  return browser.execute(
    (id, words) => {
      const el = document.getElementById(id);
      el.focus();
      const fire = (e) => el.dispatchEvent(e);
      words.forEach((w, i) => {
        const base = el.value;
        fire(new CompositionEvent('compositionstart', { bubbles: true, data: '' }));
        for (const step of w.steps) {
          fire(new KeyboardEvent('keydown', { bubbles: true, cancelable: true, key: 'Process', keyCode: 229, isComposing: true }));
          fire(new CompositionEvent('compositionupdate', { bubbles: true, data: step }));
          el.value = base + step;
          fire(new InputEvent('input', { bubbles: true, data: step, inputType: 'insertCompositionText', isComposing: true }));
        }
        fire(new KeyboardEvent('keydown', { bubbles: true, cancelable: true, key: 'Enter', keyCode: 229, isComposing: true }));
        fire(new KeyboardEvent('keydown', { bubbles: true, cancelable: true, key: 'PageDown', keyCode: 229, isComposing: true }));
        el.value = base + w.commit;
        fire(new CompositionEvent('compositionend', { bubbles: true, data: w.commit }));
        fire(new InputEvent('input', { bubbles: true, data: w.commit, inputType: 'insertFromComposition', isComposing: false }));
        if (i < words.length - 1) {
          el.value += ' ';
          fire(new InputEvent('input', { bubbles: true, data: ' ', inputType: 'insertText' }));
        }
      });
      return document.activeElement?.id ?? '';
    },
    id,
    words,
  );
}

// Telex: "Nguyeenx Thij Hawfng" → "Nguyễn Thị Hằng", with the intermediate states an IME shows.
const TELEX = [
  { steps: ['N', 'Ng', 'Ngu', 'Nguy', 'Nguye', 'Nguyê', 'Nguyên', 'Nguyễn'], commit: 'Nguyễn' },
  { steps: ['T', 'Th', 'Thi', 'Thị'], commit: 'Thị' },
  { steps: ['H', 'Ha', 'Hă', 'Hằ', 'Hằn', 'Hằng'], commit: 'Hằng' },
];
// VNI on some systems commits decomposed letters: "Ba\u0300n" (NFD) must be stored as "Bàn".
const VNI_NFD = [
  { steps: ['D', 'Đ', 'Đo', 'Đô'], commit: 'Đô' },
  { steps: ['B', 'Ba', 'Ba\u0300', 'Ba\u0300n'], commit: 'Ba\u0300n' },
];

test('Vietnamese composed by an input method is kept whole and the commit key never leaves the field', async () => {
  const { browser } = spec.app;
  await signIn(browser, 'canbo');
  await openBooks(browser);
  const ks = await browser.$('[data-testid="books-item"]*=KS');
  await ks.click();
  await (await byTestId(browser, 'open-keying')).click();
  await byTestId(browser, 'entry-form');
  // Start from a new entry (the book may open on its last draft).
  if (!(await (await byTestId(browser, 'entry-position')).getText()).includes('mới')) {
    await browser.keys(['Control', 'Enter']);
    await browser.waitUntil(async () => (await (await byTestId(browser, 'entry-position')).getText()).includes('mới'), { timeout: 10000 });
  }

  const stillIn = await imeType(browser, 'kf-nksHoTen', TELEX);
  assert.equal(stillIn, 'kf-nksHoTen', 'Enter and PageDown while composing belong to the IME');
  assert.equal(await (await browser.$('#kf-nksHoTen')).getValue(), 'Nguyễn Thị Hằng');
  // The first change stores the new entry: it becomes the book's last entry, and stays on screen.
  const position = await (await byTestId(browser, 'entry-position')).getText();
  assert.match(position, /mới|Bản ghi (\d+)\/\1$/, `no move to another entry while composing (${position})`);

  await imeType(browser, 'kf-nksNoiSinh', VNI_NFD);
  // Precomposed text typed as keys (what WebDriver and most IMEs in "pre-edit off" mode send).
  await browser.keys(['Tab']);
  assert.equal(await browser.execute(() => document.activeElement?.id), 'kf-nksQueQuan');
  const queQuan = await browser.$('#kf-nksQueQuan');
  await queQuan.setValue('Xã Phú Đình, huyện Định Hóa');
  await browser.keys(['Tab']);
  await browser.waitUntil(async () => (await (await byTestId(browser, 'save-state')).getAttribute('data-state')) === 'saved', {
    timeout: 10000,
    timeoutMsg: 'saved',
  }).catch(async (e) => {
    const st = await byTestId(browser, 'save-state');
    const notice = await browser.$('[data-testid="keying-notice"]');
    throw new Error(`${e.message}: ${await st.getAttribute('data-state')} “${await st.getText()}” ${await st.getAttribute('title')} ${(await notice.isExisting()) ? await notice.getText() : ''}`);
  });

  // Away and back: the values come from the core again.
  const here = await (await byTestId(browser, 'entry-position')).getText();
  await browser.keys(['PageUp']);
  await browser.waitUntil(async () => (await (await byTestId(browser, 'entry-position')).getText()) !== here, { timeout: 10000 });
  await browser.keys(['PageDown']);
  await browser.waitUntil(async () => (await (await browser.$('#kf-nksHoTen')).getValue()) === 'Nguyễn Thị Hằng', {
    timeout: 10000,
    timeoutMsg: 'the composed name was stored',
  });
  const noiSinh = await (await browser.$('#kf-nksNoiSinh')).getValue();
  assert.equal(noiSinh, 'Đô Bàn', 'decomposed input stored as written, in NFC');
  assert.equal(noiSinh, noiSinh.normalize('NFC'));
  assert.equal(await (await browser.$('#kf-nksQueQuan')).getValue(), 'Xã Phú Đình, huyện Định Hóa');
});
