//! Capitals that an encoding cannot tell (TCVN3's toned vowels), restored from their word, their
//! field, their column and the whole text.
//!
//! TCVN3 (ABC) has capital code points only for Ă Â Ê Ô Ơ Ư Đ: a toned capital (À, Ý, Ỹ…) was
//! typed with the lower-case code and shown as a capital by the capitals font (.VnTimeH). So
//! `HÀ THỊ Ý` arrives as `H` `à` `T` `H` `ị` ` ` `ý`: the `H`s and the `T` say the field is in
//! capitals, nothing in the `ý` does. Every other letter keeps its case.
//!
//! A letter whose case is unknown is either the *initial* of its word or an *inner* letter. For
//! each word:
//! * inner letters take the case of the word's other inner letters of known case (`ÚT`: the `T`
//!   is a capital, so the word is in capitals; `Út`: the `t` is small); are small in a word whose
//!   initial is small (`xã`); in a word without any, take it from the nearest word of its field
//!   that has some (the previous one first), then from its column, then from the whole text, else
//!   stay small;
//! * an initial is a capital when the word is in capitals; otherwise it takes the case of the
//!   nearest known initial in the field (`Hà Thị Ý`: the `T` of `Thị`; `đã cải chính ở UBND`:
//!   the `c` of `chính`), then the column's, then the text's, else stays small.
//!
//! Column and text decide by majority of their words. So `MỸ` alone (an `M` and an unknown `ỹ`)
//! is `MỸ` in a column of names in capitals and `Mỹ` in a column in Title Case, and text with no
//! evidence at all (`ý`, `ở`) is read as written: small.
use super::DecodedChar;
use crate::normalize::is_word_char;

/// What a span of text says about case: `Some(true)` capitals, `Some(false)` small.
#[derive(Debug, Clone, Copy, Default)]
struct Tally {
    inner_upper: u32,
    inner_lower: u32,
    initial_upper: u32,
    initial_lower: u32,
}

impl Tally {
    fn add(&mut self, w: &Word) {
        match w.inner {
            Some(true) => self.inner_upper += 1,
            Some(false) => self.inner_lower += 1,
            None => {}
        }
        match w.initial {
            Some(true) => self.initial_upper += 1,
            Some(false) => self.initial_lower += 1,
            None => {}
        }
    }

    fn merge(&mut self, o: &Tally) {
        self.inner_upper += o.inner_upper;
        self.inner_lower += o.inner_lower;
        self.initial_upper += o.initial_upper;
        self.initial_lower += o.initial_lower;
    }

    fn majority(upper: u32, lower: u32) -> Option<bool> {
        (upper != lower).then_some(upper > lower)
    }

    fn inner(&self) -> Option<bool> {
        Tally::majority(self.inner_upper, self.inner_lower)
    }

    fn initial(&self) -> Option<bool> {
        Tally::majority(self.initial_upper, self.initial_lower)
    }
}

/// A word of a field: its char range and what its letters of known case say.
#[derive(Debug, Clone, Copy)]
struct Word {
    start: usize,
    end: usize,
    /// Inner letters of known case: all capitals (`Some(true)`), not all (`Some(false)`), none.
    inner: Option<bool>,
    /// The initial's case, when known.
    initial: Option<bool>,
    /// Some letter's case is unknown.
    unknown: bool,
}

fn known_case(d: &DecodedChar) -> Option<bool> {
    if d.case_unknown {
        None
    } else if d.c.is_uppercase() {
        Some(true)
    } else if d.c.is_lowercase() {
        Some(false)
    } else {
        None
    }
}

fn words_of(chars: &[DecodedChar]) -> Vec<Word> {
    let mut words = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !is_word_char(chars[i].c) {
            i += 1;
            continue;
        }
        let end = i + chars[i..].iter().take_while(|d| is_word_char(d.c)).count();
        let inner_known: Vec<bool> = chars[i + 1..end].iter().filter_map(known_case).collect();
        words.push(Word {
            start: i,
            end,
            inner: (!inner_known.is_empty()).then(|| inner_known.iter().all(|&u| u)),
            initial: known_case(&chars[i]),
            unknown: chars[i..end].iter().any(|d| d.case_unknown),
        });
        i = end;
    }
    words
}

/// The first `Some` of `f` over the words nearest to `i` (the previous one first at equal distance).
fn nearest(words: &[Word], i: usize, f: impl Fn(&Word) -> Option<bool>) -> Option<bool> {
    (1..words.len()).find_map(|d| i.checked_sub(d).and_then(|j| f(&words[j])).or_else(|| words.get(i + d).and_then(&f)))
}

/// One field, analysed.
struct Field {
    chars: Vec<DecodedChar>,
    words: Vec<Word>,
}

impl Field {
    fn new(chars: Vec<DecodedChar>) -> Field {
        let words = words_of(&chars);
        Field { chars, words }
    }

    fn tally(&self) -> Tally {
        let mut t = Tally::default();
        self.words.iter().for_each(|w| t.add(w));
        t
    }

