/** Long work running as a job in the shell (issue 14 §5; src-tauri/src/jobs.rs). */

export type JobState = 'running' | 'cancelling' | 'done' | 'cancelled' | 'failed';

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
export interface JobView {
  id: number;
  kind: JobKind;
  /** What it works on (a file name), may be empty. */
  label: string;
  /** `start`, then the work's own stages (`rows`, `entries`, `pages`, `scoring_persons`…). */
  stage: string;
  done: number;
  total: number;
  state: JobState;
  /** Whether its cancel button works (the import, the batch export, the duplicate run). */
  cancellable: boolean;
  /** The error code when it failed. */
  error: string | null;
}
