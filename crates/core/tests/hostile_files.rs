//! Hostile files never crash or exhaust the app (issue 13 §3): packages with oversized members,
//! pixel bombs in every image format a clerk can attach, oversized snapshots, key files and
//! spreadsheets — each refused with `input.too_large` naming its limit, before the memory for it
//! is taken, and nothing written.
//!
//! With `SOHOA_HOSTILE_DIR=DIR` the first test also writes the files of docs/hostile-files.md
//! into DIR (tools/hostile-files.sh measures them through the CLI); with `SOHOA_FUZZ_SEEDS=DIR`
//! it writes the fuzzers' seed inputs (fuzz/seeds, docs/fuzzing.md).
mod batch_common;
#[path = "imaging_fixtures.rs"]
mod fixtures;
use age::secrecy::SecretString;
use batch_common::*;
use sohoa_core::batch::{no_progress, DeviceFile, Encryption, ExportOptions, Keys};
use sohoa_core::imaging::decode::{self, Format};
use sohoa_core::imaging::split_document;
use sohoa_core::{CoreError, Limit, Session};
use std::io::{Read, Write};
use std::path::Path;

const PASS: &str = "mật khẩu gói dài";

fn limit_of(e: &CoreError) -> Limit {
    match e {
        CoreError::TooLarge(l) => l.limit,
        other => panic!("expected input.too_large, got {other:?}"),
    }
}

// --- Packages -----------------------------------------------------------------------------------

/// A commune's batch (one book of `n` entries) locked with a passphrase; returns the package path.
fn passphrase_package(c: &mut Session, dir: &Path, n: usize) -> std::path::PathBuf {
    checked_ks_book(c, "01/1985", n);
    let p = dir.join("dot1.sohoa");
    sohoa_core::batch::export::export_batch(
        c,
        &p,
        &ExportOptions::default(),
        &Encryption::Passphrase { passphrase: PASS.into(), work_factor: Some(10) },
        &mut no_progress,
    )
    .unwrap();
    p
}

/// The decrypted tar stream of a passphrase package.
fn decrypt(p: &Path) -> Vec<u8> {
    let dec = age::Decryptor::new(std::io::BufReader::new(std::fs::File::open(p).unwrap())).unwrap();
    let id = age::scrypt::Identity::new(SecretString::from(PASS.to_string()));
    let mut out = Vec::new();
    dec.decrypt(std::iter::once(&id as &dyn age::Identity)).unwrap().read_to_end(&mut out).unwrap();
    out
}

/// Re-encrypts `tar` (minus its end-of-archive blocks) followed by `extra` members of `size`
/// bytes each named `<root>/<name>N.txt`, streamed (never held whole).
fn package_with_extra_members(tar: &[u8], out: &Path, name: &str, extra: usize, size: u64) {
    let mut r = age::scrypt::Recipient::new(SecretString::from(PASS.to_string()));
    r.set_work_factor(10);
    let enc = age::Encryptor::with_recipients(std::iter::once(&r as &dyn age::Recipient)).unwrap();
    let mut w = enc.wrap_output(std::io::BufWriter::new(std::fs::File::create(out).unwrap())).unwrap();
    let root = {
        let mut a = tar::Archive::new(tar);
        let first = a.entries().unwrap().next().unwrap().unwrap();
        first.path().unwrap().iter().next().unwrap().to_string_lossy().to_string()
    };
    let body = tar.len() - 1024;
    w.write_all(&tar[..body]).unwrap();
    {
        let mut b = tar::Builder::new(&mut w);
        for i in 0..extra {
            let mut h = tar::Header::new_ustar();
            h.set_size(size);
            h.set_mode(0o644);
            b.append_data(&mut h, format!("{root}/{name}{i}.txt"), std::io::repeat(b'A').take(size)).unwrap();
        }
        b.finish().unwrap();
    }
    w.finish().unwrap().flush().unwrap();
}

