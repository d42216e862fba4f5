// Native dialogs (issue 13 §5) and the trust screen (issue 13): types of `path_choose` and `trust_*`,
// generated from the Rust types (generated/bindings.ts).
import type * as G from './generated/bindings';

/** What the person is choosing; the shell picks the dialog (open, save, folder), its filters and title. */
export type PathPurpose = G.Purpose;

/** The province's public key (`province-key.json`). */
export type ProvinceKey = G.ProvinceKey;

export type ScopeUnit = G.ScopeUnit;

/** An enrolment certificate signed by the province. */
export type Enrolment = G.Enrolment;

export type RevocationList = G.RevocationList;

/** `trust_status`: what the trust screen shows. */
export type TrustView = G.TrustView;

/** `trust_import`: an enrolment, or a revocation list (`newer`: it replaced an older one). */
export type TrustImport = G.TrustImport;
