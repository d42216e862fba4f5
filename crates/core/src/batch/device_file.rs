//! The device file (`sohoa-device.json`, no secrets) on disk: read with a size limit, written
//! atomically. Its name is `naming::device_file_name`.
use super::format::Commune;
use crate::error::{CoreError, Result};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// A device file is a few hundred bytes; anything past this is not one.
pub const MAX_DEVICE_FILE_BYTES: u64 = 64 * 1024;

/// `sohoa-device.json`: what a device hands to the other side to be registered. No secrets.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceFile {
    pub format: String,
    pub format_version: u32,
    /// `commune` (a clerk's workspace) or `supervisor`.
    pub role: String,
    pub workspace_id: String,
    pub commune: Commune,
    pub ed25519_public_key: String,
    pub fingerprint: String,
    pub age_recipient: String,
    pub created_at: String,
    /// The device's enrolment certificate signed by the province (issue 13), when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enrolment: Option<super::format::SignedDoc>,
}

impl DeviceFile {
    /// Reads a device file received from the other side.
    pub fn read(path: &Path) -> Result<DeviceFile> {
        let bytes = crate::fsx::read_limited(path, MAX_DEVICE_FILE_BYTES, "tệp khóa thiết bị")?;
        DeviceFile::from_bytes(&bytes)
    }

    /// Parses a device file's bytes (refused past [`MAX_DEVICE_FILE_BYTES`]); its keys are checked
    /// when it is trusted.
    pub fn from_bytes(bytes: &[u8]) -> Result<DeviceFile> {
        if bytes.len() as u64 > MAX_DEVICE_FILE_BYTES {
            return Err(CoreError::TooLarge(
                crate::error::LimitExceeded::new(crate::error::Limit::FileBytes, bytes.len() as u64, MAX_DEVICE_FILE_BYTES)
                    .of("tệp khóa thiết bị"),
            ));
        }
        serde_json::from_slice(bytes).map_err(|_| CoreError::invalid("tệp khóa", "không đọc được tệp khóa thiết bị (sohoa-device.json)"))
    }

    /// Writes this device file to `path` (creating its folder), atomically; returns the path.
    /// When `path` is an existing folder the file goes inside it under its usual name.
    pub fn write(&self, path: &Path) -> Result<PathBuf> {
        let path = if path.is_dir() { path.join(crate::naming::device_file_name(&self.commune.code)) } else { path.to_path_buf() };
        let json = serde_json::to_vec_pretty(self).map_err(|e| CoreError::Internal(e.to_string()))?;
        crate::fsx::write_atomic_in_new_dir(&path, &json)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_oversized_device_file_is_refused_before_it_is_read() {
        let tmp = tempfile::tempdir().unwrap();
        let p = tmp.path().join("big.sohoa-device.json");
        std::fs::write(&p, vec![b' '; MAX_DEVICE_FILE_BYTES as usize + 1]).unwrap();
        let e = DeviceFile::read(&p).unwrap_err();
        assert_eq!(e.code(), "input.too_large");
        assert!(e.message_vi().contains("tệp khóa thiết bị") && e.message_vi().contains("giới hạn kích thước tệp"), "{}", e.message_vi());
        assert!(matches!(DeviceFile::read(&tmp.path().join("none.json")), Err(CoreError::NotFound(_))));
    }
}
