//! A deterministic synthetic commune for demos, tests and benchmarks of sohoa.
//!
//! [`generate`] builds, for one seed, the commune **Xã Phú Đình** (Thái Nguyên; QĐ 19/2025 code 05602)
//! and the two old communes whose books it inherited (Phú Đình 05602 and Điềm Mặc 05590, GSO
//! pre-2025 codes): a simulated population (1935–2024), ~12 register books of several types and
//! period groups with their entries as keyed (and their review status), scanned-looking page
//! images, the population extract handed over by the commune police (formats.md §1), an earlier
//! spreadsheet of keyed births (§2) and digitisation targets (§4).
//!
//! Everything is plain data (serde-serialisable) and depends only on the seed and the config.
//! The units and codes are real, the people and hamlets are not.
//!
//! Conventions of [`SampleEntry::fields`]: camelCase names of `crates/core/data/column_map.json`,
//! values as a clerk keys them from the page (dates `dd/mm/yyyy`, `d/m/yyyy` in some old books, or
//! a bare year for parents in old books; names verbatim, ALL CAPS in some books); `enum` fields carry
//! the Ministry template **code** (`nksGioiTinh` "1"/"2", `loaiDangKy` "1"/"2"/"4", …) except
//! `tinhTrangKetHon`, whose template values are text; `kind: time` is `HH:MM`. Fields the book does
//! not record are absent (never empty strings).
mod books;
pub mod historic;
pub mod names;
pub mod noise;
pub mod people;
pub mod places;
pub mod render;
mod tables;
pub mod util;
pub mod words;

pub use books::period_group;
pub use people::{generate_people, MaritalCertificate, Marriage, Person, Population, Registration, Sex};
pub use places::{commune_info, CommuneInfo, OldRegistry};
pub use tables::{SHEET_COLUMNS, TARGET_COLUMNS};
pub use util::Ymd;

use serde::{Deserialize, Serialize};
use std::collections::HashMap;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SampleConfig {
    pub seed: u64,
    /// Number of books (at most 16; the first 12 are the demo set). A book whose years hold no
    /// event in a tiny population is left out.
    pub books: usize,
    /// Keyed entries in total over all books (the entries in the database).
    pub entries: usize,
    /// Rows of the population extract.
    pub extract_rows: usize,
    /// Render page images (a few pages per book); off for fast tests.
    pub render_pages: bool,
    /// Width of page images in pixels (A4 portrait; 1240 ≈ 150 dpi).
    pub page_width: u32,
    /// Also render every page holding an accepted entry (at most `render::SCAN_WIDTH_ACCEPTED`
    /// wide), so the demo's upload export has a scan for each entry.
    pub scan_accepted: bool,
}

