// The fixture every spec starts from: the app opened on a workspace (a private copy of the demo
// workspace by default, since most specs change data), closed and cleaned up after the spec.
//
//   const spec = appOnDemo('batch');          // a copy in a fresh temporary folder
//   test('…', async () => { const { browser } = spec.app; … });
//
// `spec.app` is replaced by `spec.relaunch(ws, username)`, so tests read it when they run.
import { before, after } from 'node:test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { launch, workspace, DEMO_PASSWORD } from './app.mjs';
import { signIn, openBatches } from './steps.mjs';

const root = path.resolve(import.meta.dirname, '../../..');
/** The `sohoa` command (built with `cargo build -p sohoa-cli`). */
export const CLI = process.env.SOHOA_CLI ?? path.join(root, 'target/debug/sohoa');

/**
 * Runs the `sohoa` command with the demo password (SOHOA_PASSWORD) and `env`; returns its stdout.
 * A failure throws with the command's stderr.
 */
export function sohoa(args, env = {}) {
  return execFileSync(CLI, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SOHOA_PASSWORD: DEMO_PASSWORD, ...env } });
}

/**
 * Registers the spec's before/after hooks and returns its context:
 *   tmp  a temporary folder of the spec (removed after it);
 *   ws   the workspace the app opens: `tmp/xa`, a copy of the demo made before the app starts
 *        (with `copy: false`, the demo workspace itself);
 *   app  the launched app ({ browser, close, answer }, see lib/app.mjs).
 * `prepare(spec)` runs after the copy and before the app starts (files the spec needs, CLI steps).
 */
export function appOnDemo(name, { copy = true, prepare } = {}) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `sohoa-e2e-${name}-`));
  const spec = {
    tmp,
    ws: copy ? path.join(tmp, 'xa') : workspace(),
    app: null,
    /** Closes the app, opens `ws` and signs `username` in; returns the new browser. */
    async relaunch(ws, username) {
      await spec.app?.close();
      spec.app = await launch({ args: [ws] });
      if (username) await signIn(spec.app.browser, username);
      return spec.app.browser;
    },
    /** `relaunch`, then the batches screen. */
    async relaunchOnBatches(ws, username) {
      const browser = await spec.relaunch(ws, username);
      await openBatches(browser);
      return browser;
    },
  };
  before(async () => {
    if (copy) fs.cpSync(workspace(), spec.ws, { recursive: true });
    await prepare?.(spec);
    spec.app = await launch({ args: [spec.ws] });
  });
  after(async () => {
    await spec.app?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });
  return spec;
}
