//! Files that leave the app are written whole or not at all.
//!
//! [`AtomicFile`] writes to a temporary file in the destination's own folder (name
//! `.sohoa-tmp-<pid>-<random>-<final name>`, created `0600` on unix), and [`AtomicFile::commit`]
//! flushes it, fsyncs it, renames it over the final name and fsyncs the folder. A file that is
//! dropped without `commit` (an error half-way, a panic) removes its temporary file; one left by
//! a killed process is removed by [`clean_stale_temp`], which runs when a workspace opens (for the
//! workspace folder and its export folders) and before every atomic write into a folder. So no
//! file is ever seen under its final name unless it is complete.
//!
//! Every file the app hands to someone goes through here: batch and verdict packages, the
//! central upload (.xlsx, .zip), reports, snapshots, device files, MATCHES.csv, rejected rows,
//! the keyring.
use crate::error::{CoreError, Result};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Every temporary file of this module starts with this (never a name a clerk picks).
pub const TEMP_PREFIX: &str = ".sohoa-tmp-";

/// A temporary file older than this is removed even when its process still seems alive (a
/// process id reused by an unrelated program).
const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(24 * 3600);

/// A file being written under a temporary name beside its destination.
pub struct AtomicFile {
    file: Option<io::BufWriter<std::fs::File>>,
    tmp: PathBuf,
    dest: PathBuf,
}

fn folder_of(dest: &Path) -> &Path {
    dest.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."))
}

impl AtomicFile {
    /// Starts writing `dest` (its folder must exist). Stale temporary files of killed processes
    /// in that folder are removed first.
    pub fn create(dest: &Path) -> Result<AtomicFile> {
        let dir = folder_of(dest);
        let name = dest.file_name().and_then(|n| n.to_str()).ok_or_else(|| CoreError::invalid("tệp", "tên tệp không hợp lệ"))?;
        let _ = clean_stale_temp(dir);
        let prefix = format!("{TEMP_PREFIX}{}-", std::process::id());
        // tempfile creates the file with O_EXCL and mode 0600 on unix.
        let (file, tmp) = tempfile::Builder::new()
            .prefix(&prefix)
            .suffix(&format!("-{name}"))
            .rand_bytes(6)
            .tempfile_in(dir)?
            .keep()
            .map_err(|e| e.error)?;
        Ok(AtomicFile { file: Some(io::BufWriter::with_capacity(1 << 16, file)), tmp, dest: dest.to_path_buf() })
    }

    /// The temporary file's path, for writers that take a path (they overwrite the file, which
    /// keeps its `0600` mode). Write through either the path or `self`, not both.
    pub fn temp_path(&self) -> &Path {
        &self.tmp
    }

    /// The final name.
    pub fn dest(&self) -> &Path {
        &self.dest
    }

    /// Makes the file visible under its final name (replacing an older file of that name):
    /// flush, fsync, rename, fsync the folder. On error the temporary file is removed.
    pub fn commit(mut self) -> Result<PathBuf> {
        let result = (|| -> Result<()> {
            let file = self.file.take().expect("an open file until commit");
            let file = file.into_inner().map_err(|e| e.into_error())?;
            file.sync_all()?;
            drop(file);
            std::fs::rename(&self.tmp, &self.dest)?;
            sync_dir(folder_of(&self.dest));
            Ok(())
        })();
        match result {
            Ok(()) => {
                self.tmp = PathBuf::new();
                Ok(self.dest.clone())
            }
            Err(e) => {
                let _ = std::fs::remove_file(&self.tmp);
                self.tmp = PathBuf::new();
                Err(e)
            }
        }
    }

