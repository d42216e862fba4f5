//! Reports per period: a printable PDF (A4 landscape, Noto Sans embedded — its Vietnamese glyphs
//! do not depend on the machine's fonts) and an XLSX workbook with the same tables.
//!
//! Content: the scope (the country and its provinces in both schemes when the workspace holds
//! other communes' snapshots, else the own commune), figures as of the period's end (or the
//! latest data if earlier), what was digitised and approved during the period, rate, forecast,
//! deadline and flag, and the book type × period group table.
use super::aggregate::{Dashboard, DashboardQuery, UnitProgress};
use super::forecast::Flag;
use super::series::{increase, load_points};
use super::{day, StageCounts};
use crate::error::{CoreError, Result};
use crate::session::Session;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use time::{Date, Month};

pub use crate::fonts::{FONT_BOLD, FONT_REGULAR};

/// A report period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Period {
    pub from: String,
    pub to: String,
    /// `Tháng 01/2025`, `Quý I/2025`, `Năm 2025`, `Từ … đến …`.
    pub label: String,
    /// For file names: `2025-01`, `2025-Q1`, `2025`, `20250101-20250131`.
    pub slug: String,
}

impl Period {
    /// `2025-01` (month), `2025-Q1` (quarter), `2025` (year), `2025-01-01..2025-01-31` (range).
    pub fn parse(s: &str) -> Result<Period> {
        let s = s.trim();
        let bad = || {
            CoreError::invalid("period", format!("kỳ báo cáo “{s}” không hợp lệ (ví dụ: 2025-01, 2025-Q1, 2025, 2025-01-01..2025-01-31)"))
        };
        if let Some((a, b)) = s.split_once("..") {
            let (f, t) = (day::parse(a).ok_or_else(bad)?, day::parse(b).ok_or_else(bad)?);
            if t < f {
                return Err(bad());
            }
            return Ok(Period {
                from: day::format(f),
                to: day::format(t),
                label: format!("Từ {} đến {}", day::vi(f), day::vi(t)),
                slug: format!("{}-{}", day::format(f).replace('-', ""), day::format(t).replace('-', "")),
            });
        }
        let parts: Vec<&str> = s.split('-').collect();
        let year: i32 = parts.first().and_then(|y| y.parse().ok()).filter(|y| (1900..=2200).contains(y)).ok_or_else(bad)?;
        let date = |m: u8, d: u8| Date::from_calendar_date(year, Month::try_from(m).unwrap_or(Month::January), d).map_err(|_| bad());
        let month_end = |m: u8| -> Result<Date> {
            let next = if m == 12 { Date::from_calendar_date(year + 1, Month::January, 1).map_err(|_| bad())? } else { date(m + 1, 1)? };
            Ok(day::add(next, -1))
        };
        match parts.as_slice() {
            [_] => Ok(Period {
                from: day::format(date(1, 1)?),
                to: day::format(date(12, 31)?),
                label: format!("Năm {year}"),
                slug: year.to_string(),
            }),
            [_, q]
                if q.eq_ignore_ascii_case("q1")
                    || q.eq_ignore_ascii_case("q2")
                    || q.eq_ignore_ascii_case("q3")
                    || q.eq_ignore_ascii_case("q4") =>
            {
                let n: u8 = q[1..].parse().map_err(|_| bad())?;
                let roman = ["I", "II", "III", "IV"][n as usize - 1];
                Ok(Period {
                    from: day::format(date(3 * n - 2, 1)?),
                    to: day::format(month_end(3 * n)?),
                    label: format!("Quý {roman}/{year}"),
                    slug: format!("{year}-Q{n}"),
                })
            }
            [_, m] => {
                let m: u8 = m.parse().ok().filter(|m| (1..=12).contains(m)).ok_or_else(bad)?;
                Ok(Period {
                    from: day::format(date(m, 1)?),
                    to: day::format(month_end(m)?),
                    label: format!("Tháng {m:02}/{year}"),
                    slug: format!("{year}-{m:02}"),
                })
            }
            _ => Err(bad()),
        }
    }

    /// The month containing `d`.
    pub fn month_of(d: Date) -> Period {
        Period::parse(&format!("{}-{:02}", d.year(), u8::from(d.month()))).expect("valid month")
    }
}

/// Everything a report shows.
pub struct ReportData {
    pub period: Period,
    pub dashboard: Dashboard,
    /// Digitised / approved during the period, by unit key (`country`, `34:CODE`, `63:CODE`, `xa:CODE`).
    pub in_period: HashMap<String, StageCounts>,
    /// The workspace holds other communes' figures: national report, else the own commune.
    pub national: bool,
    pub scope_name: String,
    pub user: String,
    pub generated_at: String,
    pub books: Vec<super::live::BookProgress>,
}

