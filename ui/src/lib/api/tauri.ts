import { invoke } from '@tauri-apps/api/core';
import { ApiError, type Backend } from './backend';
import type {
  AppInfo,
  BookSummary,
  Commune,
  CommunesSearchArgs,
  LoginArgs,
  Session,
  WorkspaceCreateArgs,
  WorkspaceProbe,
  WorkspaceProbeArgs,
} from './types';

/** Calls a Tauri command (snake_case name, camelCase args) and types its rejection as ApiError. */
async function call<T>(command: string, args?: object): Promise<T> {
  try {
    return await invoke<T>(command, args as Record<string, unknown> | undefined);
  } catch (err) {
    throw ApiError.from(err);
  }
}

/** The real backend: Tauri commands of docs/ipc.md. */
export class TauriBackend implements Backend {
  appInfo(): Promise<AppInfo> {
    return call('app_info');
  }
  workspaceProbe(args: WorkspaceProbeArgs): Promise<WorkspaceProbe> {
    return call('workspace_probe', { path: args.path });
  }
  workspaceCreate(args: WorkspaceCreateArgs): Promise<Session> {
    return call('workspace_create', {
      path: args.path,
      communeScheme: args.communeScheme,
      communeCode: args.communeCode,
      communeName: args.communeName,
      username: args.username,
      displayName: args.displayName,
      password: args.password,
    });
  }
  login(args: LoginArgs): Promise<Session> {
    return call('login', { path: args.path, username: args.username, password: args.password });
  }
  logout(): Promise<null> {
    return call('logout');
  }
  sessionCurrent(): Promise<Session | null> {
    return call('session_current');
  }
  booksList(): Promise<BookSummary[]> {
    return call('books_list');
  }
  communesSearch(args: CommunesSearchArgs): Promise<Commune[]> {
    return call('communes_search', { scheme: args.scheme, query: args.query, limit: args.limit });
  }
}
