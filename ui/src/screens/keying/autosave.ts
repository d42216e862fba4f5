// Autosave of one entry: every field change is written to the core shortly after it is typed
// (debounced) and at once when the clerk leaves the field. Saves run one at a time, in order;
// changes made while a save is on its way are sent right after it (latest value per field).
// A new entry is created in the core by its first change, with the predicted header fields.
import { ApiError, type EntryWithWarnings, type FieldValue, type SaveOutcome } from '../../lib/api';
import { errorText } from '../../lib/i18n';

export type SaveState =
  | { kind: 'idle' }
  | { kind: 'pending' }
  | { kind: 'saving' }
  | { kind: 'saved'; at: Date }
  | { kind: 'error'; message: string };

export interface SaverBackend {
  create(fields: FieldValue[]): Promise<EntryWithWarnings>;
  save(entryId: number, fields: FieldValue[]): Promise<SaveOutcome>;
}

export interface SaverEvents {
  onState(state: SaveState): void;
  onCreated(result: EntryWithWarnings): void;
  onSaved(outcome: SaveOutcome): void;
}

/** Errors worth retrying (the core or the disk hiccupped); others are the clerk's to see. */
function retriable(err: unknown): boolean {
  const code = ApiError.from(err).code;
  return code === 'internal';
}

export const DEBOUNCE_MS = 300;
const RETRY_MS = 3000;

export class EntrySaver {
  private readonly pending = new Map<string, FieldValue>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private chain: Promise<void> = Promise.resolve();
  private id: number | null;
  private disposed = false;

  constructor(
    entryId: number | null,
    private readonly backend: SaverBackend,
    private readonly events: SaverEvents,
    /** Predicted fields stored with the entry when its first change creates it. */
    private readonly initialFields: () => FieldValue[] = () => [],
    private readonly debounceMs: number = DEBOUNCE_MS,
  ) {
    this.id = entryId;
  }

  /** The entry in the core, once created. */
  get entryId(): number | null {
    return this.id;
  }

  /** Changes typed but not yet written. */
  get dirty(): boolean {
    return this.pending.size > 0;
  }

  /** A field changed: written after the debounce, or now when `immediate` (leaving the field). */
  change(fv: FieldValue, immediate = false): void {
    if (this.disposed) return;
    this.pending.set(fv.field, { ...fv });
    this.events.onState({ kind: 'pending' });
    clearTimeout(this.timer);
    if (immediate) {
      void this.flush();
    } else {
      this.timer = setTimeout(() => void this.flush(), this.debounceMs);
    }
  }

  /** Writes everything pending now; resolves when it is written (or has failed). */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.chain = this.chain.then(() => this.drain());
    return this.chain;
  }

  /** Stops timers (the pending values should have been flushed first). */
  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    clearTimeout(this.retryTimer);
  }

  private async drain(): Promise<void> {
    let wrote = false;
    while (this.pending.size > 0) {
      const batch = [...this.pending.values()];
      this.pending.clear();
      this.events.onState({ kind: 'saving' });
      try {
        if (this.id === null) {
          const typed = new Set(batch.map((f) => f.field));
          const fields = [...this.initialFields().filter((f) => !typed.has(f.field)), ...batch].filter(
            (f) => f.value !== '' || f.illegible,
          );
          if (fields.length === 0) continue;
          const created = await this.backend.create(fields);
          this.id = created.entry.id;
          this.events.onCreated(created);
        } else {
          this.events.onSaved(await this.backend.save(this.id, batch));
        }
        wrote = true;
      } catch (err) {
        if (retriable(err)) {
          // Keep what failed unless a newer value was typed meanwhile, and try again soon.
          for (const fv of batch) if (!this.pending.has(fv.field)) this.pending.set(fv.field, fv);
          clearTimeout(this.retryTimer);
          if (!this.disposed) this.retryTimer = setTimeout(() => void this.flush(), RETRY_MS);
        }
        this.events.onState({ kind: 'error', message: errorText(err) });
        return;
      }
    }
    if (wrote) this.events.onState({ kind: 'saved', at: new Date() });
  }
}
