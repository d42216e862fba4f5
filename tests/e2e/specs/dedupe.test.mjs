// Duplicate flagging in the real app: the clerk opens "Trùng lặp", replaces the population extract
// through the mapping step (on a copy of the demo workspace), runs matching, and works the queue
// with the keyboard: a true match, a near miss and a birth keyed twice, each screenshotted.
//
// Needs the demo workspace (SOHOA_E2E_WORKSPACE, made by `sohoa demo`, which imports the sample
// extract and runs the check) and the CLI (target/debug/sohoa, or SOHOA_CLI), which writes the
// newer extract that the clerk imports. The import works on a copy of the workspace, in a second
// app session, so the queue tests (and the specs after this one) see the demo unchanged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launch, workspace, byTestId, screenshot } from '../lib/app.mjs';
import { appOnDemo, sohoa } from '../lib/spec.mjs';
import { signIn, putFile } from '../lib/steps.mjs';

// The app opens the demo itself; a copy, made before any session opens the demo (so a consistent
// snapshot), takes the extract replacement.
const copyOf = (tmp) => path.join(tmp, 'ban-sao');
const spec = appOnDemo('dedupe', {
  copy: false,
  prepare: ({ tmp }) => fs.cpSync(workspace(), copyOf(tmp), { recursive: true }),
});
const { tmp } = spec;
const copyWs = copyOf(tmp);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function queueItems(browser) {
  return browser.$$('[data-testid="queue-item"]');
}

/** Whether the workspace has a population extract (the queue strip says so). */
async function hasExtract(browser) {
  const text = await (await byTestId(browser, 'dedupe-queue')).getText();
  return !text.includes('Chưa nhập dữ liệu dân cư');
}

/** Runs matching once if the queue is empty (a demo made without a run). */
async function ensureRun(browser) {
  await sleep(1000);
  if ((await queueItems(browser)).length > 0) return;
  await (await byTestId(browser, 'dedupe-run')).click();
  await byTestId(browser, 'dedupe-run-message', 180000);
  await browser.waitUntil(async () => (await queueItems(browser)).length > 0, { timeout: 60000, timeoutMsg: 'the run found candidates' });
}

async function waitForEntry(browser) {
  await byTestId(browser, 'dedupe-entry', 60000);
  await byTestId(browser, 'candidate', 60000);
  await sleep(400); // the scan image
}

test('the clerk opens the duplicate queue from the navigation', async () => {
  const { browser } = spec.app;
  await signIn(browser);
  await (await byTestId(browser, 'nav-duplicates')).click();
  await byTestId(browser, 'dedupe');
  await byTestId(browser, 'dedupe-counts', 60000).catch(() => {});
});

const text = async (el) => ((await el.getProperty('textContent')) ?? '').replace(/\s+/g, ' ').trim();
const num = (n) => new Intl.NumberFormat('vi-VN').format(n);

/** Screenshot once the page has painted what the DOM holds (WebKitWebDriver under Xvfb lags a frame or two). */
async function paintedScreenshot(browser, name) {
  await browser.execute(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(null)))));
  await browser.pause(500);
  await screenshot(browser, name);
}