    /// The field's text with unknown cases decided; `fallback` is what the column and the text say.
    fn restore(&self, fallback: &Tally) -> String {
        let mut out: Vec<char> = Vec::with_capacity(self.chars.len());
        let mut next = 0;
        for (i, w) in self.words.iter().enumerate() {
            out.extend(self.chars[next..w.start].iter().map(|d| d.c));
            next = w.end;
            let letters = &self.chars[w.start..w.end];
            if !w.unknown {
                out.extend(letters.iter().map(|d| d.c));
                continue;
            }
            // A word that starts small is small (`xã` beside `UBND`).
            let starts_small = w.initial == Some(false);
            let inner_upper =
                !starts_small && w.inner.or_else(|| nearest(&self.words, i, |x| x.inner)).or_else(|| fallback.inner()).unwrap_or(false);
            let initial_upper =
                inner_upper || w.initial.or_else(|| nearest(&self.words, i, |x| x.initial)).or_else(|| fallback.initial()).unwrap_or(false);
            for (k, d) in letters.iter().enumerate() {
                let upper = if k == 0 { initial_upper } else { inner_upper };
                if d.case_unknown && upper {
                    out.extend(d.c.to_uppercase());
                } else {
                    out.push(d.c);
                }
            }
        }
        out.extend(self.chars[next..].iter().map(|d| d.c));
        out.into_iter().collect()
    }
}

/// Restores one field (a spreadsheet cell, a name) from itself alone.
pub(super) fn restore_field(chars: Vec<DecodedChar>) -> String {
    if !chars.iter().any(|d| d.case_unknown) {
        return chars.into_iter().map(|d| d.c).collect();
    }
    Field::new(chars).restore(&Tally::default())
}

/// Restores the cells of one column: a cell without evidence follows the column's majority.
pub(super) fn restore_column(cells: Vec<Vec<DecodedChar>>) -> Vec<String> {
    if !cells.iter().flatten().any(|d| d.case_unknown) {
        return cells.into_iter().map(|c| c.into_iter().map(|d| d.c).collect()).collect();
    }
    let fields: Vec<Field> = cells.into_iter().map(Field::new).collect();
    let mut column = Tally::default();
    fields.iter().for_each(|f| column.merge(&f.tally()));
    fields.iter().map(|f| f.restore(&column)).collect()
}

/// Restores a whole text: lines (`\n`, `\r`) of fields separated by the text's delimiter (the most
/// frequent of `,` `;` tab `|` in its first line, outside double quotes). A field without
/// evidence follows its column (same position in the other lines), then the whole text.
pub(super) fn restore_text(chars: Vec<DecodedChar>) -> String {
    if !chars.iter().any(|d| d.case_unknown) {
        return chars.into_iter().map(|d| d.c).collect();
    }
    let delimiter = sniff_delimiter(&chars);
    // Split into fields with their column, keeping every separator as its own piece.
    let mut pieces: Vec<Piece> = Vec::new();
    let (mut column, mut quoted) = (0usize, false);
    let mut current: Vec<DecodedChar> = Vec::new();
    let flush = |current: &mut Vec<DecodedChar>, pieces: &mut Vec<Piece>, column: usize| {
        if !current.is_empty() {
            pieces.push(Piece::Field { column, field: Field::new(std::mem::take(current)) });
        }
    };
    for d in chars {
        let c = d.c;
        if c == '"' {
            quoted = !quoted;
        }
        let newline = c == '\n' || c == '\r';
        if newline || (c == delimiter && !quoted) {
            flush(&mut current, &mut pieces, column);
            pieces.push(Piece::Separator(c));
            if newline {
                column = 0;
                quoted = false;
            } else {
                column += 1;
            }
        } else {
            current.push(d);
        }
    }
    flush(&mut current, &mut pieces, column);
    let mut columns: Vec<Tally> = Vec::new();
    let mut text = Tally::default();
    for p in &pieces {
        if let Piece::Field { column, field } = p {
            if columns.len() <= *column {
                columns.resize(column + 1, Tally::default());
            }
            let t = field.tally();
            columns[*column].merge(&t);
            text.merge(&t);
        }
    }
    let mut out = String::new();
    for p in &pieces {
        match p {
            Piece::Separator(c) => out.push(*c),
            Piece::Field { column, field } => {
                let col = columns[*column];
                // The column first, the whole text where the column says nothing.
                let fallback = Tally {
                    inner_upper: if col.inner().is_some() { col.inner_upper } else { text.inner_upper },
                    inner_lower: if col.inner().is_some() { col.inner_lower } else { text.inner_lower },
                    initial_upper: if col.initial().is_some() { col.initial_upper } else { text.initial_upper },
                    initial_lower: if col.initial().is_some() { col.initial_lower } else { text.initial_lower },
                };
                out.push_str(&field.restore(&fallback));
            }
        }
    }
    out
}

enum Piece {
    Separator(char),
    Field { column: usize, field: Field },
}

/// The most frequent of `,` `;` tab `|` outside quotes in the first non-empty line (`,` on ties
/// and when there is none).
fn sniff_delimiter(chars: &[DecodedChar]) -> char {
    let mut counts = [(',', 0usize), (';', 0), ('\t', 0), ('|', 0)];
    let mut quoted = false;
    let mut seen_text = false;
    for d in chars {
        match d.c {
            '\n' | '\r' if seen_text => break,
            '\n' | '\r' => {}
            '"' => quoted = !quoted,
            c => {
                seen_text = true;
                if !quoted {
                    if let Some(e) = counts.iter_mut().find(|(x, _)| *x == c) {
                        e.1 += 1;
                    }
                }
            }
        }
    }
    counts.iter().max_by_key(|(d, n)| (*n, *d == ',')).filter(|(_, n)| *n > 0).map(|(d, _)| *d).unwrap_or(',')
}
