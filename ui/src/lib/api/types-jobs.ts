/** Long work running as a job in the shell (issue 14 §5; src-tauri/src/jobs.rs). Generated types. */
import type * as G from './generated/bindings';

export type JobState = G.JobState;

export type JobKind =
  | 'import'
  | 'batchExport'
  | 'batchVerify'
  | 'batchImport'
  | 'dedupeRun'
  | 'extractImport'
  | 'uploadExport'
  | 'backupCreate'
  | 'backupVerify'
  | 'backupRestore';

/** A job as the header's tray shows it (`jobs_list`, event `jobs-changed`). */
export type JobView = G.JobView;
