//! The keying screen (issue 4): book creation, the form of a book type, entries with autosave,
//! undo, history, marks, predictions, autocomplete, dates, and the book's warnings. Thin: each
//! command calls `sohoa_core` (keying.rs, validation/, model/) in a few lines.
use crate::state::AppState;
use serde::{Deserialize, Serialize};
use sohoa_core::keying;
use sohoa_core::keying::{EntryDefaults, FieldChange, SaveOutcome, StatusOutcome, Suggestion, UndoOutcome};
use sohoa_core::model;
use sohoa_core::model::book::{BookSummary, NewBook, RegistryRef};
use sohoa_core::model::column_map::{column_map, FieldKind, FieldSpec};
use sohoa_core::model::entry::Entry;
use sohoa_core::validation;
use sohoa_core::validation::{BookWarnings, Warning};
use sohoa_core::{Actor, ApiError, BookType, CoreError, EntryStatus, FieldValue, Session};
use tauri::State;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BookTypeDto {
    code: BookType,
    name: String,
    ministry_template: bool,
}

#[tauri::command]
pub async fn book_types() -> Vec<BookTypeDto> {
    BookType::ALL
        .into_iter()
        .map(|t| BookTypeDto { code: t, name: t.spec().name.clone(), ministry_template: t.spec().ministry_template })
        .collect()
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BookCreateArgs {
    book_type: BookType,
    registry_name: String,
    registry_code: Option<String>,
    registry_scheme: String,
    quyen_so: String,
    year_from: i32,
    year_to: Option<i32>,
    page_count: u32,
    expected_entries: Option<u32>,
    note: Option<String>,
}

#[tauri::command]
pub async fn book_create(state: State<'_, AppState>, book: BookCreateArgs) -> Result<BookSummary, ApiError> {
    state.with_session(|s| {
        let id = s.write(|w| {
            model::book::create(
                w,
                &NewBook {
                    book_type: book.book_type,
                    registry: RegistryRef { scheme: book.registry_scheme, code: book.registry_code, name: book.registry_name },
                    quyen_so: book.quyen_so,
                    year_from: book.year_from,
                    year_to: book.year_to,
                    page_count: book.page_count,
                    expected_entries: book.expected_entries,
                    note: book.note,
                },
            )
        })?;
        model::book::list(s.conn())?.into_iter().find(|b| b.id == id).ok_or_else(|| CoreError::NotFound(format!("sổ số {id}")))
    })
}

// ---- the form ----------------------------------------------------------------------------

#[derive(Serialize)]
pub struct EnumOption {
    code: String,
    label: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FormField {
    name: String,
    kind: FieldKind,
    label: String,
    required: bool,
    options: Option<Vec<EnumOption>>,
    suggest: Option<String>,
    rare: bool,
}

#[derive(Serialize)]
pub struct FormGroup {
    id: String,
    label: String,
    fields: Vec<FormField>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KeyingForm {
    book_type: BookType,
    book_type_name: String,
    template_version: String,
    groups: Vec<FormGroup>,
}

/// Fields registers rarely fill (shown on request or when they hold a value): the foreign
/// registration block, missing-person and incapacity notes, "other nationality", dates
/// written out in words, annulment/recognition notes.
fn rare(f: &FieldSpec) -> bool {
    const MARKS: [&str; 10] = [
        "MatTich",
        "HanCheNangLucHanhVi",
        "QuocTichKhac",
        "GiayToKhac",
        "BangChu",
        "NoiSinhDVHC",
        "TuyenBo",
        "huyKetHon",
        "congNhanKetHon",
        "GhiBangChu",
    ];
    f.group == "nuocNgoai" || MARKS.iter().any(|m| f.name.contains(m))
}

/// Which autocomplete list a field draws from (`sohoa_core::keying::keying::autocomplete`).
fn suggest(f: &FieldSpec) -> Option<String> {
    match f.kind {
        FieldKind::Place => Some("place".into()),
        FieldKind::Ethnicity => Some("ethnicity".into()),
        FieldKind::Nationality => Some("nationality".into()),
        _ if f.name == "nguoiKy" => Some("signer".into()),
        FieldKind::Text
            if matches!(f.name.as_str(), "chucVuNguoiKy" | "nguoiThucHien" | "nktNguyenNhanChet" | "gbtCoQuanCap")
                || f.name.ends_with("QuanHe") =>
        {
            Some(f.name.clone())
        }
        _ => None,
    }
}

/// The form of a book type: the column map's fields grouped as the register lays them out
/// (groups in the order they first appear), enum fields with the template's codes.
#[tauri::command]
pub async fn keying_form(book_type: BookType) -> Result<KeyingForm, ApiError> {
    let map = column_map();
    let spec = book_type.spec();
    let mut groups: Vec<FormGroup> = Vec::new();
    for f in &spec.fields {
        let options = match f.kind {
            FieldKind::Enum => sohoa_refdata::enumeration_for_field(&f.name, book_type.as_str())
                .map(|e| e.values.iter().map(|v| EnumOption { code: v.code.clone(), label: v.label.clone() }).collect()),
            _ => None,
        };
        let field = FormField {
            name: f.name.clone(),
            kind: f.kind,
            label: f.label.clone(),
            required: f.required,
            options,
            suggest: suggest(f),
            rare: rare(f),
        };
        match groups.iter_mut().find(|g| g.id == f.group) {
            Some(g) => g.fields.push(field),
            None => groups.push(FormGroup {
                id: f.group.clone(),
                label: map.groups.get(&f.group).cloned().unwrap_or_else(|| f.group.clone()),
                fields: vec![field],
            }),
        }
    }
    Ok(KeyingForm { book_type, book_type_name: spec.name.clone(), template_version: map.version.clone(), groups })
}

// ---- entries -----------------------------------------------------------------------------

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EntrySummary {
    id: i64,
    seq: i64,
    status: EntryStatus,
    page_id: Option<i64>,
    so: Option<String>,
    trang_so: Option<String>,
    title: Option<String>,
}

/// The fields that name an entry's main person, by book type.
const TITLE_FIELDS: [&str; 9] =
    ["nksHoTen", "nktHoTen", "chongHoTen", "nxnHoTen", "ncHoTen", "nddghHoTen", "ndtHoTen", "conNuoiHoTen", "voHoTen"];

#[tauri::command]
pub async fn keying_entries(state: State<'_, AppState>, book_id: i64) -> Result<Vec<EntrySummary>, ApiError> {
    state.with_session(|s| {
        let ids = model::entry::ids(s.conn(), book_id)?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let e = model::entry::get(s.conn(), id)?;
            let get = |f: &str| e.get(f).map(str::to_string);
            out.push(EntrySummary {
                id: e.id,
                seq: e.seq,
                status: e.status,
                page_id: e.page_id,
                so: get("so"),
                trang_so: get("trangSo"),
                title: TITLE_FIELDS.iter().find_map(|f| get(f)),
            });
        }
        Ok(out)
    })
}

#[derive(Serialize)]
pub struct EntryWithWarnings {
    entry: Entry,
    warnings: Vec<Warning>,
}

fn with_warnings(s: &Session, id: i64) -> sohoa_core::Result<EntryWithWarnings> {
    Ok(EntryWithWarnings { entry: model::entry::get(s.conn(), id)?, warnings: keying::entry_warnings(s.conn(), id)? })
}

#[tauri::command]
pub async fn entry_get(state: State<'_, AppState>, entry_id: i64) -> Result<EntryWithWarnings, ApiError> {
    state.with_session(|s| with_warnings(s, entry_id))
}

/// A new draft entry at the end of the book with its first fields, keyed from `page_id`.
#[tauri::command]
pub async fn entry_create(
    state: State<'_, AppState>,
    book_id: i64,
    fields: Vec<FieldValue>,
    page_id: Option<i64>,
) -> Result<EntryWithWarnings, ApiError> {
    state.with_session(|s| {
        let id = s.write(|w| model::entry::create(w, book_id, &fields, page_id))?;
        with_warnings(s, id)
    })
}

#[tauri::command]
pub async fn entry_save_field(state: State<'_, AppState>, entry_id: i64, field: FieldValue) -> Result<SaveOutcome, ApiError> {
    state.with_session(|s| keying::save_field(s, entry_id, field))
}

#[tauri::command]
pub async fn entry_save_fields(state: State<'_, AppState>, entry_id: i64, fields: Vec<FieldValue>) -> Result<SaveOutcome, ApiError> {
    state.with_session(|s| keying::save_fields(s, entry_id, &fields))
}

#[tauri::command]
pub async fn entry_undo(state: State<'_, AppState>, entry_id: i64) -> Result<Option<UndoOutcome>, ApiError> {
    state.with_session(|s| keying::undo_last(s, entry_id))
}

#[tauri::command]
pub async fn entry_history(state: State<'_, AppState>, entry_id: i64, field: Option<String>) -> Result<Vec<FieldChange>, ApiError> {
    state.with_session(|s| keying::field_history(s.conn(), entry_id, field.as_deref()))
}

#[tauri::command]
pub async fn entry_mark(state: State<'_, AppState>, entry_id: i64, status: String) -> Result<StatusOutcome, ApiError> {
    state.with_session(|s| match status.as_str() {
        "keyed" => keying::mark_keyed(s, entry_id),
        "checked" => keying::mark_checked(s, entry_id),
        "draft" => {
            s.write(|w| model::entry::set_status(w, entry_id, EntryStatus::Draft, Actor::Clerk))?;
            let e = model::entry::get(s.conn(), entry_id)?;
            Ok(StatusOutcome { status: e.status, version: e.version, warnings: keying::entry_warnings(s.conn(), entry_id)? })
        }
        other => Err(CoreError::invalid("status", format!("không đánh dấu được “{other}”"))),
    })
}

#[tauri::command]
pub async fn entry_defaults(state: State<'_, AppState>, book_id: i64) -> Result<EntryDefaults, ApiError> {
    state.with_session(|s| keying::next_entry_defaults(s.conn(), book_id))
}

#[tauri::command]
pub async fn entry_previous_value(
    state: State<'_, AppState>,
    book_id: i64,
    entry_seq: Option<i64>,
    field: String,
) -> Result<Option<FieldValue>, ApiError> {
    state.with_session(|s| keying::previous_value(s.conn(), book_id, entry_seq.unwrap_or(i64::MAX), &field))
}

#[tauri::command]
pub async fn keying_suggest(
    state: State<'_, AppState>,
    target: String,
    prefix: String,
    limit: Option<usize>,
) -> Result<Vec<Suggestion>, ApiError> {
    state.with_session(|s| keying::autocomplete(s.conn(), &target, &prefix, limit.unwrap_or(8)))
}

#[derive(Serialize)]
pub struct DateParse {
    ok: bool,
    template: Option<String>,
    precision: Option<sohoa_vietnamese::date::Precision>,
    error: Option<&'static str>,
}

/// How the core reads a typed date (shown beside the field as the clerk types).
#[tauri::command]
pub async fn keying_parse_date(text: String) -> DateParse {
    match sohoa_vietnamese::PartialDate::parse(&text) {
        Ok(d) => DateParse { ok: true, template: Some(d.to_template()), precision: Some(d.precision()), error: None },
        Err(e) => DateParse { ok: false, template: None, precision: None, error: Some(e.code()) },
    }
}

#[tauri::command]
pub async fn book_warnings(state: State<'_, AppState>, book_id: i64) -> Result<BookWarnings, ApiError> {
    state.with_session(|s| validation::book::book_warnings(s.conn(), book_id))
}

#[tauri::command]
pub async fn book_coverage(state: State<'_, AppState>, book_id: i64) -> Result<sohoa_core::keying::BookCoverage, ApiError> {
    state.with_session(|s| keying::book_coverage(s.conn(), book_id))
}

/// Marks the book finished; refused (`conflict`, naming the pages) while pages have no entry.
#[tauri::command]
pub async fn book_finish(state: State<'_, AppState>, book_id: i64) -> Result<sohoa_core::keying::BookCoverage, ApiError> {
    state.with_session(|s| keying::finish_book(s, book_id))
}

/// Declares page `pageNo` of the book blank (no entries) or not; blank pages count as covered.
/// Returns the coverage after the change.
#[tauri::command]
pub async fn book_page_blank(
    state: State<'_, AppState>,
    book_id: i64,
    page_no: u32,
    blank: bool,
) -> Result<sohoa_core::keying::BookCoverage, ApiError> {
    state.with_session(|s| {
        keying::mark_page_blank(s, book_id, page_no, blank)?;
        keying::book_coverage(s.conn(), book_id)
    })
}
