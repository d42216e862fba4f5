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

  it('calls the snake_case commands with camelCase arguments (the generated client sends no argument object to a command without arguments)', async () => {
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
      ['app_info'],
      ['workspace_probe', { path: 'C:\\a' }],
      ['workspace_create', {
        path: 'C:\\a', communeScheme: 'qd19_2025', communeCode: '00004', communeName: 'Phường Ba Đình',
        username: 'canbo', displayName: 'Nguyễn Văn A', password: '12345678',
      }],
      ['login', { path: 'C:\\a', username: 'canbo', password: '12345678' }],
      ['logout'],
      ['session_current'],
      ['books_list'],
      ['communes_search', { scheme: 'qd19_2025', query: 'ba', limit: 10 }],
    ]);
  });

  it('passes results through unchanged', async () => {
    const info = { version: '0.1.0', workspacePath: null, locale: 'vi' };
    invoke.mockResolvedValueOnce(info);
    await expect(new TauriBackend().appInfo()).resolves.toEqual(info);
  });

  describe('spreadsheet import previews', () => {
    const bytes = new TextEncoder().encode('ma_ban_ghi,ho_ten\nXL-1,Nguyễn Văn An\n');
    const req = (columns: (string | null)[] | null) =>
      ({ fileName: 'so-ks.csv', bytes, target: { bookType: 'KS', bookId: 4 }, encoding: null, columns }) as const;
    const sent = (i: number) => invoke.mock.calls[i] as [string, Uint8Array, { headers: Record<string, string> }];
    const digest = async () => {
      const d = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
      return Array.from(d, (b) => b.toString(16).padStart(2, '0')).join('');
    };

    it('send the file once; later previews name it by its SHA-256 and size', async () => {
      invoke.mockResolvedValue({});
      const b = new TauriBackend();
      await b.importPreview({ ...req(null) });
      await b.importPreview({ ...req(['maBanGhi', null]) });
      expect(sent(0)[1]).toBe(bytes);
      expect(sent(1)[1]).toHaveLength(0);
      expect(sent(1)[2].headers).toMatchObject({ 'x-file-sha256': await digest(), 'x-file-size': String(bytes.length), 'x-mapping': encodeURIComponent('["maBanGhi",null]') });
    });

    it('send the bytes again when the shell no longer holds the file', async () => {
      invoke.mockResolvedValueOnce({});
      const b = new TauriBackend();
      await b.importPreview({ ...req(null) });
      invoke.mockRejectedValueOnce({ code: 'import.file_needed', message: 'Cần gửi lại nội dung tệp.' }).mockResolvedValueOnce({ ok: true });
      await expect(b.importPreview({ ...req(['maBanGhi', 'nksHoTen']) })).resolves.toEqual({ ok: true });
      expect(sent(1)[1]).toHaveLength(0);
      expect(sent(2)[1]).toBe(bytes);
      expect(sent(2)[2].headers['x-file-sha256']).toBeUndefined();
    });

    it('an import always sends the bytes', async () => {
      invoke.mockResolvedValue({});
      const b = new TauriBackend();
      await b.importPreview({ ...req(null) });
      await b.importRun({ ...req(['maBanGhi', 'nksHoTen']) });
      expect(sent(1)[1]).toBe(bytes);
    });
  });
});
