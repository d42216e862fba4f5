//! The viewer's processing: reduced-size decoding, rotation, "enhance faded ink", deskew,
//! threshold — all in Rust, on what the screen needs.
#[path = "imaging_fixtures.rs"]
mod fixtures;
use fixtures::*;
use image::{GrayImage, Luma};
use sohoa_core::imaging::adjust::{enhance_faded_ink, Adjust};
use sohoa_core::imaging::decode::{decode_at_least, Format};
use sohoa_core::imaging::deskew::{estimate_skew, straighten};
use sohoa_core::imaging::synthetic::{register_page, PageSpec};
use sohoa_core::imaging::{render, PageSource, ViewCache, ViewRequest};

fn source(bytes: Vec<u8>, mime: &str, rotation: u16) -> PageSource {
    PageSource { id: 1, mime: mime.into(), sha256: format!("{:x}", bytes.len()), bytes, rotation, ..PageSource::default() }
}

fn view(w: u32, h: u32, adjust: Adjust) -> ViewRequest {
    ViewRequest { max_width: w, max_height: h, adjust }
}

#[test]
fn a_large_jpeg_is_decoded_at_a_fraction_of_its_size_for_the_screen() {
    let big = jpeg(4000, 6000, 1);
    let img = decode_at_least(&big, Format::Jpeg, 467, 700).unwrap();
    assert_eq!((img.width(), img.height()), (500, 750), "DCT scaling to 1/8, never below what was asked");
    let half = decode_at_least(&big, Format::Jpeg, 1800, 2700).unwrap();
    assert_eq!((half.width(), half.height()), (2000, 3000));
    let full = decode_at_least(&big, Format::Jpeg, 3000, 4500).unwrap();
    assert_eq!((full.width(), full.height()), (4000, 6000));
}

#[test]
fn the_page_fits_the_box_and_a_turned_page_lies_across_it() {
    let src = source(jpeg(1200, 1800, 2), "image/jpeg", 0);
    let r = render(&src, &view(800, 600, Adjust::default()), None).unwrap();
    assert_eq!((r.width, r.height, r.mime), (400, 600, "image/jpeg"));
    let turned = source(jpeg(1200, 1800, 2), "image/jpeg", 90);
    let r = render(&turned, &view(800, 600, Adjust::default()), None).unwrap();
    assert_eq!((r.width, r.height), (800, 533));
    let img = image::load_from_memory(&r.bytes).unwrap();
    assert_eq!((img.width(), img.height()), (800, 533), "what is sent is what is described");
    let small = source(png(300, 400), "image/png", 0);
    let r = render(&small, &view(2000, 2000, Adjust::default()), None).unwrap();
    assert_eq!((r.width, r.height), (300, 400), "never enlarged");
}

fn mean(g: &GrayImage, pred: impl Fn(u32, u32) -> bool) -> f32 {
    let (mut s, mut n) = (0f64, 0f64);
    for (x, y, p) in g.enumerate_pixels() {
        if pred(x, y) {
            s += f64::from(p.0[0]);
            n += 1.0;
        }
    }
    (s / n.max(1.0)) as f32
}

#[test]
fn enhance_faded_ink_evens_out_stained_paper_and_darkens_faint_strokes() {
    // Paper going from 170 (shadow) to 230, faint strokes 35 levels below the paper around them.
    let (w, h) = (600, 400);
    let stroke = |x: u32, y: u32| y % 40 < 3 && x % 100 < 70;
    let page = GrayImage::from_fn(w, h, |x, y| {
        let paper = 170.0 + 60.0 * x as f32 / w as f32;
        Luma([if stroke(x, y) { (paper - 35.0) as u8 } else { paper as u8 }])
    });
    let out = enhance_faded_ink(&page);
    let paper_left = mean(&out, |x, y| x < 100 && !stroke(x, y));
    let paper_right = mean(&out, |x, y| x > 500 && !stroke(x, y));
    let ink = mean(&out, stroke);
    assert!(paper_left > 235.0 && paper_right > 235.0, "paper is white on both sides: {paper_left} {paper_right}");
    assert!(ink < 120.0, "faint ink is dark now: {ink}");
    let before = mean(&page, |x, y| !stroke(x, y)) - mean(&page, stroke);
    assert!(paper_left - ink > 3.0 * before, "contrast at least tripled");
}

#[test]
fn the_enhance_preset_runs_through_the_viewer_and_gives_a_grey_image() {
    let faded = register_page(PageSpec { width: 1000, height: 1400, ink: 175, ..PageSpec::default() });
    let bytes = sohoa_core::imaging::render::encode_jpeg(&image::DynamicImage::ImageRgb8(faded), 90).unwrap();
    let src = source(bytes, "image/jpeg", 0);
    let r = render(&src, &view(500, 700, Adjust { enhance: true, ..Adjust::default() }), None).unwrap();
    let img = image::load_from_memory(&r.bytes).unwrap();
    assert_eq!(img.color(), image::ColorType::L8);
}

#[test]
fn deskew_measures_the_slant_of_the_ruled_lines_and_levels_them() {
    for skew in [-2.5f32, 1.5] {
        let page = register_page(PageSpec { width: 900, height: 1260, skew_deg: skew, ..PageSpec::default() });
        let grey = image::DynamicImage::ImageRgb8(page.clone()).to_luma8();
        let found = estimate_skew(&grey);
        assert!((found - skew).abs() < 0.3, "drawn at {skew}°, measured {found}°");
        let level = straighten(&image::DynamicImage::ImageLuma8(grey), found).to_luma8();
        assert!(estimate_skew(&level).abs() < 0.3, "straightened page measures level");
    }
    let straight = image::DynamicImage::ImageRgb8(register_page(PageSpec { width: 900, height: 1260, ..PageSpec::default() })).to_luma8();
    assert_eq!(estimate_skew(&straight), 0.0, "a straight page is left alone");
}

#[test]
fn threshold_gives_black_and_white_and_automatic_picks_a_level() {
    let src = source(jpeg(800, 1100, 4), "image/jpeg", 0);
    for t in [Some(0u8), Some(140)] {
        let r = render(&src, &view(400, 550, Adjust { threshold: t, ..Adjust::default() }), None).unwrap();
        assert_eq!(r.mime, "image/png");
        let img = image::load_from_memory(&r.bytes).unwrap().to_luma8();
        assert!(img.pixels().all(|p| p.0[0] == 0 || p.0[0] == 255));
        let black = img.pixels().filter(|p| p.0[0] == 0).count() as f32 / (img.width() * img.height()) as f32;
        assert!(black > 0.005 && black < 0.4, "ink, not everything: {black}");
    }
}

#[test]
fn moving_a_slider_reuses_the_decoded_page() {
    let cache = ViewCache::new(2);
    let src = source(jpeg(3000, 4000, 5), "image/jpeg", 0);
    let a = render(&src, &view(600, 800, Adjust::default()), Some(&cache)).unwrap();
    let b = render(&src, &view(600, 800, Adjust { brightness: 20, contrast: 30, ..Adjust::default() }), Some(&cache)).unwrap();
    assert!(!a.cached && b.cached);
    assert_ne!(a.bytes, b.bytes);
    let zoomed = render(&src, &view(1200, 1600, Adjust::default()), Some(&cache)).unwrap();
    assert!(!zoomed.cached, "a new size is decoded again");
    assert_eq!(cache.len(), 2);
}
