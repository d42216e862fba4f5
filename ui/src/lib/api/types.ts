// Wire types of the UI ↔ core boundary, version 1. Mirrors docs/ipc.md exactly:
// change both together (field names are camelCase on the wire).

export type Locale = 'vi' | 'en';

export interface AppInfo {
  version: string;
  /** Workspace the app was started on (env SOHOA_WORKSPACE / first CLI arg), else the last one used. */
  workspacePath: string | null;
  locale: Locale;
}

export interface WorkspaceProbe {
  path: string;
  exists: boolean;
  isWorkspace: boolean;
  communeName: string | null;
  accounts: string[];
}

export type Role = 'clerk' | 'supervisor';

export interface SessionUser {
  username: string;
  displayName: string;
  role: Role;
}

export interface SessionWorkspace {
  path: string;
  communeCode: string;
  communeName: string;
  communeScheme: string;
  schemaVersion: number;
}

export interface Session {
  user: SessionUser;
  workspace: SessionWorkspace;
}

export const ENTRY_STATUSES = [
  'draft',
  'keyed',
  'checked',
  'submitted',
  'accepted',
  'returned',
  'exported',
] as const;

export type EntryStatus = (typeof ENTRY_STATUSES)[number];

export interface BookSummary {
  id: number;
  bookType: string;
  bookTypeName: string;
  quyenSo: string;
  registryName: string;
  registryCode: string | null;
  yearFrom: number;
  yearTo: number | null;
  periodGroup: string;
  pageCount: number;
  expectedEntries: number | null;
  counts: Record<EntryStatus, number>;
  total: number;
}

export interface Commune {
  scheme: string;
  code: string;
  name: string;
  provinceName: string;
}

// ---- arguments -------------------------------------------------------------

export interface WorkspaceProbeArgs {
  path: string;
}

export interface WorkspaceCreateArgs {
  path: string;
  communeScheme: string;
  communeCode: string;
  communeName: string;
  username: string;
  displayName: string;
  password: string;
}

export interface LoginArgs {
  path: string;
  username: string;
  password: string;
}

export interface CommunesSearchArgs {
  scheme: string;
  query: string;
  limit: number;
}

/** Commune scheme of the 2025 reform (Quyết định 19/2025/QĐ-TTg). */
export const COMMUNE_SCHEME_2025 = 'qd19_2025';

/** Error codes the core uses (docs/ipc.md, plus `not_found`/`conflict` from sohoa-core). */
export type KnownErrorCode =
  | 'auth.wrong_password'
  | 'auth.unknown_user'
  | 'auth.not_signed_in'
  | 'auth.forbidden'
  | 'workspace.not_found'
  | 'workspace.not_a_workspace'
  | 'workspace.corrupt'
  | 'workspace.too_new'
  | 'workspace.exists'
  | 'input.invalid'
  | 'not_found'
  | 'conflict'
  | 'internal';
