//! The preview of a file before it is imported: the proposed column mapping, the encoding, the
//! warnings the clerk reads, sample rows. Nothing is written.
use super::*;

/// How many rows the preview shows.
pub const SAMPLE_ROWS: usize = 10;

/// One column of the file and the field it is proposed to fill.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ColumnMapping {
    /// 0-based position in the file.
    pub column: usize,
    pub header: String,
    /// A template field of the book type, [`SOURCE_REF`], or `None` (kept aside).
    pub field: Option<String>,
    pub label: Option<String>,
    pub matched_by: MatchedBy,
}

/// A field the clerk may map a column to.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TargetField {
    pub field: String,
    /// The full label (`Cha — Họ, chữ đệm và tên`), as messages name the field.
    pub label: String,
    /// The part of the form the field belongs to (`Cha`), as the paper register groups it; `None`
    /// for the record's reference.
    pub group: Option<String>,
    /// The label within its group (`Họ, chữ đệm và tên`).
    pub short_label: String,
    /// Rows without a value here are rejected.
    pub required: bool,
}

/// What the clerk sees before importing.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportPreview {
    pub file_name: String,
    pub book_type: BookType,
    pub format: FileFormat,
    pub sheet_name: Option<String>,
    /// `utf8`, `tcvn3`, `vni_windows`, `windows1258` or `unknown`.
    pub encoding: Encoding,
    /// "TCVN3 (ABC)", "VNI-Windows", "UTF-8"…
    pub encoding_label: String,
    pub encoding_confidence: f32,
    /// The legacy text was inside a Unicode file's cells (typed with the old fonts), not bytes.
    pub legacy_in_cells: bool,
    /// One sentence for the clerk, e.g. "Tệp dùng bảng mã TCVN3 (ABC); đã chuyển sang Unicode."
    pub encoding_note_vi: String,
    pub bom: bool,
    /// `,` `;` tab or `|` for CSV.
    pub delimiter: Option<String>,
    pub headers: Vec<String>,
    pub mapping: Vec<ColumnMapping>,
    /// Headers mapped to no field: their values are kept aside with each entry, not imported.
    pub unknown_columns: Vec<String>,
    /// Required targets no column maps to (the import refuses to start until they are mapped).
    pub missing_required: Vec<TargetField>,
    /// The first rows, after encoding conversion, one string per header.
    pub sample_rows: Vec<Vec<String>>,
    pub row_count: usize,
    /// Rows whose `ma_ban_ghi` is already in the book (only from `crate::import::import_preview`).
    pub already_in_book: usize,
    /// Everything the clerk should read: a stable code, the Vietnamese message, what it is about.
    pub warnings: Vec<ImportWarning>,
    /// The choices for each column: the reference, then every field of the book type.
    pub targets: Vec<TargetField>,
    /// The distinct `quyenSo` values of the rows (as first written), with their row counts, in
    /// order of first appearance. Imported without a book, each becomes a book of its own.
    pub books_in_file: Vec<QuyenCount>,
    /// Cells holding an "unreadable" marker (imported empty, flagged illegible).
    pub illegible_cells: usize,
    /// Rows of the file whose `quyenSo` is not the book's (only from `crate::import::import_preview`).
    pub other_book_rows: usize,
}

pub(super) fn encoding_note(t: &Table, legacy_in_cells: bool) -> String {
    let e = t.detection.encoding;
    match e {
        Encoding::Utf8 => format!("Bảng mã Unicode (UTF-8{}).", if t.bom { ", có BOM" } else { "" }),
        Encoding::Unknown => "Không nhận ra bảng mã; đã đọc theo Windows-1252 — hãy kiểm tra chữ tiếng Việt.".into(),
        _ if legacy_in_cells => format!("Chữ trong tệp được gõ bằng phông {} (bảng mã cũ); đã chuyển sang Unicode.", e.label()),
        _ => format!("Tệp dùng bảng mã cũ {}; đã chuyển sang Unicode.", e.label()),
    }
}

pub(super) fn legacy_in_cells(t: &Table) -> bool {
    t.legacy_in_cells
}

pub(super) fn targets(book_type: BookType) -> Vec<TargetField> {
    let required = required_targets(book_type);
    let source_ref = target_label(book_type, SOURCE_REF);
    let mut out =
        vec![TargetField { field: SOURCE_REF.into(), label: source_ref.clone(), group: None, short_label: source_ref, required: true }];
    {
        let (map, spec) = (crate::model::column_map::column_map(), book_type.spec());
        out.extend(spec.fields.iter().map(|f| TargetField {
            field: f.name.clone(),
            label: target_label(book_type, &f.name),
            group: Some(map.groups.get(&f.group).cloned().unwrap_or_else(|| f.group.clone())),
            short_label: f.label.clone(),
            required: required.contains(&f.name),
        }));
    }
    out
}

