//! An entry may span several pages (issue 11 §3): the keying screen's command adds the page after
//! the last one the entry spans (continued overleaf) or a chosen page (a margin note elsewhere);
//! the entry shows its pages in order, its own page first.
mod batch_common;
use batch_common::*;
use sohoa_core::keying;
use sohoa_core::model;

fn seqs(p: &[keying::EntryPage]) -> Vec<i64> {
    p.iter().map(|p| p.seq).collect()
}

#[test]
fn the_next_page_is_added_after_the_last_page_an_entry_spans_until_the_book_has_no_more() {
    let (_t, dir) = tmp();
    let mut s = commune(&dir.join("xa"));
    // 12 entries, 3 per page: pages 1–4; entry 10 is on page 4
    let book = checked_ks_book(&mut s, "01/1986", 12);
    let ids = model::entry::ids(s.conn(), book).unwrap();
    let first = ids[0];
    assert_eq!(seqs(&keying::entry_view(s.conn(), first).unwrap().pages), vec![1]);
    assert_eq!(seqs(&keying::add_entry_page(&mut s, first, None).unwrap()), vec![1, 2]);
    assert_eq!(seqs(&keying::add_entry_page(&mut s, first, None).unwrap()), vec![1, 2, 3]);
    // a margin note on page 4 is a chosen page; removing page 2 keeps the others in order
    let page4: i64 = s.conn().query_row("SELECT id FROM page WHERE book_id = ?1 AND seq = 4", [book], |r| r.get(0)).unwrap();
    assert_eq!(seqs(&keying::add_entry_page(&mut s, first, Some(page4)).unwrap()), vec![1, 2, 3, 4]);
    let page2 = keying::entry_view(s.conn(), first).unwrap().pages[1].id;
    assert_eq!(seqs(&keying::remove_entry_page(&mut s, first, page2).unwrap()), vec![1, 3, 4]);
    // the entry on the last page has no next page
    let last = ids[9];
    let err = keying::add_entry_page(&mut s, last, None).unwrap_err();
    assert!(err.to_string().contains("không còn trang"), "{err}");
    assert_eq!(seqs(&keying::entry_view(s.conn(), last).unwrap().pages), vec![4]);
}
