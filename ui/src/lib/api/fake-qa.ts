// In-memory review that vouches for quality (issue 12) for the fake backend: a fixed plan
// (lot → code letter → n, Ac 0 / Re 1), the first entries of a book as the sample, comparison
// with the fake batch store's clerk values (trimmed; day/month without leading zeros).
import { ApiError } from './backend';
import type { FakeBatchStore } from './fake-batch';
import type { FieldValue } from './types';
import type { CodeLetter } from './generated/bindings';
import type {
  Arbitration, QaBlindEntry, QaCheckPass, QaComparison, QaDecisionOutcome, QaErrorRateRow, QaFieldCheck, QaPassChange, QaPlanPreview, QaReducedConditions, QaReview, QaSettings,
  QaSettingsView, QaSwitchingView,
} from './types-qa';

/** ISO 2859-1 Table 1 (level II) and Table 2-A at AQL 1.0 only, enough for the fake screens. */
const LETTERS: [number, CodeLetter, number][] = [
  [8, 'A', 2], [15, 'B', 3], [25, 'C', 5], [50, 'D', 8], [90, 'E', 13], [150, 'F', 20], [280, 'G', 32], [500, 'H', 50],
  [1200, 'J', 80], [3200, 'K', 125], [10000, 'L', 200], [35000, 'M', 315], [150000, 'N', 500], [500000, 'P', 800], [Infinity, 'Q', 1250],
];
const AQL_1_AC: Record<string, [CodeLetter, number, number]> = {
  A: ['E', 13, 0], B: ['E', 13, 0], C: ['E', 13, 0], D: ['E', 13, 0], E: ['E', 13, 0], F: ['E', 13, 0], G: ['H', 50, 1], H: ['H', 50, 1],
  J: ['J', 80, 2], K: ['K', 125, 3], L: ['L', 200, 5], M: ['M', 315, 7], N: ['N', 500, 10], P: ['P', 800, 14], Q: ['Q', 1250, 21],
};
const AQLS = [0.01, 0.015, 0.025, 0.04, 0.065, 0.1, 0.15, 0.25, 0.4, 0.65, 1, 1.5, 2.5, 4, 6.5, 10, 15, 25, 40, 65, 100, 150, 250, 400, 650, 1000];

const SAMPLE = 3;

function norm(s: string): string {
  return s.normalize('NFC').trim().replace(/\s+/g, ' ').replace(/(^|\/)0(\d)/g, '$1$2');
}

export class FakeQaStore {
  private reviews = new Map<number, QaReview>();
  private checks = new Map<string, QaFieldCheck[]>();

  constructor(private readonly batch: FakeBatchStore) {}

  open(bookId: number): QaReview {
    const existing = [...this.reviews.values()].find((r) => r.bookId === bookId);
    if (existing) return this.view(existing);
    const entries = this.batch.entries(bookId, SAMPLE);
    const sample = entries.slice(0, SAMPLE);
    const id = this.reviews.size + 1;
    const n = sample.length;
    const r: QaReview = {
      id, bookId, importId: 1, bookType: 'KS', quyenSo: '', communeCode: '04120',
      plan: { lot_size: entries.length, level: 'II', lot_code: 'B', code: 'E', n: 13, ac: 0, re: 1, severity: 'normal', aql: 1, full_inspection: n >= entries.length },
      counting: 'entries', summary: `code=E n=${n} Ac=0 Re=1`,
      explainVi: `Sổ có ${entries.length} mục, kiểm tra thường bậc II: chọn ngẫu nhiên ${n} mục, rải đều theo các trang, để nhập lại và đối chiếu. Sổ được chấp nhận nếu có không quá 0 mục có sai sót, và bị trả lại nếu có từ 1 trở lên.`,
      explainEn: '', risk: { mode: 'entries', p95: 0.39, p10: 16.2 }, original: true, algorithm: 'sohoa-stratified-v1', seed: '20261206',
      sample: sample.map((e) => ({ entryId: e.id, seq: e.seq, pageId: null, pageSeq: Number(e.trangSo), rekeyed: false, open: 0, wrongFields: 0 })),
      findings: { entries: 0, nonconforming_entries: 0, nonconformities: 0 }, proposal: null, decision: null, decisionReason: null, transition: null,
      inspectionState: 'normal',
      passes: [{ id: 1, bookId, kind: 'self', byUser: 'canbo', startedAt: '2025-06-30T08:00:00+07:00', finishedAt: '2025-06-30T10:00:00+07:00', fieldsChanged: 4 }],
    };
    this.reviews.set(id, r);
    return this.view(r);
  }

