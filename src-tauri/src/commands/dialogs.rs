//! Native file dialogs opened from Rust (tauri-plugin-dialog; issue 13 §5). The UI names only a
//! *purpose*; the shell picks the dialog kind, its filters and title, opens it, and records the
//! answer in [`ChosenPaths`] so the command that receives it accepts it. The web view is granted
//! no `dialog:` permission: it cannot open a dialog or learn a path any other way.
//!
//! With the test-only cargo feature `e2e-dialogs`, an answer is taken instead from the file named
//! by `SOHOA_E2E_DIALOG_ANSWERS` (one path per line, consumed in order; an empty line = Cancel).
//! Release and packaged builds lack the feature, and so the code (tools/test.sh checks the .deb).
use crate::chosen_paths::ChosenPaths;
use crate::state::internal;
use serde::Deserialize;
use sohoa_core::ApiError;
use std::path::{Path, PathBuf};
use tauri::{AppHandle, Manager, State};
use tauri_plugin_dialog::DialogExt;

/// What the person is choosing; each has its dialog kind, filters and title.
#[derive(specta::Type, Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Purpose {
    /// An existing workspace folder.
    WorkspaceOpen,
    /// Where a new workspace goes (a new folder).
    WorkspaceCreate,
    /// Where a batch package is written.
    BatchSave,
    /// A batch or verdict package to verify or import.
    PackageOpen,
    /// Where a verdict package is written.
    VerdictSave,
    /// Where this device's public device file is written.
    DeviceFileSave,
    /// The other side's device file.
    DeviceFileOpen,
    /// The province's public key (province-key.json) to pin.
    ProvinceKeyOpen,
    /// An enrolment certificate or revocation list from the province.
    TrustFileOpen,
    /// The Ministry's result list (.csv/.xlsx).
    MinistryResultOpen,
    /// The folder the upload export is written into.
    UploadFolder,
    /// A folder of page scans.
    ScanFolder,
    /// A folder of progress snapshots from the communes.
    SnapshotFolder,
    /// The folder reports and snapshots are written into.
    ReportFolder,
    /// The folder a backup is written into (a USB stick).
    BackupFolder,
    /// A backup folder (sohoa-sao-luu-…) to verify or restore.
    BackupOpen,
    /// Where a backup is restored to (a new folder).
    RestoreTarget,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Open,
    Save,
    Folder,
}

impl Purpose {
    fn kind(self) -> Kind {
        use Purpose::*;
        match self {
            WorkspaceCreate | BatchSave | VerdictSave | DeviceFileSave | RestoreTarget => Kind::Save,
            PackageOpen | DeviceFileOpen | ProvinceKeyOpen | TrustFileOpen | MinistryResultOpen => Kind::Open,
            WorkspaceOpen | UploadFolder | ScanFolder | SnapshotFolder | ReportFolder | BackupFolder | BackupOpen => Kind::Folder,
        }
    }

    /// The filter shown (name, extensions); None: any file.
    fn filter(self) -> Option<(&'static str, &'static [&'static str])> {
        use Purpose::*;
        match self {
            BatchSave | PackageOpen | VerdictSave => Some(("Gói sohoa (.sohoa)", &["sohoa"])),
            DeviceFileSave | DeviceFileOpen => Some(("Tệp thiết bị (.json)", &["json"])),
            ProvinceKeyOpen | TrustFileOpen => Some(("Tệp của tỉnh (.json)", &["json"])),
            MinistryResultOpen => Some(("Danh sách kết quả (.xlsx, .csv)", &["xlsx", "csv"])),
            _ => None,
        }
    }

    fn title(self) -> &'static str {
        use Purpose::*;
        match self {
            WorkspaceOpen => "Chọn thư mục sổ làm việc",
            WorkspaceCreate => "Đặt tên và nơi lưu sổ làm việc mới",
            BatchSave => "Lưu gói đợt gửi",
            PackageOpen => "Chọn gói nhận được (.sohoa)",
            VerdictSave => "Lưu gói kết quả kiểm tra",
            DeviceFileSave => "Lưu tệp thiết bị",
            DeviceFileOpen => "Chọn tệp thiết bị của bên kia",
            ProvinceKeyOpen => "Chọn tệp khóa của tỉnh (province-key.json)",
            TrustFileOpen => "Chọn chứng nhận hoặc danh sách thu hồi của tỉnh",
            MinistryResultOpen => "Chọn danh sách kết quả của Bộ",
            UploadFolder => "Chọn thư mục lưu tệp tải lên",
            ScanFolder => "Chọn thư mục ảnh quét",
            SnapshotFolder => "Chọn thư mục chứa tệp tiến độ của các xã",
            ReportFolder => "Chọn thư mục lưu báo cáo",
            BackupFolder => "Chọn nơi lưu bản sao lưu (ví dụ USB)",
            BackupOpen => "Chọn bản sao lưu (thư mục sohoa-sao-luu-…)",
            RestoreTarget => "Đặt tên thư mục mới cho sổ làm việc khôi phục",
        }
    }
}

