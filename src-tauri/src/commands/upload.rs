//! What the commands that receive a file as the raw body of the call share (`pages_attach`,
//! `dedupe_extract_*`, `import_*`): the body, URI-encoded headers (`encodeURIComponent` in the
//! window), the error for a malformed call, and running the parsing off the async runtime.
use crate::state::internal;
use sohoa_core::ApiError;
use tauri::ipc::{InvokeBody, Request};

/// A call the window should not have made (missing body, unreadable header).
pub(crate) fn bad(message: &str) -> ApiError {
    ApiError { code: "input.invalid".into(), message: message.into() }
}

/// The file's bytes sent as the raw body.
pub(crate) fn raw_body<'a>(request: &'a Request<'_>) -> Result<&'a Vec<u8>, ApiError> {
    match request.body() {
        InvokeBody::Raw(bytes) => Ok(bytes),
        _ => Err(bad("Không nhận được nội dung tệp.")),
    }
}

/// The header `name`, URI-decoded (file names and mappings are sent in Vietnamese).
pub(crate) fn header(request: &Request<'_>, name: &str) -> Option<String> {
    request.headers().get(name).and_then(|v| v.to_str().ok()).map(percent_decode)
}

/// `encodeURIComponent` undone; a `%` not followed by two hex digits stays as it is.
fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s).decode_utf8_lossy().into_owned()
}

/// Runs blocking work (decoding, parsing, splitting) off the async runtime.
pub(crate) async fn blocking<T: Send + 'static>(f: impl FnOnce() -> Result<T, ApiError> + Send + 'static) -> Result<T, ApiError> {
    tauri::async_runtime::spawn_blocking(f).await.map_err(|_| internal())?
}

#[cfg(test)]
mod tests {
    use super::percent_decode;

    #[test]
    fn uri_encoded_headers_decode_to_vietnamese_text() {
        assert_eq!(percent_decode("C%C3%B4ng%20an%20x%C3%A3"), "Công an xã");
        assert_eq!(percent_decode("tr%C3%ADch-xu%E1%BA%A5t.csv"), "trích-xuất.csv");
        assert_eq!(percent_decode("%E1%BA%A2nh%20trang%201.jpg"), "Ảnh trang 1.jpg");
        assert_eq!(percent_decode("%5B%22ho_ten%22%2Cnull%5D"), "[\"ho_ten\",null]");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("a%4"), "a%4");
    }
}
