//! The scans of a book in the workspace: attached in order, stored encrypted, reordered,
//! turned, removed — every change audited — and thumbnails made upright.
mod common;
#[path = "imaging_fixtures.rs"]
mod fixtures;
use common::*;
use fixtures::*;
use sohoa_core::imaging;
use sohoa_core::imaging::{make_preview, render, render_with, thumbnail, ViewCache, ViewRequest, Want, PREVIEW_SIDE};
use sohoa_core::model;

fn audit_actions(s: &sohoa_core::Session) -> Vec<String> {
    let mut st = s.conn().prepare("SELECT action FROM audit_log WHERE action LIKE 'page.%' ORDER BY seq").unwrap();
    st.query_map([], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap()
}

#[test]
fn attached_files_become_pages_in_order_and_the_same_photo_is_not_added_twice() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let book = ks_book(&mut s);
    let photo = jpeg(300, 420, 1);
    let first = imaging::pages::attach_document(&mut s, book, "IMG_0001.jpg", &photo).unwrap();
    assert_eq!((first.pages.len(), first.duplicates), (1, 0));
    let pdf = imaging::pages::attach_document(&mut s, book, "quet.pdf", &scanned_pdf(&[jpeg(300, 420, 2), jpeg(300, 420, 3)])).unwrap();
    assert_eq!(pdf.pages.iter().map(|p| p.seq).collect::<Vec<_>>(), vec![2, 3]);
    let again = imaging::pages::attach_document(&mut s, book, "IMG_0001 (1).jpg", &photo).unwrap();
    assert_eq!((again.pages.len(), again.duplicates), (0, 1), "the same bytes are recognised");
    let pages = imaging::pages::list_pages(s.conn(), book).unwrap();
    assert_eq!(pages.iter().map(|p| p.seq).collect::<Vec<_>>(), vec![1, 2, 3]);
    assert!(pages.iter().all(|p| p.width == Some(300) && p.height == Some(420) && !p.has_preview));
    assert_eq!(imaging::pages::page_source(s.conn(), pages[0].id).unwrap().bytes, photo, "stored byte for byte");
    assert_eq!(audit_actions(&s), vec!["page.add"; 3]);
    assert_eq!(model::book::list(s.conn()).unwrap()[0].pages_attached, 3);
}

#[test]
fn the_page_images_are_not_readable_on_disk() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ws");
    let mut s = create(&dir);
    let book = ks_book(&mut s);
    let photo = jpeg(300, 420, 9);
    imaging::pages::attach_document(&mut s, book, "IMG_0009.jpg", &photo).unwrap();
    drop(s);
    let needle = &photo[photo.len() / 2..photo.len() / 2 + 64];
    for (path, _) in file_digests(&dir) {
        let bytes = std::fs::read(&path).unwrap();
        assert!(!bytes.windows(needle.len()).any(|w| w == needle), "{} holds plain image bytes", path.display());
    }
}

#[test]
fn pages_are_reordered_turned_and_removed_with_an_audit_row_each() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let book = ks_book(&mut s);
    let ids: Vec<i64> =
        (1..=4).map(|i| imaging::pages::attach_document(&mut s, book, "p.jpg", &jpeg(200, 280, i)).unwrap().pages[0].id).collect();
    let order = imaging::pages::move_page(&mut s, ids[3], 1).unwrap();
    assert_eq!(order.iter().map(|p| p.id).collect::<Vec<_>>(), vec![ids[3], ids[0], ids[1], ids[2]]);
    assert_eq!(order.iter().map(|p| p.seq).collect::<Vec<_>>(), vec![1, 2, 3, 4]);
    let moved_to_end = imaging::pages::move_page(&mut s, ids[3], 99).unwrap();
    assert_eq!(moved_to_end.last().unwrap().id, ids[3], "positions past the end mean the end");
    assert_eq!(imaging::pages::rotate_page(&mut s, ids[1], 270).unwrap().rotation, 270);
    assert_eq!(imaging::pages::rotate_page(&mut s, ids[1], 45).err().unwrap().code(), "input.invalid");
    let left = imaging::pages::remove_page(&mut s, ids[0]).unwrap();
    assert_eq!(left.iter().map(|p| (p.id, p.seq)).collect::<Vec<_>>(), vec![(ids[1], 1), (ids[2], 2), (ids[3], 3)]);
    assert_eq!(imaging::pages::page_source(s.conn(), ids[0]).err().unwrap().code(), "not_found");
    assert_eq!(
        audit_actions(&s),
        vec!["page.add", "page.add", "page.add", "page.add", "page.move", "page.move", "page.rotate", "page.remove"]
    );
}

