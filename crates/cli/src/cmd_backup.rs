//! `sohoa backup create|auto|verify|restore`: encrypted backups of a workspace (core `backup`).
use crate::WorkspaceArgs;
use clap::Subcommand;
use sohoa_core::{backup, CoreError};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum BackupCommand {
    /// Back the workspace up into a new folder inside DIR (a USB stick); the copy stays encrypted
    Create {
        #[command(flatten)]
        ws: WorkspaceArgs,
        #[arg(long)]
        out: PathBuf,
    },
    /// The daily automatic backup into <workspace>-sao-luu/ (once a day, 7 daily + 4 weekly kept)
    Auto {
        #[command(flatten)]
        ws: WorkspaceArgs,
    },
    /// Open a backup with an account's password and check it whole (key, integrity, schema); writes nothing
    Verify {
        /// The backup folder (sohoa-sao-luu-…)
        #[arg(long)]
        from: PathBuf,
        #[arg(long, short = 'u', env = "SOHOA_USER")]
        user: String,
    },
    /// Verify a backup, then put it in place of the workspace (the current one is kept beside it). Close the app first.
    Restore {
        /// The backup folder (sohoa-sao-luu-…)
        #[arg(long)]
        from: PathBuf,
        /// The workspace folder to restore into (the same workspace, or a new folder)
        #[arg(long, short = 'w', env = "SOHOA_WORKSPACE")]
        workspace: PathBuf,
        #[arg(long, short = 'u', env = "SOHOA_USER")]
        user: String,
    },
}

pub fn run(cmd: BackupCommand) -> Result<ExitCode, CoreError> {
    match cmd {
        BackupCommand::Create { ws, out } => {
            let mut s = crate::auth::open(&ws)?;
            let started = std::time::Instant::now();
            let b = backup::create(&mut s, &out)?;
            println!(
                "Đã sao lưu (mã hóa) vào {} — {:.1} MB, {:.2} s",
                b.path.display(),
                b.manifest.db_bytes as f64 / 1e6,
                started.elapsed().as_secs_f64()
            );
        }
        BackupCommand::Auto { ws } => {
            let mut s = crate::auth::open(&ws)?;
            match backup::automatic(&mut s)? {
                Some(b) => println!("Đã sao lưu tự động vào {}", b.path.display()),
                None => println!("Hôm nay đã có bản sao lưu tự động; không cần sao lưu thêm."),
            }
        }
        BackupCommand::Verify { from, user } => {
            let pw = crate::auth::password(&format!("Mật khẩu của {user}: "))?;
            let v = backup::verify(&from, &user, &pw)?;
            println!(
                "Bản sao lưu hợp lệ: {} ({}), tạo lúc {} bởi {}; phiên bản dữ liệu {}; kiểm tra toàn vẹn {} ms (quick_check {} ms)",
                v.manifest.commune_name,
                v.manifest.commune_code,
                v.manifest.created_at,
                v.manifest.created_by,
                v.schema_version,
                v.integrity_ms,
                v.quick_check_ms
            );
        }
        BackupCommand::Restore { from, workspace, user } => {
            let pw = crate::auth::password(&format!("Mật khẩu của {user}: "))?;
            let r = backup::restore(&from, &workspace, &user, &pw)?;
            println!("Đã khôi phục bản sao lưu ngày {} vào {}", r.verified.manifest.created_at, workspace.display());
            if let Some(p) = r.previous {
                println!("  Sổ làm việc trước khi khôi phục được giữ lại tại {}", p.display());
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
