//! One PDF per entry from its page image(s): the JPEG is embedded as is (`/DCTDecode`) on an A4
//! page, after being brought to about 100 kB per page (domain.md §2.2): JPEGs already within
//! budget pass through untouched; others are downscaled to A4 at 150 dpi (1240 × 1754) and
//! re-encoded, lowering the quality until they fit.
//!
//! PDF crate: `lopdf` — a long-maintained, low-level PDF object model. Our PDFs are a page tree of
//! image XObjects and a two-operator content stream; lopdf lets us embed the JPEG bytes
//! unchanged (no decode/re-encode in the PDF layer, no font machinery), which a higher-level
//! layout crate (printpdf, itself built on lopdf) would only add weight to.
use crate::error::{CoreError, Result};
use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;
use image::DynamicImage;
use lopdf::content::{Content, Operation};
use lopdf::{dictionary, Document, Object, Stream};

/// Target size of one page image, and the most we accept without recompressing.
pub const TARGET_BYTES: usize = 100 * 1024;
pub const PASS_THROUGH_MAX: usize = 140 * 1024;
/// A4 at 150 dpi.
const MAX_W: u32 = 1240;
const MAX_H: u32 = 1754;

/// A page image ready for the PDF.
#[derive(Debug, Clone)]
pub struct PdfImage {
    pub jpeg: Vec<u8>,
    pub width: u32,
    pub height: u32,
    pub components: u8,
}

/// Width, height and number of colour components from a JPEG's SOF marker.
pub fn jpeg_info(bytes: &[u8]) -> Option<(u32, u32, u8)> {
    if bytes.len() < 4 || bytes[0] != 0xFF || bytes[1] != 0xD8 {
        return None;
    }
    let mut i = 2;
    while i + 9 < bytes.len() {
        if bytes[i] != 0xFF {
            return None;
        }
        let marker = bytes[i + 1];
        if marker == 0xFF {
            i += 1;
            continue;
        }
        let len = u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]) as usize;
        let is_sof = (0xC0..=0xCF).contains(&marker) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
        if is_sof {
            let h = u16::from_be_bytes([bytes[i + 5], bytes[i + 6]]) as u32;
            let w = u16::from_be_bytes([bytes[i + 7], bytes[i + 8]]) as u32;
            let c = bytes[i + 9];
            return Some((w, h, c));
        }
        i += 2 + len;
    }
    None
}

/// Brings a page image (JPEG, PNG or TIFF) to about [`TARGET_BYTES`] as a baseline JPEG.
pub fn prepare_page(mime: &str, bytes: &[u8]) -> Result<PdfImage> {
    if mime == "image/jpeg" && bytes.len() <= PASS_THROUGH_MAX {
        if let Some((w, h, c)) = jpeg_info(bytes) {
            if w.max(h) <= MAX_H && (c == 1 || c == 3) {
                return Ok(PdfImage { jpeg: bytes.to_vec(), width: w, height: h, components: c });
            }
        }
    }
    // A stored page may have come in a package from another workspace: decoded under the same
    // pixel limits as the viewer (imaging::ImageLimits), checked from its header first.
    let format = crate::imaging::decode::Format::from_mime(mime)
        .filter(|f| *f != crate::imaging::decode::Format::Pdf)
        .ok_or_else(|| CoreError::invalid("ảnh", format!("không đưa được ảnh {mime} vào PDF")))?;
    let img = crate::imaging::decode::decode_full(bytes, format)?;
    let gray = matches!(img.color(), image::ColorType::L8 | image::ColorType::L16 | image::ColorType::La8 | image::ColorType::La16);
    let (w, h) = (img.width(), img.height());
    let (bw, bh) = if w > h { (MAX_H, MAX_W) } else { (MAX_W, MAX_H) };
    let mut img: DynamicImage = if w > bw || h > bh { img.resize(bw, bh, FilterType::Triangle) } else { img };
    img = if gray { DynamicImage::ImageLuma8(img.to_luma8()) } else { DynamicImage::ImageRgb8(img.to_rgb8()) };
    let mut best = Vec::new();
    'outer: for step in 0..5 {
        if step > 0 {
            let (nw, nh) = ((img.width() * 4 / 5).max(1), (img.height() * 4 / 5).max(1));
            img = img.resize_exact(nw, nh, FilterType::Triangle);
        }
        for quality in [75u8, 60, 50, 40] {
            let mut out = Vec::new();
            JpegEncoder::new_with_quality(&mut out, quality).encode_image(&img).map_err(|e| CoreError::Internal(format!("jpeg: {e}")))?;
            best = out;
            if best.len() <= TARGET_BYTES + TARGET_BYTES / 5 {
                break 'outer;
            }
        }
    }
    Ok(PdfImage { jpeg: best, width: img.width(), height: img.height(), components: if gray { 1 } else { 3 } })
}

