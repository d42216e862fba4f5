//! The encryption layer: a package is a tar stream encrypted with age (https://age-encryption.org,
//! crate `age`). Why age: a small, audited, stable file format (C2SP spec) with a maintained Rust
//! implementation; authenticated streaming encryption in 64 KiB chunks (ChaCha20-Poly1305, STREAM
//! construction), so a one-byte change or a truncation anywhere is detected while memory stays
//! flat; several recipients per file (each supervisor's X25519 key) or a passphrase (scrypt) for
//! hand-carried packages; and an independent command-line tool (`age -d`) can open a package if
//! this program is ever unavailable. No key management of our own beyond storing the identities.
use crate::error::{CoreError, Result};
use age::secrecy::SecretString;
use std::io::{BufRead, Read};
use std::path::Path;
use std::str::FromStr;

/// How a package is encrypted.
#[derive(Clone)]
pub enum Encryption {
    /// For these age X25519 recipients (`age1…`): supervisors' (or a commune's) device keys.
    Recipients(Vec<String>),
    /// With a passphrase (age scrypt). `work_factor` is log2(N); `None` = age's default (~1 s).
    Passphrase { passphrase: String, work_factor: Option<u8> },
}

impl std::fmt::Debug for Encryption {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Encryption::Recipients(r) => f.debug_tuple("Recipients").field(r).finish(),
            Encryption::Passphrase { .. } => f.write_str("Passphrase(…)"),
        }
    }
}

impl Encryption {
    pub(crate) fn encryptor(&self) -> Result<age::Encryptor> {
        match self {
            Encryption::Recipients(list) => {
                if list.is_empty() {
                    return Err(CoreError::invalid(
                        "người nhận",
                        "chưa có người nhận: đăng ký khóa của giám sát viên, hoặc dùng --recipient, hoặc mật khẩu gói (SOHOA_BATCH_PASSPHRASE)",
                    ));
                }
                let mut parsed = Vec::new();
                for r in list {
                    parsed.push(super::identity::parse_age_recipient(r)?);
                }
                parsed.dedup();
                age::Encryptor::with_recipients(parsed.iter().map(|r| r as &dyn age::Recipient))
                    .map_err(|e| CoreError::Internal(format!("age: {e}")))
            }
            Encryption::Passphrase { passphrase, work_factor } => {
                if passphrase.chars().count() < 8 {
                    return Err(CoreError::invalid("mật khẩu gói", "cần ít nhất 8 ký tự"));
                }
                let mut r = age::scrypt::Recipient::new(SecretString::from(passphrase.clone()));
                if let Some(n) = work_factor {
                    r.set_work_factor(*n);
                }
                age::Encryptor::with_recipients(std::iter::once(&r as &dyn age::Recipient))
                    .map_err(|e| CoreError::Internal(format!("age: {e}")))
            }
        }
    }
}

/// What may open a package: X25519 identities (a workspace's device key, a key file) and/or a passphrase.
#[derive(Default, Clone)]
pub struct Keys {
    pub identities: Vec<age::x25519::Identity>,
    pub passphrase: Option<String>,
}

impl Keys {
    pub fn with_passphrase(mut self, p: impl Into<String>) -> Self {
        self.passphrase = Some(p.into());
        self
    }

    pub fn with_identity(mut self, id: age::x25519::Identity) -> Self {
        self.identities.push(id);
        self
    }

    /// Reads an age identity file (lines `AGE-SECRET-KEY-1…`; `#` comments and blank lines skipped).
    pub fn with_identity_file(mut self, path: &Path) -> Result<Self> {
        if !path.is_file() {
            return Err(CoreError::NotFound(format!("tệp khóa “{}”", path.display())));
        }
        // An identity file is a few lines of 74 characters.
        let bytes = crate::fsx::read_limited(path, 64 * 1024, "tệp khóa")?;
        let mut found = 0;
        for line in bytes.lines() {
            let line = line?;
            let t = line.trim();
            if t.is_empty() || t.starts_with('#') {
                continue;
            }
            let id = age::x25519::Identity::from_str(t)
                .map_err(|_| CoreError::invalid("tệp khóa", format!("“{}” không chứa khóa bí mật age hợp lệ", path.display())))?;
            self.identities.push(id);
            found += 1;
        }
        if found == 0 {
            return Err(CoreError::invalid("tệp khóa", format!("“{}” không có khóa nào", path.display())));
        }
        Ok(self)
    }

    pub fn is_empty(&self) -> bool {
        self.identities.is_empty() && self.passphrase.is_none()
    }

    /// Opens the age layer; the error is a Vietnamese reason.
    pub(crate) fn decrypt<R: Read>(&self, input: R) -> std::result::Result<age::stream::StreamReader<R>, String> {
        let dec = age::Decryptor::new(input).map_err(describe_decrypt_error)?;
        let scrypt_id = self.passphrase.as_ref().map(|p| {
            let mut id = age::scrypt::Identity::new(SecretString::from(p.clone()));
            id.set_max_work_factor(22);
            id
        });
        if dec.is_scrypt() {
            let Some(id) = scrypt_id else {
                return Err("gói được khóa bằng mật khẩu; hãy đặt SOHOA_BATCH_PASSPHRASE".into());
            };
            return dec.decrypt(std::iter::once(&id as &dyn age::Identity)).map_err(|e| match e {
                age::DecryptError::DecryptionFailed | age::DecryptError::KeyDecryptionFailed | age::DecryptError::NoMatchingKeys => {
                    "sai mật khẩu của gói (hoặc phần đầu của gói đã bị sửa)".to_string()
                }
                other => describe_decrypt_error(other),
            });
        }
        if self.identities.is_empty() {
            return Err(
                "gói được mã hóa cho khóa thiết bị; hãy mở bằng sổ làm việc nhận gói (--workspace) hoặc tệp khóa (--identity)".into()
            );
        }
        dec.decrypt(self.identities.iter().map(|i| i as &dyn age::Identity)).map_err(describe_decrypt_error)
    }
}

fn describe_decrypt_error(e: age::DecryptError) -> String {
    use age::DecryptError as D;
    match e {
        D::NoMatchingKeys => "gói không được mã hóa cho thiết bị/khóa này (không có khóa giải mã phù hợp)".into(),
        D::KeyDecryptionFailed => "sai mật khẩu của gói".into(),
        D::ExcessiveWork { .. } => "mật khẩu gói dùng tham số quá lớn, không mở".into(),
        D::UnknownFormat => "tệp không phải là gói sohoa (không phải tệp mã hóa age)".into(),
        D::InvalidHeader | D::InvalidMac => "gói bị hỏng hoặc đã bị sửa (phần đầu mã hóa không hợp lệ)".into(),
        D::DecryptionFailed => "gói bị hỏng hoặc đã bị sửa (không giải mã được)".into(),
        D::Io(e) => describe_stream_error(&e),
        other => format!("không giải mã được gói: {other}"),
    }
}

/// Errors while reading the decrypted stream: authentication failures and truncation.
pub(crate) fn describe_stream_error(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::UnexpectedEof => "gói bị cắt cụt (thiếu phần cuối)".into(),
        std::io::ErrorKind::InvalidData => "gói bị hỏng, bị sửa hoặc bị cắt cụt (dữ liệu mã hóa không khớp mã xác thực)".into(),
        _ => format!("lỗi đọc gói: {e}"),
    }
}
