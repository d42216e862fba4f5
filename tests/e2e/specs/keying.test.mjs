// A clerk creates a register book, attaches a scan, keys a complete birth entry with the
// keyboard only — and the app is killed (SIGKILL) right after the last keystroke. After a
// restart every field is there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { byTestId, screenshot, choose } from '../lib/app.mjs';
import { appOnDemo } from '../lib/spec.mjs';
import { signIn, openBooks } from '../lib/steps.mjs';
import { appPid, registerPageJpeg } from './keying.fixtures.mjs';

/** Two page photos (and a file that is not one) in a folder beside the workspace. */
const scansOf = (tmp) => path.join(tmp, 'anh-so-khai-sinh');
const spec = appOnDemo('keying', {
  prepare: ({ tmp }) => {
    const dir = scansOf(tmp);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'IMG_0002.jpg'), registerPageJpeg(1240, 1754, 2));
    fs.writeFileSync(path.join(dir, 'IMG_0001.jpg'), registerPageJpeg(1240, 1754, 1));
    fs.writeFileSync(path.join(dir, 'ghi-chu.txt'), 'không phải ảnh');
  },
});
const { ws } = spec;
const scans = scansOf(spec.tmp);

/** The id of the focused element (the form's inputs are `kf-<field>`). */
const focused = (browser) => browser.execute(() => document.activeElement?.id ?? '');

/**
 * Types into the focused field key by key, then leaves it with Tab (or Enter). One action per
 * key: WebKitWebDriver drops a key repeated within one action sequence (the space of
 * "Lường Văn Thắng").
 */
async function key(browser, text, leave = 'Tab') {
  for (const ch of text) await browser.keys(ch);
  await browser.keys([leave]);
}

const QUYEN = 'E2E-01/2024';
// What the clerk keys, field by field, in the form's keyboard order (KS, rarely used fields
// hidden). `null` = leave as is (Tab over it). Selects take the code's digit.
const KS_ENTRY = [
  ['so', '7'],
  ['quyenSo', null],
  ['trangSo', '1'],
  ['ngayDangKy', '12/3/2024'],
  ['loaiDangKy', '1'],
  ['noiDangKy', null],
  ['nguoiKy', 'Lường Văn Thắng'],
  ['chucVuNguoiKy', 'Phó Chủ tịch UBND xã'],
  ['nguoiThucHien', 'Nguyễn Thị Hạnh'],
  ['ghiChu', ''],
  ['nksHoTen', 'Hoàng Thị Ngọc Ánh'],
  ['nksGioiTinh', '2'],
  ['nksNgaySinh', '2/3/2024'],
  ['nksNoiSinh', 'Trạm y tế xã Phú Đình'],
  ['nksQueQuan', 'Xã Phú Đình, tỉnh Thái Nguyên'],
  ['nksDanToc', 'Tày'],
  ['nksQuocTich', 'Việt Nam'],
  ['nksLoaiKhaiSinh', '1'],
  ['meHoTen', 'Ma Thị Thu'],
  ['meNgaySinh', '1998'],
  ['meDanToc', 'Tày'],
  ['meQuocTich', 'Việt Nam'],
  ['meLoaiCuTru', '1'],
  ['meNoiCuTru', 'Thôn Bản Héo, xã Phú Đình'],
  ['meLoaiGiayToTuyThan', '4'],
  ['meSoGiayToTuyThan', '019198001234'],
  ['chaHoTen', 'Hoàng Văn Định'],
  ['chaNgaySinh', '5/1996'],
  ['chaDanToc', 'Tày'],
  ['chaQuocTich', 'Việt Nam'],
  ['chaLoaiCuTru', '1'],
  ['chaNoiCuTru', 'Thôn Bản Héo, xã Phú Đình'],
  ['chaLoaiGiayToTuyThan', '4'],
  ['chaSoGiayToTuyThan', '019096004321'],
  ['nycHoTen', 'Hoàng Văn Định'],
  ['nycQuanHe', 'Cha'],
];

