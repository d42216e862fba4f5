//! ID numbers: the 12-digit personal ID and the 9-digit CMND — classification, structural
//! checks and cross-checks with the record, decoding, masking — on any text.
//! Input: byte 0 chooses the expectations (sex, birth year, province); the rest is the number.
use sohoa_vietnamese::idnum::{check_cmnd, check_personal_id, classify_id_number, decode_personal_id, mask_id, IdExpectations, Sex};

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let Some((&k, rest)) = data.split_first() else { return };
        let Ok(id) = std::str::from_utf8(rest) else { return };
        let province = ["01", "1", "079", "", "9x"][usize::from(k % 5)];
        let expected = IdExpectations {
            sex: [None, Some(Sex::Male), Some(Sex::Female)][usize::from(k % 3)],
            birth_year: (k & 0x80 != 0).then_some(1900 + i32::from(k)),
            province_code: (k & 0x40 != 0).then_some(province),
        };
        let _ = classify_id_number(id);
        for f in check_personal_id(id, expected) {
            let _ = (f.code(), f.severity(), f.message_vi());
        }
        let _ = decode_personal_id(id);
        let _ = check_cmnd(id);
        let _ = mask_id(id);
    });
}
