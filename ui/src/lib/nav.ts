import { getContext, setContext } from 'svelte';

/** Where the signed-in app can go. App.svelte owns the current route. */
export type Route =
  | { name: 'home' }
  | { name: 'books'; bookId?: number }
  | { name: 'keying'; bookId: number; entryId?: number }
  | { name: 'duplicates'; tab?: 'queue' | 'extract'; entryId?: number }
  | { name: 'batches' }
  | { name: 'progress' }
  | { name: 'backup' };

export interface Nav {
  go(route: Route): void;
}

const KEY = Symbol('sohoa.nav');

/** Makes navigation available below App (done once, in App). */
export function provideNav(nav: Nav): void {
  setContext(KEY, nav);
}

/** The app's navigation, or null outside App (component tests of a single screen). */
export function useNav(): Nav | null {
  return getContext<Nav | undefined>(KEY) ?? null;
}
