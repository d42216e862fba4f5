//! The supervisor's review that vouches for quality (issue 12): the plan per book with its seed,
//! blind re-keying with arbitration, verdicts from the plan, switching between normal and
//! tightened inspection, the clerks' check passes and the signed QA certificate.
mod batch_common;
use batch_common::*;
use sohoa_core::batch;
use sohoa_core::batch::qa::{self, Arbitration, Decision};
use sohoa_core::model;
use sohoa_core::{BookType, EntryStatus, FieldValue, Session};
use sohoa_qa::{Aql, Plan, Severity};

/// The supervisor keys an entry exactly as written in the book: the clerk's values (dates in
/// another but equivalent form), except `wrong` fields, keyed as given.
fn rekey_as_book(s: &mut Session, review: i64, entry: i64, book_value: &[(&str, &str)]) -> qa::Comparison {
    let e = model::entry::get(s.conn(), entry).unwrap();
    let values: Vec<FieldValue> = e
        .fields
        .iter()
        .map(|f| {
            let v = book_value.iter().find(|(n, _)| *n == f.field).map(|(_, v)| v.to_string()).unwrap_or_else(|| {
                // `12/2/1985` keyed as `12/02/1985`: the date reader makes them equal
                if f.field == "nksNgaySinh" && f.value == "12/2/1985" {
                    "12/02/1985".to_string()
                } else {
                    format!(" {} ", f.value)
                }
            });
            FieldValue { field: f.field.clone(), value: v, illegible: f.illegible }
        })
        .collect();
    qa::rekey(s, review, entry, &values).unwrap()
}

/// Sends the commune's ready books and imports them at the supervisor; the import id.
fn send(dir: &std::path::Path, c: &mut Session, s: &mut Session, name: &str) -> i64 {
    export(c, &dir.join(name));
    import(s, &dir.join(name)).unwrap();
    batch::import::imported_packages(s.conn()).unwrap().into_iter().filter(|p| p.kind == "batch").map(|p| p.id).max().unwrap()
}

fn only_book(s: &Session, import_id: i64) -> i64 {
    batch::review::imported_books(s.conn(), import_id).unwrap()[0].book.id
}

#[test]
fn the_plan_of_a_book_is_stored_with_its_seed_and_the_same_sample_is_drawn_again_from_it() {
    let (_t, dir, mut c, mut s) = commune_and_supervisor();
    checked_ks_book(&mut c, "01/1985", 60);
    let import_id = send(&dir, &mut c, &mut s, "dot1.sohoa");
    let book = only_book(&s, import_id);

    let r = qa::open_review_with_seed(&mut s, book, Some(20_261_206)).unwrap();
    // lot 60 at AQL 1.0 (province default), normal inspection, level II
    let expected = Plan::level_ii(60, Severity::Normal, Aql::DEFAULT).unwrap();
    assert_eq!(r.plan, expected);
    assert_eq!(r.summary, expected.summary_line());
    assert!(r.explain_vi.contains("95 lần trong 100"), "{}", r.explain_vi);
    assert_eq!(r.seed, "20261206");
    assert_eq!(r.algorithm, "sohoa-stratified-v1");
    assert_eq!(r.sample.len() as u64, expected.inspected());
    // 20 pages of 3 entries: the sample is spread over the pages
    let pages: std::collections::BTreeSet<_> = r.sample.iter().map(|e| e.page_seq).collect();
    assert!(pages.len() >= r.sample.len() * 2 / 3, "{} pages for {} entries", pages.len(), r.sample.len());

    // opening again gives the stored review, and the seed draws the very same sample
    let again = qa::open_review(&mut s, book).unwrap();
    assert_eq!(again.id, r.id);
    assert_eq!(again.seed, r.seed);
    let redrawn = qa::redraw_sample(s.conn(), r.id).unwrap();
    assert_eq!(redrawn.entries, r.sample.iter().map(|e| e.entry_id).collect::<Vec<_>>());
    assert!(r.proposal.is_none(), "no proposal before the sample is re-keyed");

    // also checked beside the plan: open warnings, sequence findings, pages without entries, decisions
    let also = qa::also_checked(s.conn(), book).unwrap();
    assert_eq!(also.decisions_total, 0);
    // the fixture declares 100 pages and keys 20 of them
    assert_eq!(also.pages_without_entries, (21..=100).collect::<Vec<u32>>());
    assert!(also.sequence_examples.len() <= 5 && also.sequence_examples.len() as u32 <= also.sequence_findings);
}

