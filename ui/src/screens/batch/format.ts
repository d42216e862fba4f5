// Formatting helpers of the batch screens (pure functions, unit-tested).
import type { MessageKey } from '../../lib/i18n';
import type { BatchProgress, BatchState } from '../../lib/api/types-batch';

const nf = new Intl.NumberFormat('vi-VN');

/** 1.234 */
export function num(n: number): string {
  return nf.format(n);
}

/** 1,8 MB / 820 kB */
export function size(bytes: number): string {
  if (bytes >= 1_000_000) return `${(bytes / 1_000_000).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} MB`;
  return `${Math.max(1, Math.round(bytes / 1000))} kB`;
}

/** RFC 3339 → `dd/mm/yyyy hh:mm` as written (the sender's local time). */
export function when(ts: string | null | undefined): string {
  if (!ts) return '—';
  const m = ts.match(/^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})/);
  return m ? `${m[3]}/${m[2]}/${m[1]} ${m[4]}:${m[5]}` : ts;
}

/** The label of a progress stage. */
export function stageKey(stage: string): MessageKey {
  switch (stage) {
    case 'entries':
    case 'pages':
    case 'verify':
    case 'import':
    case 'pdf':
      return `batch.progress.${stage}`;
    case 'rows':
      return 'jobs.stage.rows';
    case 'preparing':
    case 'training':
    case 'scoring_persons':
    case 'scoring_records':
      return 'jobs.stage.dedupe';
    default:
      return 'batch.progress.other';
  }
}

/** 0…1, or null when the total is unknown. */
export function fraction(p: BatchProgress | null): number | null {
  if (!p || p.total <= 0) return null;
  return Math.min(1, p.done / p.total);
}

/** The batch states the screens name (`batch.state.*`); the wire carries the core's text, any other is shown as written. */
const BATCH_STATES: readonly string[] = ['packing', 'sent', 'answered', 'cancelled'] satisfies BatchState[];
export function isBatchState(s: string): s is BatchState {
  return BATCH_STATES.includes(s);
}
