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

/** The province's review settings (`qa_settings`): AQL (a column of Table 2-A) and counting. */
export interface QaSettings {
  aql: number;
  counting: 'entries' | 'fields';
}

export interface QaSettingsView {
  settings: QaSettings;
  /** The AQLs of the table, ascending. */
  aqls: number[];
}

/** The plan a setting yields for a lot (`qa_plan_preview`). */
export interface QaPlanPreview {
  plan: QaPlan;
  summary: string;
  explainVi: string;
  explainEn: string;
  risk: { mode: string; p95: number; p10: number };
}

/** What the supervisor records for reduced inspection (ISO 2859-1 §9.3.3 b, c). */
export interface QaReducedConditions {
  authorityApproves: boolean;
  productionSteady: boolean;
  authority: string;
  reference: string;
  approvedOn: string;
}

/** A commune's switching state and the three conditions of reduced inspection (`qa_switching`). */
export interface QaSwitchingView {
  communeScheme: string;
  communeCode: string;
  state: 'normal' | 'tightened' | 'reduced' | 'discontinued';
  score: number;
  scoreNeeded: number;
  scoreMet: boolean;
  productionSteady: boolean;
  authorityApproves: boolean;
  conditions: (QaReducedConditions & { recordedAt: string; recordedBy: string }) | null;
  reducedAllowed: boolean;
  transition: string | null;
  transitionVi: string | null;
}

/** One field changed during a check pass (`pass_changes`). */
export interface QaPassChange {
  entryId: number;
  seq: number;
  field: string;
  /** The field's label on the form. */
  fieldLabel: string | null;
  oldValue: string | null;
  newValue: string | null;
  at: string;
}
