//! Issue 13 §4: no plaintext scan is ever written outside the encrypted store. A PDF page that
//! is not a scan goes to `pdftoppm` through pipes; this test gives the process (and so
//! `pdftoppm`) a temporary folder of its own and watches it while a page is rendered. Its own
//! test binary, so no other test writes to that folder meanwhile.
#[path = "imaging_fixtures.rs"]
mod fixtures;
use fixtures::*;
use sohoa_core::imaging::document::split_document;

#[test]
fn no_file_appears_in_the_temp_folder_while_a_pdf_page_is_rendered() {
    let tmp = tempfile::tempdir().unwrap();
    let watched = tmp.path().join("tmp");
    std::fs::create_dir(&watched).unwrap();
    // The only test of this binary: set before any other thread reads the environment.
    std::env::set_var("TMPDIR", &watched);
    assert_eq!(std::env::temp_dir(), watched);
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let seen = {
        let (stop, watched) = (stop.clone(), watched.clone());
        std::thread::spawn(move || {
            let mut seen = std::collections::BTreeSet::new();
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                for e in std::fs::read_dir(&watched).unwrap().flatten() {
                    seen.insert(e.file_name().to_string_lossy().into_owned());
                }
            }
            seen
        })
    };
    let pages = split_document("to-khai.pdf", &text_pdf());
    let scans = split_document("so-quet.pdf", &scanned_pdf(&[jpeg(300, 400, 1)]));
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let seen = seen.join().unwrap();
    assert!(seen.is_empty(), "files appeared in the temp folder: {seen:?}");
    assert_eq!(scans.unwrap().len(), 1);
    if pdftoppm_installed() {
        assert_eq!(pages.unwrap()[0].how, "pdf-rasterised");
    }
}
