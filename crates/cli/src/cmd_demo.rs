//! `sohoa demo --out DIR`: a realistic synthetic commune (sample-data/) loaded into a new
//! workspace with a clerk `canbo` and a supervisor `giamsat`.
use sohoa_core::batch::trust;
use sohoa_core::dedupe;
use sohoa_core::model;
use sohoa_core::model::book::{NewBook, RegistryRef};
use sohoa_core::model::entry::LoadEntry;
use sohoa_core::model::page::NewPage;
use sohoa_core::progress;
use sohoa_core::session::accounts::{NewAccount, Role, ScopeUnit};
use sohoa_core::store::keys::KdfParams;
use sohoa_core::workspace::{self, CreateWorkspace};
use sohoa_core::{CoreError, EntryStatus, FieldValue};
use std::path::PathBuf;
use std::process::ExitCode;

pub const DEFAULT_PASSWORD: &str = "sohoa-demo";
/// The demo province key's passphrase (a demonstration key: never for real data).
pub const DEMO_PROVINCE_PASSPHRASE: &str = "sohoa-demo-tinh-mau";
/// The demo province's authority folder, inside the demo workspace's folder.
pub const DEMO_PROVINCE_DIR: &str = "KHOA-TINH-MAU-chi-de-thu";

#[derive(clap::Args)]
pub struct DemoArgs {
    /// Folder to create (must not exist or be empty)
    #[arg(long)]
    out: PathBuf,
    /// Random seed of the synthetic commune
    #[arg(long, default_value_t = 2025)]
    seed: u64,
    /// Skip rendering scan images (faster; for tests)
    #[arg(long)]
    no_images: bool,
    /// Use cheap key-derivation parameters (tests only; never for real data)
    #[arg(long, hide = true)]
    insecure_fast_kdf: bool,
    /// Keyed entries in total (small fixtures for the crash harness, tools/crash/)
    #[arg(long, hide = true, default_value_t = 3000)]
    entries: usize,
    /// Rows of the population extract (small fixtures)
    #[arg(long, hide = true, default_value_t = 20_000)]
    extract_rows: usize,
}

