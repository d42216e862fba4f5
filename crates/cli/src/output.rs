//! How the CLI reports: Vietnamese message first, then the stable code (for scripts).
use sohoa_core::CoreError;

pub fn error(e: &CoreError) {
    eprintln!("Lỗi: {} [{}]", e.message_vi(), e.code());
    if matches!(e, CoreError::Db(_) | CoreError::Io(_) | CoreError::Internal(_)) {
        eprintln!("  chi tiết: {e}");
    }
}
