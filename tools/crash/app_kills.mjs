#!/usr/bin/env node
// Crash harness, the app's side (issue 13 §6, issue 14 §5): starts the real app (tauri-driver
// under Xvfb, as tests/e2e do), signs in, starts a long job and SIGKILLs the app at a random
// point of it, a few times. The jobs (`--kinds`, taken in turn):
//   import   the clerk's spreadsheet import into a new book (killed at a random share of its rows);
//   export   the clerk's batch export of every ready book (killed 0–1.5 s after it starts);
//   upload   the supervisor's upload export (Ministry .xlsx + .zip per accepted book, all or
//            nothing) into `<ws>-chuyen-giao/tai-len-trung-uong` (killed at a random moment of it);
//   package  the supervisor importing a commune's batch package (one transaction; killed at a
//            random moment of it).
// After every kill `sohoa crash-probe check` signs in (which rolls back an unfinished import and
// removes temporary files) and checks: the workspace opens, integrity_check ok, the audit chain
// verifies, no temporary file left; then per job: the import applied whole or not at all, every
// package under its final name verifies, the upload folder holds exactly the files the workspace
// records (none, or every book's pair) with the entries and audit rows of all or none of them, the
// package recorded whole (its import, entries, books and audit rows) or not at all.
//
//   xvfb-run -a -s "-screen 0 1366x768x24" node tools/crash/app_kills.mjs --kills 8
//   … --kills 4 --kinds upload,package            # only the supervisor's jobs
//
// Needs target/debug/sohoa-app (built with --features custom-protocol after `npm run build` in
// ui/), target/debug/sohoa, and tests/e2e/node_modules (npm ci there). Exit 0 only without a
// violation; figures printed at the end.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { launch, byTestId } from '../../tests/e2e/lib/app.mjs';

const root = path.resolve(import.meta.dirname, '../..');
const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : def;
};
const KILLS = Number(arg('kills', 4));
const KINDS = arg('kinds', 'import,export,upload,package').split(',');
for (const k of KINDS) {
  if (!['import', 'export', 'upload', 'package'].includes(k)) {
    console.error(`--kinds: unknown kind “${k}” (import, export, upload, package)`);
    process.exit(2);
  }
}
const ROWS = Number(arg('rows', 20000));
let seed = Number(arg('seed', Date.now() % 100000));
const SEED = seed;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const BIN = arg('bin', path.join(root, 'target/debug/sohoa'));
const PW = 'mat-khau-kiem-thu-sap';
const PASS = 'mat-khau-goi-kiem-thu';
const env = { ...process.env, SOHOA_PASSWORD: PW, SOHOA_USER: 'canbo', SOHOA_BATCH_PASSPHRASE: PASS };

function sohoa(args) {
  const r = spawnSync(BIN, args, { env, encoding: 'utf8' });
  return { rc: r.status, out: r.stdout, err: r.stderr };
}
function sohoaWith(args, extra) {
  const r = spawnSync(BIN, args, { env: { ...env, ...extra }, encoding: 'utf8' });
  return { rc: r.status, out: r.stdout, err: r.stderr };
}
function check(ws, user = 'canbo') {
  const r = sohoa(['crash-probe', 'check', '-w', ws, '-u', user]);
  try {
    return { rc: r.rc, res: JSON.parse(r.out.trim().split('\n').at(-1)) };
  } catch {
    return { rc: r.rc ?? 99, res: { error: (r.out + r.err).slice(-400) } };
  }
}

/** The app's process id (launched by WebKitWebDriver under tauri-driver), newest first. */
const appPid = (ws) => Number(execFileSync('pgrep', ['-n', '-f', `sohoa-app.*${ws}`], { encoding: 'utf8' }).trim().split('\n')[0]);
const invoke = (browser, cmd, args = {}) => browser.execute((c, a) => window.__TAURI_INTERNALS__.invoke(c, a), cmd, args);

/** Starts an import of `rows` birth rows into a new KS book from the page (the file made there). */
async function startImport(browser, rows) {
  await browser.execute((n) => {
    const lines = ['ma_ban_ghi,so,quyen_so,trang_so,ngay_dang_ky,ho_ten,ngay_sinh,gioi_tinh,dan_toc,quoc_tich,noi_sinh,que_quan,ho_ten_cha,ho_ten_me,noi_dang_ky,ghi_chu'];
    for (let i = 1; i <= n; i++) {
      const d = String((i % 28) + 1).padStart(2, '0');
      lines.push([`CK-${i}`, i, '77/2003', Math.ceil(i / 10), `${d}/05/2003`, `Trần Văn Sáng ${i}`, `${d}/04/2003`, 'Nam', 'Kinh', 'Việt Nam', 'Trạm y tế', 'xã Phú Đình', 'Trần Văn Cha', 'Lê Thị Mẹ', 'UBND xã Phú Đình', ''].join(','));
    }
    const bytes = new TextEncoder().encode(lines.join('\r\n') + '\r\n');
    const h = { 'x-file-name': 'crash.csv', 'x-book-type': 'KS' };
    window.__crashImport = window.__TAURI_INTERNALS__
      .invoke('import_preview', bytes, { headers: h })
      .then((p) => window.__TAURI_INTERNALS__.invoke('import_run', bytes, { headers: { ...h, 'x-mapping': encodeURIComponent(JSON.stringify(p.mappingChecked)) } }));
    window.__crashImport.catch(() => {});
  }, rows);
}

