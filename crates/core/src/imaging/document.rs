//! What a clerk attaches, split into the page images we store.
//!
//! | attached | stored |
//! |---|---|
//! | JPEG, PNG | the file byte for byte (EXIF orientation becomes the page's rotation) |
//! | TIFF (one or many pages) | one page each: PNG when grey or black-and-white, JPEG (q 90) when colour |
//! | PDF of scans | the scanner's image of each page taken out verbatim (JPEG), or as PNG when stored raw / Flate |
//! | PDF that is not a scan | rasterised at 200 dpi by `pdftoppm` when it is installed (through pipes: no temporary file); otherwise refused with a message |
//!
//! Rasterising arbitrary PDFs in pure Rust would mean a PDF renderer (pdfium, hayro, mupdf):
//! large, and pointless for registers that reach us as scans or phone photos. Scanners write one
//! image per page, which we take out unchanged — no loss, no renderer.
use super::decode::{self, Format};
use super::limits::ImageLimits;
use super::unreadable;
use crate::error::{CoreError, Result};
use image::{DynamicImage, GrayImage, ImageEncoder, RgbImage};
use std::io::Cursor;

/// One page image ready to store.
#[derive(Debug, Clone)]
pub struct ImportedPage {
    pub bytes: Vec<u8>,
    pub mime: &'static str,
    pub width: u32,
    pub height: u32,
    /// Clockwise rotation to show it upright (EXIF orientation, PDF `/Rotate`).
    pub rotation: u16,
    /// 1-based page of the attached file it came from.
    pub source_page: u32,
    /// How it was obtained: `original`, `tiff-page`, `pdf-image`, `pdf-rasterised`.
    pub how: &'static str,
}

/// Turns page `n` (1-based) of a PDF that is not a scan into a page image.
pub type Rasteriser<'a> = &'a dyn Fn(&str, &[u8], u32) -> Result<ImportedPage>;

/// Splits an attached file into page images (see the module table), under the default
/// [`ImageLimits`]; PDF pages that are not scans go to `pdftoppm`.
pub fn split_document(file_name: &str, bytes: &[u8]) -> Result<Vec<ImportedPage>> {
    split_document_with(file_name, bytes, &ImageLimits::default(), &rasterise_pdf_page)
}

/// [`split_document`] under `limits`, with `rasterise` for PDF pages that are not scans. Every
/// page's dimensions are checked from its header before it is decoded; the pages of a document
/// and the bytes they become are counted as they are split.
pub fn split_document_with(file_name: &str, bytes: &[u8], limits: &ImageLimits, rasterise: Rasteriser) -> Result<Vec<ImportedPage>> {
    let format = decode::sniff(bytes)
        .ok_or_else(|| CoreError::invalid("file", format!("“{file_name}” không phải ảnh JPEG, PNG, TIFF hay tệp PDF")))?;
    match format {
        Format::Jpeg | Format::Png => {
            let (width, height) = decode::checked_dimensions(bytes, format, limits)?;
            Ok(vec![ImportedPage {
                bytes: bytes.to_vec(),
                mime: format.mime(),
                width,
                height,
                rotation: decode::exif_rotation(bytes, format),
                source_page: 1,
                how: "original",
            }])
        }
        Format::Tiff => split_tiff(bytes, limits),
        Format::Pdf => split_pdf(file_name, bytes, limits, rasterise),
    }
}

/// Encodes a decoded page for storage: PNG for grey, JPEG q90 for colour.
pub fn encode_for_storage(img: &DynamicImage) -> Result<(Vec<u8>, &'static str)> {
    let mut out = Vec::new();
    match img {
        DynamicImage::ImageLuma8(g) => {
            image::codecs::png::PngEncoder::new(&mut out)
                .write_image(g.as_raw(), g.width(), g.height(), image::ExtendedColorType::L8)
                .map_err(unreadable)?;
            Ok((out, "image/png"))
        }
        other => {
            let rgb = other.to_rgb8();
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
                .write_image(rgb.as_raw(), rgb.width(), rgb.height(), image::ExtendedColorType::Rgb8)
                .map_err(unreadable)?;
            Ok((out, "image/jpeg"))
        }
    }
}

fn stored(img: DynamicImage, source_page: u32, rotation: u16, how: &'static str) -> Result<ImportedPage> {
    let (width, height) = (img.width(), img.height());
    let (bytes, mime) = encode_for_storage(&img)?;
    Ok(ImportedPage { bytes, mime, width, height, rotation, source_page, how })
}

