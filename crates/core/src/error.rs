//! The core's one error type. Every variant has a stable `code` and a Vietnamese message a clerk
//! understands; the UI receives `{code, message}` (see `ApiError`) and never a Debug string.
use serde::Serialize;

#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    #[error("workspace not found: {0}")]
    WorkspaceNotFound(String),
    #[error("not a sohoa workspace: {0}")]
    NotAWorkspace(String),
    #[error("workspace already exists: {0}")]
    WorkspaceExists(String),
    #[error("workspace database is corrupt or not ours: {0}")]
    WorkspaceCorrupt(String),
    #[error("workspace schema version {found} is newer than this program supports ({supported})")]
    WorkspaceTooNew { found: i64, supported: i64 },
    #[error("unknown user {0}")]
    UnknownUser(String),
    #[error("wrong password")]
    WrongPassword,
    #[error("not allowed: {0}")]
    Forbidden(String),
    #[error("invalid input: {field}: {reason}")]
    Invalid { field: String, reason: String },
    #[error("not found: {0}")]
    NotFound(String),
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("database error: {0}")]
    Db(#[from] rusqlite::Error),
    #[error("i/o error: {0}")]
    Io(#[from] std::io::Error),
    #[error("internal error: {0}")]
    Internal(String),
}

pub type Result<T, E = CoreError> = std::result::Result<T, E>;

impl CoreError {
    pub fn invalid(field: impl Into<String>, reason: impl Into<String>) -> Self {
        CoreError::Invalid { field: field.into(), reason: reason.into() }
    }

    /// Stable machine-readable code (docs/ipc.md).
    pub fn code(&self) -> &'static str {
        match self {
            CoreError::WorkspaceNotFound(_) => "workspace.not_found",
            CoreError::NotAWorkspace(_) => "workspace.not_a_workspace",
            CoreError::WorkspaceExists(_) => "workspace.exists",
            CoreError::WorkspaceCorrupt(_) => "workspace.corrupt",
            CoreError::WorkspaceTooNew { .. } => "workspace.too_new",
            CoreError::UnknownUser(_) => "auth.unknown_user",
            CoreError::WrongPassword => "auth.wrong_password",
            CoreError::Forbidden(_) => "auth.forbidden",
            CoreError::Invalid { .. } => "input.invalid",
            CoreError::NotFound(_) => "not_found",
            CoreError::Conflict(_) => "conflict",
            CoreError::Db(_) | CoreError::Io(_) | CoreError::Internal(_) => "internal",
        }
    }

    /// Vietnamese message for a clerk.
    pub fn message_vi(&self) -> String {
        match self {
            CoreError::WorkspaceNotFound(p) => format!("Không tìm thấy sổ làm việc tại “{p}”."),
            CoreError::NotAWorkspace(p) => format!("“{p}” không phải là sổ làm việc của sohoa."),
            CoreError::WorkspaceExists(p) => format!("Đã có sổ làm việc tại “{p}”. Hãy chọn thư mục khác."),
            CoreError::WorkspaceCorrupt(_) => {
                "Tệp dữ liệu của sổ làm việc bị hỏng hoặc không đúng định dạng. Dữ liệu không bị thay đổi; hãy liên hệ cán bộ kỹ thuật."
                    .into()
            }
            CoreError::WorkspaceTooNew { .. } => "Sổ làm việc này được tạo bởi phiên bản sohoa mới hơn. Hãy cập nhật phần mềm.".into(),
            CoreError::UnknownUser(u) => format!("Không có tài khoản “{u}” trong sổ làm việc này."),
            CoreError::WrongPassword => "Sai mật khẩu. Vui lòng thử lại.".into(),
            CoreError::Forbidden(what) => format!("Tài khoản của bạn không được phép thực hiện thao tác này ({what})."),
            CoreError::Invalid { field, reason } => format!("Dữ liệu không hợp lệ ở “{field}”: {reason}"),
            CoreError::NotFound(what) => format!("Không tìm thấy {what}."),
            CoreError::Conflict(what) => format!("Không thể thực hiện: {what}"),
            CoreError::Db(_) | CoreError::Io(_) | CoreError::Internal(_) => {
                "Đã xảy ra lỗi hệ thống; dữ liệu đã lưu không bị ảnh hưởng. Hãy thử lại.".into()
            }
        }
    }

    pub fn to_api(&self) -> ApiError {
        ApiError { code: self.code().to_string(), message: self.message_vi() }
    }
}

/// What crosses the UI boundary.
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct ApiError {
    pub code: String,
    pub message: String,
}

impl From<CoreError> for ApiError {
    fn from(e: CoreError) -> Self {
        e.to_api()
    }
}