/// Reads a file and proposes how to import it into a book of type `book_type`. Nothing is written.
pub fn preview(bytes: &[u8], file_name: &str, book_type: BookType) -> Result<ImportPreview> {
    preview_with(bytes, file_name, book_type, None)
}

/// [`preview`] with the encoding forced (the clerk corrected the detection).
pub fn preview_with(bytes: &[u8], file_name: &str, book_type: BookType, encoding: Option<Encoding>) -> Result<ImportPreview> {
    preview_parsed(&ParsedFile::parse(bytes, encoding)?, file_name, book_type)
}

/// [`preview`] of a file already read (see [`TableCache`]): the mapping proposal and the
/// warnings, without reading, decoding or parsing the file again. It depends on the file and the
/// book type only (never on a mapping), so it is worked out once per book type of a file.
pub fn preview_parsed(file: &ParsedFile, file_name: &str, book_type: BookType) -> Result<ImportPreview> {
    let mut p = file.preview_for(book_type, || propose(file.table(), book_type));
    p.file_name = file_name.to_string();
    Ok(p)
}

/// The preview of a table for a book type (no file name).
pub(super) fn propose(t: &Table, book_type: BookType) -> ImportPreview {
    let mut warnings = t.notes.clone();
    let mut used: HashMap<String, usize> = HashMap::new();
    let mut mapping = Vec::new();
    let mut unknown = Vec::new();
    for (i, h) in t.headers.iter().enumerate() {
        let (mut field, mut by) = match_header(book_type, h);
        if let Some(f) = &field {
            if let Some(&first) = used.get(f) {
                let message = format!(
                    "Cột “{h}” và cột “{}” cùng ứng với “{}”; chỉ dùng cột “{}”.",
                    t.headers[first],
                    target_label(book_type, f),
                    t.headers[first]
                );
                let w =
                    ImportWarning::new(WarningCode::DuplicateColumn, message).columns([h.as_str(), t.headers[first].as_str()]).fields([f]);
                warnings.push(w);
                field = None;
                by = MatchedBy::None;
            } else {
                used.insert(f.clone(), i);
            }
        }
        if field.is_none() && !h.trim().is_empty() {
            unknown.push(h.clone());
        }
        mapping.push(ColumnMapping {
            column: i,
            header: h.clone(),
            label: field.as_ref().map(|f| target_label(book_type, f)),
            field,
            matched_by: by,
        });
    }
    if !unknown.is_empty() {
        let message = format!(
            "Không nhận ra {} cột: {}. Giá trị các cột này được giữ riêng kèm bản ghi, không nhập vào trường nào.",
            unknown.len(),
            unknown.join(", ")
        );
        warnings.push(ImportWarning::new(WarningCode::UnknownHeader, message).columns(&unknown).count(unknown.len()));
    }
    let all_targets = targets(book_type);
    let missing: Vec<TargetField> = all_targets.iter().filter(|t| t.required && !used.contains_key(&t.field)).cloned().collect();
    if !missing.is_empty() {
        let names: Vec<&str> = missing.iter().map(|m| m.label.as_str()).collect();
        let message = format!("Chưa có cột cho trường bắt buộc: {}. Hãy chọn cột tương ứng.", names.join(", "));
        warnings.push(
            ImportWarning::new(WarningCode::MissingRequiredColumn, message)
                .fields(missing.iter().map(|m| m.field.as_str()))
                .count(missing.len()),
        );
    }
    if t.rows.is_empty() {
        warnings.push(ImportWarning::new(WarningCode::NoDataRows, "Tệp chỉ có dòng tiêu đề, không có dòng dữ liệu."));
    }
    let books_in_file = used.get("quyenSo").map(|&c| quyen_counts(t, c)).unwrap_or_default();
    if books_in_file.len() > 1 {
        let list: Vec<String> = books_in_file.iter().map(|q| format!("{} ({} dòng)", q.quyen_so, q.rows)).collect();
        let message = format!(
            "Tệp có {} quyển sổ: {}. Nếu không chọn sổ, mỗi quyển được tạo thành một sổ riêng; nếu nhập vào một sổ, chỉ các dòng cùng quyển số với sổ được nhập.",
            books_in_file.len(),
            list.join(", ")
        );
        let quyens = books_in_file.iter().map(|q| q.quyen_so.as_str());
        warnings.push(ImportWarning::new(WarningCode::SeveralBooks, message).quyen_so(quyens).count(books_in_file.len()));
    }
    let required = required_targets(book_type);
    let mut illegible_cells = 0usize;
    // (header, cells, required, field)
    let mut illegible_cols: Vec<(String, usize, bool, &str)> = Vec::new();
    for (f, &c) in used.iter().filter(|(f, _)| f.as_str() != SOURCE_REF) {
        let n = t.rows.iter().filter(|r| illegible::is_illegible_marker(r.cell(c))).count();
        if n > 0 {
            illegible_cells += n;
            illegible_cols.push((t.headers[c].clone(), n, required.contains(f), f.as_str()));
        }
    }
    if illegible_cells > 0 {
        illegible_cols.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let list: Vec<String> = illegible_cols.iter().map(|(h, n, _, _)| format!("{h}: {n}")).collect();
        let message = format!(
            "{illegible_cells} ô ghi “không đọc được” ({}) — {}: sẽ nhập là trống và đánh dấu “không đọc được”.",
            illegible::EXAMPLES,
            list.join(", ")
        );
        let headers = illegible_cols.iter().map(|c| c.0.as_str());
        warnings.push(ImportWarning::new(WarningCode::IllegibleCells, message).columns(headers).count(illegible_cells));
        let req: Vec<&(String, usize, bool, &str)> = illegible_cols.iter().filter(|c| c.2).collect();
        if !req.is_empty() {
            let list: Vec<String> = req.iter().map(|(h, n, _, _)| format!("{h}: {n}")).collect();
            let message = format!(
                "Có ô “không đọc được” ở trường bắt buộc ({}): các dòng này vẫn được nhập nhưng cần xem lại trên sổ giấy.",
                list.join(", ")
            );
            let cells = req.iter().map(|c| c.1).sum();
            let w = ImportWarning::new(WarningCode::IllegibleRequired, message)
                .columns(req.iter().map(|c| c.0.as_str()))
                .fields(req.iter().map(|c| c.3));
            warnings.push(w.count(cells));
        }
    }
    let width = t.headers.len();
    let sample_rows = t.rows.iter().take(SAMPLE_ROWS).map(|r| (0..width).map(|i| r.cell(i).to_string()).collect()).collect();
    let lic = legacy_in_cells(t);
    ImportPreview {
        file_name: String::new(),
        book_type,
        format: t.format,
        sheet_name: t.sheet_name.clone(),
        encoding: t.detection.encoding,
        encoding_label: t.detection.encoding.label().to_string(),
        encoding_confidence: t.detection.confidence,
        legacy_in_cells: lic,
        encoding_note_vi: encoding_note(t, lic),
        bom: t.bom,
        delimiter: t.delimiter.map(|d| if d == '\t' { "tab".to_string() } else { d.to_string() }),
        headers: t.headers.clone(),
        mapping,
        unknown_columns: unknown,
        missing_required: missing,
        sample_rows,
        row_count: t.rows.len(),
        already_in_book: 0,
        warnings,
        targets: all_targets,
        books_in_file,
        illegible_cells,
        other_book_rows: 0,
    }
}

