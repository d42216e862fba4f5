//! Opening a workspace from the CLI: the password comes from SOHOA_PASSWORD or a prompt.
use crate::WorkspaceArgs;
use sohoa_core::{CoreError, Session};

pub fn password(prompt: &str) -> Result<String, CoreError> {
    if let Ok(p) = std::env::var("SOHOA_PASSWORD") {
        return Ok(p);
    }
    rpassword::prompt_password(prompt)
        .map_err(|_| CoreError::invalid("password", "không đọc được mật khẩu (đặt SOHOA_PASSWORD hoặc chạy trong cửa sổ dòng lệnh)"))
}

pub fn open(args: &WorkspaceArgs) -> Result<Session, CoreError> {
    let pw = password(&format!("Mật khẩu của {}: ", args.user))?;
    sohoa_core::workspace::open(&args.workspace, &args.user, &pw)
}
