//! Feeds one file from outside to the reader the app would use, as its own process, so that
//! `/usr/bin/time -v` measures the peak memory and time of that reader alone (tools/hostile-files.sh,
//! docs/hostile-files.md). Prints `ok: …` or the error a clerk would see.
//!
//! Usage: hostile_file attach|view|snapshot FILE
//!   attach    a scan as a clerk attaches it (imaging::split_document: JPEG, PNG, TIFF, PDF)
//!   view      a stored page as the keying screen's viewer decodes it (at least 800 × 1200)
//!   snapshot  a progress snapshot as a supervisor imports it (read, then verified)
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [kind, file] = args.as_slice() else {
        eprintln!("usage: hostile_file attach|view|snapshot FILE");
        return ExitCode::from(2);
    };
    let path = std::path::Path::new(file);
    let outcome: Result<String, sohoa_core::CoreError> = match kind.as_str() {
        "attach" => sohoa_core::imaging::read_scan_file(path)
            .and_then(|(name, bytes)| sohoa_core::imaging::split_document(&name, &bytes))
            .map(|pages| format!("{} trang", pages.len())),
        "view" => std::fs::read(path).map_err(Into::into).and_then(|bytes| {
            use sohoa_core::imaging::decode;
            let format = decode::sniff(&bytes).ok_or_else(|| sohoa_core::CoreError::invalid("file", "không phải ảnh"))?;
            decode::decode_at_least(&bytes, format, 800, 1200).map(|img| format!("{} × {}", img.width(), img.height()))
        }),
        "snapshot" => sohoa_core::progress::snapshot::read_snapshot_file(path)
            .and_then(|bytes| sohoa_core::progress::snapshot::verify_file(&bytes))
            .map(|v| format!("tệp tiến độ của {}", v.payload.commune.name)),
        _ => {
            eprintln!("unknown kind {kind}");
            return ExitCode::from(2);
        }
    };
    match outcome {
        Ok(what) => {
            println!("ok: {what}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            println!("Lỗi: {}", e.message_vi());
            ExitCode::FAILURE
        }
    }
}
