//! The viewer's pipeline: stored page → pixels for the webview, at the size the screen needs.
//!
//! decode at reduced size → resample to the target → cache → rotate → deskew → enhance →
//! brightness/contrast → threshold → encode (JPEG q85; PNG when black and white). Only the
//! decoded, resampled base is cached: moving a slider re-runs the cheap steps.
//!
//! "Decode at reduced size" has two levels. Every page gets a **preview** once, in the
//! background after it is attached: the page at most [`PREVIEW_SIDE`] px (JPEG q85, a few
//! hundred kB, stored encrypted beside the page). Screens and zoom up to about 3× are drawn from
//! it in a few tens of milliseconds. Deeper zoom, and a page whose preview is not made yet, are
//! decoded from the stored photo itself with JPEG DCT scaling (1/2, 1/4, 1/8).
use super::adjust::{self, Adjust};
use super::decode::{self, Format};
use super::deskew;
use super::pages::PageSource;
use super::unreadable;
use crate::error::Result;
use image::{DynamicImage, ImageEncoder};
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// What the viewer asks for: the box the page must fit in (device pixels) and the adjustments.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ViewRequest {
    pub max_width: u32,
    pub max_height: u32,
    #[serde(default)]
    pub adjust: Adjust,
}

/// Largest side we ever send to the webview (deep zoom gets at most this).
pub const MAX_SIDE: u32 = 8192;

/// An encoded view of a page, with what the viewer needs to know about it.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Rendered {
    #[serde(skip)]
    pub bytes: Vec<u8>,
    pub mime: &'static str,
    /// Size of the encoded image (as displayed: rotation applied).
    pub width: u32,
    pub height: u32,
    /// Size of the stored page image (stored orientation).
    pub source_width: u32,
    pub source_height: u32,
    pub rotation: u16,
    /// Skew corrected, in degrees (0 when deskew is off or the page is straight).
    pub skew_deg: f32,
    /// The decoded base came from the cache.
    pub cached: bool,
    /// Drawn from the stored preview (else from the photo itself).
    pub from_preview: bool,
    /// Time spent in `render`, milliseconds.
    pub millis: f64,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct CacheKey {
    sha256: String,
    width: u32,
    height: u32,
}

/// Memory the cache may hold (the most recent page is always kept).
const MAX_CACHE_BYTES: usize = 192 << 20;

/// A small least-recently-used cache of decoded, resampled pages (shared by the app's windows).
pub struct ViewCache {
    entries: Mutex<VecDeque<(CacheKey, Arc<DynamicImage>)>>,
    capacity: usize,
}

impl ViewCache {
    pub fn new(capacity: usize) -> Self {
        ViewCache { entries: Mutex::new(VecDeque::new()), capacity: capacity.max(1) }
    }

    fn get(&self, key: &CacheKey) -> Option<Arc<DynamicImage>> {
        let mut e = self.entries.lock().ok()?;
        let i = e.iter().position(|(k, _)| k == key)?;
        let hit = e.remove(i)?;
        let img = hit.1.clone();
        e.push_front(hit);
        Some(img)
    }

    fn put(&self, key: CacheKey, img: Arc<DynamicImage>) {
        if let Ok(mut e) = self.entries.lock() {
            e.retain(|(k, _)| *k != key);
            e.push_front((key, img));
            e.truncate(self.capacity);
            // Deep zoom decodes whole photos (72 MB for 4000×6000 RGB): bound the memory too.
            let mut total: usize = e.iter().map(|(_, i)| i.as_bytes().len()).sum();
            while total > MAX_CACHE_BYTES && e.len() > 1 {
                if let Some((_, old)) = e.pop_back() {
                    total -= old.as_bytes().len();
                }
            }
        }
    }