#[test]
fn a_blind_rekey_finds_an_injected_error_which_is_arbitrated_and_the_returned_book_carries_the_field_to_the_clerk() {
    let (_t, dir, mut c, mut s) = commune_and_supervisor();
    checked_ks_book(&mut c, "02/1985", 12);
    let import_id = send(&dir, &mut c, &mut s, "dot1.sohoa");
    let book = only_book(&s, import_id);
    let r = qa::open_review(&mut s, book).unwrap();
    // lot 12: the table's sample is not below the lot, every entry is re-keyed; Ac 0, Re 1
    assert!(r.plan.full_inspection);
    assert_eq!((r.plan.ac, r.plan.re), (0, 1));

    // the blind form gives the page and the book type, never the clerk's values
    let target = r.sample[4].entry_id;
    let blind = qa::blind_entry(s.conn(), r.id, target).unwrap();
    assert_eq!(blind.book_type, sohoa_core::BookType::Ks);
    assert!(blind.page_id.is_some() && !blind.rekeyed);

    let clerk_name = model::entry::get(s.conn(), target).unwrap().get("nksHoTen").unwrap().to_string();
    for e in &r.sample {
        let cmp = if e.entry_id == target {
            // the book says another name than the clerk keyed (the injected error)
            rekey_as_book(&mut s, r.id, e.entry_id, &[("nksHoTen", "Lã Thị Hoàn")])
        } else {
            rekey_as_book(&mut s, r.id, e.entry_id, &[])
        };
        if e.entry_id == target {
            assert_eq!(cmp.open, 1, "{:?}", cmp.fields.iter().filter(|f| !f.agree).collect::<Vec<_>>());
            let f = cmp.fields.iter().find(|f| !f.agree).unwrap();
            assert_eq!(
                (f.field.as_str(), f.clerk_value.as_str(), f.supervisor_value.as_str()),
                ("nksHoTen", clerk_name.as_str(), "Lã Thị Hoàn")
            );
        } else {
            assert_eq!(
                cmp.open,
                0,
                "dates and spaces compare normalised: {:?}",
                cmp.fields.iter().filter(|f| !f.agree).collect::<Vec<_>>()
            );
        }
    }
    // no proposal while a disagreement is open; deciding is refused
    assert!(qa::review_view(s.conn(), r.id).unwrap().proposal.is_none());
    assert!(qa::decide(&mut s, r.id, &Decision { accept: true, reason: String::new() }).is_err());
    // both wrong needs the correct value
    assert!(qa::arbitrate(&mut s, r.id, target, "nksHoTen", Arbitration::BothWrong, None).is_err());
    let cmp = qa::arbitrate(&mut s, r.id, target, "nksHoTen", Arbitration::Supervisor, None).unwrap();
    assert_eq!((cmp.open, cmp.wrong_fields), (0, 1));

    let v = qa::review_view(s.conn(), r.id).unwrap();
    let p = v.proposal.expect("every sampled entry re-keyed and arbitrated");
    assert_eq!(p.decision, sohoa_qa::Decision::Return);
    assert_eq!((p.findings.entries, p.findings.nonconforming_entries, p.findings.nonconformities), (12, 1, 1));
    // accepting against the proposal needs a reason
    assert!(qa::decide(&mut s, r.id, &Decision { accept: true, reason: " ".into() }).is_err());
    let out = qa::decide(&mut s, r.id, &Decision { accept: false, reason: String::new() }).unwrap();
    assert_eq!(out.review.decision.as_deref(), Some("return"));
    assert_eq!(out.transition.as_deref(), Some("stay"));

    let verdict = batch::review::imported_books(s.conn(), import_id).unwrap().remove(0).verdict.unwrap();
    assert_eq!(verdict.decision, "return");
    assert_eq!(verdict.reasons.len(), 1);
    assert_eq!(verdict.reasons[0].field.as_deref(), Some("nksHoTen"));
    assert!(verdict.reasons[0].reason.contains("Lã Thị Hoàn"), "{}", verdict.reasons[0].reason);

    // the errors count per clerk (the commune's account that keyed it) and per field
    let rates = qa::error_rates(s.conn()).unwrap();
    let name_row = rates.iter().find(|r| r.field == "nksHoTen").unwrap();
    assert_eq!((name_row.clerk.as_str(), name_row.compared, name_row.wrong), ("canbo", 12, 1));
    assert!(rates.iter().filter(|r| r.field != "nksHoTen").all(|r| r.wrong == 0));

    batch::verdict::export_verdicts(&mut s, import_id, &dir.join("ketqua1.sohoa"), None).unwrap();
    import(&mut c, &dir.join("ketqua1.sohoa")).unwrap();
    let returned = batch::review::returned_entry_views(c.conn()).unwrap();
    assert_eq!(returned.len(), 1);
    assert_eq!(returned[0].status, EntryStatus::Returned);
    assert_eq!(returned[0].reasons[0].field.as_deref(), Some("nksHoTen"));
    assert_eq!(returned[0].title.as_deref(), Some(clerk_name.as_str()));
}

