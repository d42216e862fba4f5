// Native dialogs (issue 13 §5) and the trust screen (issue 13): types of `path_choose` and `trust_*`.

/** What the person is choosing; the shell picks the dialog (open, save, folder), its filters and title. */
export type PathPurpose =
  | 'workspace-open'
  | 'workspace-create'
  | 'batch-save'
  | 'package-open'
  | 'verdict-save'
  | 'device-file-save'
  | 'device-file-open'
  | 'province-key-open'
  | 'trust-file-open'
  | 'ministry-result-open'
  | 'upload-folder'
  | 'scan-folder'
  | 'snapshot-folder'
  | 'report-folder'
  | 'backup-folder'
  | 'backup-open'
  | 'restore-target';

/** The province's public key (`province-key.json`). */
export interface ProvinceKey {
  name: string;
  fingerprint: string;
  createdAt: string;
  demo: boolean;
}

export interface ScopeUnit {
  scheme: string;
  code: string;
}

/** An enrolment certificate signed by the province. */
export interface Enrolment {
  serial: number;
  role: 'commune' | 'supervisor';
  deviceFingerprint: string;
  scope: ScopeUnit[];
  notBefore: string;
  notAfter: string;
  issuedAt: string;
  provinceFingerprint: string;
  provinceName: string;
}

export interface RevocationList {
  seq: number;
  issuedAt: string;
  serials: number[];
  fingerprints: string[];
}

/** `trust_status`: what the trust screen shows. */
export interface TrustView {
  province: ProvinceKey | null;
  ownEnrolment: Enrolment | null;
  /** Why this device may not act as an enrolled supervisor (null: it may). */
  supervisorRefusal: string | null;
  revocationSeq: number | null;
  deviceFingerprint: string;
  revocation: RevocationList | null;
  canPin: boolean;
}

/** `trust_import`: an enrolment, or a revocation list (`newer`: it replaced an older one). */
export type TrustImport = { enrolment: Enrolment } | { revocation: { seq: number; newer: boolean } };
