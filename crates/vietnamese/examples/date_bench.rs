use sohoa_vietnamese::date::*;
use sohoa_vietnamese::legacy::{self, Encoding};
use std::time::Instant;
fn main() {
    let ctx = DateContext::book(1983, 1987);
    let plain: Vec<String> = (0..100_000).map(|i| format!("{:02}/{:02}/{}", i % 28 + 1, i % 12 + 1, 1950 + i % 60)).collect();
    let historic = [
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
    let mixed: Vec<&str> = (0..100_000).map(|i| historic[i % historic.len()]).collect();
    if std::env::var("ONLY_DECODE").is_err() {
        for (label, inputs) in [("plain dd/mm/yyyy", plain.iter().map(String::as_str).collect::<Vec<_>>()), ("historic forms", mixed)] {
            let t = Instant::now();
            let mut n = 0;
            for s in &inputs {
                n += read_date(s, &ctx).warnings.len();
            }
            let e = t.elapsed();
            let t2 = Instant::now();
            let mut m = 0;
            for s in &inputs {
                m += PartialDate::parse(s).is_ok() as usize;
            }
            println!(
                "{label}: read_date {} rows in {:.3} s ({:.0} rows/s); parse {:.3} s  [{n} {m}]",
                inputs.len(),
                e.as_secs_f64(),
                inputs.len() as f64 / e.as_secs_f64(),
                t2.elapsed().as_secs_f64()
            );
        }
    }
    let line = "NGUYỄN THỊ ÚT;ÚT;Bệnh viện huyện Định Hóa;đã cải chính ở UBND xã;HÀ THỊ Ý;12/03/1985\n";
    let text: String = line.repeat(100_000);
    let bytes = legacy::encode(&text, Encoding::Tcvn3);
    let t = Instant::now();
    let out = legacy::decode(&bytes, Encoding::Tcvn3);
    println!("decode TCVN3 {:.1} MB in {:.3} s; equal: {}", bytes.len() as f64 / 1e6, t.elapsed().as_secs_f64(), out == text);
}
