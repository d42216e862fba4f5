//! Files a clerk might attach, made on the fly for the imaging tests (no real data).
#![allow(dead_code)]
use image::{ImageEncoder, RgbImage};
use lopdf::{dictionary, Document, Object, Stream};
use sohoa_core::imaging::synthetic::{register_page, register_page_jpeg, PageSpec};

/// A JPEG page photo of `w`×`h`.
pub fn jpeg(w: u32, h: u32, seed: u64) -> Vec<u8> {
    register_page_jpeg(PageSpec { width: w, height: h, seed, ..PageSpec::default() })
}

/// A JPEG whose EXIF says how to turn it (6 = rotate 90° clockwise, as phones held upright write).
pub fn jpeg_with_orientation(w: u32, h: u32, orientation: u16) -> Vec<u8> {
    let img = register_page(PageSpec { width: w, height: h, ..PageSpec::default() });
    // A minimal big-endian TIFF with one IFD entry: Orientation (0x0112), SHORT, 1 value.
    let mut exif = b"MM\0*\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01".to_vec();
    exif.extend_from_slice(&orientation.to_be_bytes());
    exif.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
    let mut out = Vec::new();
    let mut enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85);
    enc.set_exif_metadata(exif).unwrap();
    enc.write_image(img.as_raw(), w, h, image::ExtendedColorType::Rgb8).unwrap();
    out
}

pub fn png(w: u32, h: u32) -> Vec<u8> {
    let img = register_page(PageSpec { width: w, height: h, ..PageSpec::default() });
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out).write_image(img.as_raw(), w, h, image::ExtendedColorType::Rgb8).unwrap();
    out
}

/// A TIFF with `pages` pages: grey ones, and a colour one in the middle.
pub fn multi_page_tiff(pages: u32) -> Vec<u8> {
    use tiff::encoder::{colortype, TiffEncoder};
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut enc = TiffEncoder::new(&mut out).unwrap();
        for p in 0..pages {
            let rgb: RgbImage = register_page(PageSpec { width: 300, height: 420, seed: u64::from(p) + 7, ..PageSpec::default() });
            if p == 1 {
                enc.write_image::<colortype::RGB8>(300, 420, rgb.as_raw()).unwrap();
            } else {
                let grey = image::DynamicImage::ImageRgb8(rgb).to_luma8();
                enc.write_image::<colortype::Gray8>(300, 420, grey.as_raw()).unwrap();
            }
        }
    }
    out.into_inner()
}

/// A PDF as scanners write it: one JPEG image per page, drawn full page.
pub fn scanned_pdf(jpegs: &[Vec<u8>]) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let mut kids: Vec<Object> = vec![];
    for (i, j) in jpegs.iter().enumerate() {
        let (w, h) = image::ImageReader::with_format(std::io::Cursor::new(j), image::ImageFormat::Jpeg).into_dimensions().unwrap();
        let img = Stream::new(
            dictionary! {"Type" => "XObject", "Subtype" => "Image", "Width" => w as i64, "Height" => h as i64,
            "ColorSpace" => "DeviceRGB", "BitsPerComponent" => 8, "Filter" => "DCTDecode"},
            j.clone(),
        );
        let img_id = doc.add_object(img);
        let content = doc.add_object(Stream::new(dictionary! {}, format!("q {w} 0 0 {h} 0 0 cm /Im{i} Do Q").into_bytes()));
        let page = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content,
            "MediaBox" => vec![0.into(), 0.into(), (w as i64).into(), (h as i64).into()],
            "Resources" => dictionary! { "XObject" => dictionary! { format!("Im{i}") => img_id } },
        });
        kids.push(page.into());
    }
    let count = kids.len() as i64;
    doc.objects.insert(pages_id, Object::Dictionary(dictionary! {"Type" => "Pages", "Kids" => kids, "Count" => count}));
    let catalog = doc.add_object(dictionary! {"Type" => "Catalog", "Pages" => pages_id});
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

/// A PDF with text only (a typed document, not a scan).
pub fn text_pdf() -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font = doc.add_object(dictionary! {"Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica"});
    let content = doc.add_object(Stream::new(dictionary! {}, b"BT /F1 24 Tf 72 700 Td (So dang ky khai sinh) Tj ET".to_vec()));
    let page = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
    });
    doc.objects.insert(pages_id, Object::Dictionary(dictionary! {"Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1}));
    let catalog = doc.add_object(dictionary! {"Type" => "Catalog", "Pages" => pages_id});
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

pub fn pdftoppm_installed() -> bool {
    std::process::Command::new("pdftoppm").arg("-v").output().is_ok()
}
