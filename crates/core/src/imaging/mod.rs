//! Page images: the scans a clerk keys from.
//!
//! - [`document`]: what a clerk attaches (JPEG, PNG, TIFF with several pages, PDF) split into
//!   page images to store. JPEG and PNG are stored byte for byte; TIFF pages become PNG (grey,
//!   bilevel) or JPEG (colour); PDF pages are the scanner's embedded image taken out verbatim
//!   (pure Rust, `lopdf`), or — for PDFs that are not scans — rasterised by `pdftoppm` when it is
//!   installed. Without it such a page is refused with a message saying what to do.
//! - [`decode`]: sniffing, dimensions, EXIF orientation, and decoding *at reduced size*: JPEG is
//!   decoded with DCT scaling (1/2, 1/4, 1/8), so a 4000×6000 phone photo reaches the screen
//!   without ever being decoded at full size.
//! - [`adjust`]: brightness, contrast, threshold and the “enhance faded ink” preset
//!   (background normalisation + contrast stretch); [`deskew`]: skew estimation by projection
//!   profiles.
//! - [`render`]: the viewer's pipeline (decode at the needed size → rotate → deskew → adjust →
//!   encode for the webview) with a small cache of decoded pages ([`ViewCache`]), and thumbnails.
//! - [`pages`]: the pages of a book in the workspace (attach, list, rotate, reorder, remove,
//!   thumbnails), as `Session` methods.
//!
//! Nothing here touches the disk except through the session (pages live in the encrypted
//! database); `pdftoppm`, when used, reads the PDF from a pipe and writes the page image to a pipe: no file.
pub mod adjust;
pub mod decode;
pub mod deskew;
pub mod document;
pub mod limits;
pub mod pages;
pub mod render;
pub mod synthetic;
pub mod tiff_header;

pub use adjust::Adjust;
pub use document::{list_scan_files, read_scan_file, split_document, split_document_with, ImportedPage, Rasteriser, ScanFile};
pub use limits::ImageLimits;
pub use pages::{AttachOutcome, PageInfo, PageSource};
pub use render::{make_preview, render, render_with, thumbnail, Rendered, ViewCache, ViewRequest, Want, PREVIEW_SIDE};

use crate::error::CoreError;

/// A page image we could not read, worded for the clerk.
pub(crate) fn unreadable(what: impl std::fmt::Display) -> CoreError {
    CoreError::invalid("file", format!("không đọc được ảnh: {what}"))
}
