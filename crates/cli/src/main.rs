//! `sohoa`: the command-line face of sohoa-core. Every command that opens a workspace takes the
//! account from `--user` / `SOHOA_USER` and the password only from `SOHOA_PASSWORD` or an
//! interactive prompt — never from the command line.
mod auth;
mod cmd_audit;
mod cmd_backup;
mod cmd_batch;
mod cmd_bench;
mod cmd_books;
mod cmd_crash;
mod cmd_dedupe;
mod cmd_demo;
mod cmd_import;
mod cmd_progress;
mod cmd_province;
mod cmd_review;
mod cmd_trust;
mod cmd_upload;
mod cmd_user;
mod cmd_workspace;
mod output;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "sohoa", version, about = "Số hóa sổ hộ tịch — công cụ dòng lệnh (sohoa)", long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args, Clone)]
pub struct WorkspaceArgs {
    /// Workspace folder
    #[arg(long, short = 'w', env = "SOHOA_WORKSPACE")]
    pub workspace: PathBuf,
    /// Account name (or SOHOA_USER); the password comes from SOHOA_PASSWORD or a prompt
    #[arg(long, short = 'u', env = "SOHOA_USER")]
    pub user: String,
}

#[derive(Subcommand)]
enum Command {
    /// Create the demo workspace from the synthetic sample commune
    Demo(cmd_demo::DemoArgs),
    /// Audit log commands
    Audit {
        #[command(subcommand)]
        command: cmd_audit::AuditCommand,
    },
    /// List the register books of a workspace with their counts by status
    Books(cmd_books::BooksArgs),
    /// Progress against targets: inventory, targets, snapshots, dashboards, reports
    Progress(cmd_progress::ProgressArgs),
    /// Duplicate flagging on a throwaway workspace: extract × keyed records → MATCHES.csv
    Dedupe(cmd_dedupe::DedupeArgs),
    /// Import a previously keyed spreadsheet (CSV/XLSX, legacy encodings) into a register book
    Import(cmd_import::ImportArgs),
    /// Benchmarks (run in release): `sohoa bench keying`
    Bench {
        #[command(subcommand)]
        command: cmd_bench::BenchCommand,
    },
    /// Batches: device keys, signed encrypted packages commune ⇄ supervisor (docs/batch-format.md)
    Batch {
        #[command(subcommand)]
        command: cmd_batch::BatchCommand,
    },
    /// Central upload export: Ministry Excel + zip of PDFs for accepted books
    UploadExport(cmd_upload::UploadExportArgs),
    /// The Ministry's result list after an upload (CSV/XLSX): approved / rejected rows (formats.md §5)
    UploadResult(cmd_upload::UploadResultArgs),
    /// Record by hand that an exported file was uploaded into the national system
    UploadMark(cmd_upload::UploadMarkArgs),
    /// Workspaces: `sohoa workspace create` (e.g. a supervisor's workspace)
    Workspace {
        #[command(subcommand)]
        command: cmd_workspace::WorkspaceCommand,
    },
    /// Supervisor review statistics (ISO 2859-1): `sohoa review plan --lot N --aql A`
    Review {
        #[command(subcommand)]
        command: cmd_review::ReviewCommand,
    },
    /// Encrypted backups: create (to a USB stick), auto (daily, rotated), verify, restore
    Backup {
        #[command(subcommand)]
        command: cmd_backup::BackupCommand,
    },
    /// Crash-harness operations and checks (tools/crash/)
    #[command(hide = true)]
    CrashProbe {
        #[command(subcommand)]
        command: cmd_crash::CrashCommand,
    },
    /// The province's offline key: init, enrol a device, revoke (SECURITY.md)
    Province {
        #[command(subcommand)]
        command: cmd_province::ProvinceCommand,
    },
    /// This workspace's trust anchor: pin the province key, import certificates and revocation lists
    Trust {
        #[command(subcommand)]
        command: cmd_trust::TrustCommand,
    },
    /// Account management
    User {
        #[command(subcommand)]
        command: cmd_user::UserCommand,
    },
}

/// Rust ignores SIGPIPE, so printing into a closed pipe (`sohoa progress … | head`) would panic
/// with "failed printing to stdout". A command-line tool should simply stop, as `cat` does.
fn restore_default_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called first thing in main, before any other thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

fn main() -> ExitCode {
    restore_default_sigpipe();
    sohoa_core::fsx::private_files_from_now_on();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Demo(a) => cmd_demo::run(a),
        Command::Audit { command } => cmd_audit::run(command),
        Command::Books(a) => cmd_books::run(a),
        Command::Progress(a) => cmd_progress::run(a),
        Command::Dedupe(a) => cmd_dedupe::run(a),
        Command::Import(a) => cmd_import::run(a),
        Command::Bench { command } => cmd_bench::run(command),
        Command::Batch { command } => cmd_batch::run(command),
        Command::UploadExport(a) => cmd_upload::run(a),
        Command::UploadResult(a) => cmd_upload::run_result(a),
        Command::UploadMark(a) => cmd_upload::run_mark(a),
        Command::Review { command } => cmd_review::run(command),
        Command::User { command } => cmd_user::run(command),
        Command::Backup { command } => cmd_backup::run(command),
        Command::CrashProbe { command } => cmd_crash::run(command),
        Command::Province { command } => cmd_province::run(command),
        Command::Trust { command } => cmd_trust::run(command),
        Command::Workspace { command } => cmd_workspace::run(command),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            output::error(&e);
            ExitCode::from(2)
        }
    }
}