    /// [`AtomicFile::commit`], but refuses to replace a file that appeared under the final name
    /// meanwhile (the temporary file is removed).
    pub fn commit_new(self) -> Result<PathBuf> {
        if self.dest.exists() {
            return Err(CoreError::Conflict(format!("tệp “{}” đã tồn tại; hãy chọn tên hoặc thư mục khác", self.dest.display())));
        }
        self.commit()
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file.as_mut().expect("an open file until commit").write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.file.as_mut().expect("an open file until commit").flush()
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if !self.tmp.as_os_str().is_empty() {
            self.file.take();
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

pub fn sync_dir(dir: &Path) {
    // Directories cannot be opened as files on Windows; there the rename is what we have.
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Makes every file and folder this process creates from now on private to its user (`0600`
/// files, `0700` folders: umask `077`), so the database, its WAL, exports, backups, logs and
/// temporary files are never readable by other local accounts (issue 13 §4). Called first
/// thing by the `sohoa` command and the desktop app. No effect on Windows (ACLs of the
/// user's profile folder apply).
pub fn private_files_from_now_on() {
    #[cfg(unix)]
    // SAFETY: umask only changes the process's file-creation mask; it cannot fail.
    unsafe {
        libc::umask(0o077);
    }
}

/// Creates `dir` (and its parents) and makes `dir` itself `0700` on unix, whatever the umask.
pub fn create_private_dir(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

/// Creates an empty file `path` readable by its owner only (`0600` on unix), failing if it
/// exists: so that SQLite, which keeps a database's mode for its `-wal` and `-shm` files, opens
/// a private file instead of creating a `0644` one.
pub fn create_private_file(path: &Path) -> Result<()> {
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o.open(path)?;
    Ok(())
}

/// Writes `bytes` to `path` atomically (see the module documentation).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<PathBuf> {
    let mut f = AtomicFile::create(path)?;
    f.write_all(bytes)?;
    f.commit()
}

/// [`write_atomic`] after creating the destination's folder.
pub fn write_atomic_in_new_dir(path: &Path, bytes: &[u8]) -> Result<PathBuf> {
    std::fs::create_dir_all(folder_of(path))?;
    write_atomic(path, bytes)
}

/// Reads a file from outside, refusing it before reading when it is larger than `max` bytes
/// (`what` names it in the message, e.g. "tệp khóa thiết bị").
pub fn read_limited(path: &Path, max: u64, what: &str) -> Result<Vec<u8>> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => CoreError::NotFound(format!("tệp “{}”", path.display())),
        _ => CoreError::Io(e),
    })?;
    let too_big = |size: u64| CoreError::TooLarge(crate::error::LimitExceeded::new(crate::error::Limit::FileBytes, size, max).of(what));
    let size = file.metadata()?.len();
    if size > max {
        return Err(too_big(size));
    }
    let mut out = Vec::with_capacity(size as usize);
    file.take(max + 1).read_to_end(&mut out)?;
    if out.len() as u64 > max {
        return Err(too_big(out.len() as u64));
    }
    Ok(out)
}

/// True when the process `pid` still runs (Linux: its /proc entry; elsewhere we cannot tell
/// cheaply and answer yes, so only the age rule removes such files).
pub(crate) fn process_alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    let proc = Path::new("/proc");
    if proc.join("self").exists() {
        // A killed process stays in /proc as a zombie until its parent reaps it (a crashed app
        // under a launcher that has not waited yet): its state, after the command name, is Z/X.
        match std::fs::read_to_string(proc.join(pid.to_string()).join("stat")) {
            Ok(stat) => !matches!(stat.rsplit_once(')').and_then(|(_, rest)| rest.trim_start().chars().next()), Some('Z' | 'X')),
            Err(_) => false,
        }
    } else {
        true
    }
}

/// The process id a temporary name carries: ours (`.sohoa-tmp-<pid>-…`) or the older
/// `<name>.tmp-<pid>` of earlier versions.
fn temp_owner(name: &str) -> Option<u32> {
    if let Some(rest) = name.strip_prefix(TEMP_PREFIX) {
        return rest.split('-').next().and_then(|p| p.parse().ok());
    }
    let (_, pid) = name.rsplit_once(".tmp-")?;
    pid.parse().ok()
}

/// Removes the temporary files left in `dir` by processes that no longer run (or older than a
/// day). Returns how many were removed. A missing folder is not an error.
pub fn clean_stale_temp(dir: &Path) -> Result<usize> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(e.into()),
    };
    let mut removed = 0;
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(pid) = name.to_str().and_then(temp_owner) else { continue };
        let Ok(meta) = e.metadata() else { continue };
        if !meta.is_file() && !meta.is_dir() {
            continue;
        }
        let old = meta.modified().ok().and_then(|m| m.elapsed().ok()).is_some_and(|age| age > STALE_AFTER);
        if (old && pid != std::process::id()) || !process_alive(pid) {
            // Staging folders (backups, restores, a demo being made) go the same way as files.
            let gone = if meta.is_dir() { std::fs::remove_dir_all(e.path()) } else { std::fs::remove_file(e.path()) };
            if gone.is_ok() {
                removed += 1;
            }
        }
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_killed_process_not_yet_reaped_by_its_parent_is_not_alive() {
        let mut child = std::process::Command::new("sleep").arg("30").spawn().expect("sleep runs");
        let pid = child.id();
        assert!(super::process_alive(pid));
        child.kill().unwrap();
        // Not waited for yet: a zombie, whose /proc entry is still there.
        for _ in 0..200 {
            if !super::process_alive(pid) {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        assert!(Path::new(&format!("/proc/{pid}")).exists(), "the zombie is still listed");
        assert!(!super::process_alive(pid), "a zombie does not hold an import or a temporary file");
        child.wait().unwrap();
        assert!(!super::process_alive(pid));
    }

    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        v.sort();
        v
    }

    /// A writer that fails half-way, as a full disk would.
    struct FailsAfter(usize);
    impl FailsAfter {
        fn copy_into(&mut self, out: &mut AtomicFile) -> io::Result<()> {
            for _ in 0..self.0 {
                out.write_all(&[b'x'; 1024])?;
            }
            Err(io::Error::other("disk full"))
        }
    }

    #[test]
    fn a_committed_file_appears_whole_under_its_name_and_no_temporary_is_left() {
        let tmp = tempfile::tempdir().unwrap();
        let dest = tmp.path().join("dot-gui-1.sohoa");
        let mut f = AtomicFile::create(&dest).unwrap();
        f.write_all(b"first part ").unwrap();
        assert!(!dest.exists(), "nothing under the final name before commit");
        assert!(names(tmp.path())[0].starts_with(TEMP_PREFIX));
        f.write_all(b"second part").unwrap();
        f.commit().unwrap();
        assert_eq!(std::fs::read(&dest).unwrap(), b"first part second part");
        assert_eq!(names(tmp.path()), ["dot-gui-1.sohoa"]);
    }

    #[test]
    fn a_write_that_fails_half_way_leaves_neither_a_partial_file_nor_a_temporary() {
        let tmp = tempfile::tempdir().unwrap();
        let dest = tmp.path().join("MATCHES.csv");
        std::fs::write(&dest, b"the previous complete file").unwrap();
        let result = (|| -> Result<PathBuf> {
            let mut f = AtomicFile::create(&dest)?;
            FailsAfter(100).copy_into(&mut f)?;
            f.commit()
        })();
        assert!(result.is_err());
        assert_eq!(std::fs::read(&dest).unwrap(), b"the previous complete file", "the old file stays whole");
        assert_eq!(names(tmp.path()), ["MATCHES.csv"]);
    }

    #[test]
    fn commit_new_refuses_to_replace_a_file_and_removes_its_temporary() {
        let tmp = tempfile::tempdir().unwrap();
        let dest = tmp.path().join("a.xlsx");
        let mut f = AtomicFile::create(&dest).unwrap();
        f.write_all(b"new").unwrap();
        std::fs::write(&dest, b"someone else's").unwrap();
        assert!(matches!(f.commit_new(), Err(CoreError::Conflict(_))));
        assert_eq!(std::fs::read(&dest).unwrap(), b"someone else's");
        assert_eq!(names(tmp.path()), ["a.xlsx"]);
    }

    #[test]
    fn temporaries_of_dead_processes_are_cleaned_and_those_of_live_ones_kept() {
        let tmp = tempfile::tempdir().unwrap();
        // A process id that cannot be running (above the kernel's pid_max of 2^22).
        let dead = 4_194_999u32;
        for name in [
            format!("{TEMP_PREFIX}{dead}-abcdef-report.pdf"),
            format!("dot-gui-04120-so-3.sohoa.tmp-{dead}"),
            format!("{TEMP_PREFIX}{}-abcdef-mine.csv", std::process::id()),
            "ordinary.tmp-notes.txt".to_string(),
            "keep.csv".to_string(),
        ] {
            std::fs::write(tmp.path().join(name), b"x").unwrap();
        }
        let removed = clean_stale_temp(tmp.path()).unwrap();
        if Path::new("/proc/self").exists() {
            assert_eq!(removed, 2);
            assert_eq!(
                names(tmp.path()),
                [format!("{TEMP_PREFIX}{}-abcdef-mine.csv", std::process::id()), "keep.csv".into(), "ordinary.tmp-notes.txt".into()]
            );
        }
        assert_eq!(clean_stale_temp(&tmp.path().join("missing")).unwrap(), 0);
    }

    #[cfg(unix)]
    #[test]
    fn files_are_created_readable_by_their_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let p = write_atomic(&tmp.path().join("khoa.json"), b"{}").unwrap();
        assert_eq!(std::fs::metadata(p).unwrap().permissions().mode() & 0o777, 0o600);
    }
}
