//! An earlier spreadsheet of keyed births (formats.md §2) as old registers fill them: every few
//! rows a value no modern form expects (lunar and approximate dates, dates in words, two-digit
//! years, impossible dates, a missing or odd gender, an unreadable name), which an import must
//! keep and flag, and a given number of *structurally* broken rows, which it must refuse: no
//! reference, a reference given twice, more or fewer fields than the header, nothing that
//! identifies a person (issue 10). Deterministic; used by `sohoa bench import-file` and the
//! import tests.

/// The header of the file (the §2 birth columns).
pub const HEADER: &str = "ma_ban_ghi,so,quyen_so,trang_so,ngay_dang_ky,ho_ten,ngay_sinh,gioi_tinh,dan_toc,quoc_tich,noi_sinh,que_quan,ho_ten_cha,ho_ten_me,noi_dang_ky,ghi_chu";

const SURNAMES: [&str; 8] = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Đặng", "Bùi", "Đỗ"];
const MALE: [&str; 6] = ["Hùng", "Minh", "Thắng", "Dũng", "Cường", "Lợi"];
const FEMALE: [&str; 6] = ["Lan", "Hương", "Thủy", "Hằng", "Nguyệt", "Loan"];
const PLACES: [&str; 4] = ["Xã Yên Lạc", "Thôn Đông, xã Yên Lạc", "Xã Phú Đình", "Bệnh viện huyện Định Hóa"];

/// How a structurally broken row is broken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Broken {
    NoReference,
    RepeatedReference,
    MoreFields,
    FewerFields,
    NothingIdentifying,
}

/// A structurally broken row: its line (the header is line 1) and how it is broken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BrokenRow {
    pub line: u64,
    pub kind: Broken,
}

/// The historic birth-date forms the file holds (each kept by an import, with a warning).
pub const HISTORIC_DATES: [&str; 9] = [
    "15/8/1984 âm lịch",
    "1984 (âm lịch)",
    "khoảng 1984",
    "ngày mười lăm tháng tám năm một nghìn chín trăm tám mươi tư",
    "12/3/84",
    "30/02/1985",
    "07/16/1985",
    "năm Giáp Tý",
    "~3/1985",
];

/// One valid row `i` (0-based) of a 1985–1986 birth book, as CSV cells; every 7th row carries a
/// historic oddity.
pub fn birth_row(i: usize) -> Vec<String> {
    let mut row = plain_birth_row(i);
    if i % 7 == 3 {
        match (i / 7) % 12 {
            k @ 0..=8 => row[6] = HISTORIC_DATES[k].into(),
            9 => row[7] = String::new(),
            10 => row[7] = "Trai".into(),
            _ => row[5] = "???".into(),
        }
    }
    row
}

/// One valid row `i` (0-based) of a 1985–1986 birth book with modern values only.
pub fn plain_birth_row(i: usize) -> Vec<String> {
    let male = i.is_multiple_of(2);
    let s = SURNAMES[i % SURNAMES.len()];
    let name = if male { format!("{s} Văn {}", MALE[i % MALE.len()]) } else { format!("{s} Thị {}", FEMALE[i % FEMALE.len()]) };
    let day = 1 + (i % 28);
    let month = 1 + (i / 28) % 12;
    let year = 1985 + (i / 336) % 2;
    vec![
        format!("KS-{:06}", i + 1),
        format!("{}", i + 1),
        "01/1985".into(),
        format!("{}", 1 + i / 3),
        format!("{:02}/{:02}/{year}", (day + 2).min(28), month),
        name,
        format!("{day:02}/{month:02}/{year}"),
        if male { "Nam".into() } else { "Nữ".into() },
        "Kinh".into(),
        "Việt Nam".into(),
        PLACES[i % PLACES.len()].into(),
        "Yên Lạc, Phú Lương, Thái Nguyên".into(),
        format!("{s} Văn {}", MALE[(i + 1) % MALE.len()]),
        format!("{} Thị {}", SURNAMES[(i + 3) % SURNAMES.len()], FEMALE[(i + 2) % FEMALE.len()]),
        "UBND xã Yên Lạc".into(),
        String::new(),
    ]
}

fn csv_cell(s: &str) -> String {
    if s.contains(',') || s.contains('"') || s.contains('\n') {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// `good` rows as [`birth_row`] makes them, and `broken` structurally broken rows spread evenly
/// among them (so the file has `good + broken` data rows). Returns the CSV text (UTF-8, LF) and
/// the broken rows in line order.
pub fn birth_csv(good: usize, broken: usize) -> (String, Vec<BrokenRow>) {
    let mut out = String::with_capacity((good + broken) * 200);
    out.push_str(HEADER);
    out.push('\n');
    let total = good + broken;
    let step = total.checked_div(broken).unwrap_or(usize::MAX);
    let mut brokens = Vec::with_capacity(broken);
    let mut next_good = 0usize;
    for r in 0..total {
        let line = r as u64 + 2;
        let is_broken = broken > 0 && r % step == step / 2 && brokens.len() < broken;
        if !is_broken {
            let row = birth_row(next_good);
            next_good += 1;
            out.push_str(&row.iter().map(|c| csv_cell(c)).collect::<Vec<_>>().join(","));
            out.push('\n');
            continue;
        }
        let kind = match brokens.len() % 5 {
            0 => Broken::NoReference,
            1 => Broken::RepeatedReference,
            2 => Broken::MoreFields,
            3 => Broken::FewerFields,
            _ => Broken::NothingIdentifying,
        };
        // A row of its own (references `KSX-…`, never those of the good rows).
        let mut row = birth_row(r);
        row[0] = format!("KSX-{r:06}");
        match kind {
            Broken::NoReference => row[0] = String::new(),
            Broken::RepeatedReference => row[0] = "KS-000001".into(),
            Broken::MoreFields => {
                row.push("thừa".into());
                row.push("thừa nữa".into());
            }
            Broken::FewerFields => row.truncate(row.len() - 3),
            Broken::NothingIdentifying => {
                for c in row.iter_mut().skip(4) {
                    c.clear();
                }
            }
        }
        brokens.push(BrokenRow { line, kind });
        out.push_str(&row.iter().map(|c| csv_cell(c)).collect::<Vec<_>>().join(","));
        out.push('\n');
    }
    (out, brokens)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_holds_the_good_rows_and_the_broken_ones_in_line_order() {
        let (csv, broken) = birth_csv(10_000, 50);
        assert_eq!(csv.lines().count(), 10_051);
        assert_eq!(broken.len(), 50);
        assert!(broken.windows(2).all(|w| w[0].line < w[1].line));
        assert!(csv.contains("15/8/1984 âm lịch") && csv.contains("12/3/84"));
    }
}
