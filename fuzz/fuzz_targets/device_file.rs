//! Device files (`sohoa-device.json`) as a supervisor or a commune receives them: the JSON, then
//! the checks made when it is trusted — format, the Ed25519 key and its fingerprint, the age
//! recipient — and a fingerprint typed by hand.
use sohoa_core::batch::identity::{fingerprint, normalize_fingerprint, parse_age_recipient, parse_public_key, DEVICE_FILE_FORMAT};
use sohoa_core::batch::DeviceFile;

fn main() {
    afl::fuzz!(|data: &[u8]| {
        if let Ok(f) = DeviceFile::from_bytes(data) {
            let _ = f.format == DEVICE_FILE_FORMAT;
            if let Ok(key) = parse_public_key(&f.ed25519_public_key) {
                let _ = fingerprint(&key.to_bytes()) == f.fingerprint;
            }
            let _ = parse_age_recipient(&f.age_recipient);
            let _ = normalize_fingerprint(&f.fingerprint);
        }
        if let Ok(text) = std::str::from_utf8(data) {
            let _ = normalize_fingerprint(text);
        }
    });
}
