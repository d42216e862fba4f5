//! Gzip the large CSV tables of `data/` into `OUT_DIR`; `src/admin.rs` embeds the
//! compressed bytes with `include_bytes!` and inflates them once at first use.
use std::io::Write;
use std::path::PathBuf;

const COMPRESSED: &[&str] = &["admin_units_gso_pre2025.csv", "admin_units_qd19_2025.csv", "admin_map_2025.csv"];

fn main() {
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    let data = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR")).join("data");
    for name in COMPRESSED {
        let src = data.join(name);
        println!("cargo:rerun-if-changed={}", src.display());
        let bytes = std::fs::read(&src).unwrap_or_else(|e| panic!("read {}: {e}", src.display()));
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(&bytes).expect("gzip");
        let gz = enc.finish().expect("gzip");
        std::fs::write(out.join(format!("{name}.gz")), gz).expect("write OUT_DIR");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