/// Opens the dialog for `purpose` and returns the chosen path (None: cancelled). `suggested` is a
/// suggested path: its file name pre-fills a save dialog and its folder is where the dialog opens.
#[tauri::command]
#[specta::specta]
pub async fn path_choose(
    app: AppHandle,
    chosen: State<'_, ChosenPaths>,
    purpose: Purpose,
    suggested: Option<String>,
) -> Result<Option<String>, ApiError> {
    let suggested = suggested.map(PathBuf::from).filter(|p| p.is_absolute());
    let answer = match test_answer() {
        Some(a) => a,
        None => {
            let app = app.clone();
            tauri::async_runtime::spawn_blocking(move || native(&app, purpose, suggested.as_deref())).await.map_err(|_| internal())?
        }
    };
    let Some(path) = answer else { return Ok(None) };
    match purpose.kind() {
        Kind::Folder => chosen.chose_tree(&path),
        Kind::Open | Kind::Save => chosen.chose_file(&path),
    }
    // What the UI receives is exactly what `check` accepts back.
    Ok(Some(chosen.check(&path.display().to_string())?.display().to_string()))
}

fn native(app: &AppHandle, purpose: Purpose, suggested: Option<&Path>) -> Option<PathBuf> {
    let mut d = app.dialog().file().set_title(purpose.title()).set_can_create_directories(true);
    if let Some(w) = app.get_webview_window("main") {
        d = d.set_parent(&w);
    }
    if let Some((name, ext)) = purpose.filter() {
        d = d.add_filter(name, ext);
    }
    if let Some(s) = suggested {
        let dir = if purpose.kind() == Kind::Folder { Some(s) } else { s.parent() };
        if let Some(dir) = dir.filter(|d| d.is_dir()) {
            d = d.set_directory(dir);
        }
        if purpose.kind() == Kind::Save {
            if let Some(name) = s.file_name().and_then(|n| n.to_str()) {
                d = d.set_file_name(name);
            }
        }
    }
    let picked = match purpose.kind() {
        Kind::Open => d.blocking_pick_file(),
        Kind::Save => d.blocking_save_file(),
        Kind::Folder => d.blocking_pick_folder(),
    };
    picked.and_then(|p| p.into_path().ok())
}

/// e2e builds only: the next queued answer, if `SOHOA_E2E_DIALOG_ANSWERS` names a file.
/// `Some(None)` is a queued Cancel.
#[cfg(feature = "e2e-dialogs")]
fn test_answer() -> Option<Option<PathBuf>> {
    let file = std::env::var_os("SOHOA_E2E_DIALOG_ANSWERS")?;
    let text = std::fs::read_to_string(&file).ok()?;
    let mut lines = text.lines();
    let first = lines.next()?.trim().to_string();
    // What stays queued keeps one line per answer, so that a later append starts a new line.
    let rest: String = lines.map(|l| format!("{l}\n")).collect();
    std::fs::write(&file, rest).ok()?;
    log::info!("e2e dialog answer taken from the queue");
    Some((!first.is_empty()).then(|| PathBuf::from(first)))
}

#[cfg(not(feature = "e2e-dialogs"))]
fn test_answer() -> Option<Option<PathBuf>> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ui_names_a_purpose_and_the_shell_decides_the_dialog() {
        let p: Purpose = serde_json::from_str("\"package-open\"").unwrap();
        assert_eq!(p.kind(), Kind::Open);
        assert_eq!(p.filter().unwrap().1, &["sohoa"]);
        assert_eq!(serde_json::from_str::<Purpose>("\"scan-folder\"").unwrap().kind(), Kind::Folder);
        assert_eq!(serde_json::from_str::<Purpose>("\"batch-save\"").unwrap().kind(), Kind::Save);
        assert!(serde_json::from_str::<Purpose>("\"/etc/passwd\"").is_err());
    }

    #[cfg(not(feature = "e2e-dialogs"))]
    #[test]
    fn without_the_e2e_feature_no_answer_file_is_ever_read() {
        let dir = std::env::temp_dir().join(format!("sohoa-dlg-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let f = dir.join("answers");
        std::fs::write(&f, "/etc/passwd\n").unwrap();
        std::env::set_var("SOHOA_E2E_DIALOG_ANSWERS", &f);
        assert_eq!(test_answer(), None);
        std::env::remove_var("SOHOA_E2E_DIALOG_ANSWERS");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(feature = "e2e-dialogs")]
    #[test]
    fn the_e2e_hook_answers_queued_paths_in_order_and_an_empty_line_cancels() {
        use std::io::Write;
        let dir = std::env::temp_dir().join(format!("sohoa-dlg-e2e-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let f = dir.join("answers");
        std::fs::write(&f, "/media/usb/a.sohoa\n\n/media/usb/b.csv\n").unwrap();
        std::env::set_var("SOHOA_E2E_DIALOG_ANSWERS", &f);
        assert_eq!(test_answer(), Some(Some(PathBuf::from("/media/usb/a.sohoa"))));
        assert_eq!(test_answer(), Some(None));
        // an answer queued after some were taken is a line of its own
        std::fs::OpenOptions::new().append(true).open(&f).unwrap().write_all(b"/media/usb/c.xlsx\n").unwrap();
        assert_eq!(test_answer(), Some(Some(PathBuf::from("/media/usb/b.csv"))));
        assert_eq!(test_answer(), Some(Some(PathBuf::from("/media/usb/c.xlsx"))));
        assert_eq!(std::fs::read_to_string(&f).unwrap(), "", "an emptied queue is an empty file");
        assert_eq!(test_answer(), None, "an empty queue opens the real dialog");
        std::env::remove_var("SOHOA_E2E_DIALOG_ANSWERS");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