fn split_tiff(bytes: &[u8], limits: &ImageLimits) -> Result<Vec<ImportedPage>> {
    use tiff::decoder::{Decoder, DecodingResult};
    use tiff::ColorType;
    let what = "tệp TIFF";
    let mut d = Decoder::new(Cursor::new(bytes)).map_err(unreadable)?.with_limits(limits.for_tiff());
    let mut out: Vec<ImportedPage> = Vec::new();
    let mut stored_bytes = 0u64;
    loop {
        let (w, h) = d.dimensions().map_err(unreadable)?;
        let page = out.len() as u32 + 1;
        limits.check_pages(u64::from(page), what)?;
        limits.check_pixels(u64::from(w), u64::from(h), &format!("trang {page} của tệp TIFF"))?;
        let ct = d.colortype().map_err(unreadable)?;
        let data = d.read_image().map_err(|e| match e {
            tiff::TiffError::LimitsExceeded => super::limits::decoder_memory(&format!("trang {page} của tệp TIFF"), limits),
            other => unreadable(other),
        })?;
        let bad = || unreadable(format!("trang {page} của tệp TIFF có kiểu màu không hỗ trợ ({ct:?})"));
        let img = match (ct, data) {
            (ColorType::Gray(1), DecodingResult::U8(v)) => {
                let row = w.div_ceil(8) as usize;
                let mut g = GrayImage::new(w, h);
                for (y, line) in v.chunks(row).take(h as usize).enumerate() {
                    for x in 0..w as usize {
                        let bit = (line[x / 8] >> (7 - (x % 8))) & 1;
                        g.put_pixel(x as u32, y as u32, image::Luma([if bit == 1 { 255 } else { 0 }]));
                    }
                }
                DynamicImage::ImageLuma8(g)
            }
            (ColorType::Gray(8), DecodingResult::U8(v)) => DynamicImage::ImageLuma8(GrayImage::from_raw(w, h, v).ok_or_else(bad)?),
            (ColorType::Gray(16), DecodingResult::U16(v)) => {
                DynamicImage::ImageLuma8(GrayImage::from_raw(w, h, v.into_iter().map(|x| (x >> 8) as u8).collect()).ok_or_else(bad)?)
            }
            (ColorType::RGB(8), DecodingResult::U8(v)) => DynamicImage::ImageRgb8(RgbImage::from_raw(w, h, v).ok_or_else(bad)?),
            (ColorType::RGBA(8), DecodingResult::U8(v)) => DynamicImage::ImageRgba8(image::RgbaImage::from_raw(w, h, v).ok_or_else(bad)?),
            (ColorType::GrayA(8), DecodingResult::U8(v)) => {
                DynamicImage::ImageLuma8(GrayImage::from_raw(w, h, v.chunks(2).map(|p| p[0]).collect()).ok_or_else(bad)?)
            }
            _ => return Err(bad()),
        };
        let p = stored(img, page, 0, "tiff-page")?;
        stored_bytes += p.bytes.len() as u64;
        limits.check_output(stored_bytes, what)?;
        out.push(p);
        if !d.more_images() {
            break;
        }
        d.next_image().map_err(unreadable)?;
    }
    Ok(out)
}

fn split_pdf(file_name: &str, bytes: &[u8], limits: &ImageLimits, rasterise: Rasteriser) -> Result<Vec<ImportedPage>> {
    let what = format!("tệp PDF “{file_name}”");
    let options = lopdf::LoadOptions {
        max_decompressed_size: Some(usize::try_from(limits.max_pdf_stream_bytes).unwrap_or(usize::MAX)),
        ..Default::default()
    };
    let doc = lopdf::Document::load_mem_with_options(bytes, options).map_err(|e| match e {
        lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. }) => {
            limits.check_output(limits.max_pdf_stream_bytes.saturating_add(1), &what).unwrap_err()
        }
        e => unreadable(format!("{what} hỏng hoặc có mật khẩu ({e})")),
    })?;
    let pages = doc.get_pages();
    if pages.is_empty() {
        return Err(CoreError::invalid("file", format!("{what} không có trang nào")));
    }
    limits.check_pages(pages.len() as u64, &what)?;
    let mut out: Vec<ImportedPage> = Vec::with_capacity(pages.len());
    let mut stored_bytes = 0u64;
    for (no, id) in pages {
        let rotation = pdf_page_rotation(&doc, id);
        let page = match pdf_page_image(&doc, id, no, limits)? {
            Some(img) => ImportedPage { rotation, source_page: no, ..img },
            None => ImportedPage { rotation, ..rasterise(file_name, bytes, no)? },
        };
        stored_bytes += page.bytes.len() as u64;
        limits.check_output(stored_bytes, &what)?;
        out.push(page);
    }
    Ok(out)
}

