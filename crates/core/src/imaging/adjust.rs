//! Image adjustments for reading old registers: brightness, contrast, threshold, and the
//! “enhance faded ink” preset. All work on 8-bit pixels with lookup tables or a single pass, so
//! they run in a few milliseconds on a screen-sized image.
use image::{DynamicImage, GrayImage};
use serde::{Deserialize, Serialize};

/// What the clerk asked the viewer to do with the page. The default changes nothing.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Adjust {
    /// −100 (darker) … 100 (lighter).
    pub brightness: i32,
    /// −100 (flatter) … 100 (harder).
    pub contrast: i32,
    /// Black and white: `None` off, `Some(0)` automatic (Otsu), `Some(t)` ink below `t`.
    pub threshold: Option<u8>,
    /// “Làm rõ chữ mờ”: evens out the paper (yellowing, shadows, folds) and darkens faint ink.
    pub enhance: bool,
    /// Straightens a page photographed or scanned at a slight angle (up to ±5°).
    pub deskew: bool,
}

impl Adjust {
    pub fn is_identity(&self) -> bool {
        *self == Adjust::default()
    }

    /// The result is greyscale (enhance and threshold work on luminance).
    pub fn wants_gray(&self) -> bool {
        self.enhance || self.threshold.is_some()
    }

    /// Clamps every value to its range.
    pub fn clamped(self) -> Adjust {
        Adjust { brightness: self.brightness.clamp(-100, 100), contrast: self.contrast.clamp(-100, 100), ..self }
    }
}

/// Brightness and contrast as one lookup table: contrast pivots around mid-grey, brightness
/// shifts by up to ±50 % of the range.
pub fn brightness_contrast_lut(brightness: i32, contrast: i32) -> [u8; 256] {
    let c = f32::from(contrast.clamp(-100, 100) as i16) * 2.55;
    let factor = (259.0 * (c + 255.0)) / (255.0 * (259.0 - c));
    let shift = f32::from(brightness.clamp(-100, 100) as i16) * 1.28;
    let mut lut = [0u8; 256];
    for (i, v) in lut.iter_mut().enumerate() {
        let x = (i as f32 - 128.0) * factor + 128.0 + shift;
        *v = x.round().clamp(0.0, 255.0) as u8;
    }
    lut
}

/// Applies a lookup table to every colour channel (alpha untouched).
pub fn apply_lut(img: &mut DynamicImage, lut: &[u8; 256]) {
    match img {
        DynamicImage::ImageLuma8(g) => g.pixels_mut().for_each(|p| p.0[0] = lut[p.0[0] as usize]),
        DynamicImage::ImageRgb8(c) => c.pixels_mut().for_each(|p| p.0.iter_mut().for_each(|v| *v = lut[*v as usize])),
        DynamicImage::ImageRgba8(c) => c.pixels_mut().for_each(|p| p.0[..3].iter_mut().for_each(|v| *v = lut[*v as usize])),
        other => {
            let mut rgb = other.to_rgb8();
            rgb.pixels_mut().for_each(|p| p.0.iter_mut().for_each(|v| *v = lut[*v as usize]));
            *other = DynamicImage::ImageRgb8(rgb);
        }
    }
}

/// The threshold Otsu's method picks for this image.
pub fn otsu_level(g: &GrayImage) -> u8 {
    imageproc::contrast::otsu_level(g)
}

/// Black ink on white: pixels darker than `level` become 0, the rest 255.
pub fn threshold(g: &mut GrayImage, level: u8) {
    g.pixels_mut().for_each(|p| p.0[0] = if p.0[0] < level { 0 } else { 255 });
}

/// The value below which `fraction` of the pixels lie.
fn percentile(hist: &[u32; 256], total: u64, fraction: f64) -> u8 {
    let target = (total as f64 * fraction).ceil() as u64;
    let mut acc = 0u64;
    for (v, n) in hist.iter().enumerate() {
        acc += u64::from(*n);
        if acc >= target.max(1) {
            return v as u8;
        }
    }
    255
}

