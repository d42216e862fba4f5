use sohoa_core::{ApiError, Session};
use std::path::PathBuf;
use std::sync::Mutex;

/// What the shell holds: the workspace it was started on and the signed-in session, if any.
pub struct AppState {
    pub start_workspace: Option<PathBuf>,
    pub session: Mutex<Option<Session>>,
}

impl AppState {
    /// `SOHOA_WORKSPACE` or the first command-line argument names the workspace to open.
    pub fn from_env() -> Self {
        let from_arg = std::env::args().nth(1).filter(|a| !a.starts_with('-'));
        let start_workspace = std::env::var_os("SOHOA_WORKSPACE").map(PathBuf::from).or(from_arg.map(PathBuf::from));
        // Absolute, so the shell's own-folder rule (chosen_paths.rs) recognises it when the UI sends it back.
        let start_workspace = start_workspace.map(|p| std::path::absolute(&p).unwrap_or(p));
        AppState { start_workspace, session: Mutex::new(None) }
    }

    /// Runs `f` with the signed-in session, or fails with `auth.not_signed_in`.
    pub fn with_session<T>(&self, f: impl FnOnce(&mut Session) -> sohoa_core::Result<T>) -> Result<T, ApiError> {
        let mut guard = self.session.lock().map_err(|_| internal())?;
        let session = guard.as_mut().ok_or_else(not_signed_in)?;
        f(session).map_err(ApiError::from)
    }
}

pub fn not_signed_in() -> ApiError {
    ApiError { code: "auth.not_signed_in".into(), message: "Phiên làm việc đã kết thúc. Vui lòng đăng nhập lại.".into() }
}

pub fn internal() -> ApiError {
    ApiError {
        code: "internal".into(), message: "Đã xảy ra lỗi hệ thống; dữ liệu đã lưu không bị ảnh hưởng. Hãy thử lại.".into()
    }
}