/** Cells of one CSV line (double quotes, no line breaks inside a cell). */
function csvCells(line, sep = ',') {
  const cells = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') { cell += '"'; i++; }
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === sep) { cells.push(cell); cell = ''; }
    else cell += ch;
  }
  cells.push(cell);
  return cells;
}
const csvLine = (cells, sep) => cells.map((c) => (/[";\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(sep);

/**
 * A newer extract as another police office hands it over: the CLI's synthetic extract, re-written
 * with semicolons, a row-number column, headers spelt differently ("Nam/Nữ" is one no alias
 * knows), a column the app does not import, then `extra` people and two broken lines.
 * Returns the text, the headers and the line numbers of the broken lines.
 */
function newerExtract(extra) {
  const dir = path.join(tmp, 'tao');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'E.csv');
  sohoa(['dedupe', '--generate', '--extract-rows', '2000', '--records-count', '10', '--seed', '7',
    '--extract', file, '--records', path.join(dir, 'R.csv'), '--out', path.join(dir, 'M.csv')]);
  const [head, ...rows] = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.trim() !== '');
  const rename = { 'Số định danh cá nhân': 'Số ĐDCN', 'Họ, chữ đệm và tên': 'HO VA TEN', 'Ngày, tháng, năm sinh': 'Ngày sinh', 'Giới tính': 'Nam/Nữ' };
  const generated = csvCells(head);
  const headers = ['STT', ...generated.map((h) => rename[h] ?? h), 'Nghề nghiệp'];
  const at = (h) => headers.indexOf(rename[h] ?? h);
  const row = (values) => {
    const cells = Array(headers.length).fill('');
    for (const [h, v] of Object.entries(values)) cells[at(h)] = v;
    return cells;
  };
  const lines = [headers];
  for (const r of rows) lines.push(['', ...csvCells(r), 'Nông dân']);
  for (const p of extra) lines.push(row(p));
  const badId = lines.length + 1;
  lines.push(row({ 'Số định danh cá nhân': '0123', 'Họ, chữ đệm và tên': 'Sai Số Định Danh', 'Ngày, tháng, năm sinh': '01/01/1990', 'Giới tính': 'Nam' }));
  const badDate = lines.length + 1;
  lines.push(row({ 'Số định danh cá nhân': '034190999999', 'Họ, chữ đệm và tên': 'Trần Thị Sai Ngày', 'Ngày, tháng, năm sinh': '31/02/1990', 'Giới tính': 'Nữ' }));
  lines.forEach((l, i) => { if (i > 0) l[0] = String(i); });
  // LF line ends: with CRLF the line numbers come out one too low (the csv crate's
  // Position::line, BurntSushi/rust-csv#395) — reported to the core, not pinned here
  return { csv: '\uFEFF' + lines.map((l) => csvLine(l, ';')).join('\n') + '\n', headers, rows: lines.length - 1, badId, badDate };
}

/** The rows of a line-error table: "line: reason". */
async function lineErrors(browser, testId) {
  await byTestId(browser, testId);
  return browser.execute((id) => [...document.querySelectorAll(`[data-testid="${id}"] tbody tr`)].map(
    (tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent.trim()).join(': '),
  ), testId);
}

/** The person candidate shown first for the open entry, as the clerk reads it on screen. */
async function firstPersonOnScreen(browser) {
  return browser.execute(() => {
    const card = document.querySelector('[data-testid="candidate"][data-kind="person"]');
    const cell = (k) => {
      const v = card.querySelector(`[data-testid="cmp-${k}"] td:nth-of-type(2)`)?.textContent?.trim() ?? '';
      return v === '—' ? '' : v;
    };
    return {
      id: card.querySelector('[data-testid="candidate-id"] strong')?.textContent?.trim() ?? '',
      name: cell('name'), dob: cell('dob'), sex: cell('sex'), father: cell('father'), mother: cell('mother'), place: cell('place'),
    };
  });
}

test('a newer extract replaces the old one after the clerk confirms and fixes the column mapping; broken lines are reported by number and earlier decisions are kept', async () => {
  // a second session, on the copy of the demo (the queue tests below use the demo unchanged)
  const copy = await launch({ args: [copyWs] });
  try {
    const { browser } = copy;
    await signIn(browser);
    await (await byTestId(browser, 'nav-duplicates')).click();
    await byTestId(browser, 'dedupe');

    // a decision made against the demo's extract: the first person candidate is "not the same"
    const item = await byTestId(browser, 'queue-item', 60000).then(() => browser.$('[data-testid="queue-item"]:not([data-persons="0"])'));
    const entryId = await item.getAttribute('data-entry');
    await item.click();
    await browser.waitUntil(
      async () => (await browser.execute(() => document.querySelector('[data-testid="queue-item"][aria-current="true"]')?.getAttribute('data-entry'))) === entryId
        && (await browser.$('[data-testid="candidate"][data-kind="person"]').isExisting()),
      { timeout: 60000, timeoutMsg: 'the entry opens with its person candidates' },
    );
    const person = await firstPersonOnScreen(browser);
    assert.match(person.id, /^\d{12}$/, 'the adjudication shows the full ID number');
    await (await (await browser.$('[data-testid="candidate"][data-kind="person"]')).$('[data-testid="decide-not_same"]')).click();
    await browser.waitUntil(
      // the card shows the decision, or the queue moved on to the next entry
      async () => browser.execute((id, entry) => {
        const open = document.querySelector('[data-testid="queue-item"][aria-current="true"]')?.getAttribute('data-entry');
        const decided = [...document.querySelectorAll('[data-testid="candidate"]')].some(
          (c) => c.querySelector('[data-testid="candidate-id"]')?.textContent?.includes(id) && c.querySelector('[data-testid="candidate-decision"]'),
        );
        return decided || (open != null && open !== entry);
      }, person.id, entryId),
      { timeout: 20000, timeoutMsg: 'the decision is recorded' },
    );

    // the newer extract still lists that person (the clerk's decision must stay with them)
    const extract = newerExtract([{
      'Số định danh cá nhân': person.id, 'Họ, chữ đệm và tên': person.name, 'Ngày, tháng, năm sinh': person.dob, 'Giới tính': person.sex,
      'Họ tên cha': person.father, 'Họ tên mẹ': person.mother, 'Nơi đăng ký khai sinh': person.place,
    }]);
    await (await byTestId(browser, 'dedupe-tab-extract')).click();
    await byTestId(browser, 'extract-import');
    const inUse = await text(await byTestId(browser, 'extract-current'));
    assert.match(inUse, /Đang dùng: .+, ngày \d\d\/\d\d\/\d{4}, [\d.]+ người/, inUse);
    await putFile(browser, 'extract-file', 'trich-xuat-cong-an-thang-11.csv', extract.csv);

    // the mapping step: known headers are proposed, "Nam/Nữ" is not, so nothing can be imported yet
    await byTestId(browser, 'extract-preview', 60000);
    const col = (h) => extract.headers.indexOf(h);
    const mapped = async (h) => (await byTestId(browser, `map-${col(h)}`)).getProperty('value');
    assert.equal(await mapped('Số ĐDCN'), 'so_dinh_danh');
    assert.equal(await mapped('HO VA TEN'), 'ho_ten');
    assert.equal(await mapped('Ngày sinh'), 'ngay_sinh');
    assert.equal(await mapped('Nghề nghiệp'), '', 'a column the app does not know is left out');
    assert.equal(await mapped('Nam/Nữ'), '');
    assert.match(await text(await byTestId(browser, 'extract-missing')), /Thiếu cột bắt buộc: Giới tính/);
    assert.equal(await (await byTestId(browser, 'extract-submit')).isEnabled(), false);
    // the clerk fixes it
    await (await byTestId(browser, `map-${col('Nam/Nữ')}`)).selectByAttribute('value', 'gioi_tinh');
    const counts = await byTestId(browser, 'extract-counts', 60000);
    // issue 10: an impossible birth date is kept as written and flagged, never a reason to refuse
    // the line (this spec refused it before: a change of specification)
    assert.equal(await text(counts), `${num(extract.rows)} dòng: ${num(extract.rows - 1)} đọc được, 1 dòng lỗi`);
    assert.deepEqual(await lineErrors(browser, 'extract-line-errors'), [
      `${extract.badId}: số định danh cá nhân không phải 12 chữ số`,
    ]);
    const kept = await lineErrors(browser, 'extract-line-kept');
    assert.equal(kept.length, 1, kept.join('\n'));
    assert.ok(kept[0].startsWith(`${extract.badDate}: `), kept[0]);
    assert.match(await text(await byTestId(browser, 'extract-replaces')), /Tệp này sẽ thay dữ liệu dân cư đang dùng .*Các quyết định đã có vẫn được giữ/);
    await (await byTestId(browser, 'extract-source')).setValue('Công an xã Phú Đình (bản tháng 11)');
    await browser.execute(() => {
      const date = document.querySelector('[data-testid="extract-date"]');
      date.value = '2025-11-30';
      date.dispatchEvent(new Event('input', { bubbles: true }));
      date.dispatchEvent(new Event('change', { bubbles: true }));
    });
    // the whole step in view: mapping, counts, broken lines, the replacement warning, the button
    await browser.execute(() => document.querySelector('[data-testid="extract-preview"]').scrollIntoView({ block: 'start', behavior: 'instant' }));
    await paintedScreenshot(browser, 'dedupe-extract-mapping');

    // import: the report says what was loaded, which lines were not, and what was replaced
    await (await byTestId(browser, 'extract-submit')).click();
    await browser.waitUntil(
      async () => (await browser.$('[data-testid="extract-report"]').isExisting()) || (await browser.$('[data-testid="extract-error"]').isExisting()),
      { timeout: 120000, timeoutMsg: 'the import ends' },
    );
    const failed = await browser.$('[data-testid="extract-error"]');
    if (await failed.isExisting()) assert.fail(`import refused: ${await text(failed)}`);
    const report = await text(await byTestId(browser, 'extract-report'));
    assert.match(report, new RegExp(`Đã nhập ${num(extract.rows - 1).replace('.', '\\.')} người \\(1 dòng lỗi\\)`));
    assert.deepEqual(await lineErrors(browser, 'extract-report-errors'), [
      `${extract.badId}: số định danh cá nhân không phải 12 chữ số`,
    ]);
    assert.equal((await lineErrors(browser, 'extract-report-kept')).length, 1);
    const replaced = await text(await byTestId(browser, 'extract-replaced'));
    assert.match(replaced, /Đã thay dữ liệu dân cư cũ \(Công an .+, ngày 30\/06\/2025\)\. Các quyết định đã có trên dữ liệu cũ vẫn được giữ\./);
    assert.match(await text(await byTestId(browser, 'extract-current')), /Đang dùng: Công an xã Phú Đình \(bản tháng 11\), ngày 30\/11\/2025/);
    await browser.execute(() => document.querySelector('[data-testid="extract-report"]').scrollIntoView({ block: 'center', behavior: 'instant' }));
    await paintedScreenshot(browser, 'dedupe-extract-report');

    // the check runs again, against the new extract
    await (await byTestId(browser, 'extract-run-now')).click();
    assert.match(await text(await byTestId(browser, 'dedupe-run-message', 180000)), /Đã đối chiếu [\d.]+ bản ghi/);
    assert.match(await text(await byTestId(browser, 'dedupe-queue')), new RegExp(`Dữ liệu dân cư: Công an xã Phú Đình \\(bản tháng 11\\), ngày 30/11/2025, ${num(extract.rows - 1).replace('.', '\\.')} người`));

    // the decision made before the replacement is still there, on the same person
    await (await byTestId(browser, 'queue-filter')).selectByAttribute('value', 'all');
    const decided = `[data-testid="queue-item"][data-entry="${entryId}"]`;
    await browser.waitUntil(async () => (await browser.$$('[data-testid="queue-item"]')).length > 0, { timeout: 30000 });
    for (let i = 0; i < 30 && !(await browser.$(decided).isExisting()); i++) {
      const more = await browser.$('[data-testid="queue-more"]');
      if (!(await more.isExisting())) break;
      await more.scrollIntoView({ block: 'center' });
      await more.click();
      await browser.waitUntil(async () => !(await more.isExisting()) || (await more.isEnabled()), { timeout: 30000 });
    }
    const again = await browser.$(decided);
    assert.ok(await again.isExisting(), 'the decided entry is still in the queue');
    await again.scrollIntoView({ block: 'center' });
    await again.click();
    await browser.waitUntil(
      async () => browser.execute((id) => [...document.querySelectorAll('[data-testid="candidate"]')].some(
        (c) => c.querySelector('[data-testid="candidate-id"]')?.textContent?.includes(id),
      ), person.id),
      { timeout: 60000, timeoutMsg: 'the person is a candidate again' },
    );
    const card = await browser.execute((id) => {
      const c = [...document.querySelectorAll('[data-testid="candidate"]')].find((x) => x.querySelector('[data-testid="candidate-id"]')?.textContent?.includes(id));
      return { decision: c.querySelector('[data-testid="candidate-decision"]')?.textContent ?? '', text: c.textContent };
    }, person.id);
    assert.match(card.decision, /Không phải cùng người — canbo/, 'the “not the same” decision is listed, with who made it');
    assert.doesNotMatch(card.text, /Không còn trong dữ liệu dân cư hiện tại/, 'the person is in the new extract');
  } finally {
    await copy.close();
  }
});

test('the queue shows a true match with its explanation, and 1 links the person', async (t) => {
  const { browser } = spec.app;
  await ensureRun(browser);
  if (!(await hasExtract(browser))) {
    t.skip('no population extract in this workspace (a demo made by `sohoa demo` imports it)');
    return;
  }
  const items = await queueItems(browser);
  await waitForEntry(browser);
  // a true match whose entry has its page scan (only the first pages of the demo books are scanned)
  for (let i = 0; i < Math.min(items.length, 120); i++) {
    if (await (await browser.$('[data-testid="entry-scan"]')).isExisting()) break;
    const name = await (await byTestId(browser, 'entry-name')).getText();
    await browser.keys('j'); // the next entry, as a clerk would
    await browser.waitUntil(async () => (await (await byTestId(browser, 'entry-name')).getText()) !== name, { timeout: 10000 }).catch(() => {});
    await waitForEntry(browser);
  }
  const cand = await browser.$('[data-testid="candidate"]');
  assert.equal(await cand.getAttribute('data-band'), 'match', 'best first: the first entry is a match');
  const why = await (await cand.$('[data-testid="explanation"]')).getText();
  assert.match(why, /Họ tên/);
  assert.match(why, /Ngày sinh/);
  await browser.execute((el) => el.scrollIntoView({ block: 'end' }), cand);
  await sleep(300);
  await screenshot(browser, 'dedupe-true-match');
  const before = Number((await (await byTestId(browser, 'count-linked')).getText()).replace(/\D/g, ''));
  await browser.keys('1');
  await browser.waitUntil(
    async () => Number((await (await byTestId(browser, 'count-linked')).getText()).replace(/\D/g, '')) === before + 1,
    { timeout: 20000, timeoutMsg: 'the same-person decision links the ID number' },
  );
});

test('a near miss: a person candidate only in the possible band', async (t) => {
  const { browser } = spec.app;
  if (!(await hasExtract(browser))) {
    t.skip('no population extract in this workspace');
    return;
  }
  const nearMiss = '[data-testid="queue-item"][data-band="possible"]:not([data-persons="0"])';
  // weakest entries come last: show more until one appears
  for (let i = 0; i < 30 && !(await (await browser.$(nearMiss)).isExisting()); i++) {
    const more = await browser.$('[data-testid="queue-more"]');
    if (!(await more.isExisting())) break;
    await more.scrollIntoView({ block: 'center' });
    await more.click();
    await sleep(700);
  }
  const item = await browser.$(nearMiss);
  assert.ok(await item.isExisting(), 'a near miss in the queue');
  await item.scrollIntoView({ block: 'center' });
  await item.click();
  await waitForEntry(browser);
  const cand = await browser.$('[data-testid="candidate"]');
  assert.equal(await cand.getAttribute('data-band'), 'possible');
  await screenshot(browser, 'dedupe-near-miss');
  await browser.keys('2');
  await sleep(800);
});

test('a birth keyed twice is a record candidate with the record decisions', async () => {
  const { browser } = spec.app;
  await ensureRun(browser);
  await (await byTestId(browser, 'queue-filter')).selectByAttribute('value', 'all');
  await sleep(1500);
  // preferably a child keyed twice who is not in the extract (only record candidates)
  let item = await browser.$('[data-testid="queue-item"][data-persons="0"]:not([data-records="0"])');
  if (!(await item.isExisting())) item = await browser.$('[data-testid="queue-item"]:not([data-records="0"])');
  assert.ok(await item.isExisting(), 'a record candidate in the queue');
  await item.scrollIntoView({ block: 'center' });
  await item.click();
  await waitForEntry(browser);
  const rec = await browser.$('[data-testid="candidate"][data-kind="record"]');
  // select it with the keyboard (↓ past the person candidates)
  const persons = (await browser.$$('[data-testid="candidate"][data-kind="person"]')).length;
  for (let i = 0; i < persons; i++) await browser.keys('ArrowDown');
  await sleep(800);
  assert.equal(await rec.getAttribute('aria-current'), 'true');
  const text = await rec.getText();
  assert.match(text, /Bản ghi trùng/);
  assert.match(text, /Đăng ký lại hợp lệ/);
  await screenshot(browser, 'dedupe-record-duplicate');
});
