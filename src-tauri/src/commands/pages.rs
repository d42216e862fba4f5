//! Scans of a book (issue 4): attach (raw bytes or a path), list, turn, reorder, remove, and the
//! page images for the viewer and the page list. Thin: `sohoa_core::imaging` does the work.
//! Decoding runs on blocking threads with the session unlocked, so typing is never held up by
//! a page being decoded (the session lock is only taken to read or write the database).
use super::upload::{bad, blocking, header, raw_body};
use crate::chosen_paths::ChosenPaths;
use crate::state::{internal, not_signed_in, AppState};
use sohoa_core::imaging::{self, AttachOutcome, PageInfo, PageSource, ScanFile, ViewCache, ViewRequest, Want};
use sohoa_core::model;
use sohoa_core::{ApiError, CoreError};
use tauri::ipc::{Request, Response};
use tauri::{AppHandle, Manager, State};

/// The session, for a short read or write from a blocking thread.
fn with_session<T>(app: &AppHandle, f: impl FnOnce(&mut sohoa_core::Session) -> sohoa_core::Result<T>) -> Result<T, ApiError> {
    app.state::<AppState>().with_session(f)
}

#[tauri::command]
#[specta::specta]
pub async fn pages_list(state: State<'_, AppState>, book_id: i64) -> Result<Vec<PageInfo>, ApiError> {
    state.with_session(|s| imaging::pages::list_pages(s.conn(), book_id))
}

/// One file's bytes as the raw body; `x-book-id` and `x-file-name` (URI-encoded) in headers.
#[tauri::command]
pub async fn pages_attach(app: AppHandle, request: Request<'_>) -> Result<AttachOutcome, ApiError> {
    let bytes = raw_body(&request)?;
    let header = |name: &str| header(&request, name);
    let book_id: i64 = header("x-book-id").and_then(|v| v.parse().ok()).ok_or_else(|| bad("Thiếu số sổ."))?;
    let name = header("x-file-name").unwrap_or_else(|| "tệp".into());
    let bytes = bytes.clone();
    blocking(move || {
        with_session(&app, |s| model::book::book_type_of(s.conn(), book_id))?;
        let pages = imaging::split_document(&name, &bytes).map_err(ApiError::from)?;
        with_session(&app, |s| imaging::pages::attach_pages(s, book_id, &pages))
    })
    .await
}

/// The scan files of a chosen folder.
#[derive(serde::Serialize, specta::Type)]
pub struct FolderScan {
    path: String,
    files: Vec<ScanFile>,
}

#[tauri::command]
#[specta::specta]
pub async fn pages_folder_scan(state: State<'_, AppState>, chosen: State<'_, ChosenPaths>, path: String) -> Result<FolderScan, ApiError> {
    state.with_session(|_| Ok(()))?; // signed-in users only
    let files = imaging::list_scan_files(&chosen.check(&path)?).map_err(ApiError::from)?;
    Ok(FolderScan { path, files })
}

#[tauri::command]
#[specta::specta]
pub async fn pages_attach_path(app: AppHandle, book_id: i64, path: String) -> Result<AttachOutcome, ApiError> {
    let path = app.state::<ChosenPaths>().check(&path)?;
    blocking(move || {
        with_session(&app, |s| model::book::book_type_of(s.conn(), book_id))?;
        let (name, bytes) = imaging::read_scan_file(&path).map_err(ApiError::from)?;
        let pages = imaging::split_document(&name, &bytes).map_err(ApiError::from)?;
        with_session(&app, |s| imaging::pages::attach_pages(s, book_id, &pages))
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn page_rotate(state: State<'_, AppState>, page_id: i64, rotation: u16) -> Result<PageInfo, ApiError> {
    state.with_session(|s| imaging::pages::rotate_page(s, page_id, rotation))
}

#[tauri::command]
#[specta::specta]
pub async fn page_move(state: State<'_, AppState>, page_id: i64, to_seq: i64) -> Result<Vec<PageInfo>, ApiError> {
    state.with_session(|s| imaging::pages::move_page(s, page_id, to_seq))
}

#[tauri::command]
#[specta::specta]
pub async fn page_remove(state: State<'_, AppState>, page_id: i64) -> Result<Vec<PageInfo>, ApiError> {
    state.with_session(|s| imaging::pages::remove_page(s, page_id))
}

/// Makes and stores the page's preview if it is not made yet; returns the source with it.
fn ensure_preview(app: &AppHandle, page_id: i64) -> Result<PageSource, ApiError> {
    let mut src = with_session(app, |s| imaging::pages::page_meta(s.conn(), page_id))?;
    if src.has_preview {
        src.preview = with_session(app, |s| imaging::pages::page_preview(s.conn(), page_id))?;
        if src.preview.is_some() {
            return Ok(src);
        }
    }
    let bytes = with_session(app, |s| model::page::bytes(s.conn(), page_id))?.1;
    let preview = imaging::make_preview(&bytes, &src.mime).map_err(ApiError::from)?;
    with_session(app, |s| imaging::pages::store_preview(s, page_id, &src.sha256, &preview))?;
    src.has_preview = true;
    src.preview = Some(preview);
    Ok(src)
}

/// A small upright JPEG for the page list. Asking for it also makes the page's preview (the
/// page list asks for every page in the background, which is how previews get made).
#[tauri::command]
pub async fn page_thumbnail(app: AppHandle, page_id: i64) -> Result<Response, ApiError> {
    blocking(move || {
        let src = ensure_preview(&app, page_id)?;
        imaging::thumbnail(&src, 240).map(Response::new).map_err(ApiError::from)
    })
    .await
}

/// The page for the viewer: one binary body, `[u32 LE length][RenderedMeta JSON][image]`.
#[tauri::command]
pub async fn page_image(app: AppHandle, page_id: i64, view: ViewRequest) -> Result<Response, ApiError> {
    blocking(move || {
        let meta = with_session(&app, |s| imaging::pages::page_meta(s.conn(), page_id))?;
        let cache = app.state::<ViewCache>();
        let rendered = imaging::render_with(&meta, &view, Some(&cache), |want| {
            let state = app.state::<AppState>();
            let guard = state.session.lock().map_err(|_| CoreError::Internal("session lock".into()))?;
            let s = guard.as_ref().ok_or_else(|| CoreError::Forbidden(not_signed_in().message))?;
            Ok(match want {
                Want::Preview => imaging::pages::page_preview(s.conn(), page_id)?.unwrap_or_default(),
                Want::Original => model::page::bytes(s.conn(), page_id)?.1,
            })
        })
        .map_err(ApiError::from)?;
        if !meta.has_preview {
            // First look at a fresh page: make its preview now, so the next look is fast.
            let app = app.clone();
            tauri::async_runtime::spawn_blocking(move || {
                let _ = ensure_preview(&app, page_id);
            });
        }
        let json = serde_json::to_vec(&rendered).map_err(|_| internal())?;
        let mut body = Vec::with_capacity(4 + json.len() + rendered.bytes.len());
        body.extend_from_slice(&(json.len() as u32).to_le_bytes());
        body.extend_from_slice(&json);
        body.extend_from_slice(&rendered.bytes);
        Ok(Response::new(body))
    })
    .await
}