#[test]
fn an_entry_keyed_from_a_removed_page_keeps_its_fields() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let book = ks_book(&mut s);
    let page = imaging::pages::attach_document(&mut s, book, "p.jpg", &jpeg(200, 280, 1)).unwrap().pages[0].id;
    let e = s.write(|w| sohoa_core::model::entry::create(w, book, &[fv("nksHoTen", "Lò Thị Mai")], Some(page))).unwrap();
    assert_eq!(imaging::pages::page_info(s.conn(), page).unwrap().entries, 1);
    imaging::pages::remove_page(&mut s, page).unwrap();
    let entry = model::entry::get(s.conn(), e).unwrap();
    assert_eq!((entry.page_id, entry.get("nksHoTen")), (None, Some("Lò Thị Mai")));
}

#[test]
fn each_page_gets_a_screen_size_preview_once_and_thumbnails_are_drawn_upright_from_it() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let book = ks_book(&mut s);
    let page =
        imaging::pages::attach_document(&mut s, book, "IMG_0002.jpg", &jpeg_with_orientation(3000, 2250, 6)).unwrap().pages[0].clone();
    assert_eq!(page.rotation, 90);
    assert_eq!(imaging::pages::pages_without_preview(s.conn(), book).unwrap(), vec![page.id]);
    let src = imaging::pages::page_source(s.conn(), page.id).unwrap();
    let preview = make_preview(&src.bytes, &src.mime).unwrap();
    let p = image::load_from_memory(&preview).unwrap();
    assert_eq!((p.width(), p.height()), (PREVIEW_SIDE, 1500), "at most {PREVIEW_SIDE} px, stored orientation");
    assert!(preview.len() < src.bytes.len() / 2, "much smaller than the photo");
    assert!(imaging::pages::store_preview(&mut s, page.id, &src.sha256, &preview).unwrap());
    assert!(!imaging::pages::store_preview(&mut s, page.id, "another image", &preview).unwrap(), "only for the image it was made from");
    assert!(imaging::pages::pages_without_preview(s.conn(), book).unwrap().is_empty());
    assert!(imaging::pages::list_pages(s.conn(), book).unwrap()[0].has_preview);

    let with_preview = imaging::pages::page_source(s.conn(), page.id).unwrap();
    let thumb = image::load_from_memory(&thumbnail(&with_preview, 240).unwrap()).unwrap();
    assert_eq!((thumb.width(), thumb.height()), (180, 240), "3000×2250 turned upright is portrait");
    imaging::pages::rotate_page(&mut s, page.id, 0).unwrap();
    assert_eq!(
        imaging::pages::page_preview(s.conn(), page.id).unwrap().as_deref(),
        Some(preview.as_slice()),
        "turning keeps the (unrotated) preview"
    );
}

#[test]
fn the_viewer_reads_the_preview_for_the_screen_and_the_photo_only_for_deep_zoom() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let book = ks_book(&mut s);
    let page = imaging::pages::attach_document(&mut s, book, "IMG_0004.jpg", &jpeg(2400, 3600, 4)).unwrap().pages[0].id;
    let src = imaging::pages::page_source(s.conn(), page).unwrap();
    imaging::pages::store_preview(&mut s, page, &src.sha256, &make_preview(&src.bytes, &src.mime).unwrap()).unwrap();
    let meta = imaging::pages::page_meta(s.conn(), page).unwrap();
    assert!(meta.bytes.is_empty() && meta.preview.is_none() && meta.has_preview);
    let mut asked = vec![];
    let mut load = |want: Want| -> sohoa_core::Result<Vec<u8>> {
        asked.push(want);
        Ok(match want {
            Want::Preview => imaging::pages::page_preview(s.conn(), page).unwrap().unwrap(),
            Want::Original => imaging::pages::page_source(s.conn(), page).unwrap().bytes,
        })
    };
    let screen = render_with(&meta, &ViewRequest { max_width: 700, max_height: 700, adjust: Default::default() }, None, &mut load).unwrap();
    assert!(screen.from_preview);
    assert_eq!((screen.width, screen.height), (467, 700));
    let deep = render_with(&meta, &ViewRequest { max_width: 2400, max_height: 3600, adjust: Default::default() }, None, &mut load).unwrap();
    assert!(!deep.from_preview);
    assert_eq!((deep.width, deep.height), (2400, 3600));
    assert_eq!(asked, vec![Want::Preview, Want::Original]);
}

#[test]
fn the_viewer_gets_the_page_from_the_workspace_at_the_size_of_the_screen() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = create(&tmp.path().join("ws"));
    let book = ks_book(&mut s);
    let page = imaging::pages::attach_document(&mut s, book, "IMG_0003.jpg", &jpeg(2000, 3000, 3)).unwrap().pages[0].id;
    let cache = ViewCache::new(4);
    let src = imaging::pages::page_source(s.conn(), page).unwrap();
    let req = ViewRequest { max_width: 600, max_height: 600, adjust: Default::default() };
    let first = render(&src, &req, Some(&cache)).unwrap();
    assert_eq!((first.width, first.height, first.source_width, first.source_height), (400, 600, 2000, 3000));
    assert!(!first.cached);
    let again = render(&src, &req, Some(&cache)).unwrap();
    assert!(again.cached, "the decoded page is reused");
}
