//! The printable PDF: A4 landscape, Noto Sans embedded (its Vietnamese glyphs do not depend on
//! the machine's fonts), hand-laid tables. Changes when the printed layout changes.
use super::{date_vi, num, pct, rate, ReportData};
use crate::error::{CoreError, Result};
use crate::fonts::{FONT_BOLD, FONT_REGULAR};
use crate::progress::aggregate::UnitProgress;
use crate::progress::forecast::{Basis, Flag};
use crate::progress::{day, StageCounts};

#[derive(Clone, Copy)]
struct Rgb(u8, u8, u8);
const INK: Rgb = Rgb(31, 41, 51);
const MUTED: Rgb = Rgb(82, 96, 109);
const RULE: Rgb = Rgb(205, 211, 218);
const HEAD_BG: Rgb = Rgb(230, 238, 246);
const PRIMARY: Rgb = Rgb(31, 78, 121);
const STRIPE: Rgb = Rgb(247, 248, 250);

fn flag_color(f: Flag) -> Rgb {
    match f {
        Flag::Done => Rgb(47, 125, 79),
        Flag::OnTrack => Rgb(31, 78, 121),
        Flag::Finishing => Rgb(183, 121, 31),
        Flag::AtRisk => Rgb(196, 98, 16),
        Flag::Late => Rgb(180, 35, 24),
        Flag::NoTarget | Flag::NoData => MUTED,
    }
}

enum Op {
    Text { x: f32, y: f32, size: f32, bold: bool, color: Rgb, text: String },
    Rect { x: f32, y: f32, w: f32, h: f32, color: Rgb },
    Line { x1: f32, y1: f32, x2: f32, y2: f32, width: f32, color: Rgb },
}

const W: f32 = 841.89;
const H: f32 = 595.28;
const MARGIN: f32 = 36.0;

struct Metrics {
    regular: skrifa::FontRef<'static>,
    bold: skrifa::FontRef<'static>,
}

impl Metrics {
    fn new() -> Result<Self> {
        let f = |b: &'static [u8]| skrifa::FontRef::new(b).map_err(|_| CoreError::Internal("embedded font unreadable".into()));
        Ok(Metrics { regular: f(FONT_REGULAR)?, bold: f(FONT_BOLD)? })
    }

    fn width(&self, text: &str, size: f32, bold: bool) -> f32 {
        use skrifa::MetadataProvider;
        let font = if bold { &self.bold } else { &self.regular };
        let cmap = font.charmap();
        let gm = font.glyph_metrics(skrifa::instance::Size::new(size), skrifa::instance::LocationRef::default());
        text.chars().map(|c| cmap.map(c).and_then(|g| gm.advance_width(g)).unwrap_or(size * 0.5)).sum()
    }

    /// Cuts `text` with an ellipsis to fit `max` points.
    fn fit(&self, text: &str, size: f32, bold: bool, max: f32) -> String {
        if self.width(text, size, bold) <= max {
            return text.to_string();
        }
        let mut s: String = text.to_string();
        while !s.is_empty() && self.width(&format!("{s}…"), size, bold) > max {
            s.pop();
        }
        format!("{}…", s.trim_end())
    }
}

struct Layout {
    m: Metrics,
    pages: Vec<Vec<Op>>,
    y: f32,
    footer: String,
}

#[derive(Clone, Copy, PartialEq)]
enum Align {
    Left,
    Right,
}

struct Col {
    title: &'static str,
    width: f32,
    align: Align,
}