  private get(reviewId: number): QaReview {
    const r = this.reviews.get(reviewId);
    if (!r) throw new ApiError('not_found', `Không tìm thấy lượt kiểm tra ${reviewId}.`);
    return r;
  }

  private view(r: QaReview): QaReview {
    for (const s of r.sample) {
      const c = this.checks.get(`${r.id}:${s.entryId}`);
      s.rekeyed = c !== undefined;
      s.open = c ? c.filter((f) => !f.agree && !f.arbitration).length : 0;
      s.wrongFields = c ? c.filter((f) => f.wrong).length : 0;
    }
    const done = r.sample.filter((s) => s.rekeyed && s.open === 0);
    const bad = done.filter((s) => s.wrongFields > 0).length;
    r.findings = { entries: done.length, nonconforming_entries: bad, nonconformities: done.reduce((a, s) => a + s.wrongFields, 0) };
    r.proposal =
      done.length === r.sample.length
        ? {
            decision: bad <= r.plan.ac ? 'accept' : 'return', mode: 'entries', counted: bad, ac: r.plan.ac, re: r.plan.re, findings: r.findings,
            entry_error_percent: (100 * bad) / done.length, nonconformities_per_100: (100 * r.findings.nonconformities) / done.length, entry_error_upper_95: 63.2,
            reason_vi: bad <= r.plan.ac ? `Đề xuất CHẤP NHẬN: kiểm tra ${done.length} mục, thấy ${bad} mục có sai sót.` : `Đề xuất TRẢ LẠI: kiểm tra ${done.length} mục, thấy ${bad} mục có sai sót, bằng hoặc vượt số bác bỏ Re = ${r.plan.re}.`,
            reason_en: '',
          }
        : null;
    return structuredClone(r);
  }

  /** The blind form's facts about a sampled entry (never the clerk's values). */
  blindEntry(reviewId: number, entryId: number): QaBlindEntry {
    const r = this.get(reviewId);
    const s = r.sample.find((e) => e.entryId === entryId);
    if (!s) throw new ApiError('not_found', `Mục ${entryId} không thuộc mẫu kiểm tra.`);
    return { reviewId, entryId, bookId: r.bookId, bookType: r.bookType, seq: s.seq, pageId: s.pageId, rekeyed: this.checks.has(`${reviewId}:${entryId}`) };
  }

  comparison(reviewId: number, entryId: number): QaComparison {
    const fields = this.checks.get(`${reviewId}:${entryId}`);
    if (!fields) throw new ApiError('conflict', 'Bản ghi này chưa được nhập lại.');
    return {
      reviewId, entryId, seq: entryId % 100, clerk: 'canbo', fields: structuredClone(fields),
      open: fields.filter((f) => !f.agree && !f.arbitration).length, wrongFields: fields.filter((f) => f.wrong).length,
    };
  }

  rekey(reviewId: number, entryId: number, values: FieldValue[]): QaComparison {
    this.get(reviewId);
    if (this.checks.has(`${reviewId}:${entryId}`)) throw new ApiError('conflict', 'Bản ghi này đã được nhập lại; hãy phân xử các trường khác nhau.');
    const clerk = this.batch.entry(entryId).fields;
    const names = new Set([...clerk.map((f) => f.field), ...values.filter((v) => v.value.trim() || v.illegible).map((v) => v.field)]);
    const out: QaFieldCheck[] = [];
    for (const name of names) {
      const c = clerk.find((f) => f.field === name);
      const m = values.find((v) => v.field === name);
      const cv = c ? (c.illegible ? '[không đọc được]' : c.value) : '';
      const mv = m ? (m.illegible ? '[không đọc được]' : m.value.trim()) : '';
      out.push({ field: name, label: c?.label ?? name, group: c?.group ?? '', clerkValue: cv, supervisorValue: mv, agree: norm(cv) === norm(mv), arbitration: null, correctValue: null, wrong: false });
    }
    this.checks.set(`${reviewId}:${entryId}`, out);
    return this.comparison(reviewId, entryId);
  }