/// `/Rotate` of a page (inherited from the page tree), as 0/90/180/270.
fn pdf_page_rotation(doc: &lopdf::Document, page: lopdf::ObjectId) -> u16 {
    let mut node = doc.get_dictionary(page).ok();
    for _ in 0..32 {
        let Some(dict) = node else { break };
        if let Ok(r) = dict.get(b"Rotate").and_then(|o| o.as_i64()) {
            return (r.rem_euclid(360) / 90 * 90) as u16;
        }
        node = dict.get(b"Parent").and_then(|p| p.as_reference()).and_then(|id| doc.get_dictionary(id)).ok();
    }
    0
}

/// The page's scan, when the page is essentially one image (what scanners and phone apps write);
/// `None` when the page is something else (left to the rasteriser). An image past the limits is
/// refused from the sizes its dictionary or JPEG header declares, before it is decoded.
fn pdf_page_image(doc: &lopdf::Document, page: lopdf::ObjectId, no: u32, limits: &ImageLimits) -> Result<Option<ImportedPage>> {
    let Ok(images) = doc.get_page_images(page) else { return Ok(None) };
    let Some(img) = images.iter().max_by_key(|i| i.width.saturating_mul(i.height)) else { return Ok(None) };
    if img.width < 200 || img.height < 200 {
        return Ok(None);
    }
    let what = format!("ảnh trang {no} của tệp PDF");
    limits.check_pixels(img.width as u64, img.height as u64, &what)?;
    Ok(pdf_scan(doc, img, limits))
}

fn pdf_scan(doc: &lopdf::Document, img: &lopdf::xobject::PdfImage, limits: &ImageLimits) -> Option<ImportedPage> {
    let filters: Vec<&str> = img.filters.iter().flatten().map(String::as_str).collect();
    match filters.as_slice() {
        ["DCTDecode"] => {
            let bytes = img.content.to_vec();
            if decode::sniff(&bytes) != Some(Format::Jpeg) {
                return None;
            }
            // CMYK scans (Adobe-inverted) are left to the rasteriser.
            if img.color_space.as_deref() == Some("DeviceCMYK") {
                return None;
            }
            let (width, height) = decode::checked_dimensions(&bytes, Format::Jpeg, limits).ok()?;
            Some(ImportedPage { bytes, mime: "image/jpeg", width, height, rotation: 0, source_page: 0, how: "pdf-image" })
        }
        [] | ["FlateDecode"] => {
            let stream = doc.get_object(img.id).ok()?.as_stream().ok()?;
            if stream.dict.get(b"DecodeParms").is_ok() || stream.dict.get(b"Decode").is_ok() {
                return None;
            }
            let (w, h) = (u32::try_from(img.width).ok()?, u32::try_from(img.height).ok()?);
            let px = (w as usize) * (h as usize);
            // An 8-bit RGB image is the largest this reads: never inflate more than that.
            let raw = if filters.is_empty() { stream.content.clone() } else { stream.decompressed_content_with_limit(px * 3).ok()? };
            let decoded = match (img.bits_per_component, raw.len()) {
                (Some(8), n) if n == px => DynamicImage::ImageLuma8(GrayImage::from_raw(w, h, raw).unwrap()),
                (Some(8), n) if n == px * 3 => DynamicImage::ImageRgb8(RgbImage::from_raw(w, h, raw).unwrap()),
                (Some(1), n) if n == (w as usize).div_ceil(8) * h as usize => {
                    let row = (w as usize).div_ceil(8);
                    let mut g = GrayImage::new(w, h);
                    for (y, line) in raw.chunks(row).enumerate() {
                        for x in 0..w as usize {
                            let bit = (line[x / 8] >> (7 - (x % 8))) & 1;
                            g.put_pixel(x as u32, y as u32, image::Luma([if bit == 1 { 255 } else { 0 }]));
                        }
                    }
                    DynamicImage::ImageLuma8(g)
                }
                _ => return None,
            };
            stored(decoded, 0, 0, "pdf-image").ok()
        }
        _ => None,
    }
}

/// Largest image `pdftoppm` may hand back for one page (200 dpi A3 JPEG is a few MB).
const MAX_RASTERISED_BYTES: u64 = 64 * 1024 * 1024;

