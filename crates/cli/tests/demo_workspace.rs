//! `sohoa demo` makes a workspace whose files, read raw, reveal none of the sample commune's
//! personal data; the same workspace opens with the right password and refuses a wrong one; its
//! backup (`sohoa backup create`) reveals nothing either and restores the same workspace.
use std::path::Path;
use std::process::Command;

fn sohoa() -> Command {
    Command::new(env!("CARGO_BIN_EXE_sohoa"))
}

fn all_bytes(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = vec![];
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(all_bytes(&p));
        } else {
            out.push((p.display().to_string(), std::fs::read(&p).unwrap()));
        }
    }
    out
}

#[test]
fn the_demo_workspace_and_its_backup_hide_every_sample_name_need_the_password_and_round_trip() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("demo");
    let out = sohoa()
        .args(["demo", "--out", ws.to_str().unwrap(), "--no-images", "--insecure-fast-kdf"])
        .env("SOHOA_PASSWORD", "mat-khau-demo-1")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("canbo"));

    // The same synthetic commune, regenerated: none of its names may be readable on disk.
    let sample = sohoa_sample::generate(&sohoa_sample::SampleConfig { seed: 2025, render_pages: false, ..Default::default() });
    let mut names: Vec<String> = sample
        .books
        .iter()
        .flat_map(|b| b.entries.iter())
        .flat_map(|e| e.fields.iter())
        .filter(|(k, v)| k.ends_with("HoTen") && v.chars().count() >= 8)
        .map(|(_, v)| v.clone())
        .collect();
    names.sort();
    names.dedup();
    assert!(names.len() > 500, "the sample has thousands of names, got {}", names.len());
    // One pass per file: look up every 8-byte window among the names' first 8 bytes, then confirm.
    let needles: Vec<Vec<u8>> = names
        .iter()
        .flat_map(|n| [n.clone(), sohoa_vietnamese::normalize::ascii_fold(n)])
        .map(String::into_bytes)
        .filter(|b| b.len() >= 8)
        .collect();
    let mut by_prefix: std::collections::HashMap<&[u8], Vec<&[u8]>> = std::collections::HashMap::new();
    for n in &needles {
        by_prefix.entry(&n[..8]).or_default().push(n);
    }
    let no_name_readable = |dir: &Path| {
        for (path, bytes) in all_bytes(dir) {
            for i in 0..bytes.len().saturating_sub(7) {
                if let Some(cands) = by_prefix.get(&bytes[i..i + 8]) {
                    for n in cands {
                        assert!(!bytes[i..].starts_with(n), "{:?} readable in {path}", String::from_utf8_lossy(n));
                    }
                }
            }
        }
    };
    no_name_readable(&ws);

    let books = |pw: &str| {
        sohoa().args(["books", "--workspace", ws.to_str().unwrap(), "--user", "canbo"]).env("SOHOA_PASSWORD", pw).output().unwrap()
    };
    let ok = books("mat-khau-demo-1");
    assert!(ok.status.success());
    assert!(String::from_utf8_lossy(&ok.stdout).contains("12 sổ"));
    let bad = books("sai-mat-khau");
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("Sai mật khẩu"));

    let audit = sohoa()
        .args(["audit", "verify", "--workspace", ws.to_str().unwrap(), "--user", "giamsat"])
        .env("SOHOA_PASSWORD", "mat-khau-demo-1")
        .output()
        .unwrap();
    assert!(audit.status.success(), "{}", String::from_utf8_lossy(&audit.stdout));

    // The supervisor's national view has every 2025 commune; piping it into `head` ends quietly
    // (no "failed printing to stdout" panic when the reader goes away).
    let mut child = sohoa()
        .args(["progress", "--workspace", ws.to_str().unwrap(), "--user", "giamsat", "--by", "commune", "--format", "csv"])
        .env("SOHOA_PASSWORD", "mat-khau-demo-1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(child.stdout.take().unwrap()), &mut first).unwrap();
    assert!(first.starts_with("scheme,level,code,name"), "{first}");
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    let rows = sohoa()
        .args(["progress", "--workspace", ws.to_str().unwrap(), "--user", "giamsat", "--by", "commune", "--format", "csv"])
        .env("SOHOA_PASSWORD", "mat-khau-demo-1")
        .output()
        .unwrap();
    assert!(rows.status.success());
    assert!(String::from_utf8_lossy(&rows.stdout).lines().count() > 3_321, "a row per commune of the country");

    // Backup round trip (issue 13 §6): the backup is as unreadable as the workspace, verifies, and
    // a restore gives back the same books and an intact audit chain; the replaced one is kept.
    let run = |args: &[&str]| {
        let out = sohoa().args(args).env("SOHOA_PASSWORD", "mat-khau-demo-1").env("SOHOA_USER", "canbo").output().unwrap();
        assert!(out.status.success(), "sohoa {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let w = ws.to_str().unwrap();
    let usb = tmp.path().join("usb");
    let before = run(&["books", "-w", w]);
    run(&["backup", "create", "-w", w, "--out", usb.to_str().unwrap()]);
    let backup = std::fs::read_dir(&usb).unwrap().next().unwrap().unwrap().path();
    no_name_readable(&backup);
    assert!(run(&["backup", "verify", "--from", backup.to_str().unwrap()]).contains("hợp lệ"));
    let restored = run(&["backup", "restore", "--from", backup.to_str().unwrap(), "-w", w]);
    assert!(restored.contains("truoc-khoi-phuc"), "{restored}");
    assert_eq!(run(&["books", "-w", w]), before);
    run(&["audit", "verify", "-w", w]);
}
