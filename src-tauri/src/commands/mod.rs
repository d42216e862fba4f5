//! Tauri commands, grouped by area; each delegates to sohoa-core in a few lines.
pub mod app;
pub mod backup;
pub mod batch;
pub mod books;
pub mod dedupe;
pub mod dialogs;
pub mod import;
pub mod jobs;
pub mod keying;
pub mod pages;
pub mod progress;
pub mod qa;
pub mod reference;
pub mod trust;
mod upload;
pub mod workspace;
