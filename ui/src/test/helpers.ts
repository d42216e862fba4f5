import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, vi } from 'vitest';
import App from '../App.svelte';
import { FakeBackend, type FakeOptions } from '../lib/api/fake';

/** Renders the whole app on a fresh fake backend. */
export function renderApp(opts: FakeOptions = {}) {
  const backend = new FakeBackend(opts);
  const user = userEvent.setup();
  const result = render(App, { props: { backend } });
  return { backend, user, ...result };
}

/**
 * Chooses `path` in the native dialog behind the field `testid` (issue 13 §5: paths are never
 * typed): the fake's dialog answers `path`, then the field's “Chọn…” button is clicked.
 */
export async function choosePath(user: ReturnType<typeof userEvent.setup>, backend: FakeBackend, testid: string, path: string | null) {
  backend.dialogAnswers.push(path);
  await user.click(await screen.findByTestId(`${testid}-choose`));
}

/** Signs in through the login screen, as a clerk would. */
export async function signIn(user: ReturnType<typeof userEvent.setup>, username: string, password: string) {
  await screen.findByTestId('login-form');
  await user.type(screen.getByTestId('login-username'), username);
  await user.type(screen.getByTestId('login-password'), `${password}{Enter}`);
}

/**
 * jsdom has neither ResizeObserver nor object URLs: page viewers get a fixed-size stage of
 * `width`×`height` and fake blob URLs. Call at the top of a test file; undone after each test.
 */
export function stubViewerEnvironment(width = 700, height = 680) {
  beforeEach(() => {
    vi.stubGlobal(
      'ResizeObserver',
      class {
        constructor(private cb: ResizeObserverCallback) {}
        observe() {
          this.cb([{ contentRect: { width, height } } as ResizeObserverEntry], this as unknown as ResizeObserver);
        }
        disconnect() {}
        unobserve() {}
      },
    );
    URL.createObjectURL = vi.fn(() => 'blob:fake');
    URL.revokeObjectURL = vi.fn();
    localStorage.clear();
  });
  afterEach(() => vi.unstubAllGlobals());
}