impl Layout {
    fn page(&mut self) {
        self.pages.push(Vec::new());
        self.y = MARGIN;
    }
    fn ops(&mut self) -> &mut Vec<Op> {
        self.pages.last_mut().expect("a page")
    }
    fn text(&mut self, x: f32, y: f32, size: f32, bold: bool, color: Rgb, text: &str) {
        let t = text.to_string();
        self.ops().push(Op::Text { x, y, size, bold, color, text: t });
    }
    fn text_right(&mut self, right: f32, y: f32, size: f32, bold: bool, color: Rgb, text: &str) {
        let w = self.m.width(text, size, bold);
        self.text(right - w, y, size, bold, color, text);
    }
    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, color: Rgb) {
        self.ops().push(Op::Rect { x, y, w, h, color });
    }
    fn hline(&mut self, y: f32, color: Rgb, width: f32) {
        self.ops().push(Op::Line { x1: MARGIN, y1: y, x2: W - MARGIN, y2: y, width, color });
    }
    fn ensure(&mut self, h: f32) -> bool {
        if self.y + h > H - MARGIN - 18.0 {
            self.page();
            true
        } else {
            false
        }
    }
    fn heading(&mut self, text: &str) {
        self.ensure(60.0);
        self.y += 18.0;
        self.text(MARGIN, self.y, 12.0, true, PRIMARY, text);
        self.y += 8.0;
    }

    /// A table with a repeated header row; `rows` carry the flag of each row (colour of its last cell).
    fn table(&mut self, cols: &[Col], rows: &[(Vec<String>, Option<Flag>)], total: Option<&Vec<String>>) {
        let row_h = 15.0;
        let size = 8.0;
        let header = |l: &mut Layout| {
            let y = l.y;
            l.rect(MARGIN, y, W - 2.0 * MARGIN, 26.0, HEAD_BG);
            let mut x = MARGIN;
            for c in cols {
                // two-line headers split on '|'
                let lines: Vec<&str> = c.title.split('|').collect();
                for (i, line) in lines.iter().enumerate() {
                    let ty = y + if lines.len() == 1 { 16.5 } else { 11.0 + 9.5 * i as f32 };
                    match c.align {
                        Align::Left => l.text(x + 4.0, ty, 7.5, true, INK, line),
                        Align::Right => l.text_right(x + c.width - 4.0, ty, 7.5, true, INK, line),
                    }
                }
                x += c.width;
            }
            l.y += 26.0;
        };
        self.ensure(26.0 + row_h * 3.0);
        header(self);
        for (i, (cells, flag)) in rows.iter().enumerate() {
            if self.ensure(row_h) {
                header(self);
            }
            if i % 2 == 1 {
                self.rect(MARGIN, self.y, W - 2.0 * MARGIN, row_h, STRIPE);
            }
            self.row(cols, cells, *flag, false, size);
        }
        if let Some(t) = total {
            self.ensure(row_h);
            self.hline(self.y, INK, 0.8);
            self.row(cols, t, None, true, size);
        }
        self.hline(self.y, RULE, 0.5);
    }

    fn row(&mut self, cols: &[Col], cells: &[String], flag: Option<Flag>, bold: bool, size: f32) {
        let mut x = MARGIN;
        let by = self.y + 10.5;
        for (j, c) in cols.iter().enumerate() {
            let v = cells.get(j).map(|s| s.as_str()).unwrap_or("");
            let color = if j + 1 == cols.len() { flag.map(flag_color).unwrap_or(INK) } else { INK };
            let fitted = self.m.fit(v, size, bold, c.width - 8.0);
            match c.align {
                Align::Left => self.text(x + 4.0, by, size, bold, color, &fitted),
                Align::Right => self.text_right(x + c.width - 4.0, by, size, bold, color, &fitted),
            }
            x += c.width;
        }
        self.y += 15.0;
    }
}

/// A unit's row: every stage its own column (the supervisor's acceptance is never "duyệt"),
/// percentages against the target (else the inventory, marked *), then the inventory's.
fn unit_cells(r: &UnitProgress, inp: Option<&StageCounts>, first: String, child_scheme: &str) -> Vec<String> {
    let c = &r.counts;
    let o = &r.outlook;
    let star = if o.basis == Basis::Inventory { "*" } else { "" };
    vec![
        first,
        r.name.clone(),
        format!("{}{star}", num(o.expected)),
        num(c.entries.keyed),
        pct(o.pct_keyed),
        pct(o.pct_keyed_inventory),
        num(c.entries.accepted),
        num(c.entries.exported),
        num(c.entries.uploaded),
        num(c.entries.approved),
        pct(o.pct_approved),
        num(c.rejected),
        inp.map(|s| num(s.keyed)).unwrap_or_else(|| "—".into()),
        date_vi(&o.forecast),
        status_short(r, child_scheme),
    ]
}

