//! Reading page images: what they are, how big, which way up, and decoding at reduced size.
use super::limits::{image_error, ImageLimits};
use super::unreadable;
use crate::error::Result;
use image::{DynamicImage, GrayImage, ImageDecoder, ImageReader, RgbImage};
use std::io::Cursor;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Jpeg,
    Png,
    Tiff,
    Pdf,
}

impl Format {
    pub fn mime(self) -> &'static str {
        match self {
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
            Format::Tiff => "image/tiff",
            Format::Pdf => "application/pdf",
        }
    }

    pub fn from_mime(mime: &str) -> Option<Format> {
        match mime {
            "image/jpeg" => Some(Format::Jpeg),
            "image/png" => Some(Format::Png),
            "image/tiff" => Some(Format::Tiff),
            "application/pdf" => Some(Format::Pdf),
            _ => None,
        }
    }
}

/// What the bytes are, from their signature (file names and extensions are not trusted).
pub fn sniff(bytes: &[u8]) -> Option<Format> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(Format::Jpeg)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(Format::Png)
    } else if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") || bytes.starts_with(b"II+\0") || bytes.starts_with(b"MM\0+") {
        Some(Format::Tiff)
    } else if bytes.len() >= 5 && bytes[..bytes.len().min(1024)].windows(5).any(|w| w == b"%PDF-") {
        Some(Format::Pdf)
    } else {
        None
    }
}

/// What a page image is called in limit messages.
pub(crate) const WHAT: &str = "ảnh trang";

/// A reader of `bytes`; `limits` for decoding pixels, `None` for reading the header only (the
/// header's dimensions are then checked by [`ImageLimits::check_pixels`], which can name them).
fn reader<'a>(bytes: &'a [u8], format: Format, limits: Option<&ImageLimits>) -> Result<ImageReader<Cursor<&'a [u8]>>> {
    let f = match format {
        Format::Jpeg => image::ImageFormat::Jpeg,
        Format::Png => image::ImageFormat::Png,
        Format::Tiff => image::ImageFormat::Tiff,
        Format::Pdf => return Err(unreadable("tệp PDF cần tách trang trước")),
    };
    let mut r = ImageReader::with_format(Cursor::new(bytes), f);
    match limits {
        Some(l) => r.limits(l.for_image_crate()),
        None => r.no_limits(),
    }
    Ok(r)
}

/// Width and height from the header only (no pixel decoding).
pub fn dimensions(bytes: &[u8], format: Format) -> Result<(u32, u32)> {
    reader(bytes, format, None)?.into_dimensions().map_err(unreadable)
}

/// Width and height from the header, refused past `limits` (nothing decoded).
pub fn checked_dimensions(bytes: &[u8], format: Format, limits: &ImageLimits) -> Result<(u32, u32)> {
    let (w, h) = dimensions(bytes, format)?;
    limits.check_pixels(u64::from(w), u64::from(h), WHAT)?;
    Ok((w, h))
}

/// The clockwise rotation (0, 90, 180, 270) the EXIF orientation of a photo asks for; mirrored
/// orientations (never produced by phones) are treated as their rotation part.
///
/// A TIFF's tag is read by [`super::tiff_header`], which never allocates (the `tiff` crate sizes
/// a tag's buffer from the count the file declares).
pub fn exif_rotation(bytes: &[u8], format: Format) -> u16 {
    use image::metadata::Orientation::{self, *};
    let orientation = match format {
        Format::Tiff => super::tiff_header::orientation(bytes).and_then(|v| Orientation::from_exif(u8::try_from(v).ok()?)),
        _ => {
            let Ok(r) = reader(bytes, format, None) else { return 0 };
            let Ok(mut d) = r.into_decoder() else { return 0 };
            d.orientation().ok()
        }
    };
    match orientation {
        Some(Rotate90) | Some(Rotate90FlipH) => 90,
        Some(Rotate180) | Some(FlipVertical) => 180,
        Some(Rotate270) | Some(Rotate270FlipH) => 270,
        _ => 0,
    }
}

