import { getContext, setContext } from 'svelte';
import type { Backend } from './backend';
import { FakeBackend } from './fake';
import { TauriBackend } from './tauri';

export { ApiError, type Backend, type FileDropEvent } from './backend';
export * from './types';

/**
 * The one place that decides which backend the app talks to:
 * the fake one when `?fake=1` is in the URL or when not running inside Tauri, else Tauri.
 *
 * Fake-mode URL options: `firstRun=1` (no workspace yet), `as=canbo|giamsat` (already signed in),
 * `empty=1` (the demo workspace has no books), `lang=en`.
 */
export function selectBackend(win: Window = window): Backend {
  const params = new URLSearchParams(win.location.search);
  const inTauri = '__TAURI_INTERNALS__' in win;
  if (params.get('fake') === '1' || !inTauri) {
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