/// Gathers the figures of a report for `period` (default: the month of the latest data).
pub fn progress_report_data(s: &Session, period: Option<&str>) -> Result<ReportData> {
    let latest = super::aggregate::progress_dashboard(s, &DashboardQuery::default())?;
    let period = match period {
        Some(p) if !p.trim().is_empty() => Period::parse(p)?,
        _ => Period::month_of(day::parse(&latest.as_of).unwrap_or_else(day::today)),
    };
    let to = day::parse(&period.to).ok_or_else(|| CoreError::invalid("period", "kỳ không hợp lệ"))?;
    let from = day::parse(&period.from).ok_or_else(|| CoreError::invalid("period", "kỳ không hợp lệ"))?;
    let dashboard = if day::parse(&latest.as_of).is_some_and(|l| l > to) {
        super::aggregate::progress_dashboard(s, &DashboardQuery { as_of: Some(period.to.clone()) })?
    } else {
        latest
    };
    let sources = super::aggregate::load_sources(s)?;
    let points = load_points(s, &sources)?;
    let mut in_period: HashMap<String, StageCounts> = HashMap::new();
    let u = super::units::units();
    for (src, pts) in sources.iter().zip(&points) {
        let inc = increase(pts, from, to);
        let mut add = |k: String, w: f64| {
            let e = in_period.entry(k).or_default();
            e.keyed += (inc.keyed as f64 * w).round() as u64;
            e.accepted += (inc.accepted as f64 * w).round() as u64;
        };
        add("country".into(), 1.0);
        if let Some(c) = src.commune {
            add(format!("xa:{}", u.communes[c].unit.code), 1.0);
            add(format!("34:{}", u.communes[c].province.code), 1.0);
        }
        for (p, w) in &src.old_provinces {
            add(format!("63:{p}"), *w);
        }
    }
    let national = dashboard.communes.iter().filter(|c| c.source.is_some()).count() > 1;
    let ws = s.workspace();
    Ok(ReportData {
        period,
        national,
        scope_name: if national { "Toàn quốc".into() } else { ws.commune_name.clone() },
        user: s.user().display_name.clone(),
        generated_at: crate::clock::now(),
        books: if national { vec![] } else { super::live::book_progress(s.conn())? },
        in_period,
        dashboard,
    })
}

pub fn progress_report_pdf(s: &Session, period: Option<&str>) -> Result<(String, Vec<u8>)> {
    let d = progress_report_data(s, period)?;
    Ok((format!("bao-cao-tien-do-{}.pdf", d.period.slug), pdf(&d)?))
}

pub fn progress_report_xlsx(s: &Session, period: Option<&str>) -> Result<(String, Vec<u8>)> {
    let d = progress_report_data(s, period)?;
    Ok((format!("bao-cao-tien-do-{}.xlsx", d.period.slug), xlsx(&d)?))
}

// ---- formatting -----------------------------------------------------------------------------

/// `1.234.567` (Vietnamese thousands separator).
pub fn num(n: u64) -> String {
    crate::text::group_digits(n)
}

fn pct(x: f64) -> String {
    format!("{:.1}%", x).replace('.', ",")
}

fn date_vi(s: &Option<String>) -> String {
    s.as_deref().and_then(day::parse).map(day::vi).unwrap_or_else(|| "—".into())
}

fn rate(x: f64) -> String {
    if x >= 100.0 {
        num(x.round() as u64)
    } else {
        format!("{:.1}", x).replace('.', ",")
    }
}

// ---- PDF --------------------------------------------------------------------------------------

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

fn unit_cells(r: &UnitProgress, inp: Option<&StageCounts>, first: String) -> Vec<String> {
    let c = &r.counts;
    vec![
        first,
        r.name.clone(),
        num(c.books.inventoried),
        num(c.books.keyed),
        num(r.outlook.expected),
        num(c.entries.keyed),
        pct(r.outlook.pct_keyed),
        num(c.entries.accepted),
        pct(r.outlook.pct_accepted),
        inp.map(|s| num(s.keyed)).unwrap_or_else(|| "—".into()),
        rate(r.outlook.rate_keyed),
        date_vi(&r.outlook.forecast),
        date_vi(&r.outlook.deadline),
        r.outlook.flag.label_short_vi().into(),
    ]
}

