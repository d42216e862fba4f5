//! Opening a page photo in the viewer: a 4000×6000 JPEG (phone photo of an A3 register page)
//! from the encrypted workspace to display-ready pixels (read + decode at reduced size + resample
//! + encode for the webview). Target: < 300 ms. Prints p50/p95; run in release:
//!
//!     cargo run --release -p sohoa-core --example page_open_bench [-- --runs 30]
use sohoa_core::imaging;
use sohoa_core::imaging::synthetic::{register_page_jpeg, PageSpec};
use sohoa_core::imaging::{make_preview, render, render_with, thumbnail, Adjust, ViewCache, ViewRequest, Want};
use sohoa_core::model;
use sohoa_core::model::book::{NewBook, RegistryRef};
use sohoa_core::session::accounts::{NewAccount, Role};
use sohoa_core::store::keys::KdfParams;
use sohoa_core::workspace::{self, CreateWorkspace};
use sohoa_core::BookType;
use std::time::Instant;

/// CPU time of this thread, ms (Linux; the machine may be busy with other work, so the bench
/// reports both wall-clock and on-CPU time). All decoding runs on the calling thread.
fn cpu_ms() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|v| v.parse::<f64>().ok()))
        .map(|ns| ns / 1e6)
        .unwrap_or(f64::NAN)
}

fn stats(name: &str, mut ms: Vec<f64>) {
    ms.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let at = |q: f64| ms[((ms.len() as f64 - 1.0) * q).round() as usize];
    println!("{name:<58} p50 {:>7.1} ms   p95 {:>7.1} ms   max {:>7.1} ms   (n={})", at(0.5), at(0.95), at(1.0), ms.len());
}

/// Opens the page the way the app does: facts from the database, then the preview or the photo
/// read only if the decoded page is not cached; the cache is emptied before each run.
fn open_page(s: &sohoa_core::Session, page: i64, cache: &ViewCache, runs: usize, label: &str, w: u32, h: u32) {
    let mut total = vec![];
    let mut cpu = vec![];
    let mut out_kb = 0.0;
    let mut from_preview = false;
    for _ in 0..runs {
        cache.clear();
        let (t, c) = (Instant::now(), cpu_ms());
        let meta = imaging::pages::page_meta(s.conn(), page).expect("meta");
        let r = render_with(&meta, &ViewRequest { max_width: w, max_height: h, adjust: Adjust::default() }, Some(cache), |want| {
            Ok(match want {
                Want::Preview => imaging::pages::page_preview(s.conn(), page)?.unwrap_or_default(),
                Want::Original => model::page::bytes(s.conn(), page)?.1,
            })
        })
        .expect("render");
        total.push(t.elapsed().as_secs_f64() * 1000.0);
        cpu.push(cpu_ms() - c);
        out_kb = r.bytes.len() as f64 / 1024.0;
        from_preview = r.from_preview;
    }
    let src = if from_preview { "preview" } else { "photo" };
    stats(&format!("open page, {label}, from {src}: wall ({out_kb:.0} kB out)"), total);
    stats("  same, on-CPU time (an idle machine)", cpu);
}

