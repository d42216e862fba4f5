// In-memory review that vouches for quality (issue 12) for the fake backend: a fixed plan
// (lot → code letter → n, Ac 0 / Re 1), the first entries of a book as the sample, comparison
// with the fake batch store's clerk values (trimmed; day/month without leading zeros).
import { ApiError } from './backend';
import type { FakeBatchStore } from './fake-batch';
import type { FieldValue } from './types';
import type { Arbitration, QaComparison, QaDecisionOutcome, QaErrorRateRow, QaFieldCheck, QaReview } from './types-qa';

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