test('the clerk creates a KS book and attaches two page photos from a folder', async () => {
  const { browser } = spec.app;
  await signIn(browser);
  await openBooks(browser);
  await (await byTestId(browser, 'create-book-open')).click();
  await byTestId(browser, 'create-book');
  assert.equal(await (await byTestId(browser, 'create-book-type')).getValue(), 'KS');
  await (await byTestId(browser, 'create-book-quyen')).setValue(QUYEN);
  await (await byTestId(browser, 'create-book-year')).setValue('2024');
  await (await byTestId(browser, 'create-book-pages')).setValue('2');
  await (await byTestId(browser, 'create-book-submit')).click();
  // The detail pane may still show the book selected before until the new one is created.
  const detail = await byTestId(browser, 'book-detail');
  await browser.waitUntil(async () => new RegExp(QUYEN).test(await detail.getText()), {
    timeout: 20000,
    timeoutMsg: `the new book ${QUYEN} is shown`,
  });

  await choose(spec.app, 'attach-folder', scans);
  await (await byTestId(browser, 'attach-folder-submit')).click();
  const result = await byTestId(browser, 'attach-result', 60000);
  assert.match(await result.getText(), /Đã thêm 2 trang/);
  await browser.waitUntil(async () => (await browser.$$('[data-testid="page-thumb"]')).length === 2, {
    timeout: 60000,
    timeoutMsg: 'thumbnails of the two pages',
  });
  await screenshot(browser, 'books-pages');
});

test('a complete KS entry keyed with the keyboard only survives a SIGKILL right after the last keystroke', async () => {
  const { browser } = spec.app;
  await (await byTestId(browser, 'open-keying')).click();
  await byTestId(browser, 'entry-form');
  await browser.waitUntil(async () => (await focused(browser)) === 'kf-so', { timeout: 20000, timeoutMsg: 'the first field has focus' });
  // The page on screen came up fast enough to read.
  const stage = await byTestId(browser, 'viewer-stage');
  await browser.waitUntil(async () => (await stage.getAttribute('data-open-ms')) !== '', { timeout: 20000 });
  console.log(`page on screen after ${await stage.getAttribute('data-open-ms')} ms (request → pixels)`);

  for (const [field, value] of KS_ENTRY) {
    assert.equal(await focused(browser), `kf-${field}`, `keyboard order reaches ${field}`);
    if (value === null) await key(browser, '');
    else if (field === 'nksHoTen') await key(browser, value, 'Enter'); // Enter moves on too
    else {
      // Predicted values are selected when the field is entered: typing replaces them.
      await key(browser, value);
    }
  }
  const pid = appPid(ws);
  // The last keystroke: leaving the last field. Then the power goes.
  process.kill(pid, 'SIGKILL');
  const b2 = await spec.relaunch(ws, 'canbo');
  await openBooks(b2);
  const mine = await b2.$(`[data-testid="books-item"]*=${QUYEN}`);
  await mine.waitForDisplayed({ timeout: 20000, timeoutMsg: 'the new book is still there' });
  await mine.click();
  await (await byTestId(b2, 'open-keying')).click();
  await byTestId(b2, 'entry-form');
  await b2.waitUntil(async () => (await (await byTestId(b2, 'entry-position')).getText()).includes('1/1'), {
    timeout: 20000,
    timeoutMsg: 'the entry keyed before the crash is opened',
  });
  for (const [field, value] of KS_ENTRY) {
    const el = await b2.$(`#kf-${field}`);
    const got = await el.getValue();
    if (value === null) continue;
    assert.equal(got, value, `${field} after the crash`);
  }
  assert.equal(await (await b2.$('#kf-quyenSo')).getValue(), QUYEN, 'the predicted quyển số was stored with the entry');
  await b2.waitUntil(async () => (await (await byTestId(b2, 'date-hint-ngayDangKy')).getText()).includes('12/03/2024'), {
    timeout: 10000,
    timeoutMsg: 'the typed date is shown as read',
  });
});