pub fn run(a: DemoArgs) -> Result<ExitCode, CoreError> {
    let password = std::env::var("SOHOA_PASSWORD").unwrap_or_else(|_| DEFAULT_PASSWORD.to_string());
    let kdf = if a.insecure_fast_kdf { KdfParams::insecure_for_tests() } else { KdfParams::default() };
    let started = std::time::Instant::now();
    let cfg = sohoa_sample::SampleConfig {
        seed: a.seed,
        render_pages: !a.no_images,
        entries: a.entries,
        extract_rows: a.extract_rows,
        ..Default::default()
    };
    let sample = sohoa_sample::generate(&cfg);
    let c = &sample.commune;
    // Made in a temporary folder beside --out and renamed into place when complete, so a killed
    // `sohoa demo` never leaves a half-made workspace under the final name (issue 13 §6); a
    // leftover staging folder is removed by the next atomic write or sign-in there (fsx).
    if a.out.exists() && (a.out.is_file() || std::fs::read_dir(&a.out)?.next().is_some()) {
        return Err(CoreError::WorkspaceExists(a.out.display().to_string()));
    }
    let parent = a.out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(std::path::Path::new(".")).to_path_buf();
    std::fs::create_dir_all(&parent)?;
    let _ = sohoa_core::fsx::clean_stale_temp(&parent);
    let name = a.out.file_name().and_then(|n| n.to_str()).unwrap_or("demo").to_string();
    let staging = parent.join(format!("{}{}-demo-{name}", sohoa_core::fsx::TEMP_PREFIX, std::process::id()));
    let mut s = workspace::create(
        &staging,
        CreateWorkspace {
            commune_scheme: "qd19_2025".into(),
            commune_code: c.code.clone(),
            commune_name: c.name.clone(),
            first_account: NewAccount {
                username: "canbo".into(),
                display_name: "Nguyễn Thị Hạnh".into(),
                role: Role::Clerk,
                password: password.clone(),
                scope: vec![],
            },
            kdf,
        },
    )?;
    s.add_account(
        NewAccount {
            username: "giamsat".into(),
            display_name: "Trần Văn Minh".into(),
            role: Role::Supervisor,
            password: password.clone(),
            scope: vec![ScopeUnit { scheme: "qd19_2025".into(), code: c.code.clone() }],
        },
        kdf,
    )?;
    // The demo follows the trust model (SECURITY.md): a demonstration province key (its authority
    // in the demo's folder, marked as such), pinned by the workspace, and the workspace's device
    // enrolled by it as a supervisor device, so `giamsat` can review and export.
    let authority = staging.join(DEMO_PROVINCE_DIR);
    let province = trust::province_init(
        &authority,
        "Sở Tư pháp (KHÓA MẪU — chỉ để thử, không dùng cho dữ liệu thật)",
        DEMO_PROVINCE_PASSPHRASE,
        Some(10),
        true,
    )?;
    let mut sup = workspace::open(&staging, "giamsat", &password)?;
    trust::pin_province_key(&mut sup, &province, &province.fingerprint)?;
    let device = sohoa_core::batch::identity::device_file(&mut sup)?;
    let req = trust::EnrolRequest {
        role: trust::DeviceRole::Supervisor,
        scope: vec![ScopeUnit { scheme: "qd19_2025".into(), code: c.code.clone() }],
        valid_days: 3650,
    };
    let cert = trust::province_enrol(&authority, DEMO_PROVINCE_PASSPHRASE, &device, &req)?;
    trust::import_trust_doc(&mut sup, &cert)?;
    drop(sup);
    let mut entries_total = 0usize;
    let mut pages_total = 0usize;
    for b in &sample.books {
        let id = s.write(|w| {
            model::book::create(
                w,
                &NewBook {
                    book_type: b.book_type.parse()?,
                    registry: RegistryRef {
                        scheme: b.registry_scheme.clone(),
                        code: Some(b.registry_code.clone()),
                        name: b.registry_name.clone(),
                    },
                    quyen_so: b.quyen_so.clone(),
                    year_from: b.year_from,
                    year_to: b.year_to,
                    page_count: b.page_count,
                    expected_entries: Some(b.expected_entries),
                    note: None,
                },
            )
        })?;
        for p in &b.pages {
            s.write(|w| {
                model::page::add_at(
                    w,
                    id,
                    Some(p.seq),
                    NewPage { bytes: &p.jpeg, mime: "image/jpeg", width: Some(p.width), height: Some(p.height) },
                )
            })?;
            pages_total += 1;
        }
        let load: Vec<LoadEntry> = b
            .entries
            .iter()
            .map(|e| LoadEntry {
                fields: e.fields.iter().map(|(k, v)| FieldValue { field: k.clone(), value: v.clone(), illegible: false }).collect(),
                status: e.status.parse().unwrap_or(EntryStatus::Draft),
            })
            .collect();
        entries_total += s.write(|w| model::entry::load(w, id, &load, "demo"))?.len();
        if b.entries.iter().all(|e| e.status != "draft") && !b.entries.is_empty() {
            s.write(|w| model::book::set_finished(w, id, true))?;
        }
    }
    // The commune's population extract, checked against the keyed entries (the adjudication queue
    // and the keying screen's candidates have something to show), and its digitisation targets.
    let extract = dedupe::import_extract_csv(&mut s, sample.extract_csv.as_bytes(), &format!("Công an {}", c.name), "2025-06-30")?;
    let dedupe = dedupe::run_dedupe(&mut s)?;
    progress::targets::import_progress_targets(&mut s, "targets.csv", sample.targets_csv.as_bytes())?;
    drop(s);
    // The supervisor's national view: synthetic counts-only snapshots for every commune.
    let mut sup = workspace::open(&staging, "giamsat", &password)?;
    let national = progress::demo::load_national_demo_snapshots(&mut sup)?;
    drop(sup);
    if a.out.exists() {
        std::fs::remove_dir(&a.out)?; // empty, checked above
    }
    std::fs::rename(&staging, &a.out)?;
    println!("Đã tạo sổ làm việc mẫu tại {}", a.out.display());
    println!("  Xã/phường: {} ({})", c.name, c.code);
    println!(
        "  {} sổ, {} bản ghi, {} trang ảnh — {:.1} s",
        sample.books.len(),
        entries_total,
        pages_total,
        started.elapsed().as_secs_f64()
    );
    println!(
        "  Trích xuất dân cư: {} dòng; {} ứng viên trùng cần xem xét ({} khớp với dân cư, {} bản ghi trùng)",
        extract.rows_loaded, dedupe.candidates, dedupe.person_matches, dedupe.record_matches
    );
    println!("  Báo cáo tiến độ mẫu toàn quốc: {} xã/phường", national.communes);
    println!("  Tài khoản: canbo (cán bộ hộ tịch), giamsat (giám sát)");
    println!(
        "  Khóa tỉnh MẪU (chỉ để thử): {} — dấu vân tay {}, mật khẩu {DEMO_PROVINCE_PASSPHRASE}; máy này được đăng ký là máy giám sát",
        a.out.join(DEMO_PROVINCE_DIR).display(),
        province.fingerprint
    );
    if std::env::var("SOHOA_PASSWORD").is_ok() {
        println!("  Mật khẩu: lấy từ biến môi trường SOHOA_PASSWORD");
    } else {
        println!("  Mật khẩu: {DEFAULT_PASSWORD}");
    }
    Ok(ExitCode::SUCCESS)
}
