//! A batch or verdict package after decryption (a passphrase KDF costs seconds per input, so the
//! age layer is left to age's own fuzzing): the tar stream, member sizes against the package
//! limits, the BagIt tag files, both SHA-512 manifests, the Ed25519 signature over the tag
//! manifest, Payload-Oxum, the header, and every JSON line of books / entries / decisions /
//! verdicts parsed as an import parses them. Limits are small so that their paths are reached.
//! Input: the tar stream.
use sohoa_core::batch::PackageLimits;

fn main() {
    let limits = PackageLimits {
        decrypted_bytes: 1 << 20,
        files: 64,
        page_bytes: 64 << 10,
        payload_file_bytes: 256 << 10,
        manifest_bytes: 16 << 10,
        tag_file_bytes: 8 << 10,
        tag_total_bytes: 32 << 10,
        line_bytes: 4 << 10,
        ..PackageLimits::default()
    };
    afl::fuzz!(|data: &[u8]| {
        let _ = sohoa_core::fuzzing::package_stream(data, &limits);
    });
}