/// Rasterises one page with poppler's `pdftoppm` (200 dpi, JPEG q90). The PDF goes to its stdin
/// and the JPEG comes back on its stdout: no copy of the scan is ever written to a file outside
/// the encrypted store (issue 13 §4; poppler keeps a PDF read from stdin in memory).
fn rasterise_pdf_page(file_name: &str, bytes: &[u8], page: u32) -> Result<ImportedPage> {
    use std::io::{Read, Write};
    use std::process::{Command, Stdio};
    let not_a_scan = || {
        CoreError::invalid(
            "file",
            format!(
                "trang {page} của tệp PDF “{file_name}” không phải ảnh quét và máy này chưa có công cụ chuyển PDF thành ảnh (pdftoppm). \
                 Hãy xuất các trang thành ảnh JPEG rồi đính kèm ảnh."
            ),
        )
    };
    let mut child = Command::new("pdftoppm")
        .args(["-r", "200", "-jpeg", "-jpegopt", "quality=90", "-singlefile", "-f", &page.to_string(), "-l", &page.to_string(), "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|_| not_a_scan())?;
    let mut stdin = child.stdin.take().expect("piped stdin");
    let mut stdout = child.stdout.take().expect("piped stdout");
    let jpeg = std::thread::scope(|scope| {
        // Written from another thread: pdftoppm may start writing before it has read everything.
        let writer = scope.spawn(move || {
            let _ = stdin.write_all(bytes);
        });
        let mut jpeg = Vec::new();
        let read = stdout.by_ref().take(MAX_RASTERISED_BYTES + 1).read_to_end(&mut jpeg);
        let _ = writer.join();
        read.map(|_| jpeg)
    });
    let status = child.wait()?;
    let jpeg = jpeg?;
    if !status.success() || jpeg.is_empty() || jpeg.len() as u64 > MAX_RASTERISED_BYTES {
        return Err(unreadable(format!("trang {page} của tệp PDF “{file_name}”")));
    }
    let (width, height) = decode::dimensions(&jpeg, Format::Jpeg)?;
    Ok(ImportedPage { bytes: jpeg, mime: "image/jpeg", width, height, rotation: 0, source_page: page, how: "pdf-rasterised" })
}

/// A file of a folder of scans (phone photos copied to the computer, a scanner's output).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScanFile {
    pub path: String,
    pub name: String,
    pub size_bytes: u64,
}

const SCAN_EXTENSIONS: [&str; 6] = ["jpg", "jpeg", "png", "tif", "tiff", "pdf"];

/// The image and PDF files of a folder (not its sub-folders), in natural name order
/// (`IMG_2.jpg` before `IMG_10.jpg`) — the order phones and scanners number their files.
pub fn list_scan_files(dir: &std::path::Path) -> Result<Vec<ScanFile>> {
    let entries = std::fs::read_dir(dir).map_err(|_| CoreError::NotFound(format!("thư mục “{}”", dir.display())))?;
    let mut out = Vec::new();
    for e in entries.flatten() {
        let path = e.path();
        let Ok(meta) = e.metadata() else { continue };
        let ext = path.extension().and_then(|x| x.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
        if !meta.is_file() || !SCAN_EXTENSIONS.contains(&ext.as_str()) {
            continue;
        }
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        out.push(ScanFile { path: path.display().to_string(), name, size_bytes: meta.len() });
    }
    out.sort_by_cached_key(|f| natural_key(&f.name));
    Ok(out)
}

/// Sort key that orders runs of digits by their value.
fn natural_key(s: &str) -> Vec<(String, u64)> {
    let mut key = Vec::new();
    let mut text = String::new();
    let lower = s.to_lowercase();
    let mut chars = lower.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() {
            let mut n = c.to_digit(10).unwrap_or(0) as u64;
            while let Some(d) = chars.peek().and_then(|d| d.to_digit(10)) {
                n = n.saturating_mul(10).saturating_add(d as u64);
                chars.next();
            }
            key.push((std::mem::take(&mut text), n));
        } else {
            text.push(c);
        }
    }
    key.push((text, 0));
    key
}

/// Largest file attached in one go (a whole book as one PDF fits).
pub const MAX_ATTACH_BYTES: u64 = 1 << 30;

/// Reads a file the clerk chose, refusing what is not a scan or is absurdly large.
pub fn read_scan_file(path: &std::path::Path) -> Result<(String, Vec<u8>)> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string());
    let meta = std::fs::metadata(path).map_err(|_| CoreError::NotFound(format!("tệp “{}”", path.display())))?;
    if !meta.is_file() {
        return Err(CoreError::invalid("file", format!("“{name}” không phải là tệp")));
    }
    if meta.len() > MAX_ATTACH_BYTES {
        return Err(CoreError::invalid("file", format!("“{name}” lớn hơn 1 GB")));
    }
    Ok((name, std::fs::read(path)?))
}

#[cfg(test)]
mod tests {
    use super::natural_key;

    #[test]
    fn phone_photo_names_sort_by_their_number() {
        let mut names = vec!["IMG_10.jpg", "IMG_2.jpg", "img_1.JPG", "scan-003.pdf", "IMG_2a.jpg"];
        names.sort_by_key(|n| natural_key(n));
        assert_eq!(names, vec!["img_1.JPG", "IMG_2.jpg", "IMG_2a.jpg", "IMG_10.jpg", "scan-003.pdf"]);
    }
}
