//! Deskew: find the small angle at which the register's ruled lines and handwriting run, and
//! turn the page so they are level.
//!
//! Method: projection profiles. Dark pixels (Otsu) of a ≤ 800 px copy are projected onto the
//! vertical axis along lines of slope tan(a); when `a` matches the skew, rows of text and the
//! ruled lines fall into few bins and the profile is sharpest (largest sum of squared
//! differences between neighbouring bins). Coarse search over ±5° by 0.25°, then ±0.25° by 0.05°.
use image::{imageops, DynamicImage, GrayImage};
use imageproc::geometric_transformations::{rotate_about_center, Border, Interpolation};

/// Largest skew looked for, in degrees.
pub const MAX_SKEW_DEG: f32 = 5.0;

/// The skew of the page in degrees: positive when lines descend to the right (the page was
/// turned clockwise). `0.0` when there is nothing to measure.
pub fn estimate_skew(g: &GrayImage) -> f32 {
    let (w, h) = g.dimensions();
    if w < 16 || h < 16 {
        return 0.0;
    }
    let small = if w > 800 {
        let nh = (u64::from(h) * 800 / u64::from(w)).max(1) as u32;
        imageops::resize(g, 800, nh, imageops::FilterType::Triangle)
    } else {
        g.clone()
    };
    let level = imageproc::contrast::otsu_level(&small);
    let (sw, sh) = small.dimensions();
    let mut dark: Vec<(f32, f32)> = Vec::new();
    for (x, y, p) in small.enumerate_pixels() {
        if p.0[0] < level {
            dark.push((x as f32, y as f32));
        }
    }
    // A blank or all-dark page has no lines to find.
    let n = dark.len() as f32;
    if n < 50.0 || n > 0.6 * (sw * sh) as f32 {
        return 0.0;
    }
    if dark.len() > 120_000 {
        let step = dark.len() / 120_000 + 1;
        dark = dark.into_iter().step_by(step).collect();
    }
    let margin = (sw as f32 * (MAX_SKEW_DEG + 0.5).to_radians().tan()).ceil();
    let bins = (sh as f32 + 2.0 * margin) as usize + 2;
    let mut hist = vec![0u32; bins];
    let mut score = |deg: f32| -> f64 {
        let t = deg.to_radians().tan();
        hist.iter_mut().for_each(|b| *b = 0);
        for &(x, y) in &dark {
            let b = (y - x * t + margin) as isize;
            if b >= 0 && (b as usize) < bins {
                hist[b as usize] += 1;
            }
        }
        hist.windows(2).map(|w| (f64::from(w[1]) - f64::from(w[0])).powi(2)).sum()
    };
    let best_in = |score: &mut dyn FnMut(f32) -> f64, from: f32, to: f32, step: f32| -> f32 {
        let mut best = (f64::MIN, 0.0f32);
        let mut a = from;
        while a <= to + 1e-4 {
            let s = score(a);
            if s > best.0 {
                best = (s, a);
            }
            a += step;
        }
        best.1
    };
    let coarse = best_in(&mut score, -MAX_SKEW_DEG, MAX_SKEW_DEG, 0.25);
    let fine = best_in(&mut score, coarse - 0.25, coarse + 0.25, 0.05);
    // Straight pages stay untouched rather than being turned by measurement noise.
    if fine.abs() < 0.1 {
        0.0
    } else {
        (fine * 100.0).round() / 100.0
    }
}

/// Turns the image by `-skew_deg` so lines measured at `skew_deg` become level; edges are
/// extended from the nearest pixels (no black or white wedges).
pub fn straighten(img: &DynamicImage, skew_deg: f32) -> DynamicImage {
    if skew_deg == 0.0 {
        return img.clone();
    }
    let theta = -skew_deg.to_radians();
    match img {
        DynamicImage::ImageLuma8(g) => DynamicImage::ImageLuma8(rotate_about_center(g, theta, Interpolation::Bilinear, Border::Replicate)),
        DynamicImage::ImageRgba8(c) => DynamicImage::ImageRgba8(rotate_about_center(c, theta, Interpolation::Bilinear, Border::Replicate)),
        other => DynamicImage::ImageRgb8(rotate_about_center(&other.to_rgb8(), theta, Interpolation::Bilinear, Border::Replicate)),
    }
}