#[test]
fn two_returned_books_among_five_move_the_commune_to_tightened_inspection() {
    let (_t, dir, mut c, mut s) = commune_and_supervisor();
    for q in ["01/1990", "02/1990", "03/1990"] {
        checked_ks_book(&mut c, q, 9);
    }
    let import_id = send(&dir, &mut c, &mut s, "dot1.sohoa");
    let books: Vec<i64> = batch::review::imported_books(s.conn(), import_id).unwrap().iter().map(|b| b.book.id).collect();
    let mut transitions = vec![];
    for &book in &books[..2] {
        let r = qa::open_review(&mut s, book).unwrap();
        assert_eq!(r.plan.severity, Severity::Normal);
        for (i, e) in r.sample.iter().enumerate() {
            if i == 0 {
                rekey_as_book(&mut s, r.id, e.entry_id, &[("meHoTen", "Khúc Thị Nguyễn")]);
                qa::arbitrate(&mut s, r.id, e.entry_id, "meHoTen", Arbitration::BothWrong, Some("Khúc Thị Nguyện")).unwrap();
            } else {
                rekey_as_book(&mut s, r.id, e.entry_id, &[]);
            }
        }
        transitions.push(qa::decide(&mut s, r.id, &Decision { accept: false, reason: String::new() }).unwrap().transition);
    }
    // ISO 2859-1 §9.3.1: 2 lots not accepted among 5 or fewer consecutive lots
    assert_eq!(transitions, vec![Some("stay".to_string()), Some("normal_to_tightened".to_string())]);
    let third = qa::open_review(&mut s, books[2]).unwrap();
    assert_eq!(third.plan.severity, Severity::Tightened);
    assert_eq!(third.inspection_state, "tightened");
    // the reason of a both-wrong field names the correct value
    let v = batch::review::imported_books(s.conn(), import_id).unwrap();
    assert!(v[0].verdict.as_ref().unwrap().reasons[0].reason.contains("Khúc Thị Nguyện"));
}

fn accept_clean_book(s: &mut Session, book: i64) {
    let r = qa::open_review(s, book).unwrap();
    for e in &r.sample {
        rekey_as_book(s, r.id, e.entry_id, &[]);
    }
    let out = qa::decide(s, r.id, &Decision { accept: true, reason: String::new() }).unwrap();
    assert_eq!(out.review.proposal.unwrap().decision, sohoa_qa::Decision::Accept);
}

