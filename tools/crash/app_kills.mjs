#!/usr/bin/env node
// Crash harness, the app's side (issue 13 §6, issue 14 §5): starts the real app (tauri-driver
// under Xvfb, as tests/e2e do), signs in, starts a long job — a spreadsheet import or a batch
// export — and SIGKILLs the app at a random point of it, a few times. After every kill
// `sohoa crash-probe check` signs in (which rolls back an unfinished import and removes
// temporary files) and checks: integrity_check ok, the audit chain verifies, no temporary file
// left, the import applied whole or not at all, every package under its final name verifies.
//
//   xvfb-run -a -s "-screen 0 1366x768x24" node tools/crash/app_kills.mjs --kills 4
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
function check(ws) {
  const r = sohoa(['crash-probe', 'check', '-w', ws]);
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

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sohoa-app-kills-'));
const t0 = Date.now();
const base = path.join(tmp, 'base');
const made = sohoa(['demo', '--out', base, '--no-images', '--insecure-fast-kdf', '--entries', '150', '--extract-rows', '100']);
if (made.rc !== 0) {
  console.error(`set-up failed: sohoa demo\n${made.out}\n${made.err}`);
  process.exit(2);
}
const before = check(base).res;
const stats = { import: { kills: 0, midRun: 0, violations: 0 }, export: { kills: 0, midRun: 0, violations: 0 } };
const problems = [];
for (let i = 0; i < KILLS; i++) {
  const scenario = i % 2 === 0 ? 'import' : 'export';
  const st = stats[scenario];
  st.kills++;
  const ws = path.join(tmp, `w${i}`);
  fs.cpSync(base, ws, { recursive: true });
  const out = path.join(tmp, `w${i}-chuyen-giao`);
  fs.mkdirSync(out, { recursive: true });
  const app = await launch({ args: [ws] });
  const { browser } = app;
  let midRun = false;
  try {
    await (await byTestId(browser, 'login-username')).setValue('canbo');
    await (await byTestId(browser, 'login-password')).setValue(PW);
    await (await byTestId(browser, 'login-submit')).click();
    await byTestId(browser, 'home', 60000);
    if (scenario === 'import') {
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
  const { rc, res } = check(ws);
  let ok = rc === 0;
  if (scenario === 'import') {
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
  if (!ok) {
    st.violations++;
    problems.push(`kill ${i} (${scenario}): ${JSON.stringify(res)}`);
  }
  fs.rmSync(ws, { recursive: true, force: true });
  fs.rmSync(out, { recursive: true, force: true });
}
const violations = stats.import.violations + stats.export.violations;
console.log(`app kills: seed ${SEED}, ${KILLS} kills of the app in ${((Date.now() - t0) / 1000).toFixed(0)} s (import of ${ROWS} rows, batch export)`);
for (const [sc, s] of Object.entries(stats)) console.log(`  ${sc.padEnd(7)} kills ${s.kills}  killed mid-run ${s.midRun}  violations ${s.violations}`);
for (const p of problems) console.log(`  ${p}`);
fs.rmSync(tmp, { recursive: true, force: true });
process.exit(violations === 0 ? 0 : 1);
