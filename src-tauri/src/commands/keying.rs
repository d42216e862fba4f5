//! The keying screen (issue 4): book creation, the form of a book type, entries with autosave,
//! undo, history, marks, predictions, autocomplete, dates, and the book's warnings. Thin: each
//! command calls `sohoa_core` (keying/, validation/, model/); every rule and every type the UI
//! receives lives there.
use crate::state::AppState;
use sohoa_core::keying::{
    self, BookCoverage, BookTypeDto, DateParse, EntryDefaults, EntrySummary, EntryView, FieldChange, KeyingForm, SaveOutcome,
    StatusOutcome, Suggestion, UndoOutcome,
};
use sohoa_core::model::book::{self, BookForm, BookSummary};
use sohoa_core::validation::{self, BookWarnings};
use sohoa_core::{ApiError, BookType, EntryStatus, FieldValue};
use tauri::State;

#[tauri::command]
#[specta::specta]
pub async fn book_types() -> Vec<BookTypeDto> {
    keying::book_types()
}

#[tauri::command]
#[specta::specta]
pub async fn book_create(state: State<'_, AppState>, book: BookForm) -> Result<BookSummary, ApiError> {
    state.with_session(|s| {
        let id = s.write(|w| book::create(w, &book.into()))?;
        book::get(s.conn(), id)
    })
}

/// The form of a book type: groups, labels, rare fields, autocomplete lists, enumeration codes,
/// the fields that identify the person.
#[tauri::command]
#[specta::specta]
pub async fn keying_form(book_type: BookType) -> KeyingForm {
    keying::keying_form(book_type)
}

#[tauri::command]
#[specta::specta]
pub async fn keying_entries(state: State<'_, AppState>, book_id: i64) -> Result<Vec<EntrySummary>, ApiError> {
    state.with_session(|s| keying::entry_summaries(s.conn(), book_id))
}

#[tauri::command]
#[specta::specta]
pub async fn entry_get(state: State<'_, AppState>, entry_id: i64) -> Result<EntryView, ApiError> {
    state.with_session(|s| keying::entry_view(s.conn(), entry_id))
}

/// A new draft entry at the end of the book with its first fields, keyed from `page_id`.
#[tauri::command]
#[specta::specta]
pub async fn entry_create(
    state: State<'_, AppState>,
    book_id: i64,
    fields: Vec<FieldValue>,
    page_id: Option<i64>,
) -> Result<EntryView, ApiError> {
    state.with_session(|s| keying::create_entry(s, book_id, &fields, page_id))
}

#[tauri::command]
#[specta::specta]
pub async fn entry_save_field(state: State<'_, AppState>, entry_id: i64, field: FieldValue) -> Result<SaveOutcome, ApiError> {
    state.with_session(|s| keying::save_field(s, entry_id, field))
}

#[tauri::command]
#[specta::specta]
pub async fn entry_save_fields(state: State<'_, AppState>, entry_id: i64, fields: Vec<FieldValue>) -> Result<SaveOutcome, ApiError> {
    state.with_session(|s| keying::save_fields(s, entry_id, &fields))
}

#[tauri::command]
#[specta::specta]
pub async fn entry_undo(state: State<'_, AppState>, entry_id: i64) -> Result<Option<UndoOutcome>, ApiError> {
    state.with_session(|s| keying::undo_last(s, entry_id))
}

#[tauri::command]
#[specta::specta]
pub async fn entry_history(state: State<'_, AppState>, entry_id: i64, field: Option<String>) -> Result<Vec<FieldChange>, ApiError> {
    state.with_session(|s| keying::field_history(s.conn(), entry_id, field.as_deref()))
}

/// Marks the entry keyed, checked or back to draft.
#[tauri::command]
#[specta::specta]
pub async fn entry_mark(state: State<'_, AppState>, entry_id: i64, status: EntryStatus) -> Result<StatusOutcome, ApiError> {
    state.with_session(|s| keying::mark(s, entry_id, status))
}

#[tauri::command]
#[specta::specta]
pub async fn entry_defaults(state: State<'_, AppState>, book_id: i64) -> Result<EntryDefaults, ApiError> {
    state.with_session(|s| keying::next_entry_defaults(s.conn(), book_id))
}

#[tauri::command]
#[specta::specta]
pub async fn entry_previous_value(
    state: State<'_, AppState>,
    book_id: i64,
    entry_seq: Option<i64>,
    field: String,
) -> Result<Option<FieldValue>, ApiError> {
    state.with_session(|s| keying::previous_value(s.conn(), book_id, entry_seq.unwrap_or(i64::MAX), &field))
}

#[tauri::command]
#[specta::specta]
pub async fn keying_suggest(
    state: State<'_, AppState>,
    target: String,
    prefix: String,
    limit: Option<usize>,
) -> Result<Vec<Suggestion>, ApiError> {
    state.with_session(|s| keying::autocomplete(s.conn(), &target, &prefix, limit.unwrap_or(8)))
}

/// How the core reads a typed date (shown beside the field as the clerk types).
#[tauri::command]
#[specta::specta]
pub async fn keying_parse_date(text: String) -> DateParse {
    keying::parse_date(&text)
}

#[tauri::command]
#[specta::specta]
pub async fn book_warnings(state: State<'_, AppState>, book_id: i64) -> Result<BookWarnings, ApiError> {
    state.with_session(|s| validation::book::book_warnings(s.conn(), book_id))
}

#[tauri::command]
#[specta::specta]
pub async fn book_coverage(state: State<'_, AppState>, book_id: i64) -> Result<BookCoverage, ApiError> {
    state.with_session(|s| keying::book_coverage(s.conn(), book_id))
}

/// Marks the book finished; refused (`conflict`, naming the pages) while pages have no entry.
#[tauri::command]
#[specta::specta]
pub async fn book_finish(state: State<'_, AppState>, book_id: i64) -> Result<BookCoverage, ApiError> {
    state.with_session(|s| keying::finish_book(s, book_id))
}

/// Declares page `pageNo` of the book blank (no entries) or not; blank pages count as covered.
/// Returns the coverage after the change.
#[tauri::command]
#[specta::specta]
pub async fn book_page_blank(state: State<'_, AppState>, book_id: i64, page_no: u32, blank: bool) -> Result<BookCoverage, ApiError> {
    state.with_session(|s| keying::mark_page_blank(s, book_id, page_no, blank))
}

/// Adds to an entry the page after the last one it spans, or `page_id` (issue 11 §3); the pages.
#[tauri::command]
#[specta::specta]
pub async fn entry_page_add(state: State<'_, AppState>, entry_id: i64, page_id: Option<i64>) -> Result<Vec<keying::EntryPage>, ApiError> {
    state.with_session(|s| keying::add_entry_page(s, entry_id, page_id))
}

/// Removes a page added to an entry (not its own page); the pages it spans.
#[tauri::command]
#[specta::specta]
pub async fn entry_page_remove(state: State<'_, AppState>, entry_id: i64, page_id: i64) -> Result<Vec<keying::EntryPage>, ApiError> {
    state.with_session(|s| keying::remove_entry_page(s, entry_id, page_id))
}
