use crate::WorkspaceArgs;
use clap::Subcommand;
use sohoa_core::CoreError;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum AuditCommand {
    /// Verify the hash chain of the audit log; exit 0 when intact, 1 naming the first bad row
    Verify {
        #[command(flatten)]
        ws: WorkspaceArgs,
    },
}

pub fn run(cmd: AuditCommand) -> Result<ExitCode, CoreError> {
    match cmd {
        AuditCommand::Verify { ws } => {
            let s = crate::auth::open(&ws)?;
            let t = std::time::Instant::now();
            let report = sohoa_core::session::audit::verify(s.conn())?;
            let secs = t.elapsed().as_secs_f64();
            match report.problem {
                None => {
                    let head = report.head.map(|h| format!("{}…", &h.hash[..16])).unwrap_or_else(|| "-".into());
                    println!("Nhật ký kiểm toán nguyên vẹn: {} dòng, đầu chuỗi {head} ({secs:.2} s)", report.rows);
                    Ok(ExitCode::SUCCESS)
                }
                Some(p) => {
                    println!("Nhật ký kiểm toán BỊ SỬA ĐỔI: dòng đầu tiên sai là dòng {} — {}", p.first_bad_seq(), p.describe());
                    Ok(ExitCode::from(1))
                }
            }
        }
    }
}
