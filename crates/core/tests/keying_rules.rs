//! The rules the keying and home screens show, owned by the core (issue 14 §1): an entry's title
//! (the name of its main person, for every book type, after it is created and after each save),
//! whether it may be edited, and which entries count as keyed — the books list and the progress
//! figures count the same entries, returned ones included.
mod common;
use common::*;
use sohoa_core::keying::{self, SubjectRole};
use sohoa_core::model::book::{NewBook, RegistryRef};
use sohoa_core::model::entry::LoadEntry;
use sohoa_core::{model, progress, BookType, EntryStatus, Session};

fn book_of(s: &mut Session, t: BookType) -> i64 {
    let b = NewBook {
        book_type: t,
        registry: RegistryRef { scheme: "gso_pre2025".into(), code: Some("05986".into()), name: "UBND xã Yên Lạc".into() },
        quyen_so: format!("01/2010-{t}"),
        year_from: 2010,
        year_to: None,
        page_count: 20,
        expected_entries: None,
        note: None,
    };
    s.write(|w| model::book::create(w, &b)).unwrap()
}

fn summary_title(s: &Session, book: i64, entry: i64) -> Option<String> {
    keying::entry_summaries(s.conn(), book).unwrap().into_iter().find(|e| e.id == entry).unwrap().title
}

#[test]
fn every_book_type_names_its_entries_after_their_main_person_after_create_and_after_save() {
    let (_t, dir) = tmp();
    let mut s = create(&dir.join("ws"));
    for t in BookType::ALL {
        let book = book_of(&mut s, t);
        let name_field = t.title_fields().next().unwrap();
        let created = keying::create_entry(&mut s, book, &[fv("so", "1"), fv(&name_field, " Lò Thị Mai ")], None).unwrap();
        assert_eq!(created.entry.title.as_deref(), Some("Lò Thị Mai"), "{t}: the entry as created");
        assert_eq!(summary_title(&s, book, created.entry.id).as_deref(), Some("Lò Thị Mai"), "{t}: the entry list");

        let saved = keying::save_field(&mut s, created.entry.id, fv(&name_field, "Lò Văn Pọm")).unwrap();
        assert_eq!(saved.title.as_deref(), Some("Lò Văn Pọm"), "{t}: after a save");
        assert_eq!(summary_title(&s, book, created.entry.id).as_deref(), Some("Lò Văn Pọm"), "{t}: the list after a save");
        assert_eq!(keying::entry_view(s.conn(), created.entry.id).unwrap().entry.title.as_deref(), Some("Lò Văn Pọm"), "{t}: reopened");

        let undone = keying::undo_last(&mut s, created.entry.id).unwrap().unwrap();
        assert_eq!(undone.title.as_deref(), Some("Lò Thị Mai"), "{t}: after an undo");

        // Another person's name (a parent, a witness) is never the title.
        let other = keying::create_entry(&mut s, book, &[fv("so", "2"), fv("nguoiKy", "Hà Văn Ký")], None).unwrap();
        assert_eq!(other.entry.title, None, "{t}: no main person keyed, no title");
    }
}

#[test]
fn a_marriage_is_named_after_the_husband_or_else_the_wife() {
    let (_t, dir) = tmp();
    let mut s = create(&dir.join("ws"));
    for t in [BookType::Kh, BookType::Lh] {
        let book = book_of(&mut s, t);
        let e = keying::create_entry(&mut s, book, &[fv("voHoTen", "Vi Thị Hoa")], None).unwrap();
        assert_eq!(e.entry.title.as_deref(), Some("Vi Thị Hoa"), "{t}");
        let saved = keying::save_field(&mut s, e.entry.id, fv("chongHoTen", "Lương Văn Tâm")).unwrap();
        assert_eq!(saved.title.as_deref(), Some("Lương Văn Tâm"), "{t}: the husband first, as the register writes them");
    }
}

