//! Legacy Vietnamese encodings (TCVN3, VNI-Windows, Windows-1258): detection and decoding of raw
//! bytes, detection and conversion of text read with the wrong encoding (fields, columns), and
//! encoding back — on any bytes. Inputs are cut at 256 bytes: the conversions are linear
//! (about 3.5 µs a byte for all of them together), so longer inputs only slow the search down.
use sohoa_vietnamese::legacy::{convert_column, convert_field, convert_str, decode, decode_auto, decode_field, detect, detect_str, encode, Encoding};

const ENCODINGS: [Encoding; 5] = [Encoding::Utf8, Encoding::Tcvn3, Encoding::VniWindows, Encoding::Windows1258, Encoding::Unknown];

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let Some((&k, bytes)) = data.split_first() else { return };
        let bytes = &bytes[..bytes.len().min(256)];
        let enc = ENCODINGS[usize::from(k % 5)];
        let _ = detect(bytes);
        let _ = decode_auto(bytes);
        let text = decode(bytes, enc);
        let _ = decode_field(bytes, enc);
        let _ = detect_str(&text);
        let _ = convert_str(&text, enc);
        let _ = convert_field(&text, enc);
        let cells: Vec<&str> = text.split(['\n', ',']).collect();
        let _ = convert_column(&cells, enc);
        let _ = encode(&text, enc);
    });
}
