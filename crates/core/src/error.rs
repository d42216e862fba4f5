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
    /// A file from outside went past one of the limits that protect the app (issue 13 §3).
    #[error("too large: {0:?}")]
    TooLarge(LimitExceeded),
    /// The account is disabled (refused before any key is unwrapped; issue 13 §4).
    #[error("account disabled: {0}")]
    AccountDisabled(String),
    /// Too many wrong passwords: sign-in refused for this long (issue 13 §4).
    #[error("sign-in throttled for {wait_secs} s")]
    Throttled { wait_secs: u64 },
    /// Long work stopped at the clerk's request (a job's cancel button); nothing of it was kept.
    #[error("cancelled")]
    Cancelled,
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
            CoreError::TooLarge(_) => "input.too_large",
            CoreError::AccountDisabled(_) => "auth.disabled",
            CoreError::Throttled { .. } => "auth.throttled",
            CoreError::Cancelled => "job.cancelled",
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
            CoreError::TooLarge(l) => l.message_vi(),
            CoreError::AccountDisabled(u) => {
                format!("Tài khoản “{u}” đã bị khóa. Hãy liên hệ giám sát viên để được mở lại (kèm mật khẩu mới).")
            }
            CoreError::Throttled { wait_secs } => format!(
                "Đã nhập sai mật khẩu nhiều lần. Vui lòng chờ {} rồi thử lại.",
                if *wait_secs >= 60 { format!("{} phút", wait_secs.div_ceil(60)) } else { format!("{wait_secs} giây") }
            ),
            CoreError::Cancelled => "Đã hủy theo yêu cầu; không có gì được ghi lại.".into(),
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
#[cfg_attr(feature = "specta", derive(specta::Type))]
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

/// Which limit a file from outside went past.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Limit {
    /// The size of the file.
    FileBytes,
    /// Data rows in a table.
    Rows,
    /// Fields in one row (or the last column of a sheet).
    Columns,
    /// Non-empty cells in a table.
    Cells,
    /// Bytes of one cell's text.
    FieldBytes,
    /// Bytes of a workbook once decompressed (a zip bomb); of a package once decrypted.
    Decompressed,
    /// Pixels of an image (width × height, or one side), read from its header before decoding.
    Pixels,
    /// Pages of a document (a multi-page TIFF, a PDF).
    Pages,
    /// Files inside a package.
    Files,
    /// Bytes of one line of a line-based file (a JSON line of a package).
    LineBytes,
}

impl Limit {
    /// The limit's name as a clerk reads it.
    pub fn label_vi(self) -> &'static str {
        match self {
            Limit::FileBytes => "giới hạn kích thước tệp",
            Limit::Rows => "giới hạn số dòng",
            Limit::Columns => "giới hạn số cột",
            Limit::Cells => "giới hạn số ô có dữ liệu",
            Limit::FieldBytes => "giới hạn độ dài một ô",
            Limit::Decompressed => "giới hạn dung lượng sau khi giải nén",
            Limit::Pixels => "giới hạn số điểm ảnh",
            Limit::Pages => "giới hạn số trang",
            Limit::Files => "giới hạn số tệp trong gói",
            Limit::LineBytes => "giới hạn độ dài một dòng",
        }
    }
}

/// A refusal naming the limit: what was found (at least), the maximum, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LimitExceeded {
    pub limit: Limit,
    /// What was found (or how far reading got before stopping).
    pub found: u64,
    pub max: u64,
    /// The line (CSV) or row (workbook) where it was seen.
    pub line: Option<u64>,
    /// What the file is ("tệp khóa thiết bị"), when the caller said.
    pub what: Option<String>,
    /// More about where (e.g. the sheet's declared range).
    pub detail: Option<String>,
}

/// Bytes as a clerk reads them: `512 KB`, `20 MB`, `1,5 GB`.
pub fn human_bytes(n: u64) -> String {
    const K: f64 = 1024.0;
    let f = n as f64;
    let (v, unit) = if f >= K * K * K {
        (f / (K * K * K), "GB")
    } else if f >= K * K {
        (f / (K * K), "MB")
    } else if f >= K {
        (f / K, "KB")
    } else {
        return format!("{n} byte");
    };
    let t = if v.fract() < 0.05 || v >= 100.0 { format!("{v:.0}") } else { format!("{v:.1}").replace('.', ",") };
    format!("{t} {unit}")
}

impl LimitExceeded {
    pub fn new(limit: Limit, found: u64, max: u64) -> LimitExceeded {
        LimitExceeded { limit, found, max, line: None, what: None, detail: None }
    }
    pub fn at(mut self, line: u64) -> LimitExceeded {
        self.line = Some(line);
        self
    }
    pub fn of(mut self, what: &str) -> LimitExceeded {
        self.what = Some(what.to_string());
        self
    }
    pub fn detail(mut self, detail: impl Into<String>) -> LimitExceeded {
        self.detail = Some(detail.into());
        self
    }

    /// The Vietnamese message: what went past which limit, and what to do.
    pub fn message_vi(&self) -> String {
        let what = self.what.as_deref().unwrap_or("tệp");
        let at = self.line.map(|l| format!(" (dòng {})", crate::text::group_digits(l))).unwrap_or_default();
        let n = crate::text::group_digits;
        let body = match self.limit {
            Limit::FileBytes => {
                format!("{what} nặng {}, quá {} ({})", human_bytes(self.found), human_bytes(self.max), self.limit.label_vi())
            }
            Limit::Rows => format!("{what} có hơn {} dòng dữ liệu{at} ({})", n(self.max), self.limit.label_vi()),
            Limit::Columns => format!("{what} có dòng dài hơn {} cột{at} ({})", n(self.max), self.limit.label_vi()),
            Limit::Cells => format!("{what} có hơn {} ô có dữ liệu{at} ({})", n(self.max), self.limit.label_vi()),
            Limit::FieldBytes => format!("{what} có một ô dài hơn {}{at} ({})", human_bytes(self.max), self.limit.label_vi()),
            Limit::Decompressed => format!(
                "{what} khi giải nén chiếm hơn {} ({}); tệp có thể bị hỏng hoặc được tạo để gây hại",
                human_bytes(self.max),
                self.limit.label_vi()
            ),
            Limit::Pixels => format!("{what} quá lớn ({})", self.limit.label_vi()),
            Limit::Pages => format!("{what} có hơn {} trang ({})", n(self.max), self.limit.label_vi()),
            Limit::Files => format!("{what} chứa hơn {} tệp ({})", n(self.max), self.limit.label_vi()),
            Limit::LineBytes => format!("{what} có một dòng dài hơn {}{at} ({})", human_bytes(self.max), self.limit.label_vi()),
        };
        let detail = self.detail.as_deref().map(|d| format!(": {d}")).unwrap_or_default();
        format!("Không đọc tệp vì {body}{detail}. Hãy kiểm tra lại tệp hoặc chia thành nhiều tệp nhỏ hơn.")
    }
}