/** Starts a batch export of every ready book to `out` (passphrase-locked). */
async function startExport(browser, out) {
  await browser.execute(
    (p, pass) => {
      const channel = `__CHANNEL__:${window.__TAURI_INTERNALS__.transformCallback(() => {})}`;
      window.__TAURI_INTERNALS__.invoke('batch_export', { books: [], path: p, passphrase: pass, onProgress: channel }).catch(() => {});
    },
    out,
    PASS,
  );
}

/** Starts the upload export of every accepted book into `dir` (the job reports to a channel nobody reads). */
async function startUpload(browser, dir) {
  await browser.execute((d) => {
    const channel = `__CHANNEL__:${window.__TAURI_INTERNALS__.transformCallback(() => {})}`;
    window.__TAURI_INTERNALS__.invoke('upload_export', { books: [], dir: d, onProgress: channel }).catch(() => {});
  }, dir);
}

/** Starts the import of the passphrase-locked package at `file`. */
async function startPackageImport(browser, file) {
  await browser.execute(
    (p, pass) => {
      const channel = `__CHANNEL__:${window.__TAURI_INTERNALS__.transformCallback(() => {})}`;
      window.__TAURI_INTERNALS__.invoke('batch_import', { path: p, passphrase: pass, onProgress: channel }).catch(() => {});
    },
    file,
    PASS,
  );
}

/**
 * Waits until `ms` have passed since `t` or the job of `kind` is no longer running; whether it
 * was still running then, and the moment it finished (ms after `t`) if it did.
 */
async function runFor(browser, kind, t, ms) {
  for (;;) {
    const job = (await invoke(browser, 'jobs_list')).find((j) => j.kind === kind);
    if (job && job.state !== 'running') return { midRun: false, finished: Date.now() - t, state: job.state };
    if (Date.now() - t >= ms) return { midRun: job?.state === 'running' };
    await sleep(50);
  }
}

/** Files whose name starts with the temporary prefix (crate::fsx::TEMP_PREFIX) in `dir`. */
const tempIn = (dir) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.startsWith('.sohoa-tmp-')) : []);
const pick = (o, keys) => JSON.stringify(keys.map((k) => o[k]));

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sohoa-app-kills-'));
const t0 = Date.now();
const base = path.join(tmp, 'base');
function setUp(what, r) {
  if (r.rc !== 0) {
    console.error(`set-up failed: ${what}\n${r.out}\n${r.err}`);
    process.exit(2);
  }
  return r;
}
const uses = (k) => KINDS.includes(k);
// The upload export writes a PDF per entry from its scans: the demo needs its page images then.
const images = uses('upload') ? [] : ['--no-images'];
setUp('sohoa demo', sohoa(['demo', '--out', base, ...images, '--insecure-fast-kdf', '--entries', '150', '--extract-rows', '100']));
const before = check(base).res;
const setUpTimes = { demo: Date.now() - t0 };

