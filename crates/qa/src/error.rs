//! The crate's one error enum: a stable `code()` for scripts and the UI, a Vietnamese message a
//! supervisor understands (`message_vi`), and an English `Display`.
use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Error)]
pub enum QaError {
    /// The AQL is not one of the 26 columns of ISO 2859-1 Tables 2-A/2-B/2-C.
    #[error("AQL {0} is not in the ISO 2859-1 table (0.010, 0.015, 0.025, 0.040, 0.065, 0.10, 0.15, 0.25, 0.40, 0.65, 1.0, 1.5, 2.5, 4.0, 6.5, 10, 15, 25, 40, 65, 100, 150, 250, 400, 650, 1000)")]
    UnknownAql(String),
    #[error("unknown inspection level {0} (S-1, S-2, S-3, S-4, I, II, III)")]
    UnknownLevel(String),
    #[error("unknown severity {0} (normal, tightened, reduced)")]
    UnknownSeverity(String),
    #[error("a lot must hold at least one entry")]
    EmptyLot,
    /// ISO 2859-1 §5.1: AQLs above 10 are for nonconformities per 100 items only.
    #[error("AQL {0} is for nonconformities per 100 entries only: count fields, not entries")]
    AqlNeedsFieldCounting(String),
    #[error("{nonconforming} erroneous entries do not fit {entries} inspected entries with {fields} wrong fields")]
    CountsInconsistent { entries: u64, nonconforming: u64, fields: u64 },
    #[error("inspection is discontinued (ISO 2859-1 §9.4): no plan until the responsible authority resumes it")]
    Discontinued,
    #[error("{inspected} entries inspected, the plan needs {required}")]
    SampleIncomplete { inspected: u64, required: u64 },
    #[error("plan for {plan} inspection recorded while the commune is on {state} inspection")]
    SeverityMismatch { plan: String, state: String },
}

impl QaError {
    /// Stable machine code (never translated).
    pub fn code(&self) -> &'static str {
        match self {
            QaError::UnknownAql(_) => "qa.unknown_aql",
            QaError::UnknownLevel(_) => "qa.unknown_level",
            QaError::UnknownSeverity(_) => "qa.unknown_severity",
            QaError::EmptyLot => "qa.empty_lot",
            QaError::AqlNeedsFieldCounting(_) => "qa.aql_needs_field_counting",
            QaError::CountsInconsistent { .. } => "qa.counts_inconsistent",
            QaError::Discontinued => "qa.discontinued",
            QaError::SampleIncomplete { .. } => "qa.sample_incomplete",
            QaError::SeverityMismatch { .. } => "qa.severity_mismatch",
        }
    }

    /// The message shown to a supervisor.
    pub fn message_vi(&self) -> String {
        match self {
            QaError::UnknownAql(a) => format!(
                "Mức chất lượng chấp nhận (AQL) {a} không có trong bảng ISO 2859-1. Hãy chọn một trong các mức: \
                 0,010; 0,015; 0,025; 0,040; 0,065; 0,10; 0,15; 0,25; 0,40; 0,65; 1,0; 1,5; 2,5; 4,0; 6,5; 10; 15; 25; \
                 40; 65; 100; 150; 250; 400; 650; 1000."
            ),
            QaError::UnknownLevel(l) => format!("Bậc kiểm tra «{l}» không có; dùng S-1, S-2, S-3, S-4, I, II hoặc III."),
            QaError::UnknownSeverity(s) => {
                format!("Chế độ kiểm tra «{s}» không có; dùng thường (normal), ngặt (tightened) hoặc giảm (reduced).")
            }
            QaError::EmptyLot => "Sổ không có mục nào để kiểm tra.".into(),
            QaError::AqlNeedsFieldCounting(a) => {
                format!("AQL {a} lớn hơn 10 chỉ dùng được khi đếm số lỗi trên 100 mục (đếm theo trường), không dùng khi đếm mục sai.")
            }
            QaError::CountsInconsistent { entries, nonconforming, fields } => format!(
                "Số liệu không khớp: {nonconforming} mục sai, {fields} trường sai trên {entries} mục đã kiểm tra \
                 (số mục sai không thể nhiều hơn số mục đã kiểm tra hay số trường sai)."
            ),
            QaError::Discontinued => "Việc kiểm tra theo mẫu đang tạm dừng (ISO 2859-1 §9.4) cho đến khi cấp có thẩm quyền \
                                      cho phép tiếp tục."
                .into(),
            QaError::SampleIncomplete { inspected, required } => {
                format!("Mới kiểm tra {inspected} mục; phương án cần kiểm tra đủ {required} mục trước khi đề xuất kết luận.")
            }
            QaError::SeverityMismatch { plan, state } => {
                format!("Kết quả ghi theo phương án «{plan}» nhưng xã đang ở chế độ «{state}»; hãy lập lại phương án theo chế độ hiện tại.")
            }
        }
    }
}