fn unit_cols() -> Vec<Col> {
    let l = |title, width| Col { title, width, align: Align::Left };
    let r = |title, width| Col { title, width, align: Align::Right };
    vec![
        r("STT", 22.0),
        l("Đơn vị", 112.0),
        r("Sổ|kiểm kê", 48.0),
        r("Sổ đã|số hóa", 48.0),
        r("Bản ghi|dự kiến", 60.0),
        r("Bản ghi|đã số hóa", 60.0),
        r("%", 34.0),
        r("Được|duyệt", 58.0),
        r("%", 34.0),
        r("Số hóa|trong kỳ", 52.0),
        r("Tốc độ|/ngày", 40.0),
        r("Dự kiến|xong", 52.0),
        r("Hạn", 52.0),
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
        ("Đã chấp nhận (nghiệm thu)", format!("{} ({})", num(headline.counts.entries.accepted), pct(headline.outlook.pct_accepted))),
        ("Số hóa trong kỳ", num(inp.keyed)),
        ("Bản ghi/ngày (4 tuần gần nhất)", rate(headline.outlook.rate_keyed)),
        ("Dự kiến hoàn thành", date_vi(&headline.outlook.forecast)),
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
    let status = format!(
        "Bản ghi dự kiến (kiểm kê): {} · Hạn: {} · Tình trạng: {}",
        num(headline.outlook.expected),
        date_vi(&headline.outlook.deadline),
        headline.outlook.flag.label_vi()
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
            rows.push((unit_cells(p, d.in_period.get(&format!("34:{}", p.code)), (i + 1).to_string()), Some(p.outlook.flag)));
        }
        l.heading("1. Theo tỉnh, thành phố (34 đơn vị từ 01/7/2025)");
        let total = unit_cells(nat, Some(&inp), String::new());
        l.table(&cols, &rows, Some(&total));
        let mut rows: Vec<(Vec<String>, Option<Flag>)> = Vec::new();
        for (i, p) in dash.provinces_pre2025.iter().enumerate() {
            rows.push((unit_cells(p, d.in_period.get(&format!("63:{}", p.code)), (i + 1).to_string()), Some(p.outlook.flag)));
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
        lc("Loại sổ", 180.0),
        lc("Giai đoạn", 62.0),
        rc("Sổ|kiểm kê", 58.0),
        rc("Sổ đã|số hóa", 58.0),
        rc("Bản ghi|dự kiến", 74.0),
        rc("Bản ghi|đã số hóa", 74.0),
        rc("%", 40.0),
        rc("Đã|kiểm tra", 66.0),
        rc("Được|duyệt", 66.0),
        Col { title: "Đã xuất", width: 0.0, align: Align::Right },
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
            lc("Nơi đăng ký", 190.0),
            lc("Năm", 70.0),
            rc("Dự kiến", 60.0),
            rc("Đã nhập", 60.0),
            rc("Đã kiểm tra", 66.0),
            rc("Đã gửi", 60.0),
            rc("Đã chấp nhận", 66.0),
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
        "Ghi chú: “Đã số hóa” = bản ghi đã nhập (kể cả đang kiểm tra, đã gửi, đã chấp nhận, đã xuất); “Đã chấp nhận” = đã được giám sát duyệt (kể cả đã xuất).",
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

pub fn xlsx(d: &ReportData) -> Result<Vec<u8>> {
    use rust_xlsxwriter::{Format, FormatAlign, Workbook};
    let err = |e: rust_xlsxwriter::XlsxError| CoreError::Internal(format!("XLSX: {e}"));
    let mut wb = Workbook::new();
    let title = Format::new().set_bold().set_font_size(14);
    let head = Format::new()
        .set_bold()
        .set_background_color("E6EEF6")
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_border(rust_xlsxwriter::FormatBorder::Thin);
    let int = Format::new().set_num_format("#,##0");
    let pctf = Format::new().set_num_format("0.0");
    let bold = Format::new().set_bold();
    let dash = &d.dashboard;
    // Summary
    {
        let ws = wb.add_worksheet().set_name("Tổng hợp").map_err(err)?;
        ws.set_column_width(0, 38).map_err(err)?;
        ws.set_column_width(1, 22).map_err(err)?;
        ws.write_string_with_format(0, 0, "BÁO CÁO TIẾN ĐỘ SỐ HÓA SỔ HỘ TỊCH", &title).map_err(err)?;
        let nat = if d.national { &dash.national } else { dash.communes.iter().find(|c| c.source.is_some()).unwrap_or(&dash.national) };
        let inp = d
            .in_period
            .get(if d.national { "country".to_string() } else { format!("xa:{}", nat.code) }.as_str())
            .copied()
            .unwrap_or_default();
        let rows: Vec<(&str, String, Option<f64>)> = vec![
            ("Phạm vi", d.scope_name.clone(), None),
            ("Kỳ báo cáo", d.period.label.clone(), None),
            ("Từ ngày", d.period.from.clone(), None),
            ("Đến ngày", d.period.to.clone(), None),
            ("Số liệu đến ngày", dash.as_of.clone(), None),
            ("Người lập", d.user.clone(), None),
            ("Sổ kiểm kê", String::new(), Some(nat.counts.books.inventoried as f64)),
            ("Sổ đã số hóa", String::new(), Some(nat.counts.books.keyed as f64)),
            ("Bản ghi dự kiến", String::new(), Some(nat.outlook.expected as f64)),
            ("Bản ghi đã số hóa", String::new(), Some(nat.counts.entries.keyed as f64)),
            ("Tỷ lệ số hóa (%)", String::new(), Some(nat.outlook.pct_keyed)),
            ("Bản ghi đã chấp nhận", String::new(), Some(nat.counts.entries.accepted as f64)),
            ("Tỷ lệ đã chấp nhận (%)", String::new(), Some(nat.outlook.pct_accepted)),
            ("Số hóa trong kỳ", String::new(), Some(inp.keyed as f64)),
            ("Đã chấp nhận trong kỳ", String::new(), Some(inp.accepted as f64)),
            ("Tốc độ (bản ghi/ngày, 4 tuần)", String::new(), Some(nat.outlook.rate_keyed)),
            ("Dự kiến hoàn thành", nat.outlook.forecast.clone().unwrap_or_default(), None),
            ("Hạn", nat.outlook.deadline.clone().unwrap_or_default(), None),
            ("Tình trạng", nat.outlook.flag.label_vi().into(), None),
        ];
        for (i, (k, s, n)) in rows.iter().enumerate() {
            let r = i as u32 + 2;
            ws.write_string_with_format(r, 0, *k, &bold).map_err(err)?;
            match n {
                Some(x) if k.contains('%') || k.contains("Tốc độ") => ws.write_number_with_format(r, 1, *x, &pctf).map_err(err)?,
                Some(x) => ws.write_number_with_format(r, 1, *x, &int).map_err(err)?,
                None => ws.write_string(r, 1, s).map_err(err)?,
            };
        }
    }
    let unit_header = [
        "Mã",
        "Đơn vị",
        "Tỉnh",
        "Sổ kiểm kê",
        "Sổ đã số hóa",
        "Bản ghi dự kiến",
        "Đã số hóa",
        "% số hóa",
        "Đã kiểm tra",
        "Đã gửi",
        "Đã chấp nhận",
        "% đã chấp nhận",
        "Đã xuất",
        "Số hóa trong kỳ",
        "Tốc độ/ngày",
        "Dự kiến xong",
        "Hạn",
        "Tình trạng",
        "Số liệu ngày",
    ];
    let mut unit_sheet = |name: &str, rows: &[UnitProgress], key: &str| -> Result<()> {
        let ws = wb.add_worksheet().set_name(name).map_err(err)?;
        for (j, h) in unit_header.iter().enumerate() {
            ws.write_string_with_format(0, j as u16, *h, &head).map_err(err)?;
        }
        ws.set_column_width(1, 30).map_err(err)?;
        ws.set_column_width(2, 22).map_err(err)?;
        ws.set_column_width(17, 22).map_err(err)?;
        for (i, r) in rows.iter().enumerate() {
            let row = i as u32 + 1;
            let c = &r.counts;
            ws.write_string(row, 0, &r.code).map_err(err)?;
            ws.write_string(row, 1, &r.name).map_err(err)?;
            ws.write_string(row, 2, r.province_name.as_deref().unwrap_or("")).map_err(err)?;
            let nums = [c.books.inventoried, c.books.keyed, r.outlook.expected, c.entries.keyed];
            for (j, v) in nums.iter().enumerate() {
                ws.write_number_with_format(row, 3 + j as u16, *v as f64, &int).map_err(err)?;
            }
            ws.write_number_with_format(row, 7, r.outlook.pct_keyed, &pctf).map_err(err)?;
            for (j, v) in [c.entries.checked, c.entries.submitted, c.entries.accepted].iter().enumerate() {
                ws.write_number_with_format(row, 8 + j as u16, *v as f64, &int).map_err(err)?;
            }
            ws.write_number_with_format(row, 11, r.outlook.pct_accepted, &pctf).map_err(err)?;
            ws.write_number_with_format(row, 12, c.entries.exported as f64, &int).map_err(err)?;
            let inp = d.in_period.get(&format!("{key}:{}", r.code)).map(|s| s.keyed).unwrap_or(0);
            ws.write_number_with_format(row, 13, inp as f64, &int).map_err(err)?;
            ws.write_number_with_format(row, 14, r.outlook.rate_keyed, &pctf).map_err(err)?;
            ws.write_string(row, 15, r.outlook.forecast.as_deref().unwrap_or("")).map_err(err)?;
            ws.write_string(row, 16, r.outlook.deadline.as_deref().unwrap_or("")).map_err(err)?;
            ws.write_string(row, 17, r.outlook.flag.label_vi()).map_err(err)?;
            ws.write_string(row, 18, &r.outlook.as_of).map_err(err)?;
        }
        ws.set_freeze_panes(1, 2).map_err(err)?;
        ws.autofilter(0, 0, rows.len() as u32, unit_header.len() as u16 - 1).map_err(err)?;
        Ok(())
    };
    if d.national {
        unit_sheet("Tỉnh (34)", &dash.provinces_2025, "34")?;
        unit_sheet("Tỉnh (63)", &dash.provinces_pre2025, "63")?;
    }
    let communes: Vec<UnitProgress> = dash.communes.iter().filter(|c| c.source.is_some() || c.target_records.is_some()).cloned().collect();
    unit_sheet("Xã, phường", &communes, "xa")?;
    {
        let ws = wb.add_worksheet().set_name("Loại sổ").map_err(err)?;
        let h = [
            "Loại sổ",
            "Tên loại sổ",
            "Giai đoạn",
            "Sổ kiểm kê",
            "Sổ đã số hóa",
            "Bản ghi dự kiến",
            "Đã số hóa",
            "Đã kiểm tra",
            "Đã gửi",
            "Đã chấp nhận",
            "Đã xuất",
        ];
        for (j, t) in h.iter().enumerate() {
            ws.write_string_with_format(0, j as u16, *t, &head).map_err(err)?;
        }
        ws.set_column_width(1, 40).map_err(err)?;
        for (i, c) in dash.cells.iter().enumerate() {
            let row = i as u32 + 1;
            ws.write_string(row, 0, c.book_type.as_str()).map_err(err)?;
            ws.write_string(row, 1, &c.book_type_name).map_err(err)?;
            ws.write_string(row, 2, &c.period_group).map_err(err)?;
            let e = &c.counts.entries;
            for (j, v) in
                [c.counts.books.inventoried, c.counts.books.keyed, e.inventoried, e.keyed, e.checked, e.submitted, e.accepted, e.exported]
                    .iter()
                    .enumerate()
            {
                ws.write_number_with_format(row, 3 + j as u16, *v as f64, &int).map_err(err)?;
            }
        }
    }
    if !d.books.is_empty() {
        let ws = wb.add_worksheet().set_name("Quyển sổ").map_err(err)?;
        let h = [
            "Loại",
            "Quyển số",
            "Nơi đăng ký",
            "Giai đoạn",
            "Năm mở",
            "Năm khóa",
            "Dự kiến",
            "Đã nhập",
            "Đã kiểm tra",
            "Đã gửi",
            "Đã chấp nhận",
            "Đã xuất",
            "Nhập xong",
        ];
        for (j, t) in h.iter().enumerate() {
            ws.write_string_with_format(0, j as u16, *t, &head).map_err(err)?;
        }
        for (i, b) in d.books.iter().enumerate() {
            let row = i as u32 + 1;
            ws.write_string(row, 0, b.book_type.as_str()).map_err(err)?;
            ws.write_string(row, 1, &b.quyen_so).map_err(err)?;
            ws.write_string(row, 2, &b.registry_name).map_err(err)?;
            ws.write_string(row, 3, &b.period_group).map_err(err)?;
            ws.write_number(row, 4, b.year_from as f64).map_err(err)?;
            if let Some(t) = b.year_to {
                ws.write_number(row, 5, t as f64).map_err(err)?;
            }
            if let Some(e) = b.expected {
                ws.write_number(row, 6, e as f64).map_err(err)?;
            }
            for (j, v) in
                [b.entries.keyed, b.entries.checked, b.entries.submitted, b.entries.accepted, b.entries.exported].iter().enumerate()
            {
                ws.write_number(row, 7 + j as u16, *v as f64).map_err(err)?;
            }
            ws.write_string(row, 12, if b.finished { "có" } else { "chưa" }).map_err(err)?;
        }
    }
    wb.save_to_buffer().map_err(err)
}
