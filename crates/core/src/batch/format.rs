//! The JSON shapes inside a package (docs/batch-format.md, format version 1). Field names are
//! camelCase; unknown fields are ignored on reading so that later minor versions stay readable.
use crate::model::book::RegistryRef;
use crate::FieldValue;
use serde::{Deserialize, Serialize};

pub const PACKAGE_FORMAT: &str = "sohoa-package";
pub const PACKAGE_FORMAT_VERSION: u32 = 1;
/// Version of the `data/*.jsonl` record layouts.
pub const LAYOUT_VERSION: u32 = 1;

/// Tag file names (outside `data/`).
pub const HEADER_FILE: &str = "sohoa-package.json";
pub const SIGNATURE_FILE: &str = "signature-ed25519.txt";
/// Payload files.
pub const BOOKS_FILE: &str = "data/books.jsonl";
pub const ENTRIES_FILE: &str = "data/entries.jsonl";
pub const DECISIONS_FILE: &str = "data/decisions.jsonl";
pub const AUDIT_FILE: &str = "data/audit.jsonl";
pub const VERDICTS_FILE: &str = "data/verdicts.jsonl";
/// In a verdict package: the Ministry's rejections of the commune's entries the supervisor
/// exported, not yet sent back (issue 11; absent in packages from before version 17).
pub const MINISTRY_FILE: &str = "data/ministry.jsonl";
pub const PAGES_DIR: &str = "data/pages/";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PackageKind {
    /// Commune → supervisor: books, entries, pages, decisions, audit rows.
    Batch,
    /// Supervisor → commune: verdicts on the books of one batch.
    Verdict,
}

impl PackageKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PackageKind::Batch => "batch",
            PackageKind::Verdict => "verdict",
        }
    }
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Commune {
    pub scheme: String,
    pub code: String,
    pub name: String,
}

/// Who made the package. Covered by the signed tag manifest, so the public key here cannot be
/// swapped without breaking the signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Sender {
    /// `commune` or `supervisor`.
    pub role: String,
    pub workspace_id: String,
    pub commune: Commune,
    pub user: String,
    pub ed25519_public_key: String,
    pub fingerprint: String,
    /// Where answers to this package are encrypted to.
    pub age_recipient: String,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BookRef {
    pub book_id: i64,
    pub book_type: crate::BookType,
    pub quyen_so: String,
    pub entries: u64,
    /// Verdict packages: `accept` or `return`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditHead {
    pub seq: i64,
    pub hash: String,
}

/// `sohoa-package.json`: the machine-readable header (a tag file).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PackageHeader {
    pub format: String,
    pub format_version: u32,
    pub layout_version: u32,
    pub kind: PackageKind,
    /// Random, unique per package written.
    pub package_uid: String,
    pub created_at: String,
    pub software: String,
    pub template_version: String,
    pub sender: Sender,
    /// The commune's batch number (a verdict package answers this batch).
    pub batch_number: i64,
    /// Verdict packages: the commune workspace the verdict is for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient_workspace_id: Option<String>,
    pub books: Vec<BookRef>,
    pub entries: u64,
    pub pages: u64,
    pub audit_head: Option<AuditHead>,
    /// Batch packages: `data/audit.jsonl` holds every row of the sender's chain after this head
    /// (the one its recipient last acknowledged; `None` = from the first row) up to `audit_head`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audit_from: Option<AuditHead>,
    /// Verdict packages: the newest head of the recipient commune's chain the supervisor holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ack_audit_head: Option<AuditHead>,
    /// The sender device's enrolment certificate signed by the province.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enrolment: Option<SignedDoc>,
    /// The newest revocation list of the province the sender has seen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revocation_list: Option<SignedDoc>,
}

/// One line of `data/books.jsonl`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BookRecord {
    pub book_id: i64,
    pub book_type: crate::BookType,
    pub quyen_so: String,
    pub registry: RegistryRef,
    pub year_from: i32,
    pub year_to: Option<i32>,
    pub period_group: String,
    pub page_count: u32,
    pub expected_entries: Option<u32>,
    pub template_version: String,
    pub finished_at: Option<String>,
    pub note: Option<String>,
    pub entries: u64,
    pub pages: Vec<PageRecord>,
    /// The finished check passes the book went through in the commune (issue 12 §3); absent in
    /// packages of earlier versions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub check_passes: Vec<CheckPassRecord>,
}

/// A finished check pass of a book (`self` by the keyer, `second` by another account).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckPassRecord {
    pub kind: String,
    pub by_user: String,
    pub started_at: String,
    pub finished_at: String,
    pub fields_changed: i64,
    /// The field-level diff of the pass (every field changed, old → new), so the supervisor
    /// sees what the pass changed. Absent in packages from before version 17.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<PassChangeRecord>,
}

/// One field changed during a check pass; the entry named by its number in the book.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PassChangeRecord {
    pub seq: i64,
    pub field: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PageRecord {
    pub seq: i64,
    pub sha256: String,
    pub mime: String,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub rotation: i64,
    /// Path inside the bag (`data/pages/<sha256>.<ext>`).
    pub file: String,
}

/// One line of `data/entries.jsonl`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EntryRecord {
    pub entry_id: i64,
    pub book_id: i64,
    pub seq: i64,
    pub version: i64,
    pub status: String,
    /// SHA-256 of the page image the entry was keyed from.
    pub page: Option<String>,
    pub created_at: String,
    pub created_by: String,
    pub updated_at: String,
    pub updated_by: String,
    /// Ministry column name → value as written (NFC), in column-map order.
    pub fields: Vec<FieldValue>,
}

/// One line of `data/audit.jsonl`: an audit row exactly as stored (its hash can be recomputed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditRecord {
    pub seq: i64,
    pub at: String,
    pub username: String,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<String>,
    pub detail: String,
    pub prev_hash: String,
    pub hash: String,
}

/// One line of `data/verdicts.jsonl` (verdict packages): the verdict on one book of the batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VerdictRecord {
    /// The commune's own book id.
    pub book_id: i64,
    pub batch_number: i64,
    /// `accept` or `return`.
    pub decision: String,
    pub decided_at: String,
    pub decided_by: String,
    pub reasons: Vec<ReasonRecord>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MinistryRejectionRecord {
    /// The commune's own book id and entry id.
    pub book_id: i64,
    pub entry_id: i64,
    /// The camelCase column the Ministry's reason names, if any.
    pub field: Option<String>,
    pub reason: String,
    /// The Excel file the rejected row was in.
    pub file: String,
    /// The Ministry's date (as the result list gave it), else when the supervisor read the list.
    pub decided_at: String,
    /// The supervisor who read the result list.
    pub decided_by: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReasonRecord {
    /// The commune's own entry id.
    pub entry_id: i64,
    pub field: Option<String>,
    pub reason: String,
}

/// A document signed by the province key: `payload` is the JSON text signed (byte for byte).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SignedDoc {
    pub format: String,
    pub payload: String,
    /// Hex Ed25519 signature over the bytes of `payload`.
    pub signature: String,
    pub signer_fingerprint: String,
}

/// A package refused for what it holds (the reason in Vietnamese).
pub(crate) fn refused(reason: impl Into<String>) -> crate::error::CoreError {
    crate::error::CoreError::invalid("gói", reason)
}
