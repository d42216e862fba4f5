//! `sohoa province …`: the province's offline signing key (SECURITY.md). Run on the province's
//! own computer, never on a commune's. The passphrase comes from SOHOA_PROVINCE_PASSPHRASE or a
//! prompt.
use sohoa_core::batch::identity::DeviceFile;
use sohoa_core::batch::trust::{self, DeviceRole, EnrolRequest};
use sohoa_core::session::accounts::ScopeUnit;
use sohoa_core::CoreError;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Subcommand)]
pub enum ProvinceCommand {
    /// Make a province authority folder: province-authority.json (secret, encrypted) and
    /// province-key.json (public: give it to every workspace of the province)
    Init {
        #[arg(long)]
        out: PathBuf,
        /// e.g. "Sở Tư pháp tỉnh Thái Nguyên"
        #[arg(long)]
        name: String,
        /// Cheap passphrase hashing (tests and the demo only)
        #[arg(long, hide = true)]
        insecure_fast_kdf: bool,
    },
    /// Sign an enrolment certificate for a device (from its sohoa-device.json)
    Enrol {
        #[arg(long)]
        authority: PathBuf,
        #[arg(long)]
        device_file: PathBuf,
        /// supervisor | commune
        #[arg(long)]
        role: String,
        /// Communes covered, SCHEME:CODE (repeatable)
        #[arg(long = "scope", required = true)]
        scope: Vec<String>,
        /// Days of validity
        #[arg(long, default_value_t = 365)]
        days: u32,
        /// Where to write the certificate (default: beside the device file)
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Sign the next revocation list (cumulative): certificate serials and/or device fingerprints
    Revoke {
        #[arg(long)]
        authority: PathBuf,
        #[arg(long = "serial")]
        serials: Vec<u64>,
        #[arg(long = "fingerprint")]
        fingerprints: Vec<String>,
        #[arg(long)]
        out: PathBuf,
    },
}

pub fn parse_scope(scope: &[String]) -> Result<Vec<ScopeUnit>, CoreError> {
    scope
        .iter()
        .map(|s| match s.split_once(':') {
            Some((scheme, code)) => Ok(ScopeUnit { scheme: scheme.into(), code: code.into() }),
            None => Err(CoreError::invalid("scope", format!("“{s}” phải có dạng HỆ_MÃ:MÃ, ví dụ qd19_2025:05971"))),
        })
        .collect()
}

fn passphrase(prompt: &str) -> Result<String, CoreError> {
    if let Ok(p) = std::env::var("SOHOA_PROVINCE_PASSPHRASE") {
        return Ok(p);
    }
    rpassword::prompt_password(prompt)
        .map_err(|_| CoreError::invalid("mật khẩu khóa tỉnh", "không đọc được (đặt SOHOA_PROVINCE_PASSPHRASE)"))
}

pub fn run(cmd: ProvinceCommand) -> Result<ExitCode, CoreError> {
    match cmd {
        ProvinceCommand::Init { out, name, insecure_fast_kdf } => {
            let p = passphrase("Mật khẩu mới của khóa tỉnh (ít nhất 12 ký tự): ")?;
            let key = trust::province_init(&out, &name, &p, insecure_fast_kdf.then_some(10), false)?;
            println!("Đã tạo khóa của {} tại {}", key.name, out.display());
            println!("  Tệp khóa công khai (gửi cho các sổ làm việc): {}", out.join(trust::PROVINCE_KEY_FILE).display());
            println!("  Dấu vân tay (đọc qua điện thoại khi các xã ghim khóa): {}", key.fingerprint);
        }
        ProvinceCommand::Enrol { authority, device_file, role, scope, days, out } => {
            let device = DeviceFile::read(&device_file)?;
            let req = EnrolRequest { role: DeviceRole::parse(&role)?, scope: parse_scope(&scope)?, valid_days: days };
            let p = passphrase("Mật khẩu của khóa tỉnh: ")?;
            let doc = trust::province_enrol(&authority, &p, &device, &req)?;
            let e = doc.unverified_enrolment().ok_or_else(|| CoreError::Internal("enrolment".into()))?;
            let out = out.unwrap_or_else(|| {
                device_file.with_file_name(format!("chung-nhan-{}-{}.json", e.role.as_str(), e.device_fingerprint.replace('-', "")))
            });
            let path = doc.write(&out)?;
            println!(
                "Đã cấp chứng nhận số {} cho {} ({}) đến {}: {}",
                e.serial,
                e.device_fingerprint,
                e.role.as_str(),
                e.not_after,
                path.display()
            );
        }
        ProvinceCommand::Revoke { authority, serials, fingerprints, out } => {
            if serials.is_empty() && fingerprints.is_empty() {
                return Err(CoreError::invalid("thu hồi", "cần --serial hoặc --fingerprint"));
            }
            let p = passphrase("Mật khẩu của khóa tỉnh: ")?;
            let doc = trust::province_revoke(&authority, &p, &serials, &fingerprints)?;
            let path = doc.write(&out)?;
            let key = trust::province_key_of(&authority)?;
            let list = doc.revocation_list(&key)?;
            println!(
                "Danh sách thu hồi số {}: {} chứng nhận, {} khóa thiết bị — {}",
                list.seq,
                list.serials.len(),
                list.fingerprints.len(),
                path.display()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
