//! `sohoa trust …`: this workspace's trust anchor (the pinned province key), certificates and
//! revocation lists received from the province, and the state of its own enrolment.
use crate::WorkspaceArgs;
use sohoa_core::batch::trust::{self, ProvinceKey, TrustImport};
use sohoa_core::CoreError;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Subcommand)]
pub enum TrustCommand {
    /// Pin the province key once (confirm its fingerprint by phone with the province first)
    Pin {
        #[command(flatten)]
        ws: WorkspaceArgs,
        /// province-key.json (or the folder holding it)
        #[arg(long)]
        key: PathBuf,
        /// The fingerprint the province read out over the phone
        #[arg(long)]
        fingerprint: String,
    },
    /// Import an enrolment certificate or a revocation list signed by the province
    Import {
        #[command(flatten)]
        ws: WorkspaceArgs,
        file: PathBuf,
    },
    /// Show the pinned province key and this device's enrolment
    Status {
        #[command(flatten)]
        ws: WorkspaceArgs,
    },
    /// Stop trusting a registered device (its packages are refused from now on)
    Untrust {
        #[command(flatten)]
        ws: WorkspaceArgs,
        #[arg(long)]
        fingerprint: String,
    },
}

pub fn run(cmd: TrustCommand) -> Result<ExitCode, CoreError> {
    match cmd {
        TrustCommand::Pin { ws, key, fingerprint } => {
            let mut s = crate::auth::open(&ws)?;
            let k = ProvinceKey::read(&key)?;
            trust::pin_province_key(&mut s, &k, &fingerprint)?;
            println!("Đã ghim khóa của {} ({}){}", k.name, k.fingerprint, if k.demo { " — KHÓA MẪU, chỉ dùng để thử" } else { "" });
        }
        TrustCommand::Import { ws, file } => {
            let mut s = crate::auth::open(&ws)?;
            match trust::import_trust_file(&mut s, &file)? {
                TrustImport::Enrolment(e) => {
                    println!("Đã nhận chứng nhận số {}: {} là {} đến {}", e.serial, e.device_fingerprint, e.role.as_str(), e.not_after)
                }
                TrustImport::Revocation { seq, newer: true } => println!("Đã nhận danh sách thu hồi số {seq}"),
                TrustImport::Revocation { seq, newer: false } => {
                    println!("Danh sách thu hồi số {seq} không mới hơn danh sách đang có; giữ nguyên")
                }
            }
        }
        TrustCommand::Status { ws } => {
            let mut s = crate::auth::open(&ws)?;
            let st = trust::trust_status(&mut s)?;
            match &st.province {
                Some(k) => println!("Khóa tỉnh đã ghim: {} ({}){}", k.name, k.fingerprint, if k.demo { " — KHÓA MẪU" } else { "" }),
                None => println!("Chưa ghim khóa tỉnh: chưa nhận/gửi được kết quả kiểm tra, chưa xuất được tệp tải lên"),
            }
            match &st.own_enrolment {
                Some(e) => println!("Máy này: chứng nhận số {} ({}) đến {}", e.serial, e.role.as_str(), e.not_after),
                None => println!("Máy này chưa có chứng nhận của tỉnh"),
            }
            match &st.supervisor_refusal {
                None => println!("Máy giám sát được tỉnh đăng ký: CÓ"),
                Some(why) => println!("Máy giám sát được tỉnh đăng ký: KHÔNG ({why})"),
            }
            if let Some(n) = st.revocation_seq {
                println!("Danh sách thu hồi mới nhất: số {n}");
            }
        }
        TrustCommand::Untrust { ws, fingerprint } => {
            let mut s = crate::auth::open(&ws)?;
            sohoa_core::batch::identity::untrust_device(&mut s, &fingerprint)?;
            println!("Đã thu hồi tin cậy với thiết bị {fingerprint}");
        }
    }
    Ok(ExitCode::SUCCESS)
}