/// Decodes the whole image at full size (its dimensions checked against the default limits
/// first).
pub fn decode_full(bytes: &[u8], format: Format) -> Result<DynamicImage> {
    decode_full_with(bytes, format, &ImageLimits::default())
}

/// [`decode_full`] under `limits`: the header's dimensions are checked before a pixel is decoded.
pub fn decode_full_with(bytes: &[u8], format: Format, limits: &ImageLimits) -> Result<DynamicImage> {
    checked_dimensions(bytes, format, limits)?;
    reader(bytes, format, Some(limits))?.decode().map_err(|e| image_error(e, WHAT, limits))
}

/// Decodes an image at least `want_w`×`want_h` (in its stored orientation) and as small as the
/// format allows: JPEG uses DCT scaling (the 8×8 blocks are decoded at 1/2, 1/4 or 1/8 size),
/// which is what makes a 24-megapixel photo open in a few tens of milliseconds. Other formats
/// are decoded whole. The result may be larger than asked; it is never resampled here.
pub fn decode_at_least(bytes: &[u8], format: Format, want_w: u32, want_h: u32) -> Result<DynamicImage> {
    decode_at_least_with(bytes, format, want_w, want_h, &ImageLimits::default())
}

/// [`decode_at_least`] under `limits` (checked on the full size the header declares).
pub fn decode_at_least_with(bytes: &[u8], format: Format, want_w: u32, want_h: u32, limits: &ImageLimits) -> Result<DynamicImage> {
    if format == Format::Jpeg {
        if let Some(img) = decode_jpeg_scaled(bytes, want_w, want_h, limits)? {
            return Ok(img);
        }
    }
    decode_full_with(bytes, format, limits)
}

/// `None` when scaling would not help (asked for more than half the size) or the JPEG's colour
/// model is one we leave to the full decoder (CMYK, 16-bit).
fn decode_jpeg_scaled(bytes: &[u8], want_w: u32, want_h: u32, limits: &ImageLimits) -> Result<Option<DynamicImage>> {
    let mut d = jpeg_decoder::Decoder::new(Cursor::new(bytes));
    d.set_max_decoding_buffer_size(usize::try_from(limits.max_alloc).unwrap_or(usize::MAX));
    d.read_info().map_err(unreadable)?;
    let Some(info) = d.info() else { return Ok(None) };
    let (w, h) = (u32::from(info.width), u32::from(info.height));
    limits.check_pixels(u64::from(w), u64::from(h), WHAT)?;
    if want_w.saturating_mul(2) > w || want_h.saturating_mul(2) > h {
        return Ok(None);
    }
    if !matches!(info.pixel_format, jpeg_decoder::PixelFormat::L8 | jpeg_decoder::PixelFormat::RGB24) {
        return Ok(None);
    }
    let clamp = |v: u32| v.clamp(1, u32::from(u16::MAX)) as u16;
    let (ow, oh) = d.scale(clamp(want_w), clamp(want_h)).map_err(unreadable)?;
    let pixels = d.decode().map_err(unreadable)?;
    let (ow, oh) = (u32::from(ow), u32::from(oh));
    let img = match info.pixel_format {
        jpeg_decoder::PixelFormat::L8 => GrayImage::from_raw(ow, oh, pixels).map(DynamicImage::ImageLuma8),
        _ => RgbImage::from_raw(ow, oh, pixels).map(DynamicImage::ImageRgb8),
    };
    img.map(Some).ok_or_else(|| unreadable("kích thước ảnh không khớp dữ liệu"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_recognised_by_their_signature_not_their_name() {
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Some(Format::Jpeg));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Some(Format::Png));
        assert_eq!(sniff(b"II*\0...."), Some(Format::Tiff));
        assert_eq!(sniff(b"%PDF-1.4\n"), Some(Format::Pdf));
        assert_eq!(sniff(b"GIF89a"), None);
    }
}
