//! Lexing, markers and segmentation: from a text to the candidate (day, month, year) fields.
use super::super::lunar::CanChi;
use super::super::parse::{continue_sequence, Slot};
use super::super::words;
use super::Qualifier;
use crate::normalize::ascii_fold;

/// Bound on the segmentations tried.
const MAX_STEPS: u32 = 20_000;
const MAX_SEQUENCES: usize = 512;

/// A text's markers and the candidate fields of each segmentation, in order of preference.
pub(super) struct Segmented {
    pub marked: Marked,
    /// The fields, and whether numbers in words were used.
    pub candidates: Vec<(Fields, bool)>,
}

/// `None` when the text holds something no date has.
pub(super) fn segment(text: &str) -> Option<Segmented> {
    let marked = take_markers(lex(text)?)?;
    let tokens = tokenize(&marked.rest)?;
    let mut sequences = Vec::new();
    let mut budget = MAX_STEPS;
    expand(&tokens, 0, &mut Vec::new(), &mut sequences, &mut budget);
    let candidates = sequences
        .iter()
        .filter_map(|events| {
            let words = events.iter().any(|e| matches!(e, Event::Value { words: true, .. }));
            assign(events).ok().map(|f| (f, words))
        })
        .collect();
    Some(Segmented { marked, candidates })
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Lex {
    Num(String),
    /// `lower`: lower-case NFC; `folded`: no marks.
    Word {
        lower: String,
        folded: String,
    },
    Query,
    Tilde,
    Bracket,
    Sep,
    CanChi(CanChi),
    /// A can-chi name with the number year written beside it (`Giáp Thân (1944)`).
    CanChiYear(CanChi, String),
}

fn lex(text: &str) -> Option<Vec<Lex>> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut digits = String::new();
    let flush = |word: &mut String, digits: &mut String, out: &mut Vec<Lex>| {
        if !word.is_empty() {
            let lower = word.to_lowercase();
            out.push(Lex::Word { folded: ascii_fold(&lower), lower });
            word.clear();
        }
        if !digits.is_empty() {
            out.push(Lex::Num(std::mem::take(digits)));
        }
    };
    for c in text.chars() {
        let digit = match c {
            '0'..='9' => Some(c),
            '\u{FF10}'..='\u{FF19}' => char::from_u32(u32::from(c) - 0xFF10 + u32::from('0')),
            _ => None,
        };
        if let Some(d) = digit {
            if !word.is_empty() {
                flush(&mut word, &mut String::new(), &mut out);
            }
            digits.push(d);
            continue;
        }
        if c.is_alphabetic() || unicode_normalization::char::is_combining_mark(c) {
            if !digits.is_empty() {
                flush(&mut String::new(), &mut digits, &mut out);
            }
            word.push(c);
            continue;
        }
        flush(&mut word, &mut digits, &mut out);
        match c {
            // `??` is one unknown part.
            '?' | '？' if out.last() == Some(&Lex::Query) => {}
            '?' | '？' => out.push(Lex::Query),
            '~' | '≈' | '～' => out.push(Lex::Tilde),
            '(' | ')' | '[' | ']' | '（' | '）' => out.push(Lex::Bracket),
            '/' | '-' | '.' | ',' | ':' | ';' | '\'' | '’' | '\u{2010}'..='\u{2015}' | '\u{2212}' => out.push(Lex::Sep),
            c if c.is_whitespace() => {}
            _ => return None,
        }
    }
    flush(&mut word, &mut digits, &mut out);
    Some(out)
}

/// Markers taken out of a text, and what is left.
#[derive(Debug, Default)]
pub(super) struct Marked {
    pub lunar: bool,
    pub solar: bool,
    pub leap: bool,
    pub qualifier: Option<Qualifier>,
    rest: Vec<Lex>,
}

fn word_is(l: Option<&Lex>, folded: &str) -> bool {
    matches!(l, Some(Lex::Word { folded: f, .. }) if f == folded)
}

fn stem_of(folded: &str) -> Option<u8> {
    Some(match folded {
        "giap" => 0,
        "at" => 1,
        "binh" => 2,
        "dinh" => 3,
        "mau" => 4,
        "ky" | "ki" => 5,
        "canh" => 6,
        "tan" => 7,
        "nham" => 8,
        "quy" | "qui" => 9,
        _ => return None,
    })
}

