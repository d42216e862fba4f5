//! Paths from the web view (issue 13 §5): the shell accepts a path only when the person chose it
//! in a native dialog opened from Rust (or dropped it on the window), or when it lies under the
//! app's own folders (the workspace, the folders the app writes beside it, the app data folder).
//! A compromised web view can therefore not name arbitrary files to read or write.
//!
//! The rule lives here once: commands call [`ChosenPaths::check`] and nothing else.
//! Chosen *files* are accepted exactly; chosen *folders* (and dropped items) with everything
//! under them. A path with a `..` component, or a relative one, is never accepted.
use sohoa_core::ApiError;
use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

/// The per-session allow-list (managed Tauri state).
#[derive(Default)]
pub struct ChosenPaths {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    /// Files chosen in an open or save dialog: accepted exactly.
    files: HashSet<PathBuf>,
    /// Folders chosen in a dialog or items dropped on the window: accepted with what is below.
    trees: Vec<PathBuf>,
    /// The app's own folders for the signed-in workspace (replaced at each sign-in).
    own: Vec<PathBuf>,
    /// Folders the app owns whatever the session: the workspace it was started on, app data.
    fixed: Vec<PathBuf>,
}

/// `path.not_chosen`: the path did not come from a dialog and is not one of the app's folders.
pub fn not_chosen() -> ApiError {
    ApiError {
        code: "path.not_chosen".into(),
        message: "Tệp hoặc thư mục này chưa được chọn bằng hộp thoại “Chọn…”. Hãy bấm “Chọn…” và chọn lại.".into(),
    }
}

fn empty() -> ApiError {
    ApiError { code: "path.empty".into(), message: "Chưa chọn tệp hoặc thư mục. Hãy bấm “Chọn…”.".into() }
}

/// Absolute and free of `.`/`..` tricks, or None (such a path is never accepted).
fn plain(p: &Path) -> Option<PathBuf> {
    if !p.is_absolute() {
        return None;
    }
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::ParentDir => return None,
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    Some(out)
}

impl ChosenPaths {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A file the person chose in an open or save dialog.
    pub fn chose_file(&self, p: &Path) {
        if let Some(p) = plain(p) {
            self.lock().files.insert(p);
        }
    }

    /// A folder the person chose, or an item dropped on the window: it and everything below.
    pub fn chose_tree(&self, p: &Path) {
        if let Some(p) = plain(p) {
            let mut g = self.lock();
            if !g.trees.contains(&p) {
                g.trees.push(p);
            }
        }
    }

    /// Folders the app owns for as long as it runs (the start workspace, the app data folder).
    pub fn own_always(&self, p: &Path) {
        if let Some(p) = plain(p) {
            self.lock().fixed.push(p);
        }
    }

    /// At sign-in: the workspace and the folders the app writes beside it. Choices of an
    /// earlier session are forgotten.
    pub fn signed_in(&self, workspace: &Path) {
        let mut g = self.lock();
        g.files.clear();
        g.trees.clear();
        g.own = own_folders(workspace).iter().filter_map(|p| plain(p)).collect();
    }

    /// At sign-out: nothing chosen survives but the workspace itself, so the login screen that
    /// follows can sign in to it again.
    pub fn signed_out(&self) {
        let mut g = self.lock();
        g.files.clear();
        g.trees = g.own.first().cloned().into_iter().collect();
        g.own.clear();
    }

    /// The path the UI sent, if the person chose it or it is one of the app's own; else
    /// `path.not_chosen` (or `path.empty`).
    pub fn check(&self, raw: &str) -> Result<PathBuf, ApiError> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(empty());
        }
        let p = plain(Path::new(raw)).ok_or_else(not_chosen)?;
        let g = self.lock();
        let ok = g.files.contains(&p) || g.trees.iter().chain(&g.own).chain(&g.fixed).any(|root| p.starts_with(root));
        if ok {
            Ok(p)
        } else {
            Err(not_chosen())
        }
    }

    /// [`check`](Self::check) for an optional folder (None or blank: the app's default folder).
    pub fn check_opt(&self, raw: Option<String>) -> Result<Option<String>, ApiError> {
        match raw.filter(|d| !d.trim().is_empty()) {
            Some(d) => Ok(Some(self.check(&d)?.display().to_string())),
            None => Ok(None),
        }
    }
}

