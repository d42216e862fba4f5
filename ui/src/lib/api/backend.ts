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

/**
 * Everything the UI may ask of the Rust core: one method per command of docs/ipc.md.
 * Every method rejects with an {@link ApiError} only.
 *
 * Implementations: `TauriBackend` (the real app) and `FakeBackend` (tests, plain browser).
 */
export interface Backend {
  /** `app_info` */
  appInfo(): Promise<AppInfo>;
  /** `workspace_probe` */
  workspaceProbe(args: WorkspaceProbeArgs): Promise<WorkspaceProbe>;
  /** `workspace_create` — the new account is a clerk and is signed in. */
  workspaceCreate(args: WorkspaceCreateArgs): Promise<Session>;
  /** `login` */
  login(args: LoginArgs): Promise<Session>;
  /** `logout` */
  logout(): Promise<null>;
  /** `session_current` */
  sessionCurrent(): Promise<Session | null>;
  /** `books_list` */
  booksList(): Promise<BookSummary[]>;
  /** `communes_search` */
  communesSearch(args: CommunesSearchArgs): Promise<Commune[]>;
}

/** The error object of the boundary: `{ code, message }`, `message` is Vietnamese text from the core. */
export class ApiError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
  }

  /** Turns anything a command may reject with into an ApiError. */
  static from(err: unknown): ApiError {
    if (err instanceof ApiError) return err;
    if (isErrorShape(err)) return new ApiError(err.code, err.message);
    if (typeof err === 'string') return new ApiError('internal', err);
    if (err instanceof Error) return new ApiError('internal', err.message);
    return new ApiError('internal', String(err));
  }
}

function isErrorShape(v: unknown): v is { code: string; message: string } {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as { code?: unknown }).code === 'string' &&
    typeof (v as { message?: unknown }).message === 'string'
  );
}
