//! A TIFF whose directory declares a tag value far larger than the file never makes the app
//! reserve memory for it (fuzzing finding, docs/hostile-files.md): a 300-byte scan whose
//! Orientation claims 50 million LONGs made the `tiff` crate reserve 1.6 GB while the app read
//! the page's orientation, which aborts a process under a memory limit.
//!
//! This test binary counts the largest single allocation the process asks for, so it fails if any
//! step of taking in a page (sniffing, splitting, orientation, decoding for the viewer) asks for
//! more than the page limits allow, whether or not the memory is ever touched.
use sohoa_core::imaging::decode::{decode_at_least_with, exif_rotation, sniff};
use sohoa_core::imaging::{split_document_with, ImageLimits};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Largest;
static LARGEST: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Largest {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LARGEST.fetch_max(layout.size(), Ordering::Relaxed);
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `alloc` above with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LARGEST.fetch_max(new_size, Ordering::Relaxed);
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Largest = Largest;

const FINDING: &[u8] = include_bytes!("../../../fuzz/findings/page_image-tiff-1gb.tif");

#[test]
fn a_tiff_declaring_a_huge_orientation_value_is_taken_in_without_a_large_allocation() {
    let limits = ImageLimits::default();
    let format = sniff(FINDING).expect("the finding is a TIFF");
    LARGEST.store(0, Ordering::Relaxed);
    let no_rasteriser = |_: &str, _: &[u8], _: u32| Err(sohoa_core::CoreError::invalid("file", "no rasteriser"));
    let split = split_document_with("trang.tif", FINDING, &limits, &no_rasteriser);
    assert!(split.is_err(), "its 100000×100000 header is past the pixel limit");
    assert_eq!(exif_rotation(FINDING, format), 0, "an orientation in a form TIFF does not allow is none");
    let _ = decode_at_least_with(FINDING, format, 200, 300, &limits);
    let largest = LARGEST.load(Ordering::Relaxed) as u64;
    assert!(largest <= limits.max_alloc, "largest single allocation {largest} bytes, limit {}", limits.max_alloc);
}
