// Wire types of the review that vouches for quality (issue 12): src-tauri/src/commands/qa.rs over
// sohoa_core::batch::qa (ISO 2859-1 plan, blind re-keying, arbitration). camelCase on the wire,
// except the plan and findings of crates/qa (snake_case fields).
import type { FieldValue } from './types';
import type { ReviewDecision } from './types-batch';

export interface QaPlan {
  lot_size: number;
  level: string;
  lot_code: string;
  code: string;
  n: number;
  ac: number;
  re: number;
  severity: 'normal' | 'tightened' | 'reduced';
  aql: number;
  full_inspection: boolean;
}

export interface QaFindings {
  entries: number;
  nonconforming_entries: number;
  nonconformities: number;
}

export interface QaProposal {
  decision: 'accept' | 'return';
  mode: 'entries' | 'fields';
  counted: number;
  ac: number;
  re: number;
  findings: QaFindings;
  entry_error_percent: number;
  nonconformities_per_100: number;
  entry_error_upper_95: number;
  reason_vi: string;
  reason_en: string;
}

export interface QaSampledEntry {
  entryId: number;
  seq: number;
  pageId: number | null;
  pageSeq: number | null;
  rekeyed: boolean;
  open: number;
  wrongFields: number;
}

export interface QaReview {
  id: number;
  bookId: number;
  importId: number;
  bookType: string;
  quyenSo: string;
  communeCode: string;
  plan: QaPlan;
  counting: 'entries' | 'fields';
  summary: string;
  explainVi: string;
  explainEn: string;
  risk: { mode: string; p95: number; p10: number };
  original: boolean;
  algorithm: string;
  seed: string;
  sample: QaSampledEntry[];
  findings: QaFindings;
  proposal: QaProposal | null;
  decision: 'accept' | 'return' | null;
  decisionReason: string | null;
  transition: string | null;
  inspectionState: string;
  /** The check passes the book went through in the commune (received with the package). */
  passes: QaCheckPass[];
}

export interface QaCheckPass {
  id: number;
  bookId: number;
  kind: 'self' | 'second';
  byUser: string;
  startedAt: string;
  finishedAt: string | null;
  fieldsChanged: number | null;
}

export type Arbitration = 'clerk' | 'supervisor' | 'both_wrong';

export interface QaFieldCheck {
  field: string;
  label: string;
  group: string;
  clerkValue: string;
  supervisorValue: string;
  agree: boolean;
  arbitration: Arbitration | null;
  correctValue: string | null;
  wrong: boolean;
}

export interface QaComparison {
  reviewId: number;
  entryId: number;
  seq: number;
  clerk: string;
  fields: QaFieldCheck[];
  open: number;
  wrongFields: number;
}

export interface QaDecisionOutcome {
  review: QaReview;
  transition: string | null;
  transitionVi: string | null;
}

export interface QaCertificateFiles {
  pdf: string;
  signature: string;
  xlsx: string;
  pdfSha256: string;
}

export interface QaErrorRateRow {
  month: string;
  communeCode: string;
  clerk: string;
  bookType: string;
  field: string;
  fieldLabel: string;
  compared: number;
  wrong: number;
}

export type { FieldValue };

export interface QaAlsoChecked {
  warnings: { info: number; warning: number; error: number };
  sequenceFindings: number;
  sequenceExamples: string[];
  pagesWithoutEntries: number[];
  entriesWithoutPage: number;
  decisionsTotal: number;
  decisionsSample: [number, ReviewDecision][];
}
