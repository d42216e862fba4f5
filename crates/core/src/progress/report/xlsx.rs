//! The XLSX workbook: the report's tables as numbers a province office can sum and sort.
//! Changes when the workbook's sheets or columns change.
use super::ReportData;
use crate::error::{CoreError, Result};
use crate::progress::aggregate::UnitProgress;
use crate::progress::forecast::Basis;

fn basis_vi(b: Basis) -> &'static str {
    match b {
        Basis::Target => "chỉ tiêu",
        Basis::Inventory => "kiểm kê sổ (chưa có chỉ tiêu)",
        Basis::None => "—",
    }
}

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
            ("Tình trạng", nat.status_vi("gso_pre2025"), None),
            ("Bản ghi đã xuất", String::new(), Some(nat.counts.entries.exported as f64)),
            ("Bản ghi đã tải lên Bộ", String::new(), Some(nat.counts.entries.uploaded as f64)),
            ("Bản ghi Bộ Tư pháp phê duyệt", String::new(), Some(nat.counts.entries.approved as f64)),
            ("Tỷ lệ Bộ phê duyệt (%)", String::new(), Some(nat.outlook.pct_approved)),
            ("Bản ghi Bộ từ chối (chưa gửi lại)", String::new(), Some(nat.counts.rejected as f64)),
            ("Tỷ lệ tính trên", basis_vi(nat.outlook.basis).into(), None),
            ("Bản ghi theo kiểm kê sổ", String::new(), Some(nat.outlook.inventory as f64)),
            ("Tỷ lệ số hóa theo kiểm kê (%)", String::new(), Some(nat.outlook.pct_keyed_inventory)),
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
        "Giám sát chấp nhận",
        "% giám sát chấp nhận",
        "Đã xuất",
        "Số hóa trong kỳ",
        "Tốc độ/ngày",
        "Dự kiến xong",
        "Hạn",
        "Tình trạng",
        "Số liệu ngày",
        "Đã tải lên Bộ",
        "Bộ phê duyệt",
        "% Bộ phê duyệt",
        "Bộ từ chối",
        "Tỷ lệ tính trên",
        "Bản ghi theo kiểm kê",
        "% số hóa theo kiểm kê",
        "Đơn vị con trễ hạn",
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
            ws.write_string(row, 17, r.status_vi(if key == "34" { "qd19_2025" } else { "gso_pre2025" })).map_err(err)?;
            ws.write_string(row, 18, &r.outlook.as_of).map_err(err)?;
            ws.write_number_with_format(row, 19, c.entries.uploaded as f64, &int).map_err(err)?;
            ws.write_number_with_format(row, 20, c.entries.approved as f64, &int).map_err(err)?;
            ws.write_number_with_format(row, 21, r.outlook.pct_approved, &pctf).map_err(err)?;
            ws.write_number_with_format(row, 22, c.rejected as f64, &int).map_err(err)?;
            ws.write_string(row, 23, basis_vi(r.outlook.basis)).map_err(err)?;
            ws.write_number_with_format(row, 24, r.outlook.inventory as f64, &int).map_err(err)?;
            ws.write_number_with_format(row, 25, r.outlook.pct_keyed_inventory, &pctf).map_err(err)?;
            if let Some(l) = r.late_children.first() {
                ws.write_number_with_format(row, 26, l.late as f64, &int).map_err(err)?;
            }
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
