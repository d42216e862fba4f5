use crate::WorkspaceArgs;
use clap::Subcommand;
use sohoa_core::session::accounts::{NewAccount, Role};
use sohoa_core::store::keys::KdfParams;
use sohoa_core::CoreError;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum UserCommand {
    /// Add an account (its password from SOHOA_NEW_PASSWORD or a prompt)
    Add {
        #[command(flatten)]
        ws: WorkspaceArgs,
        #[command(flatten)]
        account: AccountArgs,
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

/// An account to create, as `user add` and `workspace create` (its first account) take it.
#[derive(clap::Args)]
pub struct AccountArgs {
    #[arg(long)]
    pub username: String,
    #[arg(long)]
    pub display_name: String,
    /// clerk | supervisor
    #[arg(long, default_value = "clerk")]
    pub role: String,
    /// Supervisor scope: communes as SCHEME:CODE (repeatable)
    #[arg(long = "scope")]
    pub scope: Vec<String>,
}

impl AccountArgs {
    /// The account with its password; refuses an unknown role or a scope item that is not SCHEME:CODE.
    pub fn new_account(&self, password: String) -> Result<NewAccount, CoreError> {
        Ok(NewAccount {
            username: self.username.clone(),
            display_name: self.display_name.clone(),
            role: Role::parse(&self.role)?,
            password,
            scope: crate::cmd_province::parse_scope(&self.scope)?,
        })
    }
}

pub fn run(cmd: UserCommand) -> Result<ExitCode, CoreError> {
    match cmd {
        UserCommand::Add { ws, account } => {
            let mut s = crate::auth::open(&ws)?;
            let password = new_password()?;
            s.add_account(account.new_account(password)?, KdfParams::default())?;
            println!("Đã thêm tài khoản “{}” ({}).", account.username, account.role);
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