/// “Enhance faded ink”: divides the page by an estimate of its paper (so yellowed, stained or
/// unevenly lit paper becomes an even white), then stretches the contrast from the darkest ink
/// to the paper and darkens the mid-tones, so faint pencil or faded ink strokes come out.
///
/// The paper is estimated per tile (~1/24 of the short side) as the tile's 90th-percentile
/// brightness, spread to neighbouring tiles (ink-heavy tiles take their neighbours' paper),
/// smoothed, and interpolated bilinearly.
pub fn enhance_faded_ink(g: &GrayImage) -> GrayImage {
    let (w, h) = g.dimensions();
    if w < 4 || h < 4 {
        return g.clone();
    }
    let tile = (w.min(h) / 24).max(8);
    let (tw, th) = (w.div_ceil(tile) as usize, h.div_ceil(tile) as usize);

    // 1. paper level per tile
    let mut paper = vec![0f32; tw * th];
    for ty in 0..th {
        for tx in 0..tw {
            let mut hist = [0u32; 256];
            let (x0, y0) = (tx as u32 * tile, ty as u32 * tile);
            let (x1, y1) = ((x0 + tile).min(w), (y0 + tile).min(h));
            for y in y0..y1 {
                for x in x0..x1 {
                    hist[g.get_pixel(x, y).0[0] as usize] += 1;
                }
            }
            let n = u64::from((x1 - x0) * (y1 - y0));
            paper[ty * tw + tx] = f32::from(percentile(&hist, n, 0.9));
        }
    }
    // 2. spread (3×3 max) then smooth (3×3 mean)
    let around = |grid: &[f32], f: &dyn Fn(&mut dyn Iterator<Item = f32>) -> f32| -> Vec<f32> {
        let mut out = vec![0f32; tw * th];
        for ty in 0..th {
            for tx in 0..tw {
                let mut it = (ty.saturating_sub(1)..(ty + 2).min(th))
                    .flat_map(|y| (tx.saturating_sub(1)..(tx + 2).min(tw)).map(move |x| (x, y)))
                    .map(|(x, y)| grid[y * tw + x]);
                out[ty * tw + tx] = f(&mut it);
            }
        }
        out
    };
    let spread = around(&paper, &|it| it.fold(0f32, f32::max));
    let smooth = around(&spread, &|it| {
        let (s, n) = it.fold((0f32, 0f32), |(s, n), v| (s + v, n + 1.0));
        s / n
    });

    // 3. normalise by the interpolated paper level
    let at = |gx: f32, gy: f32| -> f32 {
        let fx = gx.clamp(0.0, (tw - 1) as f32);
        let fy = gy.clamp(0.0, (th - 1) as f32);
        let (x0, y0) = (fx.floor() as usize, fy.floor() as usize);
        let (x1, y1) = ((x0 + 1).min(tw - 1), (y0 + 1).min(th - 1));
        let (ax, ay) = (fx - x0 as f32, fy - y0 as f32);
        let top = smooth[y0 * tw + x0] * (1.0 - ax) + smooth[y0 * tw + x1] * ax;
        let bottom = smooth[y1 * tw + x0] * (1.0 - ax) + smooth[y1 * tw + x1] * ax;
        top * (1.0 - ay) + bottom * ay
    };
    let inv_tile = 1.0 / tile as f32;
    let mut norm = GrayImage::new(w, h);
    let mut hist = [0u32; 256];
    for y in 0..h {
        let gy = (y as f32 + 0.5) * inv_tile - 0.5;
        for x in 0..w {
            let gx = (x as f32 + 0.5) * inv_tile - 0.5;
            let bg = at(gx, gy).max(16.0);
            let v = (f32::from(g.get_pixel(x, y).0[0]) * 255.0 / bg).min(255.0) as u8;
            norm.put_pixel(x, y, image::Luma([v]));
            hist[v as usize] += 1;
        }
    }

    // 4. stretch: darkest ink → black, paper → white, mid-tones darkened
    let total = u64::from(w) * u64::from(h);
    let lo = f32::from(percentile(&hist, total, 0.005));
    let hi = (f32::from(percentile(&hist, total, 0.5)) * 0.96).max(lo + 32.0).min(255.0);
    let mut lut = [0u8; 256];
    for (i, v) in lut.iter_mut().enumerate() {
        let t = ((i as f32 - lo) / (hi - lo)).clamp(0.0, 1.0);
        *v = (t.powf(1.7) * 255.0).round() as u8;
    }
    norm.pixels_mut().for_each(|p| p.0[0] = lut[p.0[0] as usize]);
    norm
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_adjustment_changes_nothing() {
        assert!(Adjust::default().is_identity());
        let lut = brightness_contrast_lut(0, 0);
        assert!(lut.iter().enumerate().all(|(i, v)| *v as usize == i));
    }

    #[test]
    fn brightness_lightens_and_contrast_spreads_around_mid_grey() {
        let lighter = brightness_contrast_lut(50, 0);
        assert!(lighter[100] > 100);
        let harder = brightness_contrast_lut(0, 50);
        assert!(harder[60] < 60 && harder[200] > 200);
        assert_eq!(harder[128], 128);
    }

    #[test]
    fn threshold_makes_black_ink_on_white() {
        let mut g = GrayImage::from_raw(4, 1, vec![10, 120, 130, 250]).unwrap();
        threshold(&mut g, 128);
        assert_eq!(g.as_raw(), &vec![0, 0, 255, 255]);
    }
}
