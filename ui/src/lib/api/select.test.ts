import { describe, expect, it } from 'vitest';
import { FakeBackend } from './fake';
import { selectBackend } from './index';
import { TauriBackend } from './tauri';

const win = (search: string, tauri: boolean) =>
  ({ location: { search }, ...(tauri ? { __TAURI_INTERNALS__: {} } : {}) }) as unknown as Window;

describe('selectBackend', () => {
  it('uses Tauri inside the app', async () => {
    expect(await selectBackend(win('', true))).toBeInstanceOf(TauriBackend);
  });
  it('uses the fake backend in development, in a plain browser or with ?fake=1', async () => {
    expect(await selectBackend(win('', false), true)).toBeInstanceOf(FakeBackend);
    expect(await selectBackend(win('?fake=1', true), true)).toBeInstanceOf(FakeBackend);
  });
  it('never uses the fake backend in a production build, whatever the URL says', async () => {
    expect(await selectBackend(win('?fake=1', true), false)).toBeInstanceOf(TauriBackend);
    expect(await selectBackend(win('', false), false)).toBeInstanceOf(TauriBackend);
  });
});