// The package import: the clerk's batch of every ready book (locked with a passphrase), and a
// supervisor workspace made as a province would (as tests/e2e/lib/batch.mjs does), trusting the
// commune's device. `supBefore` / `supAfter`: the supervisor's counts before and after a whole
// import (the CLI's, the same core function the app runs).
let supervisor, packageFile, supBefore, supAfter;
if (uses('package')) {
  const t = Date.now();
  const commune = path.join(tmp, 'xa-gui');
  fs.cpSync(base, commune, { recursive: true });
  packageFile = path.join(tmp, 'dot-gui.sohoa');
  setUp('batch export', sohoa(['batch', 'export', '-w', commune, '-u', 'canbo', '--out', packageFile, '--passphrase']));
  const communeDevice = path.join(tmp, 'xa.sohoa-device.json');
  setUp('batch identity', sohoa(['batch', 'identity', '-w', commune, '-u', 'canbo', '--out', communeDevice]));
  const authority = path.join(base, 'KHOA-TINH-MAU-chi-de-thu');
  const provinceKey = path.join(authority, 'province-key.json');
  const scope = `qd19_2025:${JSON.parse(fs.readFileSync(communeDevice, 'utf8')).commune.code}`;
  supervisor = path.join(tmp, 'giam-sat');
  setUp('workspace create', sohoaWith(['workspace', 'create', '--out', supervisor, '--commune-code', '12', '--commune-name', 'Sở Tư pháp (thử)',
    '--username', 'giamsat', '--display-name', 'Trần Văn Minh', '--role', 'supervisor', '--scope', scope, '--province-key', provinceKey,
    '--province-fingerprint', JSON.parse(fs.readFileSync(provinceKey, 'utf8')).fingerprint, '--insecure-fast-kdf'], { SOHOA_NEW_PASSWORD: PW }));
  const supDevice = path.join(tmp, 'giam-sat.sohoa-device.json');
  const cert = path.join(tmp, 'chung-nhan.json');
  setUp('batch identity', sohoa(['batch', 'identity', '-w', supervisor, '-u', 'giamsat', '--out', supDevice]));
  setUp('province enrol', sohoaWith(['province', 'enrol', '--authority', authority, '--device-file', supDevice, '--role', 'supervisor', '--scope', scope,
    '--out', cert], { SOHOA_PROVINCE_PASSPHRASE: 'sohoa-demo-tinh-mau' }));
  setUp('trust import', sohoa(['trust', 'import', '-w', supervisor, '-u', 'giamsat', cert]));
  setUp('batch trust', sohoa(['batch', 'trust', '-w', supervisor, '-u', 'giamsat', '--file', communeDevice]));
  supBefore = check(supervisor, 'giamsat').res;
  const whole = path.join(tmp, 'giam-sat-nhan-du');
  fs.cpSync(supervisor, whole, { recursive: true });
  setUp('batch import', sohoa(['batch', 'import', '-w', whole, '-u', 'giamsat', packageFile]));
  supAfter = check(whole, 'giamsat').res;
  fs.rmSync(whole, { recursive: true, force: true });
  setUpTimes.package = Date.now() - t;
}
// What a package import records: all of it or none of it.
const PACKAGE_KEYS = ['packageImports', 'importedEntries', 'books', 'entries', 'auditRows'];
// Where the upload and package kills aim: the second of every three kills of a kind waits for the
// job to end and kills the app right after (the files just renamed into place and recorded: the
// "everything" side, and it measures how long the job runs); the others kill at a random moment
// of that time (before the first measure: about 14 s and 5 s, this machine's debug build).
const lasts = { upload: 14000, package: 5000 };
const AFTER_THE_END = 600000; // 10 min: a job never seen to end is killed then (and counted mid-run)

