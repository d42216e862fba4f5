//! Scan-like images of register pages: aged paper (texture, stains, vignetting, binding shadow), a
//! faint printed ruled table with the book type's column headings, entries handwritten in the
//! clerk's hand (an OFL handwriting font with Vietnamese glyphs) in blue or black ink, slight
//! rotation, fading on some pages, JPEG quality 70.
//!
//! Fonts (SIL Open Font License 1.1, see `fonts/README.md`): Patrick Hand and Dancing Script for
//! handwriting, Lora for the printed form.
use crate::util::{chance, stream, R};
use crate::{SampleBook, SampleEntry, SamplePage};
use ab_glyph::{Font, FontRef, PxScale, ScaleFont};
use rand::Rng;

pub static PATRICK_HAND: &[u8] = include_bytes!("../fonts/PatrickHand-Regular.ttf");
pub static DANCING_SCRIPT: &[u8] = include_bytes!("../fonts/DancingScript-Regular.ttf");
pub static LORA: &[u8] = include_bytes!("../fonts/Lora-Regular.ttf");

/// A4 portrait height for a width.
pub fn page_height(width: u32) -> u32 {
    ((width as u64 * 1754) / 1240) as u32
}

/// Pages that get a full-width image: the first two of each book, and the two where keying
/// stopped. Every other page holding an accepted entry gets an image too (the upload export needs
/// a scan for each entry it writes), at [`SCAN_WIDTH_ACCEPTED`] to keep the demo fast.
const MAX_PAGES_PER_BOOK: usize = 4;

/// Width of the other pages of accepted entries: A4 at about 100 dpi (the Ministry's ~100 kB a page).
pub const SCAN_WIDTH_ACCEPTED: u32 = 827;

struct Job {
    book: usize,
    seq: u32,
    entries: Vec<SampleEntry>,
    book_type: String,
    title: String,
    quyen: String,
    year: i32,
    per_page: usize,
    width: u32,
}

/// Renders a few pages of every book into `SampleBook::pages` (2 threads, deterministic).
pub fn render_books(books: &mut [SampleBook], width: u32, seed: u64, scan_accepted: bool) {
    let mut jobs = vec![];
    for (bi, b) in books.iter().enumerate() {
        let all: Vec<&SampleEntry> = b.entries.iter().chain(&b.unkeyed).collect();
        let mut seqs: Vec<u32> = vec![];
        let mut distinct: Vec<u32> = all.iter().map(|e| e.trang_so).collect();
        distinct.dedup();
        seqs.extend(distinct.iter().take(2));
        if let Some(first_unkeyed) = b.unkeyed.first() {
            let k = distinct.iter().position(|s| *s == first_unkeyed.trang_so).unwrap_or(0);
            seqs.extend(distinct.iter().skip(k.saturating_sub(1)).take(2));
        }
        seqs.sort();
        seqs.dedup();
        seqs.truncate(MAX_PAGES_PER_BOOK);
        let mut all_seqs: Vec<(u32, u32)> = seqs.iter().map(|s| (*s, width)).collect();
        if scan_accepted {
            let mut more: Vec<u32> =
                b.entries.iter().filter(|e| e.status == "accepted").map(|e| e.trang_so).filter(|s| !seqs.contains(s)).collect();
            more.sort();
            more.dedup();
            all_seqs.extend(more.into_iter().map(|s| (s, width.min(SCAN_WIDTH_ACCEPTED))));
            all_seqs.sort();
        }
        // The usual number of entries a page (the last page may have fewer).
        let mut counts = [0usize; 6];
        for s in &distinct {
            counts[all.iter().filter(|e| e.trang_so == *s).count().min(5)] += 1;
        }
        let usual = (2..=4).max_by_key(|&k| counts[k]).unwrap_or(3);
        for (s, page_width) in all_seqs {
            jobs.push(Job {
                book: bi,
                seq: s,
                entries: all.iter().filter(|e| e.trang_so == s).map(|e| (*e).clone()).collect(),
                book_type: b.book_type.clone(),
                title: book_title(&b.book_type).to_string(),
                quyen: b.quyen_so.clone(),
                year: b.year_from,
                per_page: usual.max(all.iter().filter(|e| e.trang_so == s).count()).clamp(2, 4),
                width: page_width,
            });
        }
    }
    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).clamp(1, 2);
    let mut results: Vec<Option<SamplePage>> = (0..jobs.len()).map(|_| None).collect();
    std::thread::scope(|sc| {
        let chunks: Vec<Vec<(usize, &Job)>> =
            (0..threads).map(|t| jobs.iter().enumerate().filter(|(i, _)| i % threads == t).collect()).collect();
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|chunk| sc.spawn(move || chunk.into_iter().map(|(i, j)| (i, render_page(j, j.width, seed))).collect::<Vec<_>>()))
            .collect();
        for h in handles {
            for (i, p) in h.join().expect("render thread") {
                results[i] = Some(p);
            }
        }
    });
    for (job, page) in jobs.iter().zip(results) {
        books[job.book].pages.push(page.expect("rendered"));
    }
}