#[test]
fn a_package_of_sixteen_oversized_tag_files_is_refused_at_the_first_one_and_nothing_is_imported() {
    let (_t, dir, mut c, mut s) = commune_and_supervisor();
    let p = passphrase_package(&mut c, &dir, 3);
    let tar = decrypt(&p);
    write_hostile_files_and_seeds(&mut c, &p, &tar);
    // The package had 16 tag files of 60 MB; over the 1 MB limit is enough to show the rule.
    let q = dir.join("tag-files.sohoa");
    package_with_extra_members(&tar, &q, "mo-ta-", 16, (1 << 20) + 1);
    let before = counts(&s);
    let e = sohoa_core::batch::import::import_package(&mut s, &q, &Keys::default().with_passphrase(PASS), &mut no_progress).unwrap_err();
    assert_eq!((e.code(), limit_of(&e)), ("input.too_large", Limit::FileBytes));
    let m = e.message_vi();
    assert!(m.contains("mo-ta-0.txt") && m.contains("giới hạn kích thước tệp"), "{m}");
    assert_eq!(counts(&s), before, "a refused package writes nothing");
    // The untouched bag, re-encrypted the same way, still imports.
    let ok = dir.join("ok.sohoa");
    package_with_extra_members(&tar, &ok, "unused", 0, 0);
    assert_eq!(
        sohoa_core::batch::import::import_package(&mut s, &ok, &Keys::default().with_passphrase(PASS), &mut no_progress).unwrap().entries,
        3
    );
}

#[test]
fn tag_files_each_within_their_limit_are_refused_once_together_they_pass_forty_megabytes() {
    let (_t, dir, mut c, mut s) = commune_and_supervisor();
    let p = passphrase_package(&mut c, &dir, 2);
    let q = dir.join("many-tags.sohoa");
    package_with_extra_members(&decrypt(&p), &q, "them-", 41, 1 << 20);
    let before = counts(&s);
    let e = sohoa_core::batch::import::import_package(&mut s, &q, &Keys::default().with_passphrase(PASS), &mut no_progress).unwrap_err();
    assert_eq!(limit_of(&e), Limit::FileBytes);
    assert!(e.message_vi().contains("các tệp mô tả"), "{}", e.message_vi());
    assert_eq!(counts(&s), before);
}

#[test]
fn verifying_a_package_with_an_oversized_member_stops_with_the_limit_not_a_list_of_problems() {
    let (_t, dir, mut c, _s) = commune_and_supervisor();
    let p = passphrase_package(&mut c, &dir, 2);
    let q = dir.join("big.sohoa");
    package_with_extra_members(&decrypt(&p), &q, "x", 1, 2 << 20);
    let e = sohoa_core::batch::verify_package(&q, &Keys::default().with_passphrase(PASS), &mut no_progress).unwrap_err();
    assert_eq!(limit_of(&e), Limit::FileBytes);
}

// --- Page images --------------------------------------------------------------------------------

fn crc32(bytes: &[u8]) -> u32 {
    let mut c = !0u32;
    for &b in bytes {
        c ^= u32::from(b);
        for _ in 0..8 {
            c = if c & 1 != 0 { (c >> 1) ^ 0xEDB8_8320 } else { c >> 1 };
        }
    }
    !c
}

/// A PNG of `w`×`h` whose pixels are never there: a real 8×8 PNG with its header's size changed.
pub fn png_bomb(w: u32, h: u32) -> Vec<u8> {
    use image::ImageEncoder;
    let mut png = Vec::new();
    image::codecs::png::PngEncoder::new(&mut png).write_image(&[128u8; 64], 8, 8, image::ExtendedColorType::L8).unwrap();
    png[16..20].copy_from_slice(&w.to_be_bytes());
    png[20..24].copy_from_slice(&h.to_be_bytes());
    let crc = crc32(&png[12..29]);
    png[29..33].copy_from_slice(&crc.to_be_bytes());
    png
}

/// A JPEG whose frame header declares `w`×`h` (at most 65,535 each), on a real 16×16 JPEG.
pub fn jpeg_bomb(w: u16, h: u16) -> Vec<u8> {
    let mut j = fixtures::jpeg(16, 16, 1);
    let sof = j.windows(2).position(|m| m == [0xFF, 0xC0]).expect("baseline frame header");
    j[sof + 5..sof + 7].copy_from_slice(&h.to_be_bytes());
    j[sof + 7..sof + 9].copy_from_slice(&w.to_be_bytes());
    j
}

/// A one-page grey TIFF declaring `w`×`h` with 16 bytes of pixels.
pub fn tiff_bomb(w: u32, h: u32) -> Vec<u8> {
    let entries: [(u16, u16, u32); 8] =
        [(256, 4, w), (257, 4, h), (258, 3, 8), (259, 3, 1), (262, 3, 1), (273, 4, 8 + 2 + 8 * 12 + 4), (278, 4, h), (279, 4, 16)];
    let mut t = b"II*\0\x08\0\0\0".to_vec();
    t.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    for (tag, kind, value) in entries {
        t.extend_from_slice(&tag.to_le_bytes());
        t.extend_from_slice(&kind.to_le_bytes());
        t.extend_from_slice(&1u32.to_le_bytes());
        t.extend_from_slice(&value.to_le_bytes());
    }
    t.extend_from_slice(&0u32.to_le_bytes());
    t.extend_from_slice(&[0x80; 16]);
    t
}

