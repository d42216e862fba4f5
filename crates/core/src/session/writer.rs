//! The handle a write gets: the open IMMEDIATE transaction and the acting user. Model and
//! workflow functions that write take a `&Writer`, so they can only run inside
//! [`Session::write`](super::Session::write), which adds the audit rows in the same transaction.
use super::accounts::User;
use crate::error::Result;
use rusqlite::Transaction;

pub struct Writer<'a> {
    pub tx: &'a Transaction<'a>,
    pub user: &'a User,
}

impl Writer<'_> {
    /// Appends an audit row for this change, attributed to the signed-in user.
    pub fn audit(&self, action: &str, entity: &str, entity_id: Option<&str>, detail: serde_json::Value) -> Result<i64> {
        super::audit::append(self.tx, &self.user.username, action, entity, entity_id, &detail)
    }
}
