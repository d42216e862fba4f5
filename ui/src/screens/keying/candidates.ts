// The interactive check while keying (issue 5 item 3): once the identifying fields of the entry
// are keyed, its candidates are asked for shortly after an autosave (`dedupe_candidates`), at
// most one request at a time per change of those fields; answers for an older state of the
// entry (or another entry) are dropped. Every lookup is written to the audit log by the core, so
// a save that does not touch the identifying fields asks for nothing.
import type { EntryCandidates, FieldValue } from '../../lib/api';

/** The person's identifying fields per book type (mirrors crates/core/src/dedupe/entries.rs). */
export interface SubjectKeys {
  name: string;
  birthDate: string;
  /** Other fields whose change changes the candidates. */
  others: string[];
}

export const SUBJECT_KEYS: Record<string, SubjectKeys> = {
  KS: { name: 'nksHoTen', birthDate: 'nksNgaySinh', others: ['nksGioiTinh', 'chaHoTen', 'meHoTen', 'noiDangKy', 'nksNoiSinh', 'nksQueQuan'] },
  KT: { name: 'nktHoTen', birthDate: 'nktNgaySinh', others: ['nktGioiTinh', 'nktNoiCuTru', 'nktSoGiayToTuyThan'] },
  HN: { name: 'nxnHoTen', birthDate: 'nxnNgaySinh', others: ['nxnGioiTinh', 'nxnNoiCuTru', 'nxnSoGiayToTuyThan'] },
  CMC: { name: 'ncHoTen', birthDate: 'ncNgaySinh', others: ['ncGioiTinh', 'cmHoTen', 'loaiXacNhan', 'ncQueQuan', 'ncNoiCuTru', 'ncSoGiayToTuyThan'] },
  KH: { name: 'chongHoTen', birthDate: 'chongNgaySinh', others: ['chongNoiCuTru', 'chongSoGiayToTuyThan'] },
  LH: { name: 'chongHoTen', birthDate: 'chongNgaySinh', others: ['chongNoiCuTru', 'chongSoGiayToTuyThan'] },
  GH: { name: 'nddghHoTen', birthDate: 'nddghNgaySinh', others: ['nddghGioiTinh', 'nddghNoiSinh', 'nddghNoiCuTru'] },
  TDCC: { name: 'ndtHoTen', birthDate: 'ndtNgaySinh', others: ['ndtGioiTinh', 'ndtNoiCuTru', 'ndtSoGiayToTuyThan'] },
  NCN: { name: 'conNuoiHoTen', birthDate: 'conNuoiNgaySinh', others: ['conNuoiGioiTinh', 'conNuoiNoiSinh'] },
};

type Values = Record<string, FieldValue | undefined>;

const filled = (v: FieldValue | undefined) => !!v && !v.illegible && v.value.trim() !== '';

/** The identifying state of an entry, or null while name and birth date are not both keyed. */
export function identity(bookType: string, values: Values): string | null {
  const k = SUBJECT_KEYS[bookType];
  if (!k) return null;
  if (!filled(values[k.name]) || !filled(values[k.birthDate])) return null;
  return [k.name, k.birthDate, ...k.others].map((f) => (filled(values[f]) ? values[f]!.value.trim() : '')).join('\u0001');
}

export type CheckState =
  | { kind: 'off' } //                      the book type is not checked
  | { kind: 'waiting' } //                  name and birth date not keyed yet
  | { kind: 'loading'; previous: EntryCandidates | null }
  | { kind: 'ready'; result: EntryCandidates }
  | { kind: 'error'; message: string };

export const CHECK_DEBOUNCE_MS = 400;

/** Asks for the candidates of the entry being keyed, debounced, dropping stale answers. */
export class CandidateCheck {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private seq = 0;
  private entryId: number | null = null;
  private key: string | null = null;
  private last: EntryCandidates | null = null;
  private disposed = false;

  constructor(
    private readonly fetch: (entryId: number) => Promise<EntryCandidates>,
    private readonly onState: (s: CheckState) => void,
    private readonly onError: (err: unknown) => string,
    private readonly debounceMs = CHECK_DEBOUNCE_MS,
  ) {}

  /**
   * The entry on screen and its values changed (opened, saved): asks again if the identifying
   * fields differ from the last ask. `now` skips the debounce (an entry just opened).
   */
  update(bookType: string, entryId: number | null, values: Values, now = false): void {
    if (this.disposed) return;
    if (!SUBJECT_KEYS[bookType]) {
      this.reset({ kind: 'off' });
      return;
    }
    const key = identity(bookType, values);
    if (entryId !== this.entryId) {
      this.entryId = entryId;
      this.key = null;
      this.last = null;
      this.seq++;
      clearTimeout(this.timer);
    }
    if (entryId === null || key === null) {
      this.key = null;
      this.reset({ kind: 'waiting' });
      return;
    }
    if (key === this.key) return;
    this.key = key;
    clearTimeout(this.timer);
    const ask = () => void this.run(entryId);
    if (now) ask();
    else this.timer = setTimeout(ask, this.debounceMs);
  }

  /** Asks again now (after a decision). */
  refresh(): void {
    if (this.entryId !== null && this.key !== null) void this.run(this.entryId);
  }

  dispose(): void {
    this.disposed = true;
    this.seq++;
    clearTimeout(this.timer);
  }

  private reset(s: CheckState): void {
    clearTimeout(this.timer);
    this.seq++;
    this.last = null;
    this.onState(s);
  }

  private async run(entryId: number): Promise<void> {
    const mine = ++this.seq;
    this.onState({ kind: 'loading', previous: this.last });
    try {
      const result = await this.fetch(entryId);
      if (mine !== this.seq || this.disposed) return; // a newer ask, or another entry
      this.last = result;
      this.onState({ kind: 'ready', result });
    } catch (err) {
      if (mine !== this.seq || this.disposed) return;
      this.key = null; // try again on the next save
      this.onState({ kind: 'error', message: this.onError(err) });
    }
  }
}
