//! PDF scans as a clerk attaches them: lopdf loading (with its decompression cap), the page tree,
//! `/Rotate`, each page's largest image checked against the pixel limits from its dictionary,
//! JPEG passthrough and raw / Flate images decoded within their size. Pages that are not scans go
//! to a rasteriser, which here refuses (no process is started while fuzzing).
//! Input: a PDF file.
use sohoa_core::imaging::{split_document_with, ImageLimits};

fn main() {
    let limits = ImageLimits { max_side: 4_000, max_pixels: 4_000_000, max_alloc: 64 << 20, max_pages: 16, max_output_bytes: 32 << 20, max_pdf_stream_bytes: 16 << 20 };
    let no_rasteriser = |_: &str, _: &[u8], _: u32| Err(sohoa_core::CoreError::invalid("file", "no rasteriser"));
    afl::fuzz!(|data: &[u8]| {
        let _ = split_document_with("so.pdf", data, &limits, &no_rasteriser);
    });
}
