//! What a clerk attaches becomes page images: photos byte for byte, TIFF pages one by one, the
//! scanner's images out of a PDF unchanged.
#[path = "imaging_fixtures.rs"]
mod fixtures;
use fixtures::*;
use sohoa_core::imaging::decode::{self, Format};
use sohoa_core::imaging::split_document;

#[test]
fn a_phone_photo_is_kept_byte_for_byte_and_its_exif_orientation_becomes_the_rotation() {
    let bytes = jpeg_with_orientation(400, 300, 6);
    let pages = split_document("IMG_0001.jpg", &bytes).unwrap();
    assert_eq!(pages.len(), 1);
    let p = &pages[0];
    assert_eq!(p.bytes, bytes, "stored as attached");
    assert_eq!((p.mime, p.width, p.height), ("image/jpeg", 400, 300));
    assert_eq!(p.rotation, 90, "EXIF orientation 6 = turn a quarter clockwise");
    let upright = split_document("scan.jpg", &jpeg(300, 400, 1)).unwrap();
    assert_eq!(upright[0].rotation, 0);
}

#[test]
fn a_png_is_kept_as_it_is() {
    let bytes = png(200, 280);
    let p = &split_document("trang-1.png", &bytes).unwrap()[0];
    assert_eq!((p.mime, p.width, p.height, p.how), ("image/png", 200, 280, "original"));
    assert_eq!(p.bytes, bytes);
}

#[test]
fn every_page_of_a_multi_page_tiff_becomes_a_page_png_for_grey_jpeg_for_colour() {
    let pages = split_document("so-1998.tif", &multi_page_tiff(3)).unwrap();
    assert_eq!(pages.len(), 3);
    assert_eq!(pages.iter().map(|p| p.source_page).collect::<Vec<_>>(), vec![1, 2, 3]);
    assert_eq!(pages.iter().map(|p| p.mime).collect::<Vec<_>>(), vec!["image/png", "image/jpeg", "image/png"]);
    for p in &pages {
        assert_eq!((p.width, p.height), (300, 420));
        let f = decode::sniff(&p.bytes).unwrap();
        assert_eq!(decode::dimensions(&p.bytes, f).unwrap(), (300, 420), "a readable image");
    }
}

#[test]
fn a_scanned_pdf_gives_back_each_page_s_jpeg_unchanged() {
    let scans = vec![jpeg(620, 877, 1), jpeg(620, 877, 2)];
    let pages = split_document("so-khai-sinh.pdf", &scanned_pdf(&scans)).unwrap();
    assert_eq!(pages.len(), 2);
    for (p, original) in pages.iter().zip(&scans) {
        assert_eq!(p.how, "pdf-image");
        assert_eq!(p.mime, "image/jpeg");
        assert_eq!(&p.bytes, original, "no re-encoding: the scanner's JPEG itself");
        assert_eq!((p.width, p.height), (620, 877));
    }
}

#[test]
fn a_pdf_that_is_not_a_scan_is_rasterised_when_pdftoppm_is_there_and_refused_clearly_otherwise() {
    let result = split_document("to-khai.pdf", &text_pdf());
    if pdftoppm_installed() {
        let pages = result.unwrap();
        assert_eq!(pages.len(), 1);
        assert_eq!((pages[0].how, pages[0].mime), ("pdf-rasterised", "image/jpeg"));
        assert!(pages[0].width > 1000, "200 dpi A4 is about 1654 px wide, got {}", pages[0].width);
        assert_eq!(decode::sniff(&pages[0].bytes), Some(Format::Jpeg));
    } else {
        let err = result.err().unwrap();
        assert_eq!(err.code(), "input.invalid");
        assert!(err.message_vi().contains("pdftoppm"), "{}", err.message_vi());
    }
}

#[test]
fn files_that_are_not_images_are_refused_naming_the_file() {
    let err = split_document("danh-sach.xlsx", b"PK\x03\x04 not an image").err().unwrap();
    assert_eq!(err.code(), "input.invalid");
    assert!(err.message_vi().contains("danh-sach.xlsx"));
}