const stats = Object.fromEntries(KINDS.map((k) => [k, { kills: 0, midRun: 0, afterTheEnd: 0, violations: 0, tempAfterKill: 0, ms: 0 }]));
const problems = [];
for (let i = 0; i < KILLS; i++) {
  const scenario = KINDS[i % KINDS.length];
  const st = stats[scenario];
  st.kills++;
  const started = Date.now();
  const source = scenario === 'package' ? supervisor : base;
  const user = scenario === 'upload' || scenario === 'package' ? 'giamsat' : 'canbo';
  const ws = path.join(tmp, `w${i}`);
  fs.cpSync(source, ws, { recursive: true });
  const out = path.join(tmp, `w${i}-chuyen-giao`);
  fs.mkdirSync(out, { recursive: true });
  const uploadDir = path.join(out, 'tai-len-trung-uong');
  let candidates = [];
  const app = await launch({ args: [ws] });
  const { browser } = app;
  let midRun = false;
  try {
    await (await byTestId(browser, 'login-username')).setValue(user);
    await (await byTestId(browser, 'login-password')).setValue(PW);
    await (await byTestId(browser, 'login-submit')).click();
    await byTestId(browser, 'home', 60000);
    if (scenario === 'upload' || scenario === 'package') {
      const kind = scenario === 'upload' ? 'uploadExport' : 'batchImport';
      if (scenario === 'upload') {
        candidates = await invoke(browser, 'upload_candidates');
        await startUpload(browser, uploadDir);
      } else {
        // Under the app's own transfer folder: a path the shell accepts without a dialog.
        const file = path.join(out, path.basename(packageFile));
        fs.copyFileSync(packageFile, file);
        await startPackageImport(browser, file);
      }
      const aim = st.kills % 3 === 2 ? AFTER_THE_END : random() * lasts[scenario];
      const r = await runFor(browser, kind, Date.now(), aim);
      midRun = r.midRun;
      if (r.finished) lasts[scenario] = r.finished;
      if (aim === AFTER_THE_END) st.afterTheEnd++;
    } else if (scenario === 'import') {
      // Killed once a random share of the rows is committed (0–95 %).
      const at = random() * 0.95;
      await startImport(browser, ROWS);
      const deadline = Date.now() + 600000;
      for (;;) {
        const job = (await invoke(browser, 'jobs_list')).find((j) => j.kind === 'import');
        if (job && job.state !== 'running') break;
        if (job && job.total > 0 && job.done >= at * job.total) {
          midRun = true;
          break;
        }
        if (Date.now() > deadline) break;
        await sleep(100);
      }
    } else {
      await startExport(browser, path.join(out, 'dot1.sohoa'));
      await sleep(random() * 1500);
      const job = (await invoke(browser, 'jobs_list')).find((j) => j.kind === 'batchExport');
      midRun = job?.state === 'running';
    }
    process.kill(appPid(ws), 'SIGKILL');
  } catch (e) {
    problems.push(`kill ${i} (${scenario}): driving the app failed: ${e.message}`);
    st.violations++;
  }
  await app.close();
  st.midRun += midRun ? 1 : 0;
  // Temporary files the kill left (the next sign-in removes them; the check below counts what stays).
  const leftAtKill = [ws, out, uploadDir].flatMap(tempIn);
  st.tempAfterKill += leftAtKill.length;
  const { rc, res } = check(ws, user);
  let ok = rc === 0;
  if (scenario === 'upload') {
    // The folder holds exactly what the workspace records: nothing, or every book's pair with
    // its entries exported and their audit rows.
    const shown = fs.existsSync(uploadDir) ? fs.readdirSync(uploadDir).filter((f) => !f.startsWith('.')).sort() : [];
    const recorded = [...(res.uploadFiles ?? [])].sort();
    const none = pick(res, ['uploadExports', 'exportedEntries', 'auditRows']) === pick(before, ['uploadExports', 'exportedEntries', 'auditRows']);
    const entries = candidates.reduce((n, c) => n + c[1], 0);
    const all =
      res.uploadExports === before.uploadExports + candidates.length &&
      res.exportedEntries === before.exportedEntries + entries &&
      // one `upload.export` row per file pair, one `entry.status` row per entry moved to exported
      res.auditRows === before.auditRows + candidates.length + entries;
    ok &&= JSON.stringify(shown) === JSON.stringify(recorded) && (none || all) && candidates.length > 0;
    res.shown = shown;
    if (!none && !all) res.expected = { before: pick(before, ['uploadExports', 'exportedEntries', 'auditRows']), candidates };
    res.outcome = none ? 'nothing' : all ? 'everything' : 'PART';
  } else if (scenario === 'package') {
    const none = pick(res, PACKAGE_KEYS) === pick(supBefore, PACKAGE_KEYS);
    const all = pick(res, PACKAGE_KEYS) === pick(supAfter, PACKAGE_KEYS);
    ok &&= none || all;
    res.outcome = none ? 'nothing' : all ? 'everything' : 'PART';
  } else if (scenario === 'import') {
    const whole = (res.entries === before.entries && res.books === before.books) || (res.entries === before.entries + ROWS && res.books === before.books + 1);
    ok &&= whole;
  } else {
    for (const f of fs.readdirSync(out)) {
      if (f.startsWith('.')) {
        ok = false; // a temporary file beside the final name
        res.leftover = f;
      } else if (f.endsWith('.sohoa') && sohoa(['batch', 'verify', path.join(out, f)]).rc !== 0) {
        ok = false;
        res.badPackage = f;
      }
    }
  }
  if (res.outcome) (st[res.outcome] = (st[res.outcome] ?? 0) + 1);
  if (!ok) {
    st.violations++;
    problems.push(`kill ${i} (${scenario}): ${JSON.stringify(res)}`);
  }
  fs.rmSync(ws, { recursive: true, force: true });
  fs.rmSync(out, { recursive: true, force: true });
  st.ms += Date.now() - started;
}
const violations = Object.values(stats).reduce((n, s) => n + s.violations, 0);
const setUpText = Object.entries(setUpTimes).map(([k, v]) => `${k} ${(v / 1000).toFixed(0)} s`).join(', ');
console.log(`app kills: seed ${SEED}, ${KILLS} kills of the app in ${((Date.now() - t0) / 1000).toFixed(0)} s (set-up: ${setUpText}; import of ${ROWS} rows)`);
for (const [sc, s] of Object.entries(stats)) {
  const outcomes = s.nothing !== undefined || s.everything !== undefined ? `  recorded nothing ${s.nothing ?? 0} / everything ${s.everything ?? 0}` : '';
  const after = s.afterTheEnd ? ` (${s.afterTheEnd} aimed right after its end)` : '';
  console.log(`  ${sc.padEnd(7)} kills ${s.kills} in ${(s.ms / 1000).toFixed(0)} s  killed mid-run ${s.midRun}${after}  temporary files at the kill ${s.tempAfterKill} (cleaned at the next start)${outcomes}  violations ${s.violations}`);
}
for (const p of problems) console.log(`  ${p}`);
fs.rmSync(tmp, { recursive: true, force: true });
process.exit(violations === 0 ? 0 : 1);