/// A PDF page whose image dictionary declares `w`×`h` grey pixels, Flate-compressed from `data`.
pub fn pdf_image_bomb(w: i64, h: i64, data: &[u8]) -> Vec<u8> {
    use lopdf::{dictionary, Document, Object, Stream};
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let mut img = Stream::new(
        dictionary! {"Type" => "XObject", "Subtype" => "Image", "Width" => w, "Height" => h, "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8},
        data.to_vec(),
    );
    img.compress().unwrap();
    let img_id = doc.add_object(img);
    let content = doc.add_object(Stream::new(dictionary! {}, b"q 595 0 0 842 0 0 cm /Im0 Do Q".to_vec()));
    let page = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        "Resources" => dictionary! { "XObject" => dictionary! { "Im0" => img_id } },
    });
    doc.objects.insert(pages_id, Object::Dictionary(dictionary! {"Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1}));
    let catalog = doc.add_object(dictionary! {"Type" => "Catalog", "Pages" => pages_id});
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

#[test]
fn a_pixel_bomb_in_every_attachable_format_is_refused_from_its_header_naming_the_pixel_limit() {
    let bombs: [(&str, Vec<u8>); 4] = [
        ("bom.png", png_bomb(65_535, 65_535)),
        ("bom.jpg", jpeg_bomb(65_500, 65_500)),
        ("bom.tif", tiff_bomb(100_000, 100_000)),
        ("bom.pdf", pdf_image_bomb(100_000, 100_000, &[0; 64])),
    ];
    for (name, bytes) in bombs {
        assert!(bytes.len() < 4096, "{name}: {} bytes", bytes.len());
        let e = split_document(name, &bytes).expect_err(name);
        assert_eq!((e.code(), limit_of(&e)), ("input.too_large", Limit::Pixels), "{name}");
        assert!(e.message_vi().contains("giới hạn số điểm ảnh"), "{name}: {}", e.message_vi());
    }
}

#[test]
fn a_stored_page_that_is_a_pixel_bomb_is_refused_by_the_viewer_before_it_is_decoded() {
    // Pages also arrive in packages from another workspace, with no check on the way in.
    for (bytes, format) in [(png_bomb(65_535, 65_535), Format::Png), (jpeg_bomb(65_500, 65_500), Format::Jpeg)] {
        let e = decode::decode_at_least(&bytes, format, 800, 1200).unwrap_err();
        assert_eq!(limit_of(&e), Limit::Pixels);
        let e = decode::decode_full(&bytes, format).unwrap_err();
        assert_eq!(limit_of(&e), Limit::Pixels);
    }
}

#[test]
fn an_image_of_a_real_a3_scan_at_600_dpi_is_within_the_limits() {
    // The limits must not refuse what scanners make (a PNG is attached from its header alone).
    let pages = split_document("a3.png", &png_bomb(7_016, 9_921)).unwrap();
    assert_eq!((pages[0].width, pages[0].height), (7_016, 9_921));
}

#[test]
fn a_pdf_image_whose_stream_inflates_past_its_declared_size_is_not_decoded_whole() {
    // 300 × 300 grey pixels declared, 50 MB of zeros compressed to about 50 KB: the stream is
    // inflated at most to what the image needs, found not to match, and left to the rasteriser.
    let pdf = pdf_image_bomb(300, 300, &vec![0u8; 50 << 20]);
    assert!(pdf.len() < 200_000, "{}", pdf.len());
    let no_rasteriser = |_: &str, _: &[u8], page: u32| Err(CoreError::invalid("file", format!("trang {page} không phải ảnh quét")));
    let e = sohoa_core::imaging::split_document_with("inflate.pdf", &pdf, &Default::default(), &no_rasteriser).unwrap_err();
    assert!(e.message_vi().contains("không phải ảnh quét"), "{}", e.message_vi());
}

// --- Snapshots, key files, spreadsheets ---------------------------------------------------------

#[test]
fn oversized_snapshots_key_files_and_spreadsheets_are_refused_before_they_are_read() {
    let (_t, dir) = tmp();
    // Sparse files: refused from their size, so never read (a read would take seconds and GBs).
    let sparse = |name: &str, len: u64| {
        let p = dir.join(name);
        std::fs::File::create(&p).unwrap().set_len(len).unwrap();
        p
    };
    let snap = sparse("x.sohoa-progress.json", 5 << 30);
    let e = sohoa_core::progress::snapshot::read_snapshot_file(&snap).unwrap_err();
    assert_eq!(limit_of(&e), Limit::FileBytes);
    assert!(e.message_vi().contains("tệp tiến độ"), "{}", e.message_vi());
    let e = sohoa_core::progress::snapshot::verify_file(&vec![b' '; 5 << 20]).unwrap_err();
    assert_eq!(limit_of(&e), Limit::FileBytes);

    let key = sparse("khoa.txt", 1 << 30);
    let e = Keys::default().with_identity_file(&key).err().unwrap();
    assert_eq!(limit_of(&e), Limit::FileBytes);

    let e = DeviceFile::from_bytes(&vec![b' '; 65 * 1024]).unwrap_err();
    assert_eq!(limit_of(&e), Limit::FileBytes);

    let sheet = sparse("so.csv", 10 << 30);
    let cache = sohoa_core::import::TableCache::default();
    let e = cache.parsed_path(&sheet, None).err().unwrap();
    assert_eq!(limit_of(&e), Limit::FileBytes);
}

// --- Files for tools/hostile-files.sh and seeds for the fuzzers --------------------------------

fn write_hostile_files_and_seeds(c: &mut Session, package: &Path, tar: &[u8]) {
    if let Some(dir) = std::env::var_os("SOHOA_HOSTILE_DIR").map(std::path::PathBuf::from) {
        std::fs::create_dir_all(&dir).unwrap();
        // The package: 16 tag files of 60 MB each (under the supervisor's age key, or here
        // a passphrase: the layer after decryption is the same).
        package_with_extra_members(tar, &dir.join("tag16x60mb.sohoa"), "mo-ta-", 16, 60 << 20);
        std::fs::copy(package, dir.join("ok.sohoa")).unwrap();
        std::fs::write(dir.join("bomb.png"), png_bomb(65_535, 65_535)).unwrap();
        std::fs::write(dir.join("bomb.jpg"), jpeg_bomb(65_500, 65_500)).unwrap();
        std::fs::write(dir.join("bomb.tif"), tiff_bomb(100_000, 100_000)).unwrap();
        std::fs::write(dir.join("bomb.pdf"), pdf_image_bomb(100_000, 100_000, &[0; 64])).unwrap();
        std::fs::write(dir.join("inflate.pdf"), pdf_image_bomb(300, 300, &vec![0u8; 50 << 20])).unwrap();
    }
    if let Some(dir) = std::env::var_os("SOHOA_FUZZ_SEEDS").map(std::path::PathBuf::from) {
        let put = |target: &str, name: &str, bytes: &[u8]| {
            let d = dir.join(target);
            std::fs::create_dir_all(&d).unwrap();
            std::fs::write(d.join(name), bytes).unwrap();
        };
        put("package", "batch.tar", tar);
        let device = serde_json::to_vec_pretty(&sohoa_core::batch::identity::device_file(c).unwrap()).unwrap();
        put("device_file", "device.json", &device);
        put("snapshot", "snapshot.json", sohoa_core::progress::live::export_progress_snapshot(c).unwrap().content.as_bytes());
        put("page_image", "photo.jpg", &fixtures::jpeg_with_orientation(64, 64, 6));
        put("page_image", "page.png", &png_bomb(8, 8));
        put("page_image", "bomb.png", &png_bomb(65_535, 65_535));
        put("page_image", "bomb.tif", &tiff_bomb(100_000, 100_000));
        let mut tiff = std::io::Cursor::new(Vec::new());
        {
            use tiff::encoder::{colortype, TiffEncoder};
            let mut enc = TiffEncoder::new(&mut tiff).unwrap();
            enc.write_image::<colortype::Gray8>(8, 6, &[90u8; 48]).unwrap();
            enc.write_image::<colortype::RGB8>(4, 4, &[200u8; 48]).unwrap();
        }
        put("page_image", "two-pages.tif", tiff.get_ref());
        put("pdf_pages", "scan.pdf", &fixtures::scanned_pdf(&[fixtures::jpeg(210, 220, 3)]));
        put("pdf_pages", "text.pdf", &fixtures::text_pdf());
        put("pdf_pages", "flate.pdf", &pdf_image_bomb(220, 210, &[7u8; 220 * 210]));
    }
}
