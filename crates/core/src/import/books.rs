//! The books an import without a named book creates: one per `quyenSo`, with its years and pages
//! proposed from its own rows.
use super::*;

/// A new book for a file imported without naming one: `quyenSo` and years from the rows
/// (registration dates, else the year in the book number, else birth years), pages up to the
/// largest `trangSo`, the registry from the workspace's commune.
pub(super) fn propose_new_book(ws: &WorkspaceInfo, book_type: BookType, file_name: &str, ready: &[LoadEntry]) -> NewBook {
    fn get<'a>(r: &'a LoadEntry, f: &str) -> Option<&'a str> {
        r.fields.iter().find(|x| x.field == f).map(|x| x.value.trim()).filter(|v| !v.is_empty())
    }
    let mut quyens: HashMap<&str, usize> = HashMap::new();
    for r in ready {
        if let Some(q) = get(r, "quyenSo") {
            *quyens.entry(q).or_default() += 1;
        }
    }
    let stem = std::path::Path::new(file_name).file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_else(|| "nhập từ tệp".into());
    let quyen_so = quyens.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0))).map(|(q, _)| q.to_string()).unwrap_or(stem);
    let years_of = |f: &str| -> Vec<i32> {
        ready.iter().filter_map(|r| get(r, f)).filter_map(|v| PartialDate::parse_fast(v).ok()).map(|d| d.year).collect()
    };
    let this_year = crate::clock::today_year();
    let mut years = years_of("ngayDangKy");
    if years.is_empty() {
        let tail: String = quyen_so.chars().rev().take_while(|c| c.is_ascii_digit()).collect::<Vec<_>>().into_iter().rev().collect();
        if tail.len() == 4 {
            years = tail.parse().into_iter().collect();
        }
    }
    if years.is_empty() {
        if let Some(s) = crate::validation::persons::subject_prefix(book_type) {
            years = years_of(&format!("{s}NgaySinh"));
        }
    }
    let clamp = |y: i32| y.clamp(1900, this_year);
    let (from, to) = match (years.iter().min(), years.iter().max()) {
        (Some(&a), Some(&b)) => (clamp(a), clamp(b)),
        _ => (this_year, this_year),
    };
    let page_count = ready.iter().filter_map(|r| get(r, "trangSo")).filter_map(|v| v.parse::<u32>().ok()).max().unwrap_or(0);
    NewBook {
        book_type,
        registry: RegistryRef { scheme: ws.commune_scheme.clone(), code: Some(ws.commune_code.clone()), name: ws.commune_name.clone() },
        quyen_so,
        year_from: from,
        year_to: (to > from).then_some(to),
        page_count,
        expected_entries: None,
        note: Some(format!("Tạo khi nhập tệp “{file_name}”")),
    }
}

/// Splits the valid rows of a file imported without a book into one new book per `quyenSo`.
/// With a single `quyenSo` (or none) every row goes to one book; with several, rows without one
/// are moved to the rejected rows (they cannot be placed).
pub(super) fn split_by_quyen(
    ws: &WorkspaceInfo,
    book_type: BookType,
    file_name: &str,
    p: &mut Prepared,
    cols: &[Option<String>],
    t: &Table,
) -> Vec<Group> {
    // Each row's book (by key), and the keys in order of first appearance, each as first written.
    let mut keys = QuyenKeys::default();
    let mut order: HashMap<String, usize> = HashMap::new();
    let mut written: Vec<String> = Vec::new();
    let book_of: Vec<Option<usize>> = p
        .entries
        .iter()
        .map(|e| {
            let v = e.fields.iter().find(|f| f.field == "quyenSo" && !f.value.trim().is_empty())?;
            let k = keys.key(&v.value);
            Some(match order.get(k) {
                Some(&i) => i,
                None => {
                    order.insert(k.to_string(), written.len());
                    written.push(v.value.trim().to_string());
                    written.len() - 1
                }
            })
        })
        .collect();
    let entries = std::mem::take(&mut p.entries);
    let ready = std::mem::take(&mut p.ready);
    if order.len() <= 1 {
        let book = propose_new_book(ws, book_type, file_name, &entries);
        return vec![Group { target: Target::New(book), entries, ready }];
    }
    let mut groups: Vec<(Vec<LoadEntry>, Vec<Ready>)> = written.iter().map(|_| (Vec::new(), Vec::new())).collect();
    let column = cols.iter().position(|c| c.as_deref() == Some("quyenSo")).and_then(|i| t.headers.get(i).cloned());
    let rejected_before = p.rejected.len();
    for ((e, r), book) in entries.into_iter().zip(ready).zip(book_of) {
        match book {
            Some(i) => {
                groups[i].0.push(e);
                groups[i].1.push(r);
            }
            None => p.rejected.push(RejectedRow {
                line: r.line,
                ma_ban_ghi: Some(r.source_ref),
                field: "quyenSo".into(),
                column: column.clone(),
                reason_vi: format!(
                    "thiếu quyển số: tệp có {} quyển ({}) nên không biết dòng này thuộc quyển nào",
                    written.len(),
                    written.join(", ")
                ),
                other_problems: vec![],
            }),
        }
    }
    if p.rejected.len() > rejected_before {
        p.rejected.sort_by_key(|r| r.line);
        // Notes and counts only speak of loaded rows.
        let loaded_lines: std::collections::HashSet<u64> = groups.iter().flat_map(|g| g.1.iter().map(|r| r.line)).collect();
        p.notes.retain(|n| loaded_lines.contains(&n.line));
        p.illegible_cells = groups.iter().flat_map(|g| g.0.iter()).map(|e| e.fields.iter().filter(|f| f.illegible).count()).sum();
    }
    groups
        .into_iter()
        .map(|(entries, ready)| Group { target: Target::New(propose_new_book(ws, book_type, file_name, &entries)), entries, ready })
        .collect()
}
