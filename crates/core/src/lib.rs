//! sohoa-core: everything sohoa knows, with no Tauri dependency. The desktop shell (src-tauri)
//! and the CLI (crates/cli) are thin layers over this crate.
//!
//! - [`store`]: encrypted workspace files (SQLCipher + Argon2id-wrapped data key), migrations.
//! - [`workspace`]: create / open / probe a workspace; [`session`]: the signed-in user, writes,
//!   accounts and roles ([`session::accounts`]), the hash-chained audit log ([`session::audit`]).
//! - [`model`]: books, pages, entries, statuses, the Ministry column map.
pub mod backup;
pub mod batch;
pub(crate) mod cancel;
pub mod clock;
pub mod dedupe;
pub mod error;
pub mod fonts;
pub mod fsx;
#[doc(hidden)]
pub mod fuzzing;
pub mod imaging;
pub mod import;
pub mod keying;
pub mod model;
pub mod naming;
pub mod progress;
pub mod reference;
pub mod session;
pub mod store;
pub mod tabular;
pub mod text;
pub mod upload;
pub mod validation;
pub mod workspace;

pub use error::{ApiError, CoreError, Limit, LimitExceeded, Result};
pub use model::book_type::BookType;
pub use model::entry::FieldValue;
pub use model::status::{Actor, EntryStatus};
pub use session::Session;
