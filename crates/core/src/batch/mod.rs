//! Batches: signed, encrypted transfer packages commune → supervisor → back
//! (docs/batch-format.md is the reference for the package layout).
//!
//! - [`identity`]: the workspace's device keys (Ed25519 signing key, age X25519 identity), the
//!   short fingerprint, and the devices this workspace trusts.
//! - [`bag`]: streaming BagIt 1.0 writer and reader (SHA-512 manifests, signed tag manifest),
//!   inside a tar stream inside an age-encrypted file.
//! - [`export`]: a clerk sends finished, checked books as a numbered batch (entries frozen).
//! - [`import`]: a supervisor imports batch packages from the communes in scope.
//! - [`limits`]: what a package may hold, checked from each tar header before its bytes are read.
//! - [`qa`]: the review that vouches for quality (issue 12): ISO 2859-1 plan per book, blind
//!   re-keying with arbitration, verdicts from the plan, check passes, the signed QA certificate.
//! - [`trust`]: the province's offline key, enrolment certificates and revocation lists; the
//!   checks every supervisor act goes through (SECURITY.md).
//! - [`verdict`]: the supervisor accepts or returns books; the verdict package goes back and the
//!   commune applies it (returned entries with reasons, accepted entries).
//!
//! Every package is verified completely (decryption, signature, every checksum, trust, replay)
//! before anything is written; a refused package leaves the workspace untouched.
pub mod audit_trail;
pub mod bag;
pub mod crypt;
pub mod device_file;
pub mod export;
pub mod format;
pub mod identity;
pub mod import;
pub mod keys;
pub mod limits;
pub mod passes;
pub mod qa;
mod received;
pub mod review;
pub mod trust;
pub mod verdict;

pub use bag::{read_bag, unpack_package, verify_package, VerifyReport};
pub use crypt::{Encryption, Keys};
pub use export::{BatchInfo, BatchSummary, BookReadiness, ExportOptions};
pub use identity::{DeviceFile, DeviceIdentity, TrustedDevice};
pub use import::{ImportOutcome, ImportedPackage};
pub use limits::PackageLimits;
pub use verdict::{ReturnReason, ReturnedReason, VerdictDecision, VerdictSummary};

/// The step a long operation (batch export, package check, upload export) is in, for progress
/// bars; on the wire as its lower-case name (`entries`, `pages`, `verify`, `pdf`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    /// Writing the entries of a batch.
    Entries,
    /// Writing the page images of a batch.
    Pages,
    /// Checking a package (decryption, signature, checksums).
    Verify,
    /// Writing the per-entry PDFs of the upload export.
    Pdf,
}

impl Stage {
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Entries => "entries",
            Stage::Pages => "pages",
            Stage::Verify => "verify",
            Stage::Pdf => "pdf",
        }
    }
}

impl std::fmt::Display for Stage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Progress of a long operation, for progress bars: `done` of `total` in `stage`. `total` may be
/// 0 when unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub stage: Stage,
    pub done: u64,
    pub total: u64,
}

/// A progress callback that ignores everything.
pub fn no_progress(_: Progress) {}

/// The software version written into packages.
pub fn software_version() -> String {
    format!("sohoa {}", env!("CARGO_PKG_VERSION"))
}