pub fn book_title(t: &str) -> &'static str {
    match t {
        "KS" => "SỔ ĐĂNG KÝ KHAI SINH",
        "KT" => "SỔ ĐĂNG KÝ KHAI TỬ",
        "KH" => "SỔ ĐĂNG KÝ KẾT HÔN",
        "HN" => "SỔ CẤP GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN",
        "CMC" => "SỔ ĐĂNG KÝ NHẬN CHA, MẸ, CON",
        "GH" => "SỔ ĐĂNG KÝ GIÁM HỘ",
        "TDCC" => "SỔ ĐĂNG KÝ THAY ĐỔI, CẢI CHÍNH HỘ TỊCH",
        "LH" => "SỔ GHI CHÚ LY HÔN",
        "NCN" => "SỔ ĐĂNG KÝ NUÔI CON NUÔI",
        _ => "SỔ HỘ TỊCH",
    }
}

/// Column headings and what the clerk wrote in each column. An item is `prefix|field,field,…`:
/// the fields' values joined with ", ", written after `prefix` when any is present.
fn columns(t: &str) -> Vec<(&'static str, f32, Vec<&'static str>)> {
    let reg = ("Ngày, tháng, năm đăng ký; họ tên, chức vụ người ký", 0.14, vec!["|ngayDangKy", "|nguoiKy", "|chucVuNguoiKy", "~sign"]);
    let note = ("Ghi chú", 0.09, vec!["|ghiChu", "|tinhTrangKetHon"]);
    let so = ("Số", 0.055, vec!["|so"]);
    match t {
        "KS" => vec![
            so,
            (
                "Họ, chữ đệm, tên; giới tính; ngày, tháng, năm sinh; nơi sinh; quê quán; dân tộc, quốc tịch",
                0.30,
                vec![
                    "|nksHoTen",
                    "|nksGioiTinh,nksNgaySinh",
                    "|nksNgaySinhBangChu",
                    "|nksNoiSinh",
                    "|nksQueQuan",
                    "|nksDanToc,nksQuocTich",
                ],
            ),
            (
                "Họ tên, năm sinh, dân tộc, quốc tịch, nơi cư trú của cha, mẹ",
                0.27,
                vec!["Cha: |chaHoTen,chaNgaySinh,chaDanToc", "|chaNoiCuTru", "Mẹ: |meHoTen,meNgaySinh,meDanToc", "|meNoiCuTru"],
            ),
            (
                "Họ tên, quan hệ với người được khai sinh của người đi khai",
                0.135,
                vec!["|nycHoTen", "|nycQuanHe", "CMND |nycSoGiayToTuyThan"],
            ),
            reg,
            note,
        ],
        "KT" => vec![
            so,
            (
                "Họ tên, giới tính, năm sinh, dân tộc, quốc tịch, nơi cư trú của người chết",
                0.30,
                vec!["|nktHoTen", "|nktGioiTinh,nktNgaySinh", "|nktDanToc,nktQuocTich", "|nktNoiCuTru", "CMND |nktSoGiayToTuyThan"],
            ),
            (
                "Ngày, giờ, nơi chết; nguyên nhân chết",
                0.27,
                vec![
                    "|nktNgayChet,nktGioPhutChet",
                    "|nktNgayChetGhiBangChu",
                    "|nktNoiChet",
                    "|nktNguyenNhanChet",
                    "GBT |gbtSo,gbtCoQuanCap",
                ],
            ),
            ("Họ tên, quan hệ người đi khai tử", 0.135, vec!["|nycHoTen", "|nycQuanHe"]),
            reg,
            note,
        ],
        "KH" | "LH" => vec![
            so,
            (
                "Họ tên, ngày sinh, dân tộc, quốc tịch, nơi cư trú, giấy tờ tùy thân của bên chồng",
                0.28,
                vec!["|chongHoTen", "|chongNgaySinh", "|chongDanToc,chongQuocTich", "|chongNoiCuTru", "CMND |chongSoGiayToTuyThan"],
            ),
            (
                "Họ tên, ngày sinh, dân tộc, quốc tịch, nơi cư trú, giấy tờ tùy thân của bên vợ",
                0.28,
                vec!["|voHoTen", "|voNgaySinh", "|voDanToc,voQuocTich", "|voNoiCuTru", "CMND |voSoGiayToTuyThan"],
            ),
            ("Bản án, quyết định", if t == "LH" { 0.125 } else { 0.0 }, vec!["|banAnSo,banAnNgay", "|banAnCoQuan"]),
            reg,
            ("Ghi chú", if t == "LH" { 0.075 } else { 0.20 }, vec!["|ghiChu", "|tinhTrangKetHon"]),
        ],
        "HN" => vec![
            so,
            (
                "Họ tên, giới tính, ngày sinh, dân tộc, nơi cư trú của người được xác nhận",
                0.30,
                vec!["|nxnHoTen", "|nxnGioiTinh,nxnNgaySinh", "|nxnDanToc,nxnQuocTich", "|nxnNoiCuTru", "CMND |nxnSoGiayToTuyThan"],
            ),
            ("Tình trạng hôn nhân", 0.18, vec!["|nxnTinhTrangHonNhan"]),
            ("Mục đích sử dụng", 0.22, vec!["|nxnMucDichSuDung"]),
            reg,
            ("Ghi chú", 0.055, vec!["|ghiChu"]),
        ],
        "CMC" => vec![
            so,
            (
                "Họ tên, ngày sinh, dân tộc, quốc tịch, quê quán, nơi cư trú của người nhận",
                0.30,
                vec!["|cmHoTen", "|cmNgaySinh", "|cmDanToc,cmQuocTich", "|cmQueQuan", "|cmNoiCuTru"],
            ),
            (
                "Họ tên, ngày sinh, dân tộc, quốc tịch, nơi cư trú của người được nhận",
                0.30,
                vec!["|ncHoTen", "|ncNgaySinh", "|ncDanToc,ncQuocTich", "|ncQueQuan", "|ncNoiCuTru"],
            ),
            reg,
            ("Ghi chú", 0.205, vec!["|loaiXacNhan", "|ghiChu"]),
        ],
        "GH" => vec![
            so,
            ("Người giám hộ", 0.25, vec!["|ngghHoTen", "|ngghNgaySinh,ngghDanToc", "|ngghNoiCuTru", "CMND |ngghSoGiayToTuyThan"]),
            ("Người được giám hộ", 0.25, vec!["|nddghHoTen", "|nddghGioiTinh,nddghNgaySinh", "|nddghNoiSinh", "|nddghNoiCuTru"]),
            ("Loại giám hộ; căn cứ; người yêu cầu", 0.17, vec!["|loaiGiamHo", "|canCu", "|nycHoTen,nycQuanHe"]),
            reg,
            ("Chấm dứt giám hộ", 0.135, vec!["|chamDutNgay", "|chamDutLyDo", "|ghiChu"]),
        ],
        "TDCC" => vec![
            so,
            (
                "Họ tên, ngày sinh, nơi cư trú của người được thay đổi, cải chính",
                0.24,
                vec!["|ndtHoTen", "|ndtGioiTinh,ndtNgaySinh", "|ndtNoiCuTru"],
            ),
            ("Nội dung thay đổi, cải chính; lý do", 0.30, vec!["|loaiViec", "Trước: |noiDungTruoc", "Sau: |noiDungSau", "|lyDo"]),
            ("Giấy tờ hộ tịch; người yêu cầu", 0.165, vec!["|gtLoai", "Số |gtSo,gtNgay", "|nycHoTen,nycQuanHe"]),
            reg,
            ("Ghi chú", 0.09, vec!["|ghiChu"]),
        ],
        _ => vec![
            so,
            ("Cha nuôi, mẹ nuôi", 0.27, vec!["|chaNuoiHoTen", "|chaNuoiNgaySinh,chaNuoiDanToc", "|chaNuoiNoiCuTru", "|meNuoiHoTen"]),
            ("Con nuôi", 0.27, vec!["|conNuoiHoTen", "|conNuoiGioiTinh,conNuoiNgaySinh", "|conNuoiNoiSinh"]),
            ("Quyết định, ngày giao nhận", 0.165, vec!["|quyetDinhSo,quyetDinhNgay", "|ngayGiaoNhan"]),
            reg,
            ("Ghi chú", 0.09, vec!["|ghiChu"]),
        ],
    }
    .into_iter()
    .filter(|c| c.1 > 0.0)
    .collect()
}