#[test]
fn the_certificate_of_an_accepted_batch_verifies_and_a_tampered_pdf_or_an_unenrolled_key_fails() {
    let (_t, dir, mut c, mut s) = commune_and_supervisor();
    checked_ks_book(&mut c, "04/1985", 30);
    let import_id = send(&dir, &mut c, &mut s, "dot1.sohoa");
    let book = only_book(&s, import_id);
    // not before the books are reviewed and accepted
    assert!(qa::cert::write_certificate(&mut s, import_id, &dir.join("cn")).is_err());
    accept_clean_book(&mut s, book);

    let files = qa::cert::write_certificate(&mut s, import_id, &dir.join("cn")).unwrap();
    assert!(files.pdf.exists() && files.signature.exists() && files.xlsx.exists());
    let cert = &files.certificate;
    assert_eq!(cert.nonconforming_entries, 0);
    assert_eq!(cert.sampled, Plan::level_ii(30, Severity::Normal, Aql::DEFAULT).unwrap().inspected());
    // 0 errors in n: the one-sided 95 % Clopper–Pearson bound is 1 − 0.05^(1/n)
    let n = cert.sampled as f64;
    assert!((cert.entry_error_upper_95_percent - 100.0 * (1.0 - 0.05f64.powf(1.0 / n))).abs() < 1e-6);
    assert!(std::fs::read(&files.pdf).unwrap().starts_with(b"%PDF"));
    // to look at it: SOHOA_QA_CERT_OUT=DIR cargo test … then pdftoppm -png -r 80
    if let Some(out) = std::env::var_os("SOHOA_QA_CERT_OUT") {
        let out = std::path::PathBuf::from(out);
        std::fs::create_dir_all(&out).unwrap();
        for f in [&files.pdf, &files.signature, &files.xlsx] {
            std::fs::copy(f, out.join(f.file_name().unwrap())).unwrap();
        }
    }

    // the commune (which registered the supervisor's device) accepts it
    let ok = qa::cert::verify_certificate(c.conn(), &files.pdf).unwrap();
    assert!(ok.ok, "{:?}", ok.problems);

    // one byte of the PDF changed: refused
    let tampered = dir.join("tampered.pdf");
    let mut bytes = std::fs::read(&files.pdf).unwrap();
    let at = bytes.len() / 2;
    bytes[at] ^= 0x20;
    std::fs::write(&tampered, &bytes).unwrap();
    std::fs::copy(&files.signature, qa::cert::signature_path(&tampered)).unwrap();
    let bad = qa::cert::verify_certificate(c.conn(), &tampered).unwrap();
    assert!(!bad.ok && !bad.pdf_unchanged && !bad.signature_valid && bad.enrolled);

    // a self-made supervisor (a key nobody enrolled) signs a certificate: refused
    let mut rogue = supervisor(&dir.join("tu-lap"));
    let rogue_fp = batch::identity::device_identity(&mut rogue).unwrap().fingerprint;
    let mut sig: qa::cert::CertificateSignature = serde_json::from_slice(&std::fs::read(&files.signature).unwrap()).unwrap();
    drop(rogue);
    // re-sign the genuine PDF with the rogue workspace's key through a certificate of its own
    let (_t2, dir2, mut c2, mut s2) = commune_and_supervisor();
    checked_ks_book(&mut c2, "05/1985", 6);
    let import2 = send(&dir2, &mut c2, &mut s2, "dot1.sohoa");
    let book2 = only_book(&s2, import2);
    accept_clean_book(&mut s2, book2);
    let files2 = qa::cert::write_certificate(&mut s2, import2, &dir2.join("cn")).unwrap();
    // checked by the first commune, which never registered that supervisor
    let foreign = qa::cert::verify_certificate(c.conn(), &files2.pdf).unwrap();
    assert!(foreign.pdf_unchanged && foreign.signature_valid, "{:?}", foreign.problems);
    assert!(!foreign.enrolled && !foreign.ok);
    // and a signature file that claims an enrolled fingerprint with another key fails too
    sig.fingerprint = rogue_fp;
    let claimed = qa::cert::verify_bytes(c.conn(), &std::fs::read(&files.pdf).unwrap(), &sig).unwrap();
    assert!(!claimed.ok);
}

#[test]
fn a_second_check_pass_is_by_another_account_than_the_keyer_and_records_the_fields_changed() {
    use qa::passes::{self, PassKind};
    use sohoa_core::session::accounts::Role;
    let (t, dir) = tmp();
    let _keep = t;
    let mut c = commune(&dir.join("xa"));
    let book = checked_ks_book(&mut c, "06/1985", 6);
    c.add_account(
        sohoa_core::session::accounts::NewAccount {
            username: "canbo2".into(),
            display_name: "Cán bộ hai".into(),
            role: Role::Clerk,
            password: "mat-khau-canbo".into(),
            scope: vec![],
        },
        sohoa_core::store::keys::KdfParams::insecure_for_tests(),
    )
    .unwrap();
    let p = passes::start_pass(&mut c, book, PassKind::SelfCheck).unwrap();
    let p = passes::finish_pass(&mut c, p.id).unwrap();
    assert_eq!(p.fields_changed, Some(0));
    assert!(passes::start_pass(&mut c, book, PassKind::Second).is_err(), "the keyer cannot do the second check");
    drop(c);
    let mut other = open(&dir.join("xa"), "canbo2");
    let p2 = passes::start_pass(&mut other, book, PassKind::Second).unwrap();
    let first = model::entry::ids(other.conn(), book).unwrap()[0];
    other.write(|w| model::entry::set_field(w, first, &fv("meHoTen", "Khúc Thị Nguyện")).map(|_| ())).unwrap();
    let p2 = passes::finish_pass(&mut other, p2.id).unwrap();
    assert_eq!((p2.kind.as_str(), p2.by_user.as_str(), p2.fields_changed), ("second", "canbo2", Some(1)));
    let changes = passes::pass_changes(other.conn(), p2.id).unwrap();
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].field, "meHoTen");
    assert_eq!(passes::passes(other.conn(), book).unwrap().len(), 2);
}

