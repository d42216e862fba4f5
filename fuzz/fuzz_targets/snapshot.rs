//! Signed progress snapshots (`*.sohoa-progress.json`) as a supervisor imports them: size limit,
//! JSON, canonical form, Ed25519 signature, then the payload's validation. A valid signature is
//! out of the fuzzer's reach, so the seeds include one signed snapshot and the target also runs
//! the payload checks the signature guards, through the packed-cells and series decoders.
use sohoa_core::progress::snapshot::{canonical_json, unpack_cells, unpack_series, verify_file};

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let _ = verify_file(data);
        if let Ok(v) = serde_json::from_slice::<serde_json::Value>(data) {
            let _ = canonical_json(&v);
        }
        let _ = unpack_cells(data);
        let _ = unpack_series(data);
    });
}
