//! Where the files the app hands out go, and what they are called: one place for the shell, the
//! CLI and (through `batch_paths`) the UI.
//!
//! Beside a workspace folder `…/xa-tan-phong` live two export folders:
//! - `xa-tan-phong-chuyen-giao/` (transfer): batch packages `dot-gui-<commune>-so-<n>.sohoa`,
//!   verdict packages `ket-qua-<commune>-lo-<n>.sohoa`, the device file
//!   `khoa-thiet-bi-<commune>.sohoa-device.json`, and the central upload folder
//!   `tai-len-trung-uong/`;
//! - `xa-tan-phong-bao-cao/` (reports): progress reports and snapshots, rejected rows of an
//!   import (`<file>-dong-loi.csv`).
use std::path::{Path, PathBuf};

/// Suffix of the transfer folder beside the workspace.
pub const TRANSFER_SUFFIX: &str = "-chuyen-giao";
/// Suffix of the reports folder beside the workspace.
pub const REPORTS_SUFFIX: &str = "-bao-cao";
/// The central upload folder, inside the transfer folder.
pub const UPLOAD_DIR: &str = "tai-len-trung-uong";

fn beside(workspace: &Path, suffix: &str) -> PathBuf {
    let name = workspace.file_name().and_then(|n| n.to_str()).unwrap_or("sohoa");
    workspace.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")).join(format!("{name}{suffix}"))
}

/// `<workspace>-chuyen-giao`, beside the workspace.
pub fn transfer_dir(workspace: &Path) -> PathBuf {
    beside(workspace, TRANSFER_SUFFIX)
}

/// `<workspace>-bao-cao`, beside the workspace.
pub fn reports_dir(workspace: &Path) -> PathBuf {
    beside(workspace, REPORTS_SUFFIX)
}

/// Suffix of the automatic backups folder beside the workspace (crate::backup).
pub const BACKUPS_SUFFIX: &str = "-sao-luu";

/// `<workspace>-sao-luu`, beside the workspace: the automatic encrypted backups.
pub fn backups_dir(workspace: &Path) -> PathBuf {
    beside(workspace, BACKUPS_SUFFIX)
}

/// `<workspace>-chuyen-giao/tai-len-trung-uong`: where the central upload export goes by default.
pub fn upload_dir(workspace: &Path) -> PathBuf {
    transfer_dir(workspace).join(UPLOAD_DIR)
}

/// The folders the app writes into by default (their stale temporary files are cleaned when
/// the workspace opens).
pub fn export_dirs(workspace: &Path) -> Vec<PathBuf> {
    vec![upload_dir(workspace), transfer_dir(workspace), reports_dir(workspace)]
}

/// A commune code or other part of a file name, reduced to letters, digits, `-` and `_`.
pub fn name_part(s: &str) -> String {
    let out: String = s.trim().chars().map(|c| if c.is_alphanumeric() || c == '-' || c == '_' { c } else { '-' }).collect();
    if out.is_empty() {
        "x".into()
    } else {
        out
    }
}

/// `dot-gui-04120-so-3.sohoa`
pub fn batch_package_name(commune_code: &str, number: i64) -> String {
    format!("dot-gui-{}-so-{number}.sohoa", name_part(commune_code))
}

/// `ket-qua-04120-lo-3.sohoa`
pub fn verdict_package_name(commune_code: &str, batch_number: i64) -> String {
    format!("ket-qua-{}-lo-{batch_number}.sohoa", name_part(commune_code))
}

/// `khoa-thiet-bi-04120.sohoa-device.json`
pub fn device_file_name(commune_code: &str) -> String {
    format!("khoa-thiet-bi-{}.sohoa-device.json", name_part(commune_code))
}

/// The rejected rows of an imported file: `so-khai-sinh.xlsx` → `so-khai-sinh-dong-loi.csv`
/// (a name already ending in `-dong-loi.csv` is kept).
pub fn rejected_rows_name(file_name: &str) -> String {
    let stem = Path::new(file_name).file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let stem = name_part(if stem.is_empty() { "nhap" } else { stem });
    if stem.ends_with("-dong-loi") {
        format!("{stem}.csv")
    } else {
        format!("{stem}-dong-loi.csv")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn export_folders_sit_beside_the_workspace() {
        let ws = Path::new("/data/SoHoa/xa-tan-phong");
        assert_eq!(transfer_dir(ws), Path::new("/data/SoHoa/xa-tan-phong-chuyen-giao"));
        assert_eq!(reports_dir(ws), Path::new("/data/SoHoa/xa-tan-phong-bao-cao"));
        assert_eq!(export_dirs(ws)[0], Path::new("/data/SoHoa/xa-tan-phong-chuyen-giao/tai-len-trung-uong"));
        assert_eq!(transfer_dir(Path::new("ws")), Path::new("./ws-chuyen-giao"));
    }

    #[test]
    fn file_names_carry_the_commune_and_number_and_nothing_that_escapes_the_folder() {
        assert_eq!(batch_package_name("04120", 2), "dot-gui-04120-so-2.sohoa");
        assert_eq!(verdict_package_name("04120", 1), "ket-qua-04120-lo-1.sohoa");
        assert_eq!(device_file_name("04120"), "khoa-thiet-bi-04120.sohoa-device.json");
        assert_eq!(device_file_name("../../etc"), "khoa-thiet-bi-------etc.sohoa-device.json");
        assert_eq!(rejected_rows_name("so khai sinh 2010.xlsx"), "so-khai-sinh-2010-dong-loi.csv");
        assert_eq!(rejected_rows_name("so-khai-sinh-dong-loi.csv"), "so-khai-sinh-dong-loi.csv");
        assert_eq!(rejected_rows_name("..\\..\\bad.csv"), "------bad-dong-loi.csv");
        assert_eq!(rejected_rows_name(""), "nhap-dong-loi.csv");
    }
}