fn display(field: &str, v: &str) -> String {
    if field.ends_with("GioiTinh") {
        return match v {
            "1" => "Nam".into(),
            "2" => "Nữ".into(),
            _ => v.into(),
        };
    }
    if field == "loaiXacNhan" {
        return match v {
            "1" => "Cha nhận con".into(),
            "2" => "Mẹ nhận con".into(),
            "3" => "Con nhận cha".into(),
            "4" => "Con nhận mẹ".into(),
            _ => v.into(),
        };
    }
    if field.ends_with("GioPhutChet") {
        if let Some((h, m)) = v.split_once(':') {
            return format!("{h} giờ {m} phút");
        }
    }
    v.to_string()
}

fn cell_lines(e: &SampleEntry, items: &[&str]) -> Vec<String> {
    let mut out = vec![];
    for it in items {
        let Some((prefix, fields)) = it.split_once('|') else {
            continue;
        };
        let vals: Vec<String> = fields.split(',').filter_map(|f| e.get(f).map(|v| display(f, v))).collect();
        if !vals.is_empty() {
            out.push(format!("{prefix}{}", vals.join(", ")));
        }
    }
    out
}

/// Multiplicative ink layer over the paper (1 = no ink).
struct Canvas {
    w: usize,
    h: usize,
    m: Vec<[f32; 3]>,
}