/// Branch candidates of a folded word (`ty` is Tý or Tỵ: the stem's parity decides).
fn branches_of(folded: &str) -> &'static [u8] {
    match folded {
        "ty" => &[0, 5],
        "ti" => &[5],
        "suu" => &[1],
        "dan" => &[2],
        "mao" | "meo" => &[3],
        "thin" => &[4],
        "ngo" => &[6],
        "mui" => &[7],
        "than" => &[8],
        "dau" => &[9],
        "tuat" => &[10],
        "hoi" => &[11],
        _ => &[],
    }
}

fn take_markers(lexemes: Vec<Lex>) -> Option<Marked> {
    let mut m = Marked::default();
    let mut rest: Vec<Lex> = Vec::with_capacity(lexemes.len());
    let mut i = 0;
    let at = |i: usize| lexemes.get(i);
    while i < lexemes.len() {
        let lex = &lexemes[i];
        let Lex::Word { lower, folded } = lex else {
            rest.push(lex.clone());
            i += 1;
            continue;
        };
        let folded = folded.as_str();
        // Calendar markers.
        if (folded == "am" && word_is(at(i + 1), "lich")) || (folded == "lich" && word_is(at(i + 1), "am")) {
            m.lunar = true;
            i += 2;
            continue;
        }
        if (folded == "duong" && word_is(at(i + 1), "lich")) || (folded == "lich" && word_is(at(i + 1), "duong")) {
            m.solar = true;
            i += 2;
            continue;
        }
        if folded == "al" || lower == "âm" {
            m.lunar = true;
            i += 1;
            continue;
        }
        if folded == "dl" {
            m.solar = true;
            i += 1;
            continue;
        }
        // `A.L`, `Â.L`, `D.L`
        if (folded == "a" || folded == "d") && at(i + 1) == Some(&Lex::Sep) && word_is(at(i + 2), "l") {
            if folded == "a" {
                m.lunar = true;
            } else {
                m.solar = true;
            }
            i += 3;
            continue;
        }
        if folded == "nhuan" {
            m.leap = true;
            i += 1;
            continue;
        }
        // A can-chi name.
        if let Some(stem) = stem_of(folded) {
            if let Some(Lex::Word { folded: next, .. }) = at(i + 1) {
                if let Some(cc) = branches_of(next).iter().find_map(|&b| CanChi::new(stem, b)) {
                    i += 2;
                    // The number year beside it, after (`Giáp Thân (1944)`) or before (`1944 Giáp Thân`).
                    let after = (i..lexemes.len()).find(|&j| !matches!(lexemes[j], Lex::Bracket | Lex::Sep));
                    let before = (0..rest.len()).rev().find(|&j| !matches!(rest[j], Lex::Bracket | Lex::Sep));
                    let year = |l: Option<&Lex>| matches!(l, Some(Lex::Num(d)) if d.len() == 4);
                    if year(after.and_then(|j| lexemes.get(j))) {
                        let j = after.unwrap_or(i);
                        let Lex::Num(d) = &lexemes[j] else { unreachable!("checked above") };
                        rest.push(Lex::CanChiYear(cc, d.clone()));
                        i = j + 1;
                    } else if year(before.and_then(|j| rest.get(j))) {
                        let j = before.unwrap_or(0);
                        let Lex::Num(d) = rest.remove(j) else { unreachable!("checked above") };
                        rest.truncate(j);
                        rest.push(Lex::CanChiYear(cc, d));
                    } else {
                        rest.push(Lex::CanChi(cc));
                    }
                    continue;
                }
            }
        }
        rest.push(lex.clone());
        i += 1;
    }
    // Leading fillers and qualifiers.
    let mut start = 0;
    loop {
        match rest.get(start) {
            Some(Lex::Tilde) => set_qualifier(&mut m, Qualifier::About)?,
            Some(Lex::Sep) | Some(Lex::Bracket) => {}
            Some(Lex::Word { lower, folded }) => match (lower.as_str(), folded.as_str()) {
                (_, "sinh" | "chet" | "vao" | "luc") | ("mất" | "mat", _) => {}
                (_, "khoang" | "chung" | "uoc") | ("độ" | "do", _) => set_qualifier(&mut m, Qualifier::About)?,
                (_, "truoc") => set_qualifier(&mut m, Qualifier::Before)?,
                // `sau` (after), not `sáu` (six).
                ("sau", _) => set_qualifier(&mut m, Qualifier::After)?,
                _ => break,
            },
            _ => break,
        }
        start += 1;
    }
    let mut rest: Vec<Lex> = rest.split_off(start);
    // A `?` right after the last number: approximate (`1945?`, `1945 ?`, `(1945?)`).
    let significant: Vec<usize> = (0..rest.len()).filter(|&i| !matches!(rest[i], Lex::Bracket)).collect();
    if let [.., before, last] = significant.as_slice() {
        if rest[*last] == Lex::Query && matches!(rest[*before], Lex::Num(_)) {
            rest.remove(*last);
            set_qualifier(&mut m, Qualifier::About)?;
        }
    }
    rest.retain(|l| !matches!(l, Lex::Bracket));
    m.rest = rest;
    Some(m)
}

