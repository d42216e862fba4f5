// What a panel that calls the backend keeps about its work: whether an action runs (and which one),
// how far it has got, and what went wrong, with the one rule for failures: a session that has
// ended signs the user out, anything else is shown as text. Reactive (Svelte runes): read the
// fields in markup or in `$derived` as they are.
import { onMount } from 'svelte';
import { ApiError, type Backend } from './api/backend';
import type { BatchProgress, ProgressFn } from './api/types-batch';
import { errorText } from './i18n';
import { cancelJob } from './jobs';

/**
 * `Action` names a panel's actions when it has more than one (`new Panel<'verify' | 'import'>`)
 * so that the markup can tell which one runs; a panel with one action leaves it out.
 */
export class Panel<Action extends string = never> {
  /** An action runs: its buttons wait, a progress line shows. */
  busy = $state(false);
  /** Which action runs (null when none, or when the action was not named). */
  doing = $state<Action | null>(null);
  /** The running action's latest progress report (null until the first one). */
  progress = $state<BatchProgress | null>(null);
  /** What went wrong last, as the user reads it. */
  error = $state<string | null>(null);
  /**
   * `error` says the action was cancelled as the user asked (`job.cancelled`): not a failure, so
   * the screens show it as a neutral notice (`alert-info`, role `status`), not in red.
   */
  cancelled = $state(false);
  /** The running action's job was asked to stop (its cancel button waits). */
  cancelling = $state(false);

  private readonly onSessionLost: () => void;

  /**
   * @param onSessionLost called, instead of showing an error, when the session has ended.
   * @param load what the panel loads when it appears; its failures are reported like any other.
   *   Pass it only while the component initialises (it is run from the component's `onMount`).
   */
  constructor(onSessionLost: () => void, load?: () => Promise<unknown>) {
    this.onSessionLost = onSessionLost;
    if (load) onMount(() => void this.guard(load));
  }

  /** Reports a failure: a lost session signs out, anything else becomes `error`. */
  fail(err: unknown): void {
    const code = ApiError.from(err).code;
    if (code === 'auth.not_signed_in') this.onSessionLost();
    else {
      this.error = errorText(err);
      this.cancelled = code === 'job.cancelled';
    }
  }

  /** The classes of the element that shows `error`: red, or neutral for a cancel. */
  get errorClass(): string {
    return this.cancelled ? 'alert alert-info' : 'alert alert-error';
  }

  /** Its role: an alert, or a status for a cancel. */
  get errorRole(): 'alert' | 'status' {
    return this.cancelled ? 'status' : 'alert';
  }

  /** Runs `work` and reports its failure (a load, a quick call); true when it succeeded. */
  async guard(work: () => Promise<unknown>): Promise<boolean> {
    try {
      await work();
      return true;
    } catch (err) {
      this.fail(err);
      return false;
    }
  }

  /**
   * Runs an action the user waits for: busy while it runs, the last error and progress cleared
   * first, failure reported. `work` gets the progress callback to hand to the backend.
   */
  async run(work: (onProgress: ProgressFn) => Promise<unknown>, action?: Action): Promise<boolean> {
    this.busy = true;
    this.doing = action ?? null;
    this.error = null;
    this.cancelled = false;
    this.progress = null;
    this.cancelling = false;
    try {
      return await this.guard(() => work((p) => (this.progress = p)));
    } finally {
      this.busy = false;
      this.doing = null;
    }
  }

  /**
   * The progress line's cancel button: asks the running action's job `jobId` to stop. The action
   * then fails with `job.cancelled`, shown as a neutral notice (“nothing was kept”).
   */
  cancel(backend: Backend, jobId: number): void {
    this.cancelling = true;
    void this.guard(() => cancelJob(backend, jobId));
  }
}
