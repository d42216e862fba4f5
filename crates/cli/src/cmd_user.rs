use crate::WorkspaceArgs;
use clap::Subcommand;
use sohoa_core::session::accounts::{NewAccount, Role, ScopeUnit};
use sohoa_core::store::keys::KdfParams;
use sohoa_core::CoreError;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum UserCommand {
    /// Add an account (its password from SOHOA_NEW_PASSWORD or a prompt)
    Add {
        #[command(flatten)]
        ws: WorkspaceArgs,
        #[arg(long)]
        username: String,
        #[arg(long)]
        display_name: String,
        /// clerk | supervisor
        #[arg(long, default_value = "clerk")]
        role: String,
        /// Supervisor scope: communes as SCHEME:CODE (repeatable)
        #[arg(long = "scope")]
        scope: Vec<String>,
    },
    /// Disable an account (supervisors): refused at sign-in before any key is unwrapped; its key copy is deleted
    Disable {
        #[command(flatten)]
        ws: WorkspaceArgs,
        /// The account to disable
        #[arg(long)]
        account: String,
    },
    /// Enable a disabled account again with a new password (SOHOA_NEW_PASSWORD or a prompt)
    Enable {
        #[command(flatten)]
        ws: WorkspaceArgs,
        /// The account to enable
        #[arg(long)]
        account: String,
    },
    /// Change the password of the signed-in account (new password from SOHOA_NEW_PASSWORD or a prompt)
    Passwd {
        #[command(flatten)]
        ws: WorkspaceArgs,
    },
}

fn new_password() -> Result<String, CoreError> {
    if let Ok(p) = std::env::var("SOHOA_NEW_PASSWORD") {
        return Ok(p);
    }
    let a = rpassword::prompt_password("Mật khẩu mới: ").map_err(|_| CoreError::invalid("password", "không đọc được mật khẩu"))?;
    let b = rpassword::prompt_password("Nhập lại mật khẩu mới: ").map_err(|_| CoreError::invalid("password", "không đọc được mật khẩu"))?;
    if a != b {
        return Err(CoreError::invalid("password", "hai lần nhập mật khẩu không khớp"));
    }
    Ok(a)
}

fn parse_scope(items: &[String]) -> Result<Vec<ScopeUnit>, CoreError> {
    items
        .iter()
        .map(|s| match s.split_once(':') {
            Some((scheme, code)) => Ok(ScopeUnit { scheme: scheme.into(), code: code.into() }),
            None => Err(CoreError::invalid("scope", format!("“{s}” phải có dạng HỆ_MÃ:MÃ, ví dụ qd19_2025:05971"))),
        })
        .collect()
}

pub fn run(cmd: UserCommand) -> Result<ExitCode, CoreError> {
    match cmd {
        UserCommand::Add { ws, username, display_name, role, scope } => {
            let mut s = crate::auth::open(&ws)?;
            let password = new_password()?;
            s.add_account(
                NewAccount { username: username.clone(), display_name, role: Role::parse(&role)?, password, scope: parse_scope(&scope)? },
                KdfParams::default(),
            )?;
            println!("Đã thêm tài khoản “{username}” ({role}).");
        }
        UserCommand::Disable { ws, account } => {
            let mut s = crate::auth::open(&ws)?;
            s.disable_account(&account)?;
            println!("Đã khóa tài khoản “{account}”: không đăng nhập được nữa cho đến khi được mở lại với mật khẩu mới.");
        }
        UserCommand::Enable { ws, account } => {
            let mut s = crate::auth::open(&ws)?;
            let password = new_password()?;
            s.enable_account(&account, &password, KdfParams::default())?;
            println!("Đã mở lại tài khoản “{account}” với mật khẩu mới.");
        }
        UserCommand::Passwd { ws } => {
            let old = crate::auth::password(&format!("Mật khẩu hiện tại của {}: ", ws.user))?;
            let new = new_password()?;
            sohoa_core::workspace::change_password(&ws.workspace, &ws.user, &old, &new, KdfParams::default())?;
            println!("Đã đổi mật khẩu của “{}”. Dữ liệu không cần mã hóa lại.", ws.user);
        }
    }
    Ok(ExitCode::SUCCESS)
}
