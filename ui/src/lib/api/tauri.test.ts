import { beforeEach, describe, expect, it, vi } from 'vitest';

const invoke = vi.hoisted(() => vi.fn());
vi.mock('@tauri-apps/api/core', () => ({ invoke }));

import { ApiError } from './backend';
import { TauriBackend } from './tauri';

describe('TauriBackend', () => {
  beforeEach(() => invoke.mockReset());

  it('maps a rejected {code, message} to an ApiError with the same code and message', async () => {
    invoke.mockRejectedValueOnce({ code: 'auth.wrong_password', message: 'Sai mật khẩu. Vui lòng thử lại.' });
    const err = await new TauriBackend().login({ path: 'C:\\x', username: 'canbo', password: 'sai' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'auth.wrong_password', message: 'Sai mật khẩu. Vui lòng thử lại.' });
  });

  it('maps any other rejection (e.g. a plain string from Tauri) to code "internal"', async () => {
    invoke.mockRejectedValueOnce('command books_list not found');
    const err = await new TauriBackend().booksList().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'internal', message: 'command books_list not found' });
  });

  it('calls the snake_case commands with camelCase arguments', async () => {
    invoke.mockResolvedValue(null);
    const b = new TauriBackend();
    await b.appInfo();
    await b.workspaceProbe({ path: 'C:\\a' });
    await b.workspaceCreate({
      path: 'C:\\a', communeScheme: 'qd19_2025', communeCode: '00004', communeName: 'Phường Ba Đình',
      username: 'canbo', displayName: 'Nguyễn Văn A', password: '12345678',
    });
    await b.login({ path: 'C:\\a', username: 'canbo', password: '12345678' });
    await b.logout();
    await b.sessionCurrent();
    await b.booksList();
    await b.communesSearch({ scheme: 'qd19_2025', query: 'ba', limit: 10 });

    expect(invoke.mock.calls).toEqual([
      ['app_info', undefined],
      ['workspace_probe', { path: 'C:\\a' }],
      ['workspace_create', {
        path: 'C:\\a', communeScheme: 'qd19_2025', communeCode: '00004', communeName: 'Phường Ba Đình',
        username: 'canbo', displayName: 'Nguyễn Văn A', password: '12345678',
      }],
      ['login', { path: 'C:\\a', username: 'canbo', password: '12345678' }],
      ['logout', undefined],
      ['session_current', undefined],
      ['books_list', undefined],
      ['communes_search', { scheme: 'qd19_2025', query: 'ba', limit: 10 }],
    ]);
  });

  it('passes results through unchanged', async () => {
    const info = { version: '0.1.0', workspacePath: null, locale: 'vi' };
    invoke.mockResolvedValueOnce(info);
    await expect(new TauriBackend().appInfo()).resolves.toEqual(info);
  });
});
