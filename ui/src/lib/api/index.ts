import { getContext, setContext } from 'svelte';
import type { Backend } from './backend';
import { TauriBackend } from './tauri';

export { ApiError, type Backend, type FileDropEvent } from './backend';
export * from './types';
export type * from './types-trust';

/**
 * The one place that decides which backend the app talks to: Tauri inside the app; the fake one
 * (in memory, `fake.ts`) with `?fake=1` or in a plain browser — **only in development and tests**.
 * The fake is imported dynamically behind `import.meta.env.DEV`, which Vite replaces by `false` in
 * a production build, so the ~3,000 lines of the fake are not in the bundle the app ships
 * (checked by `tools/check-bundle.sh` in CI).
 *
 * Fake-mode URL options: `firstRun=1` (no workspace yet), `as=canbo|giamsat` (already signed in),
 * `empty=1` (the demo workspace has no books), `lang=en`.
 */
export async function selectBackend(win: Window = window, dev: boolean = import.meta.env.DEV): Promise<Backend> {
  const params = new URLSearchParams(win.location.search);
  const inTauri = '__TAURI_INTERNALS__' in win;
  if (import.meta.env.DEV && dev && (params.get('fake') === '1' || !inTauri)) {
    const { FakeBackend } = await import('./fake');
    return new FakeBackend({
      workspacePath: params.get('firstRun') === '1' ? null : undefined,
      locale: params.get('lang') === 'en' ? 'en' : 'vi',
      signedInAs: params.get('as'),
      books: params.get('empty') === '1' ? [] : undefined,
      latencyMs: 120,
      passwordLatencyMs: 500,
    });
  }
  return new TauriBackend();
}

const KEY = Symbol('sohoa.backend');

/** Makes `backend` available to every component below the caller (done once, in App). */
export function provideBackend(backend: Backend): void {
  setContext(KEY, backend);
}

/** The backend provided by App. */
export function useBackend(): Backend {
  const b = getContext<Backend | undefined>(KEY);
  if (!b) throw new Error('useBackend() called outside <App>');
  return b;
}