/// The app's own folders for a workspace: itself and the ones beside it (transfers, reports, backups).
pub fn own_folders(workspace: &Path) -> Vec<PathBuf> {
    use sohoa_core::naming;
    vec![workspace.to_path_buf(), naming::transfer_dir(workspace), naming::reports_dir(workspace), naming::backups_dir(workspace)]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chosen() -> ChosenPaths {
        let c = ChosenPaths::default();
        c.signed_in(Path::new("/home/a/xa"));
        c
    }

    #[test]
    fn a_path_nobody_chose_is_refused_with_path_not_chosen() {
        let e = chosen().check("/etc/passwd").unwrap_err();
        assert_eq!(e.code, "path.not_chosen");
        assert!(e.message.contains("Chọn"));
    }

    #[test]
    fn a_file_chosen_in_a_dialog_is_accepted_exactly_and_its_neighbours_are_not() {
        let c = chosen();
        c.chose_file(Path::new("/media/usb/dot-1.sohoa"));
        assert_eq!(c.check(" /media/usb/dot-1.sohoa ").unwrap(), PathBuf::from("/media/usb/dot-1.sohoa"));
        assert!(c.check("/media/usb/dot-2.sohoa").is_err());
        assert!(c.check("/media/usb").is_err());
    }

    #[test]
    fn a_chosen_folder_accepts_what_lies_under_it() {
        let c = chosen();
        c.chose_tree(Path::new("/media/usb/anh"));
        assert!(c.check("/media/usb/anh/trang-1.jpg").is_ok());
        assert!(c.check("/media/usb/anh").is_ok());
        assert!(c.check("/media/usb/anh-khac/x.jpg").is_err(), "a sibling sharing a prefix is not below");
    }

    #[test]
    fn parent_components_and_relative_paths_never_pass() {
        let c = chosen();
        c.chose_tree(Path::new("/media/usb"));
        assert_eq!(c.check("/media/usb/../../etc/shadow").unwrap_err().code, "path.not_chosen");
        assert_eq!(c.check("/home/a/xa/../../../etc/shadow").unwrap_err().code, "path.not_chosen");
        assert_eq!(c.check("xa/so.db").unwrap_err().code, "path.not_chosen");
        assert_eq!(c.check("   ").unwrap_err().code, "path.empty");
    }

    #[test]
    fn the_workspace_and_the_folders_beside_it_are_the_apps_own() {
        let c = chosen();
        assert!(c.check("/home/a/xa-chuyen-giao/dot-gui-1.sohoa").is_ok());
        assert!(c.check("/home/a/xa-bao-cao/bao-cao.pdf").is_ok());
        assert!(c.check("/home/a/xa-sao-luu").is_ok());
        assert!(c.check("/home/a/xa").is_ok());
        assert!(c.check("/home/a/xa-khac/so.db").is_err());
        assert!(c.check("/home/a").is_err());
    }

    #[test]
    fn signing_out_forgets_every_choice_but_the_workspace_and_the_fixed_folders() {
        let c = chosen();
        c.own_always(Path::new("/home/a/.local/share/vn.sohoa.app"));
        c.chose_file(Path::new("/media/usb/dot-1.sohoa"));
        c.signed_out();
        assert!(c.check("/media/usb/dot-1.sohoa").is_err());
        assert!(c.check("/home/a/xa-chuyen-giao/x.sohoa").is_err());
        assert!(c.check("/home/a/xa").is_ok(), "the login screen after sign-out signs in to the same workspace");
        assert!(c.check("/home/a/.local/share/vn.sohoa.app/logs/x.log").is_ok());
    }

    #[test]
    fn a_new_sign_in_replaces_the_previous_workspaces_folders() {
        let c = chosen();
        c.signed_in(Path::new("/home/a/giam-sat"));
        assert!(c.check("/home/a/xa-chuyen-giao/x.sohoa").is_err());
        assert!(c.check("/home/a/giam-sat-chuyen-giao/x.sohoa").is_ok());
    }

    #[test]
    fn an_optional_folder_left_blank_means_the_default_one() {
        let c = chosen();
        assert_eq!(c.check_opt(None).unwrap(), None);
        assert_eq!(c.check_opt(Some(" ".into())).unwrap(), None);
        assert!(c.check_opt(Some("/tmp".into())).is_err());
    }
}