/// "13 tỉnh trễ" for a parent unit with late children, else the flag.
fn status_short(r: &UnitProgress, child_scheme: &str) -> String {
    match r.late_children_in(child_scheme) {
        Some(l) if l.late > 0 => format!("{} {} trễ hạn", l.late, if l.level == "province" { "tỉnh" } else { "xã" }),
        _ => r.outlook.flag.label_short_vi().into(),
    }
}

fn unit_cols() -> Vec<Col> {
    let l = |title, width| Col { title, width, align: Align::Left };
    let r = |title, width| Col { title, width, align: Align::Right };
    vec![
        r("STT", 20.0),
        l("Đơn vị", 96.0),
        r("Chỉ tiêu|(bản ghi)", 58.0),
        r("Đã|số hóa", 58.0),
        r("% chỉ|tiêu", 36.0),
        r("% kiểm|kê", 36.0),
        r("Giám sát|chấp nhận", 56.0),
        r("Đã xuất|tệp", 56.0),
        r("Đã tải|lên Bộ", 56.0),
        r("Bộ phê|duyệt", 56.0),
        r("%", 36.0),
        r("Bộ từ|chối", 40.0),
        r("Số hóa|trong kỳ", 52.0),
        r("Dự kiến|xong", 52.0),
        l("Tình trạng", 0.0),
    ]
}

fn fix_last(mut cols: Vec<Col>) -> Vec<Col> {
    let used: f32 = cols.iter().map(|c| c.width).sum();
    if let Some(last) = cols.last_mut() {
        last.width = (W - 2.0 * MARGIN - used + last.width).max(40.0);
    }
    cols
}

