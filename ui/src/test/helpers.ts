import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import App from '../App.svelte';
import { FakeBackend, type FakeOptions } from '../lib/api/fake';

/** Renders the whole app on a fresh fake backend. */
export function renderApp(opts: FakeOptions = {}) {
  const backend = new FakeBackend(opts);
  const user = userEvent.setup();
  const result = render(App, { props: { backend } });
  return { backend, user, ...result };
}

/** Signs in through the login screen, as a clerk would. */
export async function signIn(user: ReturnType<typeof userEvent.setup>, username: string, password: string) {
  await screen.findByTestId('login-form');
  await user.type(screen.getByTestId('login-username'), username);
  await user.type(screen.getByTestId('login-password'), `${password}{Enter}`);
}
