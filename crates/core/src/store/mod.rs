//! The encrypted workspace store: key management, the connection opener, migrations.
//! Invariant: no byte of personal data is written to disk outside the SQLCipher database.
pub mod connection;
pub mod keyring;
pub mod keys;
pub mod migrate;

pub const DB_FILE: &str = "workspace.db";
