import { describe, expect, it } from 'vitest';
import { FakeBackend } from './fake';
import { selectBackend } from './index';
import { TauriBackend } from './tauri';

const win = (search: string, tauri: boolean) =>
  ({ location: { search }, ...(tauri ? { __TAURI_INTERNALS__: {} } : {}) }) as unknown as Window;

describe('selectBackend', () => {
  it('uses Tauri inside the app', () => {
    expect(selectBackend(win('', true))).toBeInstanceOf(TauriBackend);
  });
  it('uses the fake backend in a plain browser or with ?fake=1', () => {
    expect(selectBackend(win('', false))).toBeInstanceOf(FakeBackend);
    expect(selectBackend(win('?fake=1', true))).toBeInstanceOf(FakeBackend);
  });
});