fn main() {
    let runs: usize = std::env::args().skip_while(|a| a != "--runs").nth(1).and_then(|v| v.parse().ok()).unwrap_or(30);
    let t = Instant::now();
    let jpeg = register_page_jpeg(PageSpec { width: 4000, height: 6000, seed: 42, ..PageSpec::default() });
    println!("page photo: 4000×6000 JPEG q90, {:.1} MB (made in {:.1} s)", jpeg.len() as f64 / 1e6, t.elapsed().as_secs_f64());

    let tmp = std::env::temp_dir().join(format!("sohoa-page-bench-{}", std::process::id()));
    let mut s = workspace::create(
        &tmp,
        CreateWorkspace {
            commune_scheme: "qd19_2025".into(),
            commune_code: "05971".into(),
            commune_name: "Xã Phú Lương".into(),
            first_account: NewAccount {
                username: "canbo".into(),
                display_name: "Cán bộ".into(),
                role: Role::Clerk,
                password: "mat-khau-bench".into(),
                scope: vec![],
            },
            kdf: KdfParams::insecure_for_tests(),
        },
    )
    .expect("workspace");
    let book = s
        .write(|w| {
            model::book::create(
                w,
                &NewBook {
                    book_type: BookType::Ks,
                    registry: RegistryRef { scheme: "historic".into(), code: None, name: "UBND xã Phú Lương".into() },
                    quyen_so: "01/1990".into(),
                    year_from: 1990,
                    year_to: None,
                    page_count: 100,
                    expected_entries: None,
                    note: None,
                },
            )
        })
        .expect("book");
    let t = Instant::now();
    let page = imaging::pages::attach_document(&mut s, book, "IMG_4000x6000.jpg", &jpeg).expect("attach").pages[0].id;
    println!("attach (split + store encrypted): {:.1} ms\n", t.elapsed().as_secs_f64() * 1000.0);

    let cache = ViewCache::new(8);
    // The viewer pane of a 1366×768 screen is about 700×680 device pixels; 2× for HiDPI or zoom.
    let boxes = [("fit 700×680 (1366×768 screen)", 700, 680), ("fit 1400×1360 (HiDPI, or zoom 2×)", 1400, 1360)];
    println!("-- before its preview is made (right after attaching): decoded from the photo with DCT scaling");
    for (label, w, h) in boxes {
        open_page(&s, page, &cache, runs, label, w, h);
    }
    let ms: Vec<f64> = (0..runs.min(10))
        .map(|_| {
            let t = Instant::now();
            let src = imaging::pages::page_source(s.conn(), page).expect("source");
            make_preview(&src.bytes, &src.mime).unwrap();
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    stats("making the preview (background, once per page)", ms);
    let src = imaging::pages::page_source(s.conn(), page).expect("source");
    let preview = make_preview(&src.bytes, &src.mime).unwrap();
    println!("preview: {:.0} kB", preview.len() as f64 / 1024.0);
    imaging::pages::store_preview(&mut s, page, &src.sha256, &preview).unwrap();
    println!("-- with its preview (every later open)");
    for (label, w, h) in boxes {
        open_page(&s, page, &cache, runs, label, w, h);
    }

    let src = imaging::pages::page_source(s.conn(), page).expect("source");
    let fit = |adjust| ViewRequest { max_width: 700, max_height: 680, adjust };
    render(&src, &fit(Adjust::default()), Some(&cache)).unwrap();
    for (label, adjust) in [
        ("slider moved (brightness/contrast), cached decode", Adjust { brightness: 15, contrast: 25, ..Adjust::default() }),
        ("“Làm rõ chữ mờ” (enhance faded ink), cached decode", Adjust { enhance: true, ..Adjust::default() }),
        ("threshold (auto), cached decode", Adjust { threshold: Some(0), ..Adjust::default() }),
        ("deskew + enhance, cached decode", Adjust { deskew: true, enhance: true, ..Adjust::default() }),
    ] {
        let ms: Vec<f64> = (0..runs).map(|_| render(&src, &fit(adjust), Some(&cache)).unwrap().millis).collect();
        stats(label, ms);
    }
    let ms: Vec<f64> = (0..runs.min(10))
        .map(|_| {
            cache.clear();
            render(&src, &ViewRequest { max_width: 4000, max_height: 6000, adjust: Adjust::default() }, Some(&cache)).unwrap().millis
        })
        .collect();
    stats("full resolution (deep zoom), cold", ms);
    let ms: Vec<f64> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            thumbnail(&src, 240).unwrap();
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    stats("thumbnail 240 px", ms);
    drop(s);
    let _ = std::fs::remove_dir_all(&tmp);
}
