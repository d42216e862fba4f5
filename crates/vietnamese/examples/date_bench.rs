//! Throughput of the historic-date reader and of TCVN3 decoding with case restoration.
//! `cargo run --release -p sohoa-vietnamese --example date_bench` prints the figures.
use sohoa_vietnamese::date::{read_date, DateContext};
use sohoa_vietnamese::legacy::{self, Encoding};
use sohoa_vietnamese::PartialDate;
use std::time::Instant;

const ROWS: usize = 100_000;

fn main() {
    let ctx = DateContext::book(1983, 1987);
    let plain: Vec<String> = (0..ROWS).map(|i| format!("{:02}/{:02}/{}", i % 28 + 1, i % 12 + 1, 1950 + i % 60)).collect();
    let forms = [
        "15/8/1960 âm lịch",
        "khoảng 1945",
        "12/3/85",
        "07/16/1977",
        "ngày mười lăm tháng tám năm một nghìn chín trăm sáu mươi",
        "năm Canh Tý",
        "30/02/1960",
        "1960 (âm lịch)",
        "ngay muoi lam thang tam nam 1960",
        "trước năm 1950",
    ];
    let historic: Vec<String> = (0..ROWS).map(|i| forms[i % forms.len()].to_string()).collect();
    for (label, inputs) in [("plain dd/mm/yyyy", &plain), ("historic forms (10 kinds)", &historic)] {
        let t = Instant::now();
        let warnings: usize = inputs.iter().map(|s| read_date(s, &ctx).warnings.len()).sum();
        let read = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let parsed = inputs.iter().filter(|s| PartialDate::parse(s).is_ok()).count();
        let parse = t.elapsed().as_secs_f64();
        println!(
            "{label}: read_date {ROWS} values in {read:.3} s ({:.0}/s, {} warnings); PartialDate::parse {parse:.3} s ({parsed} read)",
            ROWS as f64 / read,
            warnings
        );
    }
    let line = "NGUYỄN THỊ ÚT;ÚT;Bệnh viện huyện Định Hóa;đã cải chính ở UBND xã;Hà Thị Ý;12/03/1985\n";
    let text = line.repeat(ROWS);
    let bytes = legacy::encode(&text, Encoding::Tcvn3);
    let t = Instant::now();
    let decoded = legacy::decode(&bytes, Encoding::Tcvn3);
    let secs = t.elapsed().as_secs_f64();
    println!(
        "TCVN3 decode of {ROWS} mixed-case rows ({:.1} MB): {secs:.3} s ({:.1} MB/s), every capital restored: {}",
        bytes.len() as f64 / 1e6,
        bytes.len() as f64 / 1e6 / secs,
        decoded == text
    );
}
