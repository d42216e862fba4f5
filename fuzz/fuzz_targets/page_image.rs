//! Page scans as a clerk attaches them and the viewer shows them: format sniffing, dimensions
//! from the header against the pixel limits before decoding (a pixel bomb), EXIF orientation,
//! JPEG/PNG kept as they are, multi-page TIFF decoded and re-encoded page by page, and the
//! viewer's reduced-size decoding. Limits are small (4 megapixels) to keep each input fast.
//! Input: an image file (JPEG, PNG, TIFF).
use sohoa_core::imaging::decode::{decode_at_least_with, exif_rotation, sniff};
use sohoa_core::imaging::{split_document_with, ImageLimits};

fn main() {
    let limits = ImageLimits { max_side: 4_000, max_pixels: 4_000_000, max_alloc: 64 << 20, max_pages: 8, max_output_bytes: 32 << 20, max_pdf_stream_bytes: 16 << 20 };
    let no_rasteriser = |_: &str, _: &[u8], _: u32| Err(sohoa_core::CoreError::invalid("file", "no rasteriser"));
    afl::fuzz!(|data: &[u8]| {
        let Some(format) = sniff(data) else { return };
        if format == sohoa_core::imaging::decode::Format::Pdf {
            return;
        }
        let _ = split_document_with("trang.jpg", data, &limits, &no_rasteriser);
        let _ = exif_rotation(data, format);
        let _ = decode_at_least_with(data, format, 200, 300, &limits);
    });
}
