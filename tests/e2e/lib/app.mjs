// Starts the real sohoa app through tauri-driver (which drives WebKitWebDriver) and returns a
// WebdriverIO browser. Needs a display (run under xvfb-run) and:
//   SOHOA_APP        path of the built app (default target/debug/sohoa-app), built with the test-only
//                    feature `e2e-dialogs` (`cargo build -p sohoa-app --features custom-protocol,e2e-dialogs`)
//                    so that `choose()` can answer its native dialogs
//   SOHOA_E2E_WORKSPACE  the demo workspace to open (made by `sohoa demo`)
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import net from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { remote } from 'webdriverio';

const root = path.resolve(import.meta.dirname, '../../..');

function portOpen(port) {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => { s.end(); resolve(true); });
    s.once('error', () => resolve(false));
  });
}

async function freePort() {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => { const p = srv.address().port; srv.close(() => resolve(p)); });
  });
}

// Each app gets a D-Bus session bus of its own, as each user's desktop session has one: the app's
// single-instance lock lives there (without a bus the plugin is inactive), and two apps of one test
// (two workspaces side by side) or an app still closing must not hand over to each other.
async function sessionBus() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sohoa-bus-'));
  const socket = path.join(dir, 'bus');
  const address = `unix:path=${socket}`;
  const daemon = spawn('dbus-daemon', ['--session', `--address=${address}`, '--nofork', '--nopidfile'], { stdio: 'ignore' });
  daemon.unref();
  let failed = false;
  daemon.once('error', () => { failed = true; });
  for (let i = 0; i < 50 && !failed && !fs.existsSync(socket); i++) await sleep(100);
  const stop = () => { daemon.kill('SIGTERM'); fs.rmSync(dir, { recursive: true, force: true }); };
  if (failed || !fs.existsSync(socket)) {
    stop();
    throw new Error('dbus-daemon did not start a session bus (tools/setup.sh installs it)');
  }
  return { env: { DBUS_SESSION_BUS_ADDRESS: address }, stop };
}

export async function launch({ args = [], env = {} } = {}) {
  const application = process.env.SOHOA_APP ?? path.join(root, 'target/debug/sohoa-app');
  const bus = await sessionBus();
  // Native dialogs are answered from this file (the app is built with the test-only feature
  // `e2e-dialogs`; release builds lack it): `answer(path)` queues the next answer.
  const answers = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sohoa-dialogs-')), 'answers');
  fs.writeFileSync(answers, '');
  env = { SOHOA_E2E_DIALOG_ANSWERS: answers, ...env };
  const port = await freePort();
  const nativePort = await freePort();
  const driverBin = process.env.TAURI_DRIVER ?? path.join(os.homedir(), '.cargo/bin/tauri-driver');
  // The driver's (and so the app's) output goes to a log file, never to this process's stdio:
  // an app that outlives its session would otherwise hold the test runner's pipe open and the
  // runner would wait for it forever.
  const logDir = path.join(root, 'target/test-logs');
  fs.mkdirSync(logDir, { recursive: true });
  const log = fs.openSync(path.join(logDir, `tauri-driver-${port}.log`), 'a');
  const driver = spawn(driverBin, ['--port', String(port), '--native-port', String(nativePort)], {
    stdio: ['ignore', log, log],
    env: { ...process.env, ...bus.env, ...env },
  });
  fs.closeSync(log);
  for (let i = 0; i < 100 && !(await portOpen(port)); i++) await sleep(100);
  const browser = await remote({
    hostname: '127.0.0.1',
    port,
    logLevel: 'warn',
    connectionRetryCount: 2,
    capabilities: {
      'wdio:enforceWebDriverClassic': true,
      'tauri:options': { application, args },
    },
  });
  const close = async () => {
    try { await browser.deleteSession(); } catch { /* app already gone */ }
    driver.kill('SIGTERM');
    await sleep(300);
    bus.stop();
    fs.rmSync(path.dirname(answers), { recursive: true, force: true });
  };
  /** Queues the answer of the next native dialog (null: Cancel). */
  const answer = (p) => fs.appendFileSync(answers, `${p ?? ''}\n`);
  /** Whether a queued answer still waits for its dialog. */
  const pending = () => fs.readFileSync(answers, 'utf8') !== '';
  return { browser, close, answer, pending };
}

/**
 * Chooses `file` for the path field `testid` as a person would: clicks its “Chọn…” button and
 * the (test-answered) native dialog returns `file`. Waits until the field shows it.
 *
 * A click can miss while the panel is still loading: the button is disabled, or the content above
 * it grows and moves it between the moment the driver aims and the moment it clicks. The shell
 * takes the answer from the queue when the dialog opens, so an answer still queued after a click
 * means the click missed: click again (the answer is queued once).
 */
export async function choose(app, testid, file) {
  const button = await byTestId(app.browser, `${testid}-choose`);
  await button.waitForEnabled({ timeout: 60000, timeoutMsg: `${testid}-choose stayed disabled` });
  app.answer(file);
  for (let attempt = 1; ; attempt++) {
    await button.click();
    const taken = await app.browser
      .waitUntil(async () => !app.pending(), { timeout: 3000, interval: 100 })
      .then(() => true, () => false);
    if (taken) break;
    if (attempt === 5) throw new Error(`${testid}: 5 clicks on its “Chọn…” button opened no dialog`);
  }
  const field = await byTestId(app.browser, testid);
  await field.waitUntil(async () => (await field.getValue()) === file, { timeout: 20000, timeoutMsg: `${testid} did not show ${file}` });
}

export function workspace() {
  const ws = process.env.SOHOA_E2E_WORKSPACE;
  if (!ws) throw new Error('SOHOA_E2E_WORKSPACE must name a demo workspace (made by `sohoa demo`)');
  return ws;
}

export const DEMO_PASSWORD = process.env.SOHOA_PASSWORD ?? 'sohoa-demo';

/** Waits for a data-testid and returns the element. */
export async function byTestId(browser, id, timeout = 20000) {
  const el = await browser.$(`[data-testid="${id}"]`);
  await el.waitForDisplayed({ timeout });
  return el;
}

export async function screenshot(browser, name) {
  const dir = process.env.SOHOA_E2E_SCREENSHOTS ?? path.join(root, 'target/e2e-screenshots');
  await import('node:fs').then((fs) => fs.mkdirSync(dir, { recursive: true }));
  await browser.saveScreenshot(path.join(dir, `${name}.png`));
}
