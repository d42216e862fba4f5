//! `sohoa workspace create`: a new, empty workspace from the command line (e.g. a supervisor's
//! workspace, or one for tests). The first account's password comes from SOHOA_NEW_PASSWORD or a prompt.
use crate::cmd_user::AccountArgs;
use sohoa_core::batch::trust::{self, ProvinceKey};
use sohoa_core::store::keys::KdfParams;
use sohoa_core::workspace::{self, CreateWorkspace};
use sohoa_core::CoreError;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Subcommand)]
pub enum WorkspaceCommand {
    /// Create a workspace with its first account (password from SOHOA_NEW_PASSWORD or a prompt)
    Create {
        /// Folder to create (must not exist or be empty)
        #[arg(long)]
        out: PathBuf,
        /// Unit code: the commune's, or the supervising office's
        #[arg(long)]
        commune_code: String,
        #[arg(long)]
        commune_name: String,
        #[arg(long, default_value = "qd19_2025")]
        scheme: String,
        #[command(flatten)]
        account: AccountArgs,
        /// The province's public key (province-key.json) to pin at creation (SECURITY.md)
        #[arg(long, requires = "province_fingerprint")]
        province_key: Option<PathBuf>,
        /// Its fingerprint, as the province read it out over the phone
        #[arg(long)]
        province_fingerprint: Option<String>,
        /// Use cheap key-derivation parameters (tests only; never for real data)
        #[arg(long, hide = true)]
        insecure_fast_kdf: bool,
    },
}

pub fn run(cmd: WorkspaceCommand) -> Result<ExitCode, CoreError> {
    match cmd {
        WorkspaceCommand::Create {
            out,
            commune_code,
            commune_name,
            scheme,
            account,
            province_key,
            province_fingerprint,
            insecure_fast_kdf,
        } => {
            let password = match std::env::var("SOHOA_NEW_PASSWORD") {
                Ok(p) => p,
                Err(_) => rpassword::prompt_password("Mật khẩu của tài khoản đầu tiên: ")
                    .map_err(|_| CoreError::invalid("password", "không đọc được mật khẩu (đặt SOHOA_NEW_PASSWORD)"))?,
            };
            let first_account = account.new_account(password)?;
            let kdf = if insecure_fast_kdf { KdfParams::insecure_for_tests() } else { KdfParams::default() };
            let province = province_key.as_deref().map(ProvinceKey::read).transpose()?;
            let mut s = workspace::create(
                &out,
                CreateWorkspace { commune_scheme: scheme, commune_code, commune_name: commune_name.clone(), first_account, kdf },
            )?;
            println!("Đã tạo sổ làm việc “{commune_name}” tại {} (tài khoản {}).", out.display(), account.username);
            match (province, province_fingerprint) {
                (Some(k), Some(fp)) => {
                    trust::pin_province_key(&mut s, &k, &fp)?;
                    println!("Đã ghim khóa của {} ({}).", k.name, k.fingerprint);
                }
                _ => println!(
                    "Chưa ghim khóa của tỉnh: sổ làm việc nhập liệu được, nhưng chưa nhận/gửi được kết quả kiểm tra và chưa xuất được tệp tải lên (sohoa trust pin)."
                ),
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