/// A PDF with one A4 page per image (portrait or landscape to match the image), each image
/// fitted to the page. `title` goes into the document info (no personal data: the file name).
pub fn build_pdf(images: &[PdfImage], title: &str) -> Result<Vec<u8>> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let mut kids = Vec::new();
    for img in images {
        let (pw, ph) = if img.width > img.height { (841.89f32, 595.28f32) } else { (595.28f32, 841.89f32) };
        let scale = (pw / img.width as f32).min(ph / img.height as f32);
        let (dw, dh) = (img.width as f32 * scale, img.height as f32 * scale);
        let (x, y) = ((pw - dw) / 2.0, (ph - dh) / 2.0);
        let image = Stream::new(
            dictionary! {
                "Type" => "XObject",
                "Subtype" => "Image",
                "Width" => img.width as i64,
                "Height" => img.height as i64,
                "ColorSpace" => if img.components == 1 { "DeviceGray" } else { "DeviceRGB" },
                "BitsPerComponent" => 8,
                "Filter" => "DCTDecode",
            },
            img.jpeg.clone(),
        )
        .with_compression(false);
        let image_id = doc.add_object(image);
        let content = Content {
            operations: vec![
                Operation::new("q", vec![]),
                Operation::new("cm", vec![dw.into(), 0.into(), 0.into(), dh.into(), x.into(), y.into()]),
                Operation::new("Do", vec![Object::Name(b"Im0".to_vec())]),
                Operation::new("Q", vec![]),
            ],
        };
        let content_id =
            doc.add_object(Stream::new(dictionary! {}, content.encode().map_err(|e| CoreError::Internal(format!("pdf: {e}")))?));
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "MediaBox" => vec![0.into(), 0.into(), pw.into(), ph.into()],
            "Contents" => content_id,
            "Resources" => dictionary! { "XObject" => dictionary! { "Im0" => image_id } },
        });
        kids.push(page_id.into());
    }
    let count = kids.len() as i64;
    doc.objects.insert(pages_id, Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }));
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    let info_id = doc.add_object(dictionary! {
        "Title" => Object::string_literal(title),
        "Producer" => Object::string_literal(format!("sohoa {}", env!("CARGO_PKG_VERSION"))),
    });
    doc.trailer.set("Root", catalog_id);
    doc.trailer.set("Info", info_id);
    let mut out = Vec::new();
    doc.save_to(&mut out).map_err(|e| CoreError::Internal(format!("pdf: {e}")))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A scan-like page: warm paper with slight grain and lines of dark "handwriting".
    fn jpeg(w: u32, h: u32, q: u8) -> Vec<u8> {
        let img = image::RgbImage::from_fn(w, h, |x, y| {
            let grain = ((x.wrapping_mul(2654435761) ^ y.wrapping_mul(40503)) >> 13) % 9;
            let ink = (y / 12) % 5 == 0 && (x / 7 + y / 3) % 11 < 7 && x > w / 10 && x < w * 9 / 10;
            if ink {
                image::Rgb([40, 40, 70])
            } else {
                image::Rgb([236 - grain as u8, 228 - grain as u8, 205 - grain as u8])
            }
        });
        let mut out = Vec::new();
        JpegEncoder::new_with_quality(&mut out, q).encode_image(&DynamicImage::ImageRgb8(img)).unwrap();
        out
    }

    #[test]
    fn a_small_jpeg_passes_through_and_its_size_is_read_from_the_header() {
        let j = jpeg(300, 420, 70);
        assert_eq!(jpeg_info(&j), Some((300, 420, 3)));
        let p = prepare_page("image/jpeg", &j).unwrap();
        assert_eq!(p.jpeg, j);
    }

    #[test]
    fn a_large_scan_is_brought_near_one_hundred_kilobytes() {
        let j = jpeg(2480, 3508, 95);
        assert!(j.len() > PASS_THROUGH_MAX);
        let p = prepare_page("image/jpeg", &j).unwrap();
        assert!(p.width <= MAX_W && p.height <= MAX_H);
        assert!(p.jpeg.len() <= TARGET_BYTES * 6 / 5, "{} bytes", p.jpeg.len());
    }
}
