import type { Commune } from '../../lib/api';
import type { MessageKey, Params } from '../../lib/i18n';

export const PASSWORD_MIN = 10;
/** A passphrase of this many words (each ≥ 2 letters, ≥ 8 characters in all) is accepted too;
 * the core also refuses common passwords (crates/core/src/session/password.rs). */
export const PASSPHRASE_WORDS = 3;

function longEnough(p: string): boolean {
  const words = p.split(/\s+/).filter((w) => [...w].length >= 2).length;
  return [...p].length >= PASSWORD_MIN || (words >= PASSPHRASE_WORDS && [...p].length >= 8);
}
/** Lower-case ASCII login names; the core has the last word. */
export const USERNAME_RE = /^[a-z0-9][a-z0-9._-]{1,31}$/;

export interface CreateValues {
  path: string;
  commune: Commune | null;
  displayName: string;
  username: string;
  password: string;
  password2: string;
}

export type CreateField = keyof CreateValues;
export interface FieldError {
  key: MessageKey;
  params?: Params;
}
export type CreateErrors = Partial<Record<CreateField, FieldError>>;

/** Order in which fields appear (the first invalid one gets the focus). */
export const CREATE_FIELDS: CreateField[] = ['path', 'commune', 'displayName', 'username', 'password', 'password2'];

/** Checks the first-run form before anything is sent to the core. */
export function validateCreate(v: CreateValues, fieldLabel: (f: CreateField) => string): CreateErrors {
  const errors: CreateErrors = {};
  const required = (f: CreateField): FieldError => ({
    key: 'validation.required',
    params: { field: fieldLabel(f).toLocaleLowerCase('vi') },
  });
  if (!v.path.trim()) errors.path = required('path');
  if (!v.commune) errors.commune = { key: 'validation.communeRequired' };
  if (!v.displayName.trim()) errors.displayName = required('displayName');
  if (!v.username.trim()) errors.username = required('username');
  else if (!USERNAME_RE.test(v.username.trim())) errors.username = { key: 'validation.usernameFormat' };
  if (!v.password) errors.password = required('password');
  else if (!longEnough(v.password)) {
    errors.password = { key: 'validation.passwordTooShort', params: { min: PASSWORD_MIN } };
  }
  if (v.password && !v.password2) errors.password2 = { key: 'validation.password2Required' };
  else if (v.password && v.password2 !== v.password) errors.password2 = { key: 'validation.passwordMismatch' };
  return errors;
}
