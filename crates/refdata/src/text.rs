//! Text helpers shared by the lookups: diacritic folding and a small CSV reader
//! for the tables this crate ships (RFC 4180 quoting, LF line ends).

use unicode_normalization::UnicodeNormalization;

/// Folds a name for comparison: NFD, combining marks dropped, `đ`→`d`,
/// lowercase, and every run of non-alphanumeric characters (spaces, hyphens,
/// apostrophes, punctuation) collapsed to a single space, trimmed.
///
/// `"Phường  Phúc-Xá"` → `"phuong phuc xa"`, `"H'Mông"` → `"h mong"`.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for ch in s.nfd() {
        if unicode_normalization::char::is_combining_mark(ch) {
            continue;
        }
        let ch = match ch {
            'đ' | 'Đ' => 'd',
            c => c,
        };
        if ch.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            for l in ch.to_lowercase() {
                out.push(l);
            }
        } else {
            pending_space = true;
        }
    }
    out
}

/// [`fold`] without the spaces: `"Khơ-me"`, `"Khơ Me"` and `"Khome"` all give
/// `"khome"`. Used for exact-name lookups where separators are unreliable.
pub fn fold_compact(s: &str) -> String {
    fold(s).chars().filter(|c| *c != ' ').collect()
}

/// Parses a CSV text with a header line into rows of owned fields.
/// Returns the header and the records; panics on malformed shipped data
/// (the tables are generated and tested, a parse error is a build defect).
pub(crate) fn parse_csv(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    if !text.contains('"') {
        // fast path: no quoting anywhere (the large admin tables)
        let mut lines = text.lines();
        let header: Vec<String> = lines.next().unwrap_or_default().split(',').map(str::to_string).collect();
        let records: Vec<Vec<String>> =
            lines.filter(|l| !l.is_empty()).map(|l| l.split(',').map(str::to_string).collect::<Vec<String>>()).collect();
        for (i, r) in records.iter().enumerate() {
            assert_eq!(r.len(), header.len(), "CSV record {} has {} fields, header has {}", i + 2, r.len(), header.len());
        }
        return (header, records);
    }
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut in_quotes = false;
    let mut chars = text.chars().peekable();
    let mut at_field_start = true;
    while let Some(c) = chars.next() {
        if in_quotes {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    field.push('"');
                } else {
                    in_quotes = false;
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            '"' if at_field_start => {
                in_quotes = true;
                at_field_start = false;
            }
            ',' => {
                row.push(std::mem::take(&mut field));
                at_field_start = true;
            }
            '\n' => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
                at_field_start = true;
            }
            '\r' => {}
            c => {
                field.push(c);
                at_field_start = false;
            }
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    let mut it = rows.into_iter();
    let header = it.next().unwrap_or_default();
    let records: Vec<Vec<String>> = it.collect();
    for (i, r) in records.iter().enumerate() {
        assert_eq!(r.len(), header.len(), "CSV record {} has {} fields, header has {}", i + 2, r.len(), header.len());
    }
    (header, records)
}

/// Splits a lookup query such as `"Mông (Mèo)"` or `"Anh (British)"` into the
/// candidates to try in order: the whole text, the part before the
/// parentheses, then each `/`, `,` or `;` separated part inside them.
pub(crate) fn name_candidates(query: &str) -> Vec<String> {
    let q = query.trim();
    let mut out = vec![q.to_string()];
    if let Some(open) = q.find('(') {
        let outer = q[..open].trim();
        let inner_end = q[open..].find(')').map(|i| open + i).unwrap_or(q.len());
        let inner = &q[open + 1..inner_end];
        let after = if inner_end < q.len() { q[inner_end + 1..].trim() } else { "" };
        let outer_full = format!("{outer} {after}");
        out.push(outer_full.trim().to_string());
        out.push(outer.to_string());
        for part in inner.split(['/', ',', ';']) {
            let p = part.trim();
            if !p.is_empty() {
                out.push(p.to_string());
            }
        }
    }
    out.retain(|s| !s.is_empty());
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_drops_marks_case_and_separators() {
        assert_eq!(fold("Phường  Phúc-Xá"), "phuong phuc xa");
        assert_eq!(fold("ĐẮK LẮK"), "dak lak");
        assert_eq!(fold("H'Mông"), "h mong");
        assert_eq!(fold_compact("Khơ-me"), fold_compact("Khơ Me"));
        // precomposed and decomposed input fold identically
        assert_eq!(fold("Ho\u{300}a"), fold("Hòa"));
        assert_eq!(fold("Hoà"), fold("Hòa"));
    }

    #[test]
    fn csv_handles_quotes() {
        let (h, r) = parse_csv("a,b\n\"x, y\",\"say \"\"hi\"\"\"\n,z\n");
        assert_eq!(h, ["a", "b"]);
        assert_eq!(r, vec![vec!["x, y".to_string(), "say \"hi\"".into()], vec!["".into(), "z".into()]]);
    }

    #[test]
    fn candidates_split_parentheses() {
        assert_eq!(name_candidates("Mông (Mèo)"), ["Mông (Mèo)", "Mông", "Mèo"]);
        assert_eq!(
            name_candidates("Ác-hen-ti-na (Argentine / Argentinian)"),
            ["Ác-hen-ti-na (Argentine / Argentinian)", "Ác-hen-ti-na", "Argentine", "Argentinian"]
        );
    }
}
