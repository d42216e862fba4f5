//! Synthetic register-page photos for tests and benchmarks (no real data): uneven, yellowed
//! paper with sensor noise, a ruled table, and scribbled "handwriting" strokes, optionally faded
//! and turned by a small angle. Deterministic for a given seed.
use image::{Rgb, RgbImage};

/// What to draw.
#[derive(Debug, Clone, Copy)]
pub struct PageSpec {
    pub width: u32,
    pub height: u32,
    /// Ink darkness: 0 (black) … 255 (invisible); faded ink is ~170.
    pub ink: u8,
    /// Clockwise skew of the ruled lines, degrees.
    pub skew_deg: f32,
    pub seed: u64,
}

impl Default for PageSpec {
    fn default() -> Self {
        PageSpec { width: 1240, height: 1754, ink: 40, skew_deg: 0.0, seed: 1 }
    }
}

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn unit(&mut self) -> f32 {
        (self.next() >> 40) as f32 / (1u64 << 24) as f32
    }
}

/// A page photo as RGB pixels.
pub fn register_page(spec: PageSpec) -> RgbImage {
    let (w, h) = (spec.width.max(64), spec.height.max(64));
    let mut rng = Rng(spec.seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let (wf, hf) = (w as f32, h as f32);
    // Paper: yellowed, lit from the top left, a darker stain, sensor noise.
    let (sx, sy, sr) = (wf * (0.3 + 0.4 * rng.unit()), hf * (0.3 + 0.4 * rng.unit()), wf * 0.25);
    let mut img = RgbImage::from_fn(w, h, |x, y| {
        let (xf, yf) = (x as f32, y as f32);
        let light = 1.0 - 0.22 * (xf / wf + yf / hf) / 2.0;
        let d = ((xf - sx).powi(2) + (yf - sy).powi(2)).sqrt() / sr;
        let stain = if d < 1.0 { 0.88 + 0.12 * d } else { 1.0 };
        let noise = ((x.wrapping_mul(7919) ^ y.wrapping_mul(104_729)).wrapping_mul(2_654_435_761) >> 27) as f32 - 16.0;
        let base = 236.0 * light * stain + noise * 0.5;
        Rgb([base.clamp(0.0, 255.0) as u8, (base * 0.96).clamp(0.0, 255.0) as u8, (base * 0.84).clamp(0.0, 255.0) as u8])
    });
    let t = spec.skew_deg.to_radians().tan();
    let ink = spec.ink;
    let dot = |img: &mut RgbImage, x: f32, y: f32, r: f32, v: u8| {
        let y = y + x * t;
        let (x0, x1) = ((x - r).floor().max(0.0) as u32, ((x + r).ceil() as u32).min(w - 1));
        let (y0, y1) = ((y - r).floor().max(0.0) as u32, ((y + r).ceil() as u32).min(h - 1));
        for py in y0..=y1 {
            for px in x0..=x1 {
                let p = img.get_pixel_mut(px, py);
                p.0 = [p.0[0].min(v), p.0[1].min(v), p.0[2].min(v.saturating_add(30))];
            }
        }
    };
    // Ruled table: a row every ~1/14 of the page, a few columns.
    let line = (wf / 900.0).max(1.0);
    let rows = 14;
    let top = hf * 0.08;
    let row_h = (hf * 0.88) / rows as f32;
    for r in 0..=rows {
        let y = top + r as f32 * row_h;
        let mut x = wf * 0.05;
        while x < wf * 0.95 {
            dot(&mut img, x, y, line, 90);
            x += line;
        }
    }
    for c in [0.05, 0.12, 0.38, 0.55, 0.72, 0.95] {
        let x = wf * c;
        let mut y = top;
        while y < top + rows as f32 * row_h {
            dot(&mut img, x, y, line, 90);
            y += line;
        }
    }
    // Handwriting: wavy strokes in each cell of most rows.
    let pen = (wf / 700.0).max(1.0);
    for r in 0..rows {
        if rng.unit() < 0.15 {
            continue;
        }
        let y = top + (r as f32 + 0.55) * row_h;
        for (c0, c1) in [(0.06, 0.11), (0.13, 0.37), (0.39, 0.54), (0.56, 0.71), (0.73, 0.94)] {
            let (mut x, end) = (wf * c0, wf * (c0 + (c1 - c0) * (0.5 + 0.5 * rng.unit())));
            let amp = row_h * 0.18;
            let freq = 0.02 + 0.03 * rng.unit();
            let phase = rng.unit() * 6.0;
            while x < end {
                let yy = y + amp * ((x * freq / (wf / 1240.0)) + phase).sin();
                dot(&mut img, x, yy, pen, ink);
                x += pen * 0.7;
            }
        }
    }
    img
}

/// The page as JPEG bytes (quality 90, like a phone photo).
pub fn register_page_jpeg(spec: PageSpec) -> Vec<u8> {
    let img = image::DynamicImage::ImageRgb8(register_page(spec));
    super::render::encode_jpeg(&img, 90).expect("encoding a synthetic page")
}
