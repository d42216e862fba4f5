// Types of the review that vouches for quality (issue 12): src-tauri/src/commands/qa.rs over
// sohoa_core::batch::qa (ISO 2859-1 plan, blind re-keying, arbitration), generated from the Rust
// types (generated/bindings.ts). camelCase on the wire, except the plan and findings of crates/qa
// (snake_case fields).
import type * as G from './generated/bindings';
import type { FieldValue } from './types';

export type QaPlan = G.Plan;

export type QaFindings = G.Findings;

export type QaProposal = G.Proposal;

export type QaSampledEntry = G.SampledEntry;

export type QaReview = G.ReviewView;

export type QaCheckPass = G.CheckPass;

export type Arbitration = G.Arbitration;

export type QaFieldCheck = G.FieldCheck;

export type QaComparison = G.Comparison;

/** The blind form's facts about a sampled entry (`qa_blind_entry`), never the clerk's values. */
export type QaBlindEntry = G.BlindEntry;

export type QaDecisionOutcome = G.DecisionOutcome;

export type QaCertificateFiles = G.CertificateFiles;

export type QaErrorRateRow = G.ErrorRateRow;

export type { FieldValue };

export type QaAlsoChecked = G.AlsoChecked;

/** The province's review settings (`qa_settings`): AQL (a column of Table 2-A) and counting. */
export type QaSettings = G.QaSettings;

/** The settings with the AQLs of the table, ascending. */
export type QaSettingsView = G.QaSettingsView;

/** The plan a setting yields for a lot (`qa_plan_preview`). */
export type QaPlanPreview = G.PlanPreview;

/** What the supervisor records for reduced inspection (ISO 2859-1 §9.3.3 b, c). */
export type QaReducedConditions = G.ConditionsInput;

/** A commune's switching state and the three conditions of reduced inspection (`qa_switching`). */
export type QaSwitchingView = G.SwitchingView;

/** One field changed during a check pass (`pass_changes`). */
export type QaPassChange = G.PassChange;