#[test]
fn an_illegible_name_is_no_title() {
    let (_t, dir) = tmp();
    let mut s = create(&dir.join("ws"));
    let book = book_of(&mut s, BookType::Hn);
    let e = keying::create_entry(&mut s, book, &[fv("nxnHoTen", "Đinh Thị Lan")], None).unwrap();
    let saved =
        keying::save_field(&mut s, e.entry.id, sohoa_core::FieldValue { field: "nxnHoTen".into(), value: String::new(), illegible: true })
            .unwrap();
    assert_eq!(saved.title, None);
    assert_eq!(summary_title(&s, book, e.entry.id), None);
}

#[test]
fn entries_say_whether_they_may_still_be_edited() {
    let (_t, dir) = tmp();
    let mut s = create(&dir.join("ws"));
    let book = ks_book(&mut s);
    let statuses = EntryStatus::ALL;
    let load: Vec<LoadEntry> = statuses.iter().map(|st| LoadEntry { fields: vec![fv("nksHoTen", st.as_str())], status: *st }).collect();
    let ids = s.write(|w| model::entry::load(w, book, &load, "test")).unwrap();
    let list = keying::entry_summaries(s.conn(), book).unwrap();
    for (id, st) in ids.iter().zip(statuses) {
        let e = list.iter().find(|e| e.id == *id).unwrap();
        assert_eq!(e.editable, st.is_editable(), "{st} in the list");
        assert_eq!(keying::entry_view(s.conn(), *id).unwrap().entry.editable, st.is_editable(), "{st} opened");
    }
    assert!(list.iter().any(|e| e.editable) && list.iter().any(|e| !e.editable));
    let marked = keying::mark(&mut s, ids[0], EntryStatus::Keyed).unwrap();
    assert!(marked.editable);
    assert_eq!(
        keying::mark(&mut s, ids[0], EntryStatus::Accepted).unwrap_err().code(),
        "input.invalid",
        "a clerk marks keyed, checked or draft only"
    );
}

#[test]
fn returned_entries_count_as_keyed_in_the_books_list_as_in_the_progress_figures() {
    let (_t, dir) = tmp();
    let mut s = create(&dir.join("ws"));
    let book = ks_book(&mut s);
    // 3 drafts, 2 keyed, 1 checked, 2 submitted, 1 accepted, 4 returned, 1 exported.
    let mix = [
        (EntryStatus::Draft, 3),
        (EntryStatus::Keyed, 2),
        (EntryStatus::Checked, 1),
        (EntryStatus::Submitted, 2),
        (EntryStatus::Accepted, 1),
        (EntryStatus::Returned, 4),
        (EntryStatus::Exported, 1),
    ];
    let load: Vec<LoadEntry> =
        mix.iter().flat_map(|(st, n)| (0..*n).map(move |i| LoadEntry { fields: vec![fv("so", &i.to_string())], status: *st })).collect();
    s.write(|w| model::entry::load(w, book, &load, "test")).unwrap();

    let listed = model::book::get(s.conn(), book).unwrap();
    assert_eq!(listed.total, 14);
    assert_eq!(listed.counts["returned"], 4);
    assert_eq!(listed.keyed, 11, "everything but the 3 drafts: returned entries were keyed and are being corrected");
    assert_eq!(model::book::list(s.conn()).unwrap()[0].keyed, 11);

    let figures = progress::overview::progress_overview(&s).unwrap();
    let own = figures.books.iter().find(|b| b.id == book).unwrap();
    assert_eq!(own.entries.keyed, u64::from(listed.keyed), "the home screen and the progress figures count the same entries");
    assert_eq!(own.returned, 4);
}

#[test]
fn the_form_marks_the_fields_that_ask_for_duplicate_candidates_again() {
    for t in BookType::ALL {
        let form = keying::keying_form(t);
        let fields: Vec<_> = form.groups.iter().flat_map(|g| &g.fields).collect();
        let name = fields.iter().find(|f| f.subject == Some(SubjectRole::Name)).unwrap();
        assert_eq!(Some(&name.name), t.title_fields().next().as_ref(), "{t}: the person checked is the entry's main person");
        assert!(fields.iter().any(|f| f.subject == Some(SubjectRole::BirthDate)), "{t}");
    }
}
