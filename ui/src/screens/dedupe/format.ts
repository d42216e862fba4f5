import type { CandidateKind, CandidateView, DecisionKind, DedupeEntry, ExplanationLine } from '../../lib/api';
import type { MessageKey } from '../../lib/i18n';

/** The decisions offered for a kind of candidate, in key order (1, 2, 3, 4). */
export function decisionsFor(kind: CandidateKind): { decision: DecisionKind; key: string; label: MessageKey }[] {
  return kind === 'person'
    ? [
        { decision: 'same_person', key: '1', label: 'dedupe.decide.samePerson' },
        { decision: 'not_same', key: '2', label: 'dedupe.decide.notSame' },
        { decision: 'unsure', key: '3', label: 'dedupe.decide.unsure' },
      ]
    : [
        { decision: 'duplicate_entry', key: '1', label: 'dedupe.decide.duplicateEntry' },
        { decision: 're_registration', key: '2', label: 'dedupe.decide.reRegistration' },
        { decision: 'not_duplicate', key: '3', label: 'dedupe.decide.notDuplicate' },
        { decision: 'unsure', key: '4', label: 'dedupe.decide.unsure' },
      ];
}

/** Evidence in bits, signed, one decimal, Vietnamese decimal comma: "+11,8", "−3,0". */
export function bits(w: number | null, locale: 'vi' | 'en' = 'vi'): string {
  // A weight is `null` on the wire when it is not a finite number (serde writes NaN/∞ as null).
  if (w === null) return '—';
  const s = Math.abs(w).toFixed(1);
  const n = locale === 'vi' ? s.replace('.', ',') : s;
  if (Math.abs(w) < 0.05) return locale === 'vi' ? '0,0' : '0.0';
  return (w > 0 ? '+' : '−') + n;
}

/** Width of an explanation bar, 0–1 of the half-track (16 bits fill it). */
export function barFraction(w: number | null): number {
  if (w === null) return 0;
  return Math.min(Math.abs(w) / 16, 1);
}

/** A score with one decimal (`12,3` in Vietnamese), `—` when it is not a finite number (`null` on the wire). */
export function decimal1(x: number | null, locale: 'vi' | 'en' = 'vi'): string {
  if (x === null) return '—';
  const s = x.toFixed(1);
  return locale === 'vi' ? s.replace('.', ',') : s;
}

/** The explanation lines to draw as bars (the prior is shown apart). */
export function fieldLines(c: CandidateView): ExplanationLine[] {
  return c.explanation.filter((l) => l.field !== 'prior');
}

export function prior(c: CandidateView): number {
  return c.explanation.find((l) => l.field === 'prior')?.weight ?? 0;
}

/** A day as clerks write it: `2025-06-30` → `30/06/2025` (anything else unchanged). */
export function dayVi(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso.trim());
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

/** A field of a keyed entry, as written. */
export function field(e: DedupeEntry | null, name: string): string {
  return e?.fields.find((f) => f.field === name)?.value ?? '';
}

/** Sex as keyed (code or word) to a word. */
export function sexWord(v: string | null | undefined): string {
  const s = (v ?? '').trim().toLowerCase();
  if (s === '1' || s === 'nam') return 'Nam';
  if (s === '2' || s === 'nữ' || s === 'nu') return 'Nữ';
  return v ?? '';
}

/** Index of the first candidate without a decision at or after `from`, else -1. */
export function nextUndecided(cands: CandidateView[], from: number): number {
  for (let i = Math.max(0, from); i < cands.length; i++) if (!cands[i]?.decision) return i;
  return -1;
}

/** Where each book type keeps its person (crates/core/src/dedupe/entries.rs). */
const SUBJECT: Record<string, Partial<Record<'name' | 'dob' | 'sex' | 'father' | 'mother' | 'place', string[]>>> = {
  KS: { name: ['nksHoTen'], dob: ['nksNgaySinh'], sex: ['nksGioiTinh'], father: ['chaHoTen'], mother: ['meHoTen'], place: ['noiDangKy', 'nksNoiSinh'] },
  KT: { name: ['nktHoTen'], dob: ['nktNgaySinh'], sex: ['nktGioiTinh'], place: ['nktNoiCuTru'] },
  HN: { name: ['nxnHoTen'], dob: ['nxnNgaySinh'], sex: ['nxnGioiTinh'], place: ['nxnNoiCuTru'] },
  CMC: { name: ['ncHoTen'], dob: ['ncNgaySinh'], sex: ['ncGioiTinh'], place: ['ncNoiCuTru', 'ncQueQuan'] },
  KH: { name: ['chongHoTen'], dob: ['chongNgaySinh'], place: ['chongNoiCuTru'] },
  LH: { name: ['chongHoTen'], dob: ['chongNgaySinh'], place: ['chongNoiCuTru'] },
  GH: { name: ['nddghHoTen'], dob: ['nddghNgaySinh'], sex: ['nddghGioiTinh'], place: ['nddghNoiSinh', 'nddghNoiCuTru'] },
  TDCC: { name: ['ndtHoTen'], dob: ['ndtNgaySinh'], sex: ['ndtGioiTinh'], place: ['ndtNoiCuTru'] },
  NCN: { name: ['conNuoiHoTen'], dob: ['conNuoiNgaySinh'], sex: ['conNuoiGioiTinh'], place: ['conNuoiNoiSinh'] },
};

/** The checked person's field of a keyed entry, whatever its book type (CMC: the recognising parent as father/mother). */
export function subject(e: DedupeEntry | null, role: 'name' | 'dob' | 'sex' | 'father' | 'mother' | 'place'): string {
  if (!e) return '';
  if (e.bookType === 'CMC' && (role === 'father' || role === 'mother')) {
    const kind = field(e, 'loaiXacNhan');
    const isFather = kind === '1' || kind === '3';
    const isMother = kind === '2' || kind === '4';
    return (role === 'father' && isFather) || (role === 'mother' && isMother) ? field(e, 'cmHoTen') : '';
  }
  for (const f of SUBJECT[e.bookType]?.[role] ?? []) {
    const v = field(e, f);
    if (v) return role === 'sex' ? sexWord(v) : v;
  }
  return '';
}
