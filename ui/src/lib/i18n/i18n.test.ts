import { get } from 'svelte/store';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../api/backend';
import { en } from './en';
import { errorText, locale, t } from './index';
import { vi } from './vi';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogues', () => {
  afterEach(() => locale.set('vi'));

  it('vi and en have exactly the same keys', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(vi).sort());
  });

  it('have no empty messages and the same {parameters} per key', () => {
    for (const key of Object.keys(vi) as (keyof typeof vi)[]) {
      expect(vi[key].trim(), key).not.toBe('');
      expect(en[key].trim(), key).not.toBe('');
      expect(placeholders(en[key]), key).toEqual(placeholders(vi[key]));
    }
  });

  it('has a message for every error code of docs/ipc.md', () => {
    const codes = [
      'auth.wrong_password', 'auth.unknown_user', 'auth.not_signed_in', 'auth.forbidden',
      'workspace.not_found', 'workspace.not_a_workspace', 'workspace.corrupt', 'workspace.too_new',
      'workspace.exists', 'input.invalid', 'internal',
    ];
    for (const code of codes) expect(Object.keys(vi)).toContain(`error.${code}`);
  });

  it('t() is Vietnamese by default, fills parameters, and follows the locale', () => {
    expect(get(t)('login.title')).toBe('Đăng nhập');
    expect(get(t)('validation.passwordTooShort', { min: 8 })).toBe('Mật khẩu cần ít nhất 8 ký tự hoặc một câu ít nhất 3 từ.');
    locale.set('en');
    expect(get(t)('login.title')).toBe('Sign in');
  });
});

describe('errorText', () => {
  it('maps known codes to the catalogue', () => {
    expect(errorText(new ApiError('auth.wrong_password', 'whatever'))).toBe('Sai mật khẩu. Vui lòng thử lại.');
    expect(errorText({ code: 'auth.wrong_password', message: 'x' }, 'en')).toBe('Wrong password. Please try again.');
  });

  it('falls back to the core’s message for unknown codes, and keeps its detail for invalid input', () => {
    expect(errorText(new ApiError('batch.locked', 'Lô đã khóa.'))).toBe('Lô đã khóa.');
    expect(errorText(new ApiError('input.invalid', 'Dữ liệu không hợp lệ ở “so”: trống'))).toBe(
      'Dữ liệu không hợp lệ ở “so”: trống',
    );
  });

  it('never shows an empty message', () => {
    expect(errorText(new ApiError('something.new', ''))).toBe(vi['error.internal']);
  });
});