#[test]
fn the_check_passes_travel_with_the_book_and_the_supervisor_sees_them_in_the_review() {
    use qa::passes::{self, PassKind};
    let (_t, dir, mut c, mut s) = commune_and_supervisor();
    let book = checked_ks_book(&mut c, "07/1985", 9);
    let p = passes::start_pass(&mut c, book, PassKind::SelfCheck).unwrap();
    let first = model::entry::ids(c.conn(), book).unwrap()[0];
    c.write(|w| model::entry::set_field(w, first, &fv("chaHoTen", "Lã Văn Khuê Anh")).map(|_| ())).unwrap();
    passes::finish_pass(&mut c, p.id).unwrap();
    // an unfinished pass does not travel
    passes::start_pass(&mut c, book, PassKind::SelfCheck).unwrap();

    let import_id = send(&dir, &mut c, &mut s, "dot1.sohoa");
    let book = only_book(&s, import_id);
    let r = qa::open_review(&mut s, book).unwrap();
    assert_eq!(r.passes.len(), 1);
    assert_eq!((r.passes[0].kind.as_str(), r.passes[0].by_user.as_str(), r.passes[0].fields_changed), ("self", "canbo", Some(1)));
}

#[test]
fn the_supervisor_sees_the_field_level_diff_of_each_check_pass_received_with_the_book() {
    use qa::passes::{self, PassKind};
    let (_t, dir, mut c, mut s) = commune_and_supervisor();
    let book = checked_ks_book(&mut c, "08/1985", 9);
    let p = passes::start_pass(&mut c, book, PassKind::SelfCheck).unwrap();
    let ids = model::entry::ids(c.conn(), book).unwrap();
    c.write(|w| model::entry::set_field(w, ids[1], &fv("chaHoTen", "Lã Văn Khuể")).map(|_| ())).unwrap();
    c.write(|w| model::entry::set_field(w, ids[4], &fv("nksDanToc", "Tày")).map(|_| ())).unwrap();
    passes::finish_pass(&mut c, p.id).unwrap();

    let import_id = send(&dir, &mut c, &mut s, "dot1.sohoa");
    let book = only_book(&s, import_id);
    let r = qa::open_review(&mut s, book).unwrap();
    assert_eq!(r.passes.len(), 1);
    let diff = passes::pass_changes(s.conn(), r.passes[0].id).unwrap();
    let seen: Vec<(i64, &str, Option<&str>, Option<&str>)> =
        diff.iter().map(|d| (d.seq, d.field.as_str(), d.old_value.as_deref(), d.new_value.as_deref())).collect();
    assert_eq!(seen, vec![(2, "chaHoTen", Some("Lã Văn Khuê"), Some("Lã Văn Khuể")), (5, "nksDanToc", Some("Kinh"), Some("Tày"))]);
    // the diff names the supervisor's own copy of the entry
    assert_eq!(model::entry::get(s.conn(), diff[1].entry_id).unwrap().seq, 5);
}

#[test]
fn a_field_saved_several_times_during_a_pass_counts_once_from_its_first_to_its_last_value() {
    use qa::passes::{self, PassKind};
    let (t, dir) = tmp();
    let _keep = t;
    let mut c = commune(&dir.join("xa"));
    let book = checked_ks_book(&mut c, "09/1985", 6);
    let ids = model::entry::ids(c.conn(), book).unwrap();
    let p = passes::start_pass(&mut c, book, PassKind::SelfCheck).unwrap();
    // autosave writes every pause in typing: “Lã Văn Khuê” → “Lã Văn Khuê A” → “Lã Văn Khuê An”
    for v in ["Lã Văn Khuê A", "Lã Văn Khuê An"] {
        c.write(|w| model::entry::set_field(w, ids[0], &fv("chaHoTen", v)).map(|_| ())).unwrap();
    }
    // a field typed and typed back is no change
    for v in ["Nùng", "Kinh"] {
        c.write(|w| model::entry::set_field(w, ids[2], &fv("nksDanToc", v)).map(|_| ())).unwrap();
    }
    let p = passes::finish_pass(&mut c, p.id).unwrap();
    assert_eq!(p.fields_changed, Some(1));
    let diff = passes::pass_changes(c.conn(), p.id).unwrap();
    assert_eq!(diff.len(), 1);
    assert_eq!((diff[0].old_value.as_deref(), diff[0].new_value.as_deref()), (Some("Lã Văn Khuê"), Some("Lã Văn Khuê An")));
    assert_eq!(diff[0].field_label.as_deref(), Some(BookType::Ks.spec().field("chaHoTen").unwrap().label.as_str()), "named as on the form");
}
