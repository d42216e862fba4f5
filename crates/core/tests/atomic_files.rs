//! Files that leave the app (issue 13 §6, issue 14 §3): a process killed while writing leaves only
//! a temporary file, which the next start removes; device files are written whole, owner-only,
//! under the name the core decides, and read back with a size limit.
mod common;
use common::*;
use sohoa_core::batch::DeviceFile;
use sohoa_core::{fsx, naming};

/// A process id that cannot be running (above the kernel's largest, 2^22).
const DEAD: u32 = 4_194_999;

fn names(dir: &std::path::Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    v.sort();
    v
}

#[test]
fn temporary_files_of_a_killed_export_are_removed_when_the_workspace_opens_again() {
    let (_t, root) = tmp();
    let ws = root.join("xa-tan-phong");
    drop(create(&ws));
    let transfer = naming::transfer_dir(&ws);
    let reports = naming::reports_dir(&ws);
    std::fs::create_dir_all(&transfer).unwrap();
    std::fs::create_dir_all(&reports).unwrap();
    // What a process killed mid-write leaves: its temporary names, never the final ones.
    std::fs::write(transfer.join(format!("{}{DEAD}-a1b2c3-dot-gui-04120-so-2.sohoa", fsx::TEMP_PREFIX)), b"half a package").unwrap();
    std::fs::write(transfer.join(format!("dot-gui-04120-so-1.sohoa.tmp-{DEAD}")), b"an older version's leftover").unwrap();
    std::fs::write(reports.join(format!("{}{DEAD}-d4e5f6-bao-cao-tien-do-2025-01.pdf", fsx::TEMP_PREFIX)), b"half a report").unwrap();
    std::fs::write(transfer.join("dot-gui-04120-so-1.sohoa"), b"a finished package").unwrap();
    std::fs::write(ws.join(format!("{}{DEAD}-abcdef-workspace.json", fsx::TEMP_PREFIX)), b"{").unwrap();
    let _s = open(&ws, "canbo");
    if std::path::Path::new("/proc/self").exists() {
        assert_eq!(names(&transfer), ["dot-gui-04120-so-1.sohoa"]);
        assert!(names(&reports).is_empty());
        assert!(!names(&ws).iter().any(|n| n.starts_with(fsx::TEMP_PREFIX)));
    }
}

#[test]
fn the_device_file_goes_whole_under_its_usual_name_and_reads_back() {
    let (_t, root) = tmp();
    let mut s = create(&root.join("ws"));
    let file = sohoa_core::batch::identity::device_file(&mut s).unwrap();
    let dir = root.join("chuyen-giao");
    std::fs::create_dir_all(&dir).unwrap();
    let path = file.write(&dir).unwrap();
    assert_eq!(path, dir.join(naming::device_file_name(&s.workspace().commune_code)));
    assert_eq!(names(&dir), [naming::device_file_name(&s.workspace().commune_code)]);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    }
    assert_eq!(DeviceFile::read(&path).unwrap(), file);
    // a named path in a folder that does not exist yet
    let named = root.join("usb").join("khoa.json");
    assert_eq!(file.write(&named).unwrap(), named);
    assert_eq!(DeviceFile::read(&named).unwrap(), file);
}