impl Default for SampleConfig {
    fn default() -> Self {
        SampleConfig {
            seed: 20_250_701,
            books: 12,
            entries: 3000,
            extract_rows: 20_000,
            render_pages: true,
            page_width: 1240,
            scan_accepted: true,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SampleCommune {
    pub commune: CommuneInfo,
    pub books: Vec<SampleBook>,
    /// Population extract, formats.md §1 (UTF-8 with BOM, comma separated, Vietnamese headers).
    pub extract_csv: String,
    /// Digitisation targets, formats.md §4.
    pub targets_csv: String,
    /// Births keyed earlier into a spreadsheet, formats.md §2 (about 200 rows, a few bad ones).
    pub earlier_spreadsheet_csv: String,
    /// Ground truth: the simulated population the books and the extract were written from.
    pub population: Population,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SampleBook {
    /// KS, KT, KH, HN, CMC, GH, TDCC, LH or NCN.
    pub book_type: String,
    /// "01/1985": book number / year opened.
    pub quyen_so: String,
    /// Old registry (GSO pre-2025 commune code) that kept the book.
    pub registry_code: String,
    /// `gso_pre2025`.
    pub registry_scheme: String,
    pub registry_name: String,
    /// `<=1975`, `1976-1998`, `1999-2005`, `2006-2015`.
    pub period_group: String,
    pub year_from: i32,
    pub year_to: Option<i32>,
    /// Printed pages of the book (used pages and blank ones).
    pub page_count: u32,
    /// Entries written in the book (keyed or not).
    pub expected_entries: u32,
    /// Scanned pages (only a few per book have an image).
    pub pages: Vec<SamplePage>,
    /// Entries in the database, book order.
    pub entries: Vec<SampleEntry>,
    /// Entries written in the book but not keyed yet (ground truth for the pages; status "unkeyed").
    pub unkeyed: Vec<SampleEntry>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SamplePage {
    /// Page number in the book (`trangSo`).
    pub seq: u32,
    pub jpeg: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SampleEntry {
    pub so: String,
    pub trang_so: u32,
    /// draft | keyed | checked | submitted | accepted | returned | exported ("unkeyed" in `SampleBook::unkeyed`).
    pub status: String,
    /// (camelCase field of column_map.json, value as written), template order, only fields present.
    pub fields: Vec<(String, String)>,
    /// 12-digit ID of the main person (child, deceased, husband, certified person, acknowledged
    /// child, ward, changed person, adopted child).
    pub person_id: Option<String>,
}

impl SampleEntry {
    pub fn get(&self, field: &str) -> Option<&str> {
        self.fields.iter().find(|(k, _)| k == field).map(|(_, v)| v.as_str())
    }
}

pub const STATUSES: [&str; 7] = ["draft", "keyed", "checked", "submitted", "accepted", "returned", "exported"];

/// Builds the whole sample commune for `cfg`. Deterministic: same config, same bytes.
pub fn generate(cfg: &SampleConfig) -> SampleCommune {
    let seed = cfg.seed;
    let n_people = (cfg.extract_rows as f64 * 1.2) as usize + cfg.entries * 4;
    let mut pop = people::simulate(seed, n_people, cfg.extract_rows + cfg.extract_rows / 20);
    let changes = books::prepare_changes(&mut pop, seed);
    let guards = books::guardianships(&pop, seed);
    // Events per book window (a book with nothing to hold is left out), then how many keyed entries each book gets.
    let mut specs: Vec<books::Spec> = vec![];
    let mut windows: Vec<Vec<books::Ev>> = vec![];
    for s in books::SPECS.iter().take(cfg.books.clamp(1, books::SPECS.len())) {
        let w = books::window(&books::events(s.t, s.r, &pop, &changes, &guards), s, &pop);
        if !w.is_empty() {
            specs.push(*s);
            windows.push(w);
        }
    }
    let avail: Vec<usize> = windows.iter().map(|w| w.len()).collect();
    let keyed = books::allocate(&specs, &avail, cfg.entries);

    let officials = books::Officials::new(seed);
    let kids = books::children(&pop);
    let mut ks_refs: HashMap<usize, (String, String, util::Ymd)> = HashMap::new();
    let mut out_books = Vec::with_capacity(specs.len());
    // KS books first so that corrections can cite the birth entry they correct.
    let mut order: Vec<usize> = (0..specs.len()).collect();
    order.sort_by_key(|&i| (specs[i].t != "KS", i));
    let mut built: Vec<Option<(SampleBook, books::Style)>> = vec![None; specs.len()];
    for &i in &order {
        let spec = &specs[i];
        let total = ((keyed[i] as f64) / spec.profile.keyed_fraction()).round() as usize;
        let total = total.max(keyed[i]).min(avail[i]);
        let w = books::Writer { pop: &pop, kids: &kids, off: &officials, ks_refs: &ks_refs };
        let (book, style) = books::write_book(&w, spec, &windows[i], total, keyed[i], i, seed);
        if spec.t == "KS" {
            for (e, ev) in book.entries.iter().chain(&book.unkeyed).zip(&windows[i]) {
                if let books::Ev::Birth { p, reg } = ev {
                    ks_refs.entry(*p).or_insert((book.quyen_so.clone(), e.so.clone(), reg.date));
                }
            }
        }
        built[i] = Some((book, style));
    }
    for b in built.into_iter().flatten() {
        out_books.push(b.0);
    }

    let spreadsheet = tables::earlier_spreadsheet(&pop, &kids, &officials, seed);
    let extract_csv = tables::extract(&pop, &out_books, &spreadsheet.people, cfg.extract_rows, seed);
    let targets_csv = tables::targets(&pop, &changes, &guards, &out_books);

    if cfg.render_pages {
        render::render_books(&mut out_books, cfg.page_width, seed, cfg.scan_accepted);
    }
    SampleCommune {
        commune: commune_info(),
        books: out_books,
        extract_csv,
        targets_csv,
        earlier_spreadsheet_csv: spreadsheet.csv,
        population: pop,
    }
}