/// Two different qualifiers make the text unreadable.
fn set_qualifier(m: &mut Marked, q: Qualifier) -> Option<()> {
    match m.qualifier {
        Some(old) if old != q => None,
        _ => {
            m.qualifier = Some(q);
            Some(())
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Keyword(Slot),
    /// `mùng`/`mồng`: the day keyword, or nothing after `ngày`.
    Mung,
    /// `năm`: the year keyword or the number 5.
    Nam,
    NumberWord(String),
    Digits(String),
    Unknown,
    /// A value that names its slot: `rằm` (day 15), `giêng` (month 1), `chạp` (month 12).
    Named(u32, Slot),
    /// A can-chi year, with the number year written beside it if any.
    CanChi(CanChi, Option<String>),
    /// Separator: a number in words does not run across it.
    Break,
}

fn tokenize(rest: &[Lex]) -> Option<Vec<Tok>> {
    let mut out = Vec::with_capacity(rest.len());
    for l in rest {
        out.push(match l {
            Lex::Num(d) => Tok::Digits(d.clone()),
            Lex::Query => Tok::Unknown,
            Lex::Sep | Lex::Tilde | Lex::Bracket => Tok::Break,
            Lex::CanChi(cc) => Tok::CanChi(*cc, None),
            Lex::CanChiYear(cc, d) => Tok::CanChi(*cc, Some(d.clone())),
            Lex::Word { folded, .. } => match folded.as_str() {
                "ngay" => Tok::Keyword(Slot::Day),
                "thang" => Tok::Keyword(Slot::Month),
                "nam" => Tok::Nam,
                "mung" | "mong" => Tok::Mung,
                "ram" => Tok::Named(15, Slot::Day),
                "gieng" => Tok::Named(1, Slot::Month),
                "chap" => Tok::Named(12, Slot::Month),
                "x" | "xx" => Tok::Unknown,
                w if words::is_number_word(w) => Tok::NumberWord(w.to_string()),
                _ => return None,
            },
        });
    }
    Some(out)
}

/// One value with where it goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Value {
    /// ASCII digits (numbers in words are turned into their digits).
    Digits(String),
    /// `??`, `xx`.
    Unknown,
    CanChi(CanChi),
    /// A can-chi name and its number year (4 digits).
    CanChiYear(CanChi, String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Event {
    Keyword(Slot),
    Value {
        value: Value,
        /// The slot the value names itself (`rằm`, `giêng`, a can-chi year).
        slot: Option<Slot>,
        words: bool,
        /// `một` alone as a number.
        one_word: bool,
    },
}

fn word_of(t: &Tok) -> Option<&str> {
    match t {
        Tok::Nam => Some("nam"),
        Tok::NumberWord(w) => Some(w),
        _ => None,
    }
}

/// Every segmentation of `tokens[i..]` into keyword and value events (depth first: numbers in
/// words longest first, `năm` as a keyword before `năm` as 5).
fn expand(tokens: &[Tok], i: usize, events: &mut Vec<Event>, out: &mut Vec<Vec<Event>>, budget: &mut u32) {
    if *budget == 0 || out.len() >= MAX_SEQUENCES {
        return;
    }
    *budget -= 1;
    let Some(tok) = tokens.get(i) else {
        out.push(events.clone());
        return;
    };
    let with = |event: Event, next: usize, events: &mut Vec<Event>, out: &mut Vec<Vec<Event>>, budget: &mut u32| {
        events.push(event);
        expand(tokens, next, events, out, budget);
        events.pop();
    };
    let value = |value: Value, slot: Option<Slot>, words: bool| Event::Value { value, slot, words, one_word: false };
    match tok {
        Tok::Break => expand(tokens, i + 1, events, out, budget),
        Tok::Keyword(s) => with(Event::Keyword(*s), i + 1, events, out, budget),
        Tok::Mung => {
            if events.last() == Some(&Event::Keyword(Slot::Day)) {
                expand(tokens, i + 1, events, out, budget);
            } else {
                with(Event::Keyword(Slot::Day), i + 1, events, out, budget);
            }
        }
        Tok::Digits(d) => with(value(Value::Digits(d.clone()), None, false), i + 1, events, out, budget),
        Tok::Unknown => with(value(Value::Unknown, None, false), i + 1, events, out, budget),
        Tok::Named(n, slot) => with(value(Value::Digits(n.to_string()), Some(*slot), true), i + 1, events, out, budget),
        Tok::CanChi(cc, year) => {
            let v = match year {
                Some(d) => Value::CanChiYear(*cc, d.clone()),
                None => Value::CanChi(*cc),
            };
            with(value(v, Some(Slot::Year), false), i + 1, events, out, budget);
        }
        Tok::Nam | Tok::NumberWord(_) => {
            if *tok == Tok::Nam {
                with(Event::Keyword(Slot::Year), i + 1, events, out, budget);
            }
            let run: Vec<&str> = tokens[i..].iter().map_while(word_of).collect();
            for (n, used) in words::numbers_at(&run) {
                let one_word = used == 1 && run[0] == "mot";
                let event = Event::Value { value: Value::Digits(n.to_string()), slot: None, words: true, one_word };
                with(event, i + used, events, out, budget);
            }
        }
    }
}

/// A value and the slot it goes to.
#[derive(Debug, Default)]
pub(super) struct Fields {
    pub day: Option<Value>,
    pub month: Option<Value>,
    pub year: Option<Value>,
    /// The month was `một` alone.
    pub month_one_word: bool,
    /// A can-chi name written beside a number year.
    pub can_chi: Option<CanChi>,
}

/// Slots for the values of a segmentation: a value takes the slot of the keyword before it (or
/// its own); unlabelled ones continue the sequence from a labelled neighbour; without any label,
/// by position as [`PartialDate::parse`] does (`d m y`, `m y`, `y`, or year first with 4 digits).
fn assign(events: &[Event]) -> Result<Fields, ()> {
    let mut values: Vec<(Value, Option<Slot>, bool)> = Vec::new();
    let mut pending: Option<Slot> = None;
    for e in events {
        match e {
            Event::Keyword(s) => {
                if pending.replace(*s).is_some() {
                    return Err(());
                }
            }
            Event::Value { value, slot, one_word, .. } => {
                let slot = match (pending.take(), slot) {
                    (Some(a), Some(b)) if a != *b => return Err(()),
                    (a, b) => a.or(*b),
                };
                values.push((value.clone(), slot, *one_word));
            }
        }
    }
    if pending.is_some() || values.is_empty() {
        return Err(());
    }
    if values.iter().all(|v| v.1.is_none()) {
        let year_first = matches!(&values[0].0, Value::Digits(d) if d.len() == 4) && values.len() > 1;
        let slots: &[Slot] = match (values.len(), year_first) {
            (1, _) => &[Slot::Year],
            (2, true) => &[Slot::Year, Slot::Month],
            (2, false) => &[Slot::Month, Slot::Year],
            (3, true) => &[Slot::Year, Slot::Month, Slot::Day],
            (3, false) => &[Slot::Day, Slot::Month, Slot::Year],
            _ => return Err(()),
        };
        for (v, s) in values.iter_mut().zip(slots) {
            v.1 = Some(*s);
        }
    }
    let mut slots: Vec<Option<Slot>> = values.iter().map(|v| v.1).collect();
    continue_sequence(&mut slots).map_err(|_| ())?;
    let mut f = Fields::default();
    for ((value, _, one_word), slot) in values.into_iter().zip(slots) {
        let place = match slot.ok_or(())? {
            Slot::Day => &mut f.day,
            Slot::Month => {
                f.month_one_word = one_word;
                &mut f.month
            }
            Slot::Year => &mut f.year,
        };
        if place.is_some() {
            return Err(());
        }
        let value = match value {
            Value::CanChiYear(cc, d) => {
                f.can_chi = Some(cc);
                Value::Digits(d)
            }
            v => v,
        };
        *place = Some(value);
    }
    Ok(f)
}