    /// Whether a page at this exact target size is cached (for tests and the benchmark).
    pub fn len(&self) -> usize {
        self.entries.lock().map(|e| e.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn clear(&self) {
        if let Ok(mut e) = self.entries.lock() {
            e.clear();
        }
    }
}

/// Size (stored orientation) that makes the displayed page fit `max_w`×`max_h`, never upscaled.
pub fn target_size(src_w: u32, src_h: u32, rotation: u16, max_w: u32, max_h: u32) -> (u32, u32) {
    let (dw, dh) = if rotation % 180 == 90 { (src_h, src_w) } else { (src_w, src_h) };
    let max_w = max_w.clamp(16, MAX_SIDE);
    let max_h = max_h.clamp(16, MAX_SIDE);
    let s = (f64::from(max_w) / f64::from(dw)).min(f64::from(max_h) / f64::from(dh)).min(1.0);
    (((f64::from(src_w) * s).round() as u32).max(1), ((f64::from(src_h) * s).round() as u32).max(1))
}

fn base_image(bytes: &[u8], format: Format, tw: u32, th: u32) -> Result<DynamicImage> {
    let img = decode::decode_at_least(bytes, format, tw, th)?;
    if img.width() <= tw && img.height() <= th {
        return Ok(img);
    }
    // Area averaging (integer, fast): as sharp as a triangle filter when shrinking, and several
    // times faster on the megapixels of a photo.
    Ok(img.thumbnail_exact(tw, th))
}

/// Largest side of the stored preview (covers a 1366×768 screen at 2× zoom, or HiDPI).
pub const PREVIEW_SIDE: u32 = 2000;

/// Size of the preview of a `w`×`h` page (stored orientation).
pub fn preview_size(w: u32, h: u32) -> (u32, u32) {
    target_size(w, h, 0, PREVIEW_SIDE, PREVIEW_SIDE)
}

/// Which stored image a render needs when it was not given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Want {
    Preview,
    Original,
}

/// Makes the stored preview of a page photo: at most [`PREVIEW_SIDE`] px, JPEG q85 (grey
/// pages stay grey). Unrotated: turning a page does not change it.
pub fn make_preview(bytes: &[u8], mime: &str) -> Result<Vec<u8>> {
    let format = Format::from_mime(mime).filter(|f| *f != Format::Pdf).ok_or_else(|| unreadable(mime))?;
    let (w, h) = decode::dimensions(bytes, format)?;
    let (pw, ph) = preview_size(w, h);
    encode_jpeg(&base_image(bytes, format, pw, ph)?, 85)
}

/// Renders a page for the viewer (see the module docs for the steps) from a source that holds
/// its bytes (and its preview, if any).
pub fn render(src: &PageSource, req: &ViewRequest, cache: Option<&ViewCache>) -> Result<Rendered> {
    render_with(src, req, cache, |_| Err(unreadable("ảnh chưa được đọc")))
}

/// [`render`] for a source that may hold neither its bytes nor its preview
/// (`crate::imaging::pages::page_meta`): what is needed is read with `load`, and only when the decoded page is
/// not in the cache, so moving a slider never reads the stored photo again.
pub fn render_with(
    src: &PageSource,
    req: &ViewRequest,
    cache: Option<&ViewCache>,
    mut load: impl FnMut(Want) -> Result<Vec<u8>>,
) -> Result<Rendered> {
    let started = Instant::now();
    let format = Format::from_mime(&src.mime).filter(|f| *f != Format::Pdf).ok_or_else(|| unreadable(&src.mime))?;
    let mut original: Option<Vec<u8>> = None;
    let (sw, sh) = match (src.width, src.height) {
        (Some(w), Some(h)) if w > 0 && h > 0 => (w, h),
        _ if !src.bytes.is_empty() => decode::dimensions(&src.bytes, format)?,
        _ => {
            let b = load(Want::Original)?;
            let d = decode::dimensions(&b, format)?;
            original = Some(b);
            d
        }
    };
    let (tw, th) = target_size(sw, sh, src.rotation, req.max_width, req.max_height);
    let (pw, ph) = preview_size(sw, sh);
    let use_preview = src.has_preview && tw <= pw && th <= ph;
    let key = CacheKey { sha256: src.sha256.clone(), width: tw, height: th };
    let (base, cached) = match cache.and_then(|c| c.get(&key)) {
        Some(img) => (img, true),
        None => {
            let img = if use_preview {
                let loaded;
                let preview = match &src.preview {
                    Some(p) => p.as_slice(),
                    None => {
                        loaded = load(Want::Preview)?;
                        loaded.as_slice()
                    }
                };
                base_image(preview, Format::Jpeg, tw, th)?
            } else if !src.bytes.is_empty() {
                base_image(&src.bytes, format, tw, th)?
            } else {
                let b = match original.take() {
                    Some(b) => b,
                    None => load(Want::Original)?,
                };
                base_image(&b, format, tw, th)?
            };
            let img = Arc::new(img);
            if let Some(c) = cache {
                c.put(key, img.clone());
            }
            (img, false)
        }
    };
    let adjust = req.adjust.clamped();
    let mut img = match src.rotation {
        90 => base.rotate90(),
        180 => base.rotate180(),
        270 => base.rotate270(),
        _ => (*base).clone(),
    };
    if adjust.wants_gray() {
        img = DynamicImage::ImageLuma8(img.to_luma8());
    }
    let mut skew_deg = 0.0;
    if adjust.deskew {
        skew_deg = deskew::estimate_skew(&img.to_luma8());
        img = deskew::straighten(&img, skew_deg);
    }
    if adjust.enhance {
        img = DynamicImage::ImageLuma8(adjust::enhance_faded_ink(&img.to_luma8()));
    }
    if adjust.brightness != 0 || adjust.contrast != 0 {
        adjust::apply_lut(&mut img, &adjust::brightness_contrast_lut(adjust.brightness, adjust.contrast));
    }
    let (bytes, mime) = match adjust.threshold {
        Some(t) => {
            let mut g = img.to_luma8();
            let level = if t == 0 { adjust::otsu_level(&g) } else { t };
            adjust::threshold(&mut g, level);
            img = DynamicImage::ImageLuma8(g);
            (encode_png(&img)?, "image/png")
        }
        None => (encode_jpeg(&img, 85)?, "image/jpeg"),
    };
    Ok(Rendered {
        bytes,
        mime,
        width: img.width(),
        height: img.height(),
        source_width: sw,
        source_height: sh,
        rotation: src.rotation,
        skew_deg,
        cached,
        from_preview: use_preview,
        millis: started.elapsed().as_secs_f64() * 1000.0,
    })
}

/// A small JPEG of the page, upright (for page lists): drawn from the preview when the source
/// holds one (a few milliseconds), else from the photo.
pub fn thumbnail(src: &PageSource, max_side: u32) -> Result<Vec<u8>> {
    let (bytes, format) = match &src.preview {
        Some(p) => (p.as_slice(), Format::Jpeg),
        None => (src.bytes.as_slice(), Format::from_mime(&src.mime).ok_or_else(|| unreadable(&src.mime))?),
    };
    let (sw, sh) = decode::dimensions(bytes, format)?;
    let (tw, th) = target_size(sw, sh, src.rotation, max_side, max_side);
    let base = base_image(bytes, format, tw, th)?;
    let img = match src.rotation {
        90 => base.rotate90(),
        180 => base.rotate180(),
        270 => base.rotate270(),
        _ => base,
    };
    encode_jpeg(&img, 72)
}

pub fn encode_jpeg(img: &DynamicImage, quality: u8) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity((img.width() * img.height() / 4) as usize);
    let enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality);
    match img {
        DynamicImage::ImageLuma8(g) => enc.write_image(g.as_raw(), g.width(), g.height(), image::ExtendedColorType::L8),
        DynamicImage::ImageRgb8(c) => enc.write_image(c.as_raw(), c.width(), c.height(), image::ExtendedColorType::Rgb8),
        other => {
            let c = other.to_rgb8();
            enc.write_image(c.as_raw(), c.width(), c.height(), image::ExtendedColorType::Rgb8)
        }
    }
    .map_err(unreadable)?;
    Ok(out)
}

fn encode_png(img: &DynamicImage) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let g = img.to_luma8();
    image::codecs::png::PngEncoder::new_with_quality(
        &mut out,
        image::codecs::png::CompressionType::Fast,
        image::codecs::png::FilterType::Sub,
    )
    .write_image(g.as_raw(), g.width(), g.height(), image::ExtendedColorType::L8)
    .map_err(unreadable)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_target_fits_the_box_in_display_orientation_and_never_upscales() {
        assert_eq!(target_size(4000, 6000, 0, 700, 700), (467, 700));
        assert_eq!(target_size(4000, 6000, 90, 1000, 700), (667, 1000), "turned a quarter: the long side lies across");
        assert_eq!(target_size(400, 600, 0, 7000, 7000), (400, 600));
    }
}
