//! How large a page image may be (issue 13 §3). A scan is hostile until proven otherwise: a
//! 200-byte PNG or JPEG can declare 65,535 × 65,535 pixels (a "pixel bomb", 12 GB once decoded),
//! a TIFF thousands of pages, a PDF an image stream that inflates without end. So the dimensions
//! are read from the header and checked **before** anything is decoded, the decoders get limits
//! of their own (the `image` crate's `Limits`, the `tiff` decoder's buffers, `lopdf`'s
//! decompression cap), and a document's pages and stored bytes are counted as they are split.
//! A refusal is [`CoreError::TooLarge`] naming the limit.
use crate::error::{CoreError, Limit, LimitExceeded, Result};

const MIB: u64 = 1024 * 1024;

/// Limits on page images and the documents they come in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageLimits {
    /// Width or height: an A3 page at 600 dpi is 7,016 × 9,921.
    pub max_side: u32,
    /// Width × height: 100 million pixels (an A3 page at 600 dpi is 70 million).
    pub max_pixels: u64,
    /// Memory one decoder may take at once (the decoded image included).
    pub max_alloc: u64,
    /// Pages of one attached document (multi-page TIFF, PDF).
    pub max_pages: u32,
    /// Bytes of all the page images one document becomes.
    pub max_output_bytes: u64,
    /// What one compressed PDF stream (object streams, an image) may inflate to.
    pub max_pdf_stream_bytes: u64,
}

impl Default for ImageLimits {
    fn default() -> Self {
        ImageLimits {
            max_side: 30_000,
            max_pixels: 100_000_000,
            max_alloc: 1024 * MIB,
            max_pages: 2_000,
            max_output_bytes: 1024 * MIB,
            max_pdf_stream_bytes: 512 * MIB,
        }
    }
}

impl ImageLimits {
    /// Refuses `width × height` past the limits; `what` names the image in the message, which
    /// gives the image's size and the limit it passes.
    pub fn check_pixels(&self, width: u64, height: u64, what: &str) -> Result<()> {
        let n = crate::text::group_digits;
        let pixels = width.saturating_mul(height);
        let side = width.max(height);
        let (found, max, detail) = if side > u64::from(self.max_side) {
            (
                side,
                u64::from(self.max_side),
                format!("{} × {} điểm ảnh, mỗi chiều tối đa {}", n(width), n(height), n(u64::from(self.max_side))),
            )
        } else if pixels > self.max_pixels {
            (pixels, self.max_pixels, format!("{} × {} = {} điểm ảnh, tối đa {}", n(width), n(height), n(pixels), n(self.max_pixels)))
        } else {
            return Ok(());
        };
        Err(CoreError::TooLarge(LimitExceeded::new(Limit::Pixels, found, max).of(what).detail(format!("{detail}; ảnh quét 300 dpi là đủ"))))
    }

    /// Refuses a page number past `max_pages`.
    pub fn check_pages(&self, pages: u64, what: &str) -> Result<()> {
        if pages > u64::from(self.max_pages) {
            return Err(CoreError::TooLarge(LimitExceeded::new(Limit::Pages, pages, u64::from(self.max_pages)).of(what)));
        }
        Ok(())
    }

    /// Refuses a document whose page images add up past `max_output_bytes`.
    pub fn check_output(&self, bytes: u64, what: &str) -> Result<()> {
        if bytes > self.max_output_bytes {
            return Err(CoreError::TooLarge(
                LimitExceeded::new(Limit::Decompressed, bytes, self.max_output_bytes).of(what).detail("các trang ảnh sau khi tách"),
            ));
        }
        Ok(())
    }

    /// The same limits for the `image` crate's decoders.
    pub fn for_image_crate(&self) -> image::Limits {
        let mut l = image::Limits::default();
        l.max_image_width = Some(self.max_side);
        l.max_image_height = Some(self.max_side);
        l.max_alloc = Some(self.max_alloc);
        l
    }

    /// The same limits for the `tiff` decoder (one decoded page at most `max_alloc`).
    pub fn for_tiff(&self) -> tiff::decoder::Limits {
        let mut l = tiff::decoder::Limits::default();
        l.decoding_buffer_size = usize::try_from(self.max_alloc).unwrap_or(usize::MAX);
        l.intermediate_buffer_size = usize::try_from(self.max_alloc / 4).unwrap_or(usize::MAX);
        l
    }
}

/// A decoder asked for more memory than `max_alloc` (the dimensions were within the limits:
/// many bits per pixel, or a decoder's working buffers).
pub(crate) fn decoder_memory(what: &str, limits: &ImageLimits) -> CoreError {
    CoreError::TooLarge(
        LimitExceeded::new(Limit::Pixels, limits.max_alloc.saturating_add(1), limits.max_alloc)
            .of(what)
            .detail(format!("bộ giải mã cần hơn {} bộ nhớ", crate::error::human_bytes(limits.max_alloc))),
    )
}

/// Maps a decoder's own limit refusal to ours; other decoder errors stay "unreadable".
pub(crate) fn image_error(e: image::ImageError, what: &str, limits: &ImageLimits) -> CoreError {
    match e {
        image::ImageError::Limits(_) => decoder_memory(what, limits),
        other => super::unreadable(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_past_either_side_or_the_pixel_count_is_refused_naming_its_size() {
        let l = ImageLimits::default();
        assert!(l.check_pixels(7_016, 9_921, "ảnh").is_ok());
        for (w, h) in [(65_535, 65_535), (30_001, 10), (10_001, 10_001)] {
            let e = l.check_pixels(w, h, "ảnh").unwrap_err();
            assert_eq!(e.code(), "input.too_large");
            let m = e.message_vi();
            assert!(m.contains("giới hạn số điểm ảnh") && m.contains(&crate::text::group_digits(w)), "{m}");
        }
        assert!(l.check_pages(2_001, "tệp PDF").unwrap_err().message_vi().contains("giới hạn số trang"));
    }
}
