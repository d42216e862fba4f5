//! The fonts embedded for the PDFs the app writes (progress reports, QA certificates): Noto Sans,
//! which has every Vietnamese letter. A leaf module, so that any workflow may print.
pub static FONT_REGULAR: &[u8] = include_bytes!("../assets/fonts/NotoSans-Regular.ttf");
pub static FONT_BOLD: &[u8] = include_bytes!("../assets/fonts/NotoSans-Bold.ttf");