impl Canvas {
    #[inline]
    fn ink(&mut self, x: i32, y: i32, rgb: [f32; 3], a: f32) {
        if x < 0 || y < 0 || x as usize >= self.w || y as usize >= self.h || a <= 0.0 {
            return;
        }
        let p = &mut self.m[y as usize * self.w + x as usize];
        let a = a.min(1.0);
        for c in 0..3 {
            p[c] *= 1.0 - a * (1.0 - rgb[c]);
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn hline(&mut self, x0: f32, x1: f32, y: f32, t: f32, rgb: [f32; 3], a: f32, rng: &mut R) {
        let mut x = x0 as i32;
        while x < x1 as i32 {
            // Printing is not perfectly even.
            let aa = a * (0.85 + 0.15 * rng.gen::<f32>());
            for k in 0..t.ceil() as i32 {
                let cov = (t - k as f32).min(1.0);
                self.ink(x, y as i32 + k, rgb, aa * cov);
            }
            x += 1;
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn vline(&mut self, x: f32, y0: f32, y1: f32, t: f32, rgb: [f32; 3], a: f32, rng: &mut R) {
        let mut y = y0 as i32;
        while y < y1 as i32 {
            let aa = a * (0.85 + 0.15 * rng.gen::<f32>());
            for k in 0..t.ceil() as i32 {
                let cov = (t - k as f32).min(1.0);
                self.ink(x as i32 + k, y, rgb, aa * cov);
            }
            y += 1;
        }
    }

    fn dot(&mut self, cx: f32, cy: f32, r: f32, rgb: [f32; 3], a: f32) {
        let (x0, x1, y0, y1) = ((cx - r - 1.0) as i32, (cx + r + 1.0) as i32, (cy - r - 1.0) as i32, (cy + r + 1.0) as i32);
        for y in y0..=y1 {
            for x in x0..=x1 {
                let d = ((x as f32 + 0.5 - cx).powi(2) + (y as f32 + 0.5 - cy).powi(2)).sqrt();
                let cov = (r + 0.5 - d).clamp(0.0, 1.0);
                if cov > 0.0 {
                    self.ink(x, y, rgb, a * cov * 0.6);
                }
            }
        }
    }
}

/// Pen for one run of text.
#[derive(Clone, Copy)]
struct Pen {
    rgb: [f32; 3],
    alpha: f32,
    slant: f32,
    jitter: f32,
}

fn text_width(font: &FontRef, size: f32, s: &str) -> f32 {
    let sf = font.as_scaled(PxScale::from(size));
    let mut w = 0.0;
    let mut prev = None;
    for ch in s.chars() {
        let id = sf.glyph_id(ch);
        if let Some(p) = prev {
            w += sf.kern(p, id);
        }
        w += sf.h_advance(id);
        prev = Some(id);
    }
    w
}

/// Draws `s` with its baseline at `y`; returns the x after the text.
#[allow(clippy::too_many_arguments)]
fn draw_text(cv: &mut Canvas, font: &FontRef, size: f32, x: f32, y: f32, s: &str, pen: Pen, rng: &mut R) -> f32 {
    let scale = PxScale::from(size);
    let sf = font.as_scaled(scale);
    let x_start = x;
    let mut x = x;
    // Handwritten lines drift up or down a little.
    let slope = (rng.gen::<f32>() - 0.5) * 0.02 * pen.jitter;
    let seed = rng.gen::<u32>();
    let mut drift = 0.0f32;
    let mut prev = None;
    let mut word_alpha = pen.alpha;
    for ch in s.chars() {
        if ch == ' ' {
            word_alpha = (pen.alpha * (0.85 + 0.2 * rng.gen::<f32>())).min(1.0);
        }
        let id = sf.glyph_id(ch);
        if let Some(p) = prev {
            x += sf.kern(p, id);
        }
        drift = (drift + (rng.gen::<f32>() - 0.5) * pen.jitter * size * 0.05).clamp(-pen.jitter * size * 0.08, pen.jitter * size * 0.08);
        let gsize = size * (1.0 + (rng.gen::<f32>() - 0.5) * 0.06 * pen.jitter);
        let base = y + drift + slope * (x - x_start);
        let glyph = id.with_scale_and_position(PxScale::from(gsize), ab_glyph::point(x, base));
        if let Some(og) = font.outline_glyph(glyph) {
            let b = og.px_bounds();
            og.draw(|gx, gy, c| {
                let py = b.min.y + gy as f32;
                let px = b.min.x + gx as f32 + pen.slant * (base - py);
                let (ix, iy) = (px.round() as i32, py as i32);
                // Pen pressure and ink flow are uneven.
                let flow = if pen.jitter > 0.0 { 0.75 + 0.25 * hash(ix as u32 / 3, iy as u32 / 3, seed) } else { 1.0 };
                cv.ink(ix, iy, pen.rgb, c * word_alpha * flow * 1.08);
            });
        }
        x += sf.h_advance(id) * (1.0 + (rng.gen::<f32>() - 0.5) * 0.08 * pen.jitter);
        prev = Some(id);
    }
    x
}

/// Greedy word wrap to `width`.
fn wrap(font: &FontRef, size: f32, s: &str, width: f32) -> Vec<String> {
    let mut lines = vec![];
    let mut cur = String::new();
    for word in s.split(' ') {
        let cand = if cur.is_empty() { word.to_string() } else { format!("{cur} {word}") };
        if text_width(font, size, &cand) <= width || cur.is_empty() {
            cur = cand;
        } else {
            lines.push(std::mem::take(&mut cur));
            cur = word.to_string();
        }
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
}

/// Smooth value noise from a coarse random grid.
struct Noise {
    gw: usize,
    gh: usize,
    v: Vec<f32>,
    sx: f32,
    sy: f32,
}

impl Noise {
    fn new(rng: &mut R, gw: usize, gh: usize, w: usize, h: usize) -> Noise {
        let v = (0..gw * gh).map(|_| rng.gen::<f32>() * 2.0 - 1.0).collect();
        Noise { gw, gh, v, sx: (gw - 1) as f32 / w as f32, sy: (gh - 1) as f32 / h as f32 }
    }
    #[inline]
    fn at(&self, x: usize, y: usize) -> f32 {
        let fx = x as f32 * self.sx;
        let fy = y as f32 * self.sy;
        let (ix, iy) = (fx as usize, fy as usize);
        let (ix1, iy1) = ((ix + 1).min(self.gw - 1), (iy + 1).min(self.gh - 1));
        let (tx, ty) = (fx - ix as f32, fy - iy as f32);
        let (tx, ty) = (tx * tx * (3.0 - 2.0 * tx), ty * ty * (3.0 - 2.0 * ty));
        let a = self.v[iy * self.gw + ix] * (1.0 - tx) + self.v[iy * self.gw + ix1] * tx;
        let b = self.v[iy1 * self.gw + ix] * (1.0 - tx) + self.v[iy1 * self.gw + ix1] * tx;
        a * (1.0 - ty) + b * ty
    }
}

#[inline]
fn hash(x: u32, y: u32, s: u32) -> f32 {
    let mut h = x.wrapping_mul(0x8da6_b343) ^ y.wrapping_mul(0xd816_3841) ^ s.wrapping_mul(0xcb1a_b31f);
    h ^= h >> 13;
    h = h.wrapping_mul(0x5bd1_e995);
    h ^= h >> 15;
    (h & 0xffff) as f32 / 65535.0
}

fn render_page(job: &Job, width: u32, seed: u64) -> SamplePage {
    let mut rng = stream(seed, &format!("page{}-{}", job.book, job.seq));
    let mut book_rng = stream(seed, &format!("hand{}", job.book));
    let w = width.max(200) as usize;
    let h = page_height(w as u32) as usize;
    let u = w as f32 / 1240.0;
    let mut cv = Canvas { w, h, m: vec![[1.0; 3]; w * h] };

    let hand_font = if job.year < 1999 { chance(&mut book_rng, 0.55) } else { chance(&mut book_rng, 0.2) };
    let hand = FontRef::try_from_slice(if hand_font { DANCING_SCRIPT } else { PATRICK_HAND }).expect("font");
    let print = FontRef::try_from_slice(LORA).expect("font");
    let inks: [[f32; 3]; 4] = [[0.12, 0.16, 0.45], [0.10, 0.24, 0.62], [0.11, 0.11, 0.13], [0.28, 0.20, 0.45]];
    let book_ink = book_rng.gen_range(0..inks.len());
    let faded = chance(&mut rng, 0.25);
    let fade = if faded { rng.gen_range(0.45..0.65) } else { rng.gen_range(0.8..0.95) };
    let print_rgb = [0.22, 0.22, 0.26];
    let print_a = if faded { 0.45 } else { 0.7 };

    // Printed form: title, page number, ruled table.
    let mx = 70.0 * u;
    let top = 70.0 * u;
    let tw = w as f32 - 2.0 * mx;
    let title_size = 30.0 * u;
    let title = job.title.as_str();
    let tx = mx + (tw - text_width(&print, title_size, title)) / 2.0;
    let ppen = Pen { rgb: print_rgb, alpha: print_a, slant: 0.0, jitter: 0.0 };
    draw_text(&mut cv, &print, title_size, tx, top + title_size, title, ppen, &mut rng);
    let small = 17.0 * u;
    draw_text(&mut cv, &print, small, mx, top + title_size + 34.0 * u, "Quyển số:", ppen, &mut rng);
    let pn_x = w as f32 - mx - 150.0 * u;
    draw_text(&mut cv, &print, small, pn_x, top + title_size + 34.0 * u, "Trang số:", ppen, &mut rng);
    let hand_size = if hand_font { 33.0 * u } else { 30.0 * u };
    let ink = inks[book_ink];
    let hpen = Pen { rgb: ink, alpha: 0.92 * fade, slant: if hand_font { 0.03 } else { 0.14 }, jitter: 1.0 };
    draw_text(&mut cv, &hand, hand_size, mx + 90.0 * u, top + title_size + 34.0 * u, &job.quyen, hpen, &mut rng);
    draw_text(&mut cv, &hand, hand_size, pn_x + 80.0 * u, top + title_size + 34.0 * u, &job.seq.to_string(), hpen, &mut rng);

    let cols = columns(&job.book_type);
    let wsum: f32 = cols.iter().map(|c| c.1).sum();
    let table_top = top + title_size + 60.0 * u;
    let table_bottom = h as f32 - 80.0 * u;
    let head_size = 14.5 * u;
    // Column edges.
    let mut xs = vec![mx];
    for c in &cols {
        let last = *xs.last().unwrap();
        xs.push(last + tw * c.1 / wsum);
    }
    // Header cells: wrapped printed headings, centred.
    let mut head_h = 0.0f32;
    let wrapped: Vec<Vec<String>> =
        cols.iter().enumerate().map(|(i, c)| wrap(&print, head_size, c.0, xs[i + 1] - xs[i] - 10.0 * u)).collect();
    for l in &wrapped {
        head_h = head_h.max(l.len() as f32 * head_size * 1.25);
    }
    head_h += 16.0 * u;
    for (i, lines) in wrapped.iter().enumerate() {
        let cw = xs[i + 1] - xs[i];
        let y0 = table_top + (head_h - lines.len() as f32 * head_size * 1.25) / 2.0;
        for (k, l) in lines.iter().enumerate() {
            let lx = xs[i] + (cw - text_width(&print, head_size, l)) / 2.0;
            draw_text(&mut cv, &print, head_size, lx, y0 + (k as f32 + 0.85) * head_size * 1.25, l, ppen, &mut rng);
        }
    }
    let line_t = 1.6 * u.max(0.5);
    cv.hline(mx, mx + tw, table_top, line_t * 1.3, print_rgb, print_a, &mut rng);
    cv.hline(mx, mx + tw, table_top + head_h, line_t, print_rgb, print_a, &mut rng);
    cv.hline(mx, mx + tw, table_bottom, line_t * 1.3, print_rgb, print_a, &mut rng);
    for (i, &x) in xs.iter().enumerate() {
        let t = if i == 0 || i == xs.len() - 1 { line_t * 1.3 } else { line_t };
        cv.vline(x, table_top, table_bottom, t, print_rgb, print_a, &mut rng);
    }
    // Entry rows with faint ruling.
    let body_top = table_top + head_h;
    let row_h = (table_bottom - body_top) / job.per_page as f32;
    let pitch = 40.0 * u;
    for r in 0..job.per_page {
        let y0 = body_top + r as f32 * row_h;
        if r > 0 {
            cv.hline(mx, mx + tw, y0, line_t, print_rgb, print_a * 0.9, &mut rng);
        }
        let mut y = y0 + pitch;
        while y < y0 + row_h - 4.0 * u {
            cv.hline(mx + 2.0, mx + tw - 2.0, y, 1.0 * u.max(0.6), print_rgb, print_a * 0.22, &mut rng);
            y += pitch;
        }
    }

    // Handwriting.
    for (r, e) in job.entries.iter().enumerate() {
        let y0 = body_top + r as f32 * row_h;
        // Entries were written on different days: sometimes another pen.
        let ink = if chance(&mut rng, 0.2) { inks[rng.gen_range(0..inks.len())] } else { inks[book_ink] };
        let pen = Pen {
            rgb: ink,
            alpha: (0.9 + 0.08 * rng.gen::<f32>()) * fade,
            slant: hpen.slant + (rng.gen::<f32>() - 0.5) * 0.05,
            jitter: 1.0,
        };
        let max_lines = ((row_h - 6.0 * u) / pitch).floor().max(1.0) as usize;
        for (ci, c) in cols.iter().enumerate() {
            let cw = xs[ci + 1] - xs[ci] - 14.0 * u;
            let sign = c.2.contains(&"~sign");
            let raw = cell_lines(e, &c.2);
            // Shrink the writing until the cell fits (clerks squeeze long entries).
            let mut size = hand_size;
            let mut lines: Vec<String>;
            let mut lp = pitch;
            loop {
                lines = raw.iter().flat_map(|l| wrap(&hand, size, l, cw)).collect();
                let need = lines.len() + usize::from(sign);
                let widest = lines.iter().map(|l| text_width(&hand, size, l)).fold(0.0f32, f32::max);
                let fits = need <= ((row_h - 6.0 * u) / lp).floor() as usize && widest <= cw + 4.0 * u;
                if fits || size < hand_size * 0.55 {
                    break;
                }
                size *= 0.9;
                lp = pitch * size / hand_size;
            }
            let _ = max_lines;
            let indent = xs[ci] + 7.0 * u + rng.gen::<f32>() * 6.0 * u;
            for (k, l) in lines.iter().enumerate() {
                let by = y0 + (k as f32 + 1.0) * lp - 7.0 * u;
                if by > y0 + row_h {
                    break;
                }
                draw_text(&mut cv, &hand, size, indent, by, l, pen, &mut rng);
            }
            if sign && e.get("nguoiKy").is_some() {
                let by = y0 + (lines.len() as f32 + 1.0) * lp - 14.0 * u;
                signature(&mut cv, indent + 10.0 * u, by, (cw * 0.7).min(150.0 * u), lp * 0.7, pen, &mut rng);
            }
        }
    }

    // Paper, then the scan: rotation, scanner background, JPEG.
    let paper = compose(&cv, job, faded, &mut rng, seed);
    let angle = rng.gen_range(-1.5f32..1.5).to_radians();
    let img = warp(&paper, w, h, angle, 0.985, &mut rng);
    let mut jpeg = Vec::with_capacity(w * h / 6);
    jpeg_encoder::Encoder::new(&mut jpeg, 70).encode(&img, w as u16, h as u16, jpeg_encoder::ColorType::Rgb).expect("jpeg");

    SamplePage { seq: job.seq, jpeg, width: w as u32, height: h as u32 }
}

fn signature(cv: &mut Canvas, x: f32, y: f32, len: f32, amp: f32, pen: Pen, rng: &mut R) {
    let loops = rng.gen_range(2.5..5.0f32);
    let phase = rng.gen::<f32>() * 6.0;
    let steps = (len * 3.0) as usize;
    let r = (1.1 * amp / 20.0).max(0.8);
    let amps: Vec<f32> = (0..8).map(|_| rng.gen_range(0.4..1.3)).collect();
    let tilt = rng.gen_range(0.1..0.5f32);
    for i in 0..steps {
        let t = i as f32 / steps as f32;
        let a = amps[((t * loops) as usize).min(7)] * amp;
        let th = t * loops * std::f32::consts::TAU + phase;
        let px = x + t * len + th.cos() * a * 0.3 + (th.sin() * a * 0.5) * tilt;
        let py = y - th.sin() * a * 0.5 * (1.0 - t * 0.5) + t * amp * 0.3;
        cv.dot(px, py, r * (0.8 + 0.4 * (th * 0.5).sin().abs()), pen.rgb, pen.alpha);
    }
    // Final flourish underline.
    for i in 0..(len * 2.0) as usize {
        let t = i as f32 / (len * 2.0);
        cv.dot(x + t * len * 1.1, y + amp * 0.45 + t * amp * 0.1, r * 0.8, pen.rgb, pen.alpha * 0.9);
    }
}

/// Paper colour with texture, stains, yellowed edges, binding shadow, times the ink layer.
/// The slowly varying part is computed on a 1/4-resolution map and interpolated.
fn compose(cv: &Canvas, job: &Job, faded: bool, rng: &mut R, seed: u64) -> Vec<u8> {
    let (w, h) = (cv.w, cv.h);
    let base: [f32; 3] = match job.year {
        ..=1975 => [222.0, 207.0, 170.0],
        1976..=1998 => [232.0, 221.0, 190.0],
        _ => [240.0, 234.0, 216.0],
    };
    let tint = rng.gen_range(-5.0f32..5.0);
    let dim = if faded { 0.93 } else { 1.0 };
    const Q: usize = 4;
    let (fw, fh) = (w / Q + 2, h / Q + 2);
    let low = Noise::new(rng, 14, 20, fw, fh);
    let mid = Noise::new(rng, 90, 128, fw, fh);
    let stains: Vec<(f32, f32, f32, f32)> = (0..rng.gen_range(1..5))
        .map(|_| {
            (
                rng.gen::<f32>() * fw as f32,
                rng.gen::<f32>() * fh as f32,
                rng.gen_range(0.02f32..0.09) * fw as f32,
                rng.gen_range(0.03f32..0.08),
            )
        })
        .collect();
    let gutter_left = job.seq % 2 == 1;
    let mut map = vec![[0f32; 3]; fw * fh];
    let (cx, cy) = (fw as f32 / 2.0, fh as f32 / 2.0);
    for y in 0..fh {
        let dy = (y as f32 - cy) / cy;
        for x in 0..fw {
            let dx = (x as f32 - cx) / cx;
            let d2 = dx * dx + dy * dy;
            let mut k = 1.0 + 0.045 * low.at(x, y) + 0.02 * mid.at(x, y);
            k *= 1.0 - 0.07 * d2 * d2.sqrt();
            for &(sx, sy, r, a) in &stains {
                let dd = ((x as f32 - sx).powi(2) + (y as f32 - sy).powi(2)) / (r * r);
                if dd < 1.0 {
                    k *= 1.0 - a * (1.0 - dd);
                }
            }
            let g = if gutter_left { x as f32 / fw as f32 } else { 1.0 - x as f32 / fw as f32 };
            if g < 0.07 {
                let t = 1.0 - g / 0.07;
                k *= 1.0 - 0.28 * t * t;
            }
            let yellow = 1.0 - 0.08 * d2;
            map[y * fw + x] = [(base[0] + tint) * k * dim, (base[1] + tint) * k * dim, (base[2] + tint * 0.5) * k * dim * yellow];
        }
    }
    let s = (seed as u32) ^ job.seq.wrapping_mul(7919);
    let mut out = vec![0u8; w * h * 3];
    let inv = 1.0 / Q as f32;
    for y in 0..h {
        let fy = y as f32 * inv;
        let iy = fy as usize;
        let ty = fy - iy as f32;
        let r0 = &map[iy * fw..(iy + 1) * fw];
        let r1 = &map[(iy + 1) * fw..(iy + 2) * fw];
        // Paper fibres: grain correlated along the row.
        let mut fibre = 0.0f32;
        for x in 0..w {
            let fx = x as f32 * inv;
            let ix = fx as usize;
            let tx = fx - ix as f32;
            let gr = hash(x as u32, y as u32, s);
            fibre = fibre * 0.8 + (gr - 0.5) * 0.2;
            let k = 1.0 + 0.035 * (gr - 0.5) + 0.05 * fibre;
            let ink = cv.m[y * w + x];
            let o = (y * w + x) * 3;
            for c in 0..3 {
                let a = r0[ix][c] + (r0[ix + 1][c] - r0[ix][c]) * tx;
                let b = r1[ix][c] + (r1[ix + 1][c] - r1[ix][c]) * tx;
                out[o + c] = ((a + (b - a) * ty) * k * ink[c]).clamp(0.0, 255.0) as u8;
            }
        }
    }
    out
}

/// Rotates and slightly shrinks the page on a dark scanner background (bilinear, fixed point).
fn warp(src: &[u8], w: usize, h: usize, angle: f32, scale: f32, rng: &mut R) -> Vec<u8> {
    let (s, c) = angle.sin_cos();
    let (cx, cy) = (w as f32 / 2.0 + rng.gen_range(-6.0..6.0), h as f32 / 2.0 + rng.gen_range(-6.0..6.0));
    const BG: [u8; 3] = [58, 57, 55];
    let mut out = vec![0u8; w * h * 3];
    let inv = 1.0 / scale;
    const ONE: f32 = 65536.0;
    let (dxs, dys) = ((c * inv * ONE) as i64, (-s * inv * ONE) as i64);
    let (maxx, maxy) = (((w - 1) as i64) << 16, ((h - 1) as i64) << 16);
    for y in 0..h {
        let yy = y as f32 - cy;
        let xx = -cx;
        let mut sx = (((c * xx + s * yy) * inv + w as f32 / 2.0) * ONE) as i64;
        let mut sy = (((-s * xx + c * yy) * inv + h as f32 / 2.0) * ONE) as i64;
        let row = &mut out[y * w * 3..(y + 1) * w * 3];
        for px in row.chunks_exact_mut(3) {
            if sx < 0 || sy < 0 || sx >= maxx || sy >= maxy {
                px.copy_from_slice(&BG);
            } else {
                let (ix, iy) = ((sx >> 16) as usize, (sy >> 16) as usize);
                let (tx, ty) = ((sx & 0xffff) as u32 >> 8, (sy & 0xffff) as u32 >> 8);
                let i00 = (iy * w + ix) * 3;
                let i01 = i00 + w * 3;
                for k in 0..3 {
                    let a = src[i00 + k] as u32 * (256 - tx) + src[i00 + 3 + k] as u32 * tx;
                    let b = src[i01 + k] as u32 * (256 - tx) + src[i01 + 3 + k] as u32 * tx;
                    px[k] = ((a * (256 - ty) + b * ty) >> 16) as u8;
                }
            }
            sx += dxs;
            sy += dys;
        }
    }
    out
}