  arbitrate(reviewId: number, entryId: number, field: string, arbitration: Arbitration, correctValue: string | null): QaComparison {
    const f = this.checks.get(`${reviewId}:${entryId}`)?.find((x) => x.field === field);
    if (!f) throw new ApiError('not_found', `Không tìm thấy trường “${field}” trong bản đối chiếu.`);
    if (arbitration === 'both_wrong' && !correctValue?.trim()) throw new ApiError('input.invalid', 'Cả hai đều sai: cần ghi giá trị đúng.');
    f.arbitration = arbitration;
    f.correctValue = arbitration === 'both_wrong' ? correctValue!.trim() : null;
    f.wrong = arbitration !== 'clerk';
    return this.comparison(reviewId, entryId);
  }

  decide(reviewId: number, accept: boolean, reason: string): QaDecisionOutcome {
    const r = this.view(this.get(reviewId));
    if (!r.proposal) throw new ApiError('conflict', 'Chưa nhập lại và phân xử hết các bản ghi trong mẫu.');
    if ((r.proposal.decision === 'accept') !== accept && !reason.trim()) throw new ApiError('input.invalid', 'Quyết định khác với đề xuất: cần ghi lý do.');
    const reasons = accept
      ? []
      : [...this.checks.entries()]
          .filter(([k]) => k.startsWith(`${reviewId}:`))
          .flatMap(([k, fs]) => fs.filter((f) => f.wrong).map((f) => ({ entryId: Number(k.split(':')[1]), field: f.field, reason: `Đối chiếu với sổ: đã nhập “${f.clerkValue}”, đúng là “${f.arbitration === 'both_wrong' ? f.correctValue : f.supervisorValue}”` })));
    this.batch.verdict(r.bookId, accept ? 'accept' : 'return', reasons);
    const stored = this.get(reviewId);
    stored.decision = accept ? 'accept' : 'return';
    stored.transition = 'stay';
    return { review: this.view(stored), transition: 'stay', transitionVi: 'Giữ nguyên chế độ kiểm tra.' };
  }

  private settingsNow: QaSettings = { aql: 1, counting: 'entries' };
  private switching: QaSwitchingView[] = [
    { communeScheme: 'qd19_2025', communeCode: '04120', state: 'normal', score: 30, scoreNeeded: 30, scoreMet: true, productionSteady: true,
      authorityApproves: false, conditions: null, reducedAllowed: false, transition: null, transitionVi: null },
  ];
  private passes: QaCheckPass[] = [];
  private passChangesById = new Map<number, QaPassChange[]>();

  settings(): QaSettingsView {
    return { settings: { ...this.settingsNow }, aqls: AQLS };
  }

  setSettings(v: QaSettings): QaSettings {
    if (v.counting === 'entries' && (v.aql ?? 0) > 10) throw new ApiError('input.invalid', `AQL ${v.aql} chỉ dùng được khi đếm số trường sai trên 100 mục.`);
    this.settingsNow = { ...v };
    return this.settingsNow;
  }

  /** A rough plan for the fake screens: the code letter of level II, Table 2-A at AQL 1.0 scaled. */
  planPreview(lot: number, severity: 'normal' | 'tightened' | 'reduced', v: QaSettings): QaPlanPreview {
    if (!Number.isInteger(lot) || lot < 2) throw new ApiError('input.invalid', 'Cỡ lô phải là số nguyên từ 2 trở lên.');
    const lotCode = LETTERS.find(([max]) => lot <= max)![1];
    const [code, n, ac0] = AQL_1_AC[lotCode]!;
    const ac = Math.max(0, Math.round(ac0 * (v.aql ?? 1)));
    const full = n >= lot;
    const summary = `code=${code}${code !== lotCode ? ` (lot ${lotCode})` : ''} n=${full ? lot : n} Ac=${ac} Re=${ac + 1}${full ? ' 100%' : ''}`;
    return {
      plan: { lot_size: lot, level: 'II', lot_code: lotCode, code, n, ac, re: ac + 1, severity, aql: v.aql, full_inspection: full },
      summary,
      explainVi: `Sổ có ${lot} mục, kiểm tra ${severity === 'normal' ? 'thường' : severity === 'tightened' ? 'ngặt' : 'giảm'} bậc II, mã chữ ${lotCode}: chọn ngẫu nhiên ${full ? lot : n} mục. Với AQL ${String(v.aql).replace('.', ',')}, sổ được chấp nhận nếu có không quá ${ac} ${v.counting === 'entries' ? 'mục có sai sót' : 'trường sai'}, và bị trả lại nếu có từ ${ac + 1} trở lên.`,
      explainEn: '', risk: { mode: v.counting, p95: 0.7, p10: 7.6 },
    };
  }