/// [`preview`] for a given book, also counting the rows already imported into it.
pub fn import_preview(conn: &Connection, book_id: i64, bytes: &[u8], file_name: &str, encoding: Option<Encoding>) -> Result<ImportPreview> {
    model::book::book_type_of(conn, book_id)?;
    import_preview_parsed(conn, book_id, &ParsedFile::parse(bytes, encoding)?, file_name)
}

/// [`crate::import::import_preview`] of a file already read (see [`TableCache`]).
pub fn import_preview_parsed(conn: &Connection, book_id: i64, file: &ParsedFile, file_name: &str) -> Result<ImportPreview> {
    let book_type = model::book::book_type_of(conn, book_id)?;
    let mut p = preview_parsed(file, file_name, book_type)?;
    let quyen = book_quyen_so(conn, book_id)?;
    let own = quyen_key(&quyen);
    p.other_book_rows = p.books_in_file.iter().filter(|q| quyen_key(&q.quyen_so) != own).map(|q| q.rows).sum();
    if p.other_book_rows > 0 {
        let others: Vec<&str> = p.books_in_file.iter().filter(|q| quyen_key(&q.quyen_so) != own).map(|q| q.quyen_so.as_str()).collect();
        let message = format!(
            "{} dòng thuộc quyển khác ({}), không phải quyển “{quyen}” của sổ này: các dòng đó sẽ bị loại. Muốn nhập hết, hãy nhập tệp mà không chọn sổ (mỗi quyển thành một sổ).",
            p.other_book_rows,
            others.join(", ")
        );
        p.warnings.push(ImportWarning::new(WarningCode::OtherBookRows, message).quyen_so(others).count(p.other_book_rows));
    }
    let existing = imported_refs(conn, book_id)?;
    if !existing.is_empty() {
        if let Some(col) = p.mapping.iter().find(|m| m.field.as_deref() == Some(SOURCE_REF)).map(|m| m.column) {
            let t = file.table();
            p.already_in_book = t.rows.iter().filter(|r| existing.contains_key(&crate::text::stored(r.cell(col)))).count();
            if p.already_in_book > 0 {
                let message =
                    format!("{} dòng có mã bản ghi đã được nhập vào sổ này; các dòng đó sẽ không được nhập lại.", p.already_in_book);
                p.warnings.push(ImportWarning::new(WarningCode::AlreadyInBook, message).count(p.already_in_book));
            }
        }
    }
    Ok(p)
}
