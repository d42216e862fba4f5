import { derived, get, writable } from 'svelte/store';
import { ApiError } from '../api/backend';
import type { Locale } from '../api/types';
import { en } from './en';
import { vi, type Catalogue, type MessageKey } from './vi';

export type { MessageKey } from './vi';
export type Params = Record<string, string | number>;

export const catalogues: Record<Locale, Catalogue> = { vi, en };

/** Current UI language; Vietnamese unless the core says otherwise (`app_info().locale`). */
export const locale = writable<Locale>('vi');

function interpolate(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) =>
    name in params ? String(params[name]) : m,
  );
}

export function translate(loc: Locale, key: MessageKey, params?: Params): string {
  const text = catalogues[loc][key] ?? vi[key] ?? key;
  return interpolate(text, params);
}

/** `$t('login.title')`, `$t('home.summary', { books: 3, entries: 120 })` */
export const t = derived(locale, (loc) => (key: MessageKey, params?: Params) => translate(loc, key, params));

/** Codes whose message from the core is more specific than ours (it names the field or the object). */
const PREFER_CORE_MESSAGE = new Set(['input.invalid', 'not_found', 'conflict']);

/** Text for an error of any kind: catalogue by code, else the core's message, else a generic one. */
export function errorText(err: unknown, loc: Locale = get(locale)): string {
  const e = ApiError.from(err);
  if (PREFER_CORE_MESSAGE.has(e.code) && e.message) return e.message;
  const key = `error.${e.code}`;
  if (key in vi) return translate(loc, key as MessageKey);
  return e.message || translate(loc, 'error.internal');
}

const numberFormats: Record<Locale, Intl.NumberFormat> = {
  vi: new Intl.NumberFormat('vi-VN'),
  en: new Intl.NumberFormat('en-GB'),
};

/** Formats a count for the current language (1.234 in Vietnamese). */
export const fmt = derived(locale, (loc) => (n: number) => numberFormats[loc].format(n));
