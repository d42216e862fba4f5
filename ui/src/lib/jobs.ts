import type { Backend } from './api/backend';
import { ApiError } from './api/backend';

/**
 * Asks the shell to stop job `jobId` (its screen's or the tray's cancel button). A job that
 * ended meanwhile is not an error: its command answers as it ended.
 */
export async function cancelJob(backend: Backend, jobId: number): Promise<void> {
  try {
    await backend.jobCancel(jobId);
  } catch (err) {
    if (!(err instanceof ApiError && err.code === 'not_found')) throw err;
  }
}
