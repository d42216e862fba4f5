//! The record model: register books, pages, entries, the status machine, the Ministry column map.
pub mod book;
pub mod book_type;
pub mod column_map;
pub mod entry;
pub mod page;
pub mod status;