  switchingViews(): QaSwitchingView[] {
    return structuredClone(this.switching);
  }

  recordConditions(scheme: string, code: string, c: QaReducedConditions, by: string): QaSwitchingView {
    const v = this.switching.find((x) => x.communeScheme === scheme && x.communeCode === code);
    if (!v) throw new ApiError('not_found', `Không có xã ${code}.`);
    if (c.authorityApproves && !c.authority.trim()) throw new ApiError('input.invalid', 'Ghi rõ cấp có thẩm quyền đã đồng ý kiểm tra giảm (ví dụ: Sở Tư pháp tỉnh …).');
    let transition = 'stay';
    if (v.state === 'reduced' && (!c.productionSteady || !c.authorityApproves)) {
      transition = c.productionSteady ? 'reduced_to_normal_other_conditions' : 'reduced_to_normal_irregular_production';
      v.state = 'normal';
      v.score = 0;
    }
    v.conditions = { ...c, recordedAt: new Date().toISOString(), recordedBy: by };
    v.authorityApproves = c.authorityApproves;
    v.productionSteady = c.productionSteady;
    v.scoreMet = v.score >= v.scoreNeeded;
    v.reducedAllowed = v.scoreMet && c.productionSteady && c.authorityApproves;
    v.transition = transition;
    v.transitionVi = transition === 'stay' ? 'Giữ nguyên chế độ kiểm tra.' : 'Trở lại kiểm tra thường.';
    return structuredClone(v);
  }

  passStart(bookId: number, kind: 'self' | 'second', by: string, keyers: string[]): QaCheckPass {
    if (kind === 'second' && keyers.includes(by)) throw new ApiError('forbidden', 'Lượt kiểm tra thứ hai phải do một tài khoản khác với người đã nhập sổ này thực hiện.');
    if (this.passes.some((p) => p.bookId === bookId && !p.finishedAt)) throw new ApiError('conflict', 'Sổ này đang có một lượt kiểm tra chưa kết thúc.');
    const p: QaCheckPass = { id: this.passes.length + 1, bookId, kind, byUser: by, startedAt: new Date().toISOString(), finishedAt: null, fieldsChanged: null };
    this.passes.push(p);
    this.passChangesById.set(p.id, []);
    return { ...p };
  }

  /** A field saved while a pass of its book is open (the fake's field history). */
  noteChange(bookId: number, entryId: number, seq: number, field: string, oldValue: string | null, newValue: string | null): void {
    const p = this.passes.find((x) => x.bookId === bookId && !x.finishedAt);
    if (p) this.passChangesById.get(p.id)!.push({ entryId, seq, field, fieldLabel: field, oldValue, newValue, at: new Date().toISOString() });
  }

  passFinish(passId: number, by: string): QaCheckPass {
    const p = this.passes.find((x) => x.id === passId);
    if (!p) throw new ApiError('not_found', `Không tìm thấy lượt kiểm tra ${passId}.`);
    if (p.finishedAt) throw new ApiError('conflict', 'Lượt kiểm tra này đã kết thúc.');
    if (p.byUser !== by) throw new ApiError('forbidden', 'Chỉ người bắt đầu lượt kiểm tra mới kết thúc được.');
    p.finishedAt = new Date().toISOString();
    p.fieldsChanged = this.passChangesById.get(p.id)!.length;
    return { ...p };
  }

  passList(bookId: number): QaCheckPass[] {
    return this.passes.filter((p) => p.bookId === bookId).map((p) => ({ ...p }));
  }

  passChanges(passId: number): QaPassChange[] {
    return structuredClone(this.passChangesById.get(passId) ?? []);
  }

  errorRates(): QaErrorRateRow[] {
    const rows = new Map<string, QaErrorRateRow>();
    for (const fs of this.checks.values()) {
      for (const f of fs) {
        const row = rows.get(f.field) ?? { month: '2025-07', communeCode: '04120', clerk: 'canbo', bookType: 'KS', field: f.field, fieldLabel: f.label, compared: 0, wrong: 0 };
        row.compared += 1;
        row.wrong += f.wrong ? 1 : 0;
        rows.set(f.field, row);
      }
    }
    return [...rows.values()].sort((a, b) => b.wrong - a.wrong);
  }
}
