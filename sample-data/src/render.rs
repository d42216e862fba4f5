//! Page images (stub).
use crate::SampleBook;
pub fn render_books(_books: &mut [SampleBook], _width: u32, _seed: u64) {}