pub fn pdf(d: &ReportData) -> Result<Vec<u8>> {
    use krilla::color::rgb;
    use krilla::geom::{PathBuilder, Point, Rect};
    use krilla::paint::{Fill, Stroke};
    use krilla::text::{Font, TextDirection};

    let mut l = Layout { m: Metrics::new()?, pages: vec![], y: 0.0, footer: String::new() };
    let dash = &d.dashboard;
    let nat = &dash.national;
    let as_of = day::parse(&dash.as_of).map(day::vi).unwrap_or_default();
    l.footer = format!("sohoa {} · Báo cáo tiến độ số hóa sổ hộ tịch · {} · {}", env!("CARGO_PKG_VERSION"), d.scope_name, d.period.label);
    l.page();
    // Title block
    l.text(MARGIN, l.y + 14.0, 16.0, true, INK, "BÁO CÁO TIẾN ĐỘ SỐ HÓA SỔ HỘ TỊCH");
    l.text_right(W - MARGIN, l.y + 14.0, 9.0, false, MUTED, &format!("Lập ngày {} · {}", day::vi(day::today()), d.user));
    l.y += 34.0;
    let subtitle = format!(
        "{} — Kỳ báo cáo: {} ({} – {}) · Số liệu đến ngày {}",
        d.scope_name,
        d.period.label,
        day::parse(&d.period.from).map(day::vi).unwrap_or_default(),
        day::parse(&d.period.to).map(day::vi).unwrap_or_default(),
        as_of
    );
    l.text(MARGIN, l.y, 10.5, false, INK, &subtitle);
    l.y += 16.0;
    l.hline(l.y, PRIMARY, 1.2);
    l.y += 12.0;
    // Key figures
    let headline = if d.national { nat } else { dash.communes.iter().find(|c| c.source.is_some()).unwrap_or(nat) };
    let inp = d
        .in_period
        .get(if d.national { "country".to_string() } else { format!("xa:{}", headline.code) }.as_str())
        .copied()
        .unwrap_or_default();
    let boxes = [
        ("Sổ đã số hóa / kiểm kê", format!("{}/{}", num(headline.counts.books.keyed), num(headline.counts.books.inventoried))),
        ("Bản ghi đã số hóa", format!("{} ({})", num(headline.counts.entries.keyed), pct(headline.outlook.pct_keyed))),
        ("Giám sát đã chấp nhận", format!("{} ({})", num(headline.counts.entries.accepted), pct(headline.outlook.pct_accepted))),
        ("Đã xuất tệp (tải lên Bộ: bảng dưới)", num(headline.counts.entries.exported)),
        ("Bộ Tư pháp phê duyệt", format!("{} ({})", num(headline.counts.entries.approved), pct(headline.outlook.pct_approved))),
        ("Số hóa trong kỳ · bản ghi/ngày", format!("{} · {}", num(inp.keyed), rate(headline.outlook.rate_keyed))),
    ];
    let bw = (W - 2.0 * MARGIN - 5.0 * 8.0) / 6.0;
    for (i, (k, v)) in boxes.iter().enumerate() {
        let x = MARGIN + i as f32 * (bw + 8.0);
        l.rect(x, l.y, bw, 44.0, STRIPE);
        l.rect(x, l.y, 3.0, 44.0, PRIMARY);
        l.text(x + 9.0, l.y + 15.0, 7.5, false, MUTED, k);
        let size = if l.m.width(v, 11.5, true) <= bw - 14.0 { 11.5 } else { 10.0 };
        let fitted = l.m.fit(v, size, true, bw - 14.0);
        l.text(x + 9.0, l.y + 33.0, size, true, INK, &fitted);
    }
    l.y += 58.0;
    let basis = match headline.outlook.basis {
        Basis::Target => format!(
            "Chỉ tiêu: {} bản ghi ({} đã số hóa) · Kiểm kê sổ: {} bản ghi ({})",
            num(headline.outlook.expected),
            pct(headline.outlook.pct_keyed),
            num(headline.outlook.inventory),
            pct(headline.outlook.pct_keyed_inventory)
        ),
        _ => format!("Chưa có chỉ tiêu — tính theo kiểm kê sổ: {} bản ghi", num(headline.outlook.expected)),
    };
    l.text(MARGIN, l.y, 9.0, false, INK, &basis);
    l.y += 13.0;
    let status = format!(
        "Hạn: {} · Dự kiến xong: {} · Bộ từ chối (chưa gửi lại): {} · Tình trạng: {}",
        date_vi(&headline.outlook.deadline),
        date_vi(&headline.outlook.forecast),
        num(headline.counts.rejected),
        headline.status_vi("gso_pre2025")
    );
    l.text(MARGIN, l.y, 9.0, false, INK, &status);
    l.y += 14.0;
    if d.national {
        let f = &dash.flags.provinces_pre2025;
        let g = |fl: Flag| f.get(&fl).copied().unwrap_or(0);
        let line = format!(
            "63 tỉnh, thành phố (trước sáp nhập): {} cơ bản hoàn thành, {} sắp hoàn thành, {} chậm tiến độ, {} có nguy cơ chậm, {} đúng tiến độ. Tính trên {} xã, phường có số liệu.",
            g(Flag::Done), g(Flag::Finishing), g(Flag::Late), g(Flag::AtRisk), g(Flag::OnTrack), num(nat.units as u64)
        );
        l.text(MARGIN, l.y, 9.0, false, INK, &line);
        l.y += 6.0;
        let cols = fix_last(unit_cols());
        let mut rows: Vec<(Vec<String>, Option<Flag>)> = Vec::new();
        for (i, p) in dash.provinces_2025.iter().enumerate() {
            rows.push((unit_cells(p, d.in_period.get(&format!("34:{}", p.code)), (i + 1).to_string(), "qd19_2025"), Some(p.outlook.flag)));
        }
        l.heading("1. Theo tỉnh, thành phố (34 đơn vị từ 01/7/2025)");
        let total = unit_cells(nat, Some(&inp), String::new(), "qd19_2025");
        l.table(&cols, &rows, Some(&total));
        let total = unit_cells(nat, Some(&inp), String::new(), "gso_pre2025");
        let mut rows: Vec<(Vec<String>, Option<Flag>)> = Vec::new();
        for (i, p) in dash.provinces_pre2025.iter().enumerate() {
            rows.push((
                unit_cells(p, d.in_period.get(&format!("63:{}", p.code)), (i + 1).to_string(), "gso_pre2025"),
                Some(p.outlook.flag),
            ));
        }
        l.heading("2. Theo tỉnh, thành phố trước sáp nhập (63 đơn vị, như các báo cáo năm 2024–2025)");
        l.table(&cols, &rows, Some(&total));
    }
    // By book type and period group
    let cells = dash.cells.clone();
    l.heading(if d.national { "3. Theo loại sổ và giai đoạn" } else { "1. Theo loại sổ và giai đoạn" });
    let lc = |title, width| Col { title, width, align: Align::Left };
    let rc = |title, width| Col { title, width, align: Align::Right };
    let cols = fix_last(vec![
        lc("Loại sổ", 170.0),
        lc("Giai đoạn", 58.0),
        rc("Sổ|kiểm kê", 52.0),
        rc("Sổ đã|số hóa", 52.0),
        rc("Bản ghi|kiểm kê", 64.0),
        rc("Bản ghi|đã số hóa", 64.0),
        rc("%", 36.0),
        rc("Đã|kiểm tra", 60.0),
        rc("Giám sát|chấp nhận", 60.0),
        rc("Đã xuất|tệp", 60.0),
        Col { title: "Bộ phê|duyệt", width: 0.0, align: Align::Right },
    ]);
    let rows: Vec<(Vec<String>, Option<Flag>)> = cells
        .iter()
        .filter(|c| c.counts.books.inventoried > 0 || c.counts.entries.inventoried > 0 || c.counts.entries.keyed > 0)
        .map(|c| {
            let e = &c.counts.entries;
            let p = if e.inventoried > 0 { e.keyed as f64 * 100.0 / e.inventoried as f64 } else { 0.0 };
            (
                vec![
                    format!("{} — {}", c.book_type, c.book_type_name),
                    c.period_group.clone(),
                    num(c.counts.books.inventoried),
                    num(c.counts.books.keyed),
                    num(e.inventoried),
                    num(e.keyed),
                    pct(p.min(100.0)),
                    num(e.checked),
                    num(e.accepted),
                    num(e.exported),
                    num(e.approved),
                ],
                None,
            )
        })
        .collect();
    l.table(&cols, &rows, None);
    if !d.books.is_empty() {
        l.heading("2. Theo quyển sổ");
        let cols = fix_last(vec![
            lc("Loại", 44.0),
            lc("Quyển số", 80.0),
            lc("Nơi đăng ký", 150.0),
            lc("Năm", 56.0),
            rc("Dự kiến", 50.0),
            rc("Đã nhập", 50.0),
            rc("Đã kiểm tra", 56.0),
            rc("Đã gửi", 50.0),
            rc("GS chấp nhận", 60.0),
            rc("Đã xuất", 50.0),
            rc("Bộ phê duyệt", 56.0),
            rc("Bộ từ chối", 50.0),
            lc("Trạng thái", 0.0),
        ]);
        let rows: Vec<(Vec<String>, Option<Flag>)> = d
            .books
            .iter()
            .map(|b| {
                let years = match b.year_to {
                    Some(t) if t != b.year_from => format!("{}–{}", b.year_from, t),
                    _ => b.year_from.to_string(),
                };
                (
                    vec![
                        b.book_type.to_string(),
                        b.quyen_so.clone(),
                        b.registry_name.clone(),
                        years,
                        b.expected.map(num).unwrap_or_else(|| "—".into()),
                        num(b.entries.keyed),
                        num(b.entries.checked),
                        num(b.entries.submitted),
                        num(b.entries.accepted),
                        num(b.entries.exported),
                        num(b.entries.approved),
                        num(b.rejected),
                        if b.finished { "Đã nhập xong".into() } else { "Đang nhập".into() },
                    ],
                    Some(if b.finished { Flag::Done } else { Flag::NoTarget }),
                )
            })
            .collect();
        l.table(&cols, &rows, None);
    }
    l.ensure(40.0);
    l.y += 16.0;
    for note in [
        "Ghi chú: “Đã số hóa” = bản ghi đã nhập (kể cả các bước sau); “Giám sát chấp nhận” = giám sát đã kiểm tra và chấp nhận, chưa phải phê duyệt; “Bộ phê duyệt” = hệ thống của Bộ Tư pháp đã phê duyệt.",
        "Tỷ lệ tính trên chỉ tiêu khi có (* = chưa có chỉ tiêu, tính trên kiểm kê sổ); “% kiểm kê” = trên số bản ghi dự kiến của các quyển sổ. Đơn vị trễ hạn = chưa xong khi đến hạn hoặc dự kiến xong sau hạn.",
        "Tốc độ tính trên 4 tuần trước ngày số liệu; dự kiến xong = ngày số hóa đủ số bản ghi dự kiến theo tốc độ đó. “Cơ bản hoàn thành” = đạt từ 95% bản ghi dự kiến.",
        "Số liệu tổng hợp từ tệp tiến độ có chữ ký của các xã (chỉ số đếm, không có dữ liệu cá nhân). Xã cũ bị chia cho nhiều xã mới chỉ được tính một lần.",
    ] {
        l.text(MARGIN, l.y, 7.5, false, MUTED, note);
        l.y += 11.0;
    }

    // Render
    let mut doc = krilla::Document::new();
    doc.set_metadata(
        krilla::metadata::Metadata::new()
            .title(format!("Báo cáo tiến độ số hóa sổ hộ tịch — {} — {}", d.scope_name, d.period.label))
            .language("vi".into())
            .creator(format!("sohoa {}", env!("CARGO_PKG_VERSION"))),
    );
    let regular = Font::new(FONT_REGULAR.into(), 0).ok_or_else(|| CoreError::Internal("embedded font unreadable".into()))?;
    let bold = Font::new(FONT_BOLD.into(), 0).ok_or_else(|| CoreError::Internal("embedded font unreadable".into()))?;
    let n = l.pages.len();
    let fill = |c: Rgb| Fill { paint: rgb::Color::new(c.0, c.1, c.2).into(), ..Default::default() };
    for (pi, ops) in l.pages.iter().enumerate() {
        let settings = krilla::page::PageSettings::from_wh(W, H).ok_or_else(|| CoreError::Internal("page size".into()))?;
        let mut page = doc.start_page_with(settings);
        let mut s = page.surface();
        let footer = [(MARGIN, l.footer.clone()), (0.0, format!("Trang {}/{}", pi + 1, n))];
        let mut all: Vec<&Op> = ops.iter().collect();
        let footer_ops: Vec<Op> = footer
            .iter()
            .map(|(x, t)| {
                let x = if *x == 0.0 { W - MARGIN - l.m.width(t, 7.5, false) } else { *x };
                Op::Text { x, y: H - MARGIN + 8.0, size: 7.5, bold: false, color: MUTED, text: t.clone() }
            })
            .collect();
        all.extend(footer_ops.iter());
        for op in all {
            match op {
                Op::Rect { x, y, w, h, color } => {
                    if let Some(r) = Rect::from_xywh(*x, *y, *w, *h) {
                        let mut pb = PathBuilder::new();
                        pb.push_rect(r);
                        if let Some(path) = pb.finish() {
                            s.set_stroke(None);
                            s.set_fill(Some(fill(*color)));
                            s.draw_path(&path);
                        }
                    }
                }
                Op::Line { x1, y1, x2, y2, width, color } => {
                    let mut pb = PathBuilder::new();
                    pb.move_to(*x1, *y1);
                    pb.line_to(*x2, *y2);
                    if let Some(path) = pb.finish() {
                        s.set_fill(None);
                        s.set_stroke(Some(Stroke {
                            paint: rgb::Color::new(color.0, color.1, color.2).into(),
                            width: *width,
                            ..Default::default()
                        }));
                        s.draw_path(&path);
                        s.set_stroke(None);
                    }
                }
                Op::Text { x, y, size, bold: b, color, text } => {
                    s.set_stroke(None);
                    s.set_fill(Some(fill(*color)));
                    let font = if *b { bold.clone() } else { regular.clone() };
                    s.draw_text(Point::from_xy(*x, *y), font, *size, text, false, TextDirection::Auto);
                }
            }
        }
        s.finish();
        page.finish();
    }
    doc.finish().map_err(|e| CoreError::Internal(format!("PDF: {e:?}")))
}

// ---- XLSX -------------------------------------------------------------------------------------
