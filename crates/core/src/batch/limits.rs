//! How much of a package the app reads (issue 13 §3). A package is hostile until its signature
//! holds, and anyone can make one (a supervisor's age key is public), so every size is checked
//! from the tar header **before** its bytes are read: each member, the tag files one by one and
//! together, the number of members, the decrypted stream as a whole, and each JSON line of the
//! payload. A refusal is [`CoreError::TooLarge`] naming the limit.
use crate::error::{CoreError, Limit, LimitExceeded, Result};
use std::io::{self, BufRead, Read};

const MIB: u64 = 1024 * 1024;

/// Limits on a package. The defaults fit a commune's batch many times over: a book of 500 pages
/// of 2 MB scans is 1 GB; a batch holds a few books.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PackageLimits {
    /// The package file (encrypted).
    pub package_bytes: u64,
    /// The decrypted tar stream, read to its end.
    pub decrypted_bytes: u64,
    /// Members of the tar stream (payload and tag files).
    pub files: u64,
    /// One page image (`data/pages/…`): it is held in memory while it is stored.
    pub page_bytes: u64,
    /// Any other payload file (`data/*.jsonl`): streamed, never held whole.
    pub payload_file_bytes: u64,
    /// `manifest-sha512.txt`: one line per payload file (about 210 bytes each).
    pub manifest_bytes: u64,
    /// Any other tag file (`bagit.txt`, `bag-info.txt`, the header, the signature…).
    pub tag_file_bytes: u64,
    /// All tag files together: they are held in memory until the bag is checked.
    pub tag_total_bytes: u64,
    /// One line of a `data/*.jsonl` file (one book, entry, decision or verdict).
    pub line_bytes: u64,
}

impl Default for PackageLimits {
    fn default() -> Self {
        PackageLimits {
            package_bytes: 16 * 1024 * MIB,
            decrypted_bytes: 16 * 1024 * MIB,
            files: 100_000,
            page_bytes: 128 * MIB,
            payload_file_bytes: 8 * 1024 * MIB,
            manifest_bytes: 32 * MIB,
            tag_file_bytes: MIB,
            tag_total_bytes: 40 * MIB,
            line_bytes: 8 * MIB,
        }
    }
}

/// What a package is called in messages.
pub(crate) const WHAT: &str = "gói";

pub(crate) fn too_large(limit: Limit, found: u64, max: u64, what: &str) -> CoreError {
    CoreError::TooLarge(LimitExceeded::new(limit, found, max).of(what))
}

impl PackageLimits {
    /// The largest a member at `rel` (path inside the bag) may be, and the limit it falls under.
    pub(crate) fn member_max(&self, rel: &str) -> u64 {
        if rel.starts_with(super::format::PAGES_DIR) {
            self.page_bytes
        } else if rel.starts_with("data/") {
            self.payload_file_bytes
        } else if rel == super::format::MANIFEST {
            self.manifest_bytes
        } else {
            self.tag_file_bytes
        }
    }

    /// Refuses a member whose declared size is past its limit (before a byte of it is read).
    pub(crate) fn check_member(&self, rel: &str, size: u64) -> Result<()> {
        let max = self.member_max(rel);
        if size > max {
            return Err(too_large(Limit::FileBytes, size, max, &format!("tệp “{rel}” trong gói")));
        }
        Ok(())
    }
}

/// A reader that stops with an error once more than `max` bytes went through; `exceeded` tells
/// afterwards whether that is why reading failed.
pub(crate) struct Budget<R> {
    inner: R,
    read: u64,
    max: u64,
    exceeded: std::rc::Rc<std::cell::Cell<bool>>,
}

impl<R: Read> Budget<R> {
    pub fn new(inner: R, max: u64) -> (Self, std::rc::Rc<std::cell::Cell<bool>>) {
        let flag = std::rc::Rc::new(std::cell::Cell::new(false));
        (Budget { inner, read: 0, max, exceeded: flag.clone() }, flag)
    }
}

impl<R: Read> Read for Budget<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.read > self.max {
            self.exceeded.set(true);
            return Err(io::Error::other("package budget exceeded"));
        }
        let room = (self.max - self.read).saturating_add(1).min(buf.len() as u64) as usize;
        let n = self.inner.read(&mut buf[..room])?;
        self.read += n as u64;
        if self.read > self.max {
            self.exceeded.set(true);
            return Err(io::Error::other("package budget exceeded"));
        }
        Ok(n)
    }
}

/// Reads JSON lines one at a time, each at most `max_line` bytes (memory flat with the file's
/// size and bounded per line). Blank lines are skipped; `f` gets each parsed item. A line that
/// does not parse is refused with its number; a line past the limit is [`CoreError::TooLarge`].
pub(crate) fn for_each_json_line<T: serde::de::DeserializeOwned>(
    r: &mut dyn Read,
    file: &str,
    max_line: u64,
    mut f: impl FnMut(T) -> Result<()>,
) -> Result<()> {
    let mut reader = io::BufReader::with_capacity(64 * 1024, r);
    let mut line = Vec::new();
    let mut no = 0u64;
    loop {
        line.clear();
        no += 1;
        let n = (&mut reader).take(max_line + 1).read_until(b'\n', &mut line)?;
        if n == 0 {
            return Ok(());
        }
        let body = line.strip_suffix(b"\n").unwrap_or(&line);
        if body.len() as u64 > max_line {
            return Err(CoreError::TooLarge(
                LimitExceeded::new(Limit::LineBytes, body.len() as u64, max_line).at(no).of(&format!("tệp {file} trong gói")),
            ));
        }
        let body = body.strip_suffix(b"\r").unwrap_or(body);
        if body.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let text = std::str::from_utf8(body).map_err(|_| super::format::refused(format!("{file} dòng {no}: không phải văn bản UTF-8")))?;
        let item: T = serde_json::from_str(text).map_err(|e| super::format::refused(format!("{file} dòng {no}: không đọc được ({e})")))?;
        f(item)?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_budget_reader_stops_one_byte_past_its_limit_and_says_so() {
        let data = [7u8; 100];
        let (mut r, flag) = Budget::new(&data[..], 60);
        let mut out = Vec::new();
        assert!(r.read_to_end(&mut out).is_err());
        assert!(flag.get());
        assert!(out.len() <= 61, "{}", out.len());
        let (mut r, flag) = Budget::new(&data[..], 100);
        let mut out = Vec::new();
        r.read_to_end(&mut out).unwrap();
        assert_eq!((out.len(), flag.get()), (100, false));
    }

    #[test]
    fn json_lines_are_read_one_by_one_and_a_line_past_the_limit_is_refused_naming_it() {
        let text = b"[1]\r\n\n  \n[2,3]\n[4]";
        let mut seen = Vec::new();
        for_each_json_line(&mut &text[..], "data/x.jsonl", 16, |v: Vec<u8>| {
            seen.push(v);
            Ok(())
        })
        .unwrap();
        assert_eq!(seen, vec![vec![1], vec![2, 3], vec![4]]);
        let long = format!("[1]\n[{}1]\n", "1,".repeat(40));
        let e = for_each_json_line(&mut long.as_bytes(), "data/x.jsonl", 16, |_: Vec<u8>| Ok(())).unwrap_err();
        let CoreError::TooLarge(l) = &e else { panic!("{e:?}") };
        assert_eq!((l.limit, l.line), (Limit::LineBytes, Some(2)));
        assert!(e.message_vi().contains("giới hạn độ dài một dòng"), "{}", e.message_vi());
        let e = for_each_json_line(&mut &b"[1]\n{oops\n"[..], "data/x.jsonl", 16, |_: Vec<u8>| Ok(())).unwrap_err();
        assert!(e.message_vi().contains("dòng 2"), "{}", e.message_vi());
    }

    fn small() -> PackageLimits {
        PackageLimits {
            decrypted_bytes: 64 * 1024,
            files: 4,
            page_bytes: 1024,
            payload_file_bytes: 2048,
            manifest_bytes: 512,
            tag_file_bytes: 256,
            tag_total_bytes: 600,
            line_bytes: 64,
            ..PackageLimits::default()
        }
    }

    fn tar_of(files: &[(&str, usize)]) -> Vec<u8> {
        let mut b = tar::Builder::new(Vec::new());
        for (path, size) in files {
            let mut h = tar::Header::new_ustar();
            h.set_size(*size as u64);
            h.set_mode(0o644);
            b.append_data(&mut h, path, vec![b'x'; *size].as_slice()).unwrap();
        }
        b.into_inner().unwrap()
    }

    fn read(tar: &[u8], limits: &PackageLimits) -> Result<crate::batch::VerifyReport> {
        crate::batch::read_bag(tar, limits, &mut |_, r| io::copy(r, &mut io::sink()).map(|_| ()).map_err(Into::into), &mut || {})
    }

    fn limit_of(e: CoreError) -> (Limit, String) {
        let m = e.message_vi();
        match e {
            CoreError::TooLarge(l) => (l.limit, m),
            other => panic!("expected a limit, got {other:?}"),
        }
    }

    #[test]
    fn a_member_is_refused_from_its_tar_header_before_a_byte_of_it_is_read() {
        // A header declaring a 10 GB page and no data after it: had the reader started on the
        // data, it would have met the end of the stream (a truncation), not the limit.
        let mut h = tar::Header::new_ustar();
        h.set_path("goi/data/pages/a.jpg").unwrap();
        h.set_size(10 << 30);
        h.set_mode(0o644);
        h.set_cksum();
        let (limit, m) = limit_of(read(h.as_bytes(), &PackageLimits::default()).unwrap_err());
        assert_eq!(limit, Limit::FileBytes);
        assert!(m.contains("data/pages/a.jpg") && m.contains("128 MB"), "{m}");
        for (path, size) in
            [("goi/data/pages/b.jpg", 1025), ("goi/data/entries.jsonl", 2049), ("goi/manifest-sha512.txt", 513), ("goi/bag-info.txt", 257)]
        {
            let (limit, m) = limit_of(read(&tar_of(&[(path, size)]), &small()).unwrap_err());
            assert_eq!(limit, Limit::FileBytes, "{path}");
            assert!(m.contains(path.trim_start_matches("goi/")), "{m}");
        }
    }

    #[test]
    fn tag_files_are_refused_once_together_they_pass_their_budget() {
        let files = [("goi/a.txt", 250), ("goi/b.txt", 250), ("goi/c.txt", 250)];
        let (limit, m) = limit_of(read(&tar_of(&files), &small()).unwrap_err());
        assert_eq!(limit, Limit::FileBytes);
        assert!(m.contains("tệp mô tả"), "{m}");
    }

    #[test]
    fn more_members_than_the_limit_are_refused() {
        let files: Vec<(String, usize)> = (0..5).map(|i| (format!("goi/data/{i}.txt"), 1)).collect();
        let files: Vec<(&str, usize)> = files.iter().map(|(p, n)| (p.as_str(), *n)).collect();
        let (limit, m) = limit_of(read(&tar_of(&files), &small()).unwrap_err());
        assert_eq!(limit, Limit::Files);
        assert!(m.contains("giới hạn số tệp trong gói"), "{m}");
    }

    #[test]
    fn a_decrypted_stream_longer_than_its_budget_is_refused() {
        let limits = PackageLimits { decrypted_bytes: 4096, payload_file_bytes: 1 << 20, ..small() };
        let (limit, _) = limit_of(read(&tar_of(&[("goi/data/big.txt", 10_000)]), &limits).unwrap_err());
        assert_eq!(limit, Limit::Decompressed);
    }

    #[test]
    fn long_name_and_pax_members_are_refused_as_members_that_are_not_plain_files() {
        // A GNU long name (the tar reader would hold it whole) and a pax header declaring 1 GB.
        let long = format!("goi/data/{}.txt", "n".repeat(300));
        let mut b = tar::Builder::new(Vec::new());
        let mut h = tar::Header::new_gnu();
        h.set_size(1);
        b.append_data(&mut h, &long, &b"x"[..]).unwrap();
        let mut pax = tar::Header::new_ustar();
        pax.set_path("goi/PaxHeader").unwrap();
        pax.set_entry_type(tar::EntryType::XHeader);
        pax.set_size(1 << 30);
        pax.set_cksum();
        let mut tar = b.into_inner().unwrap();
        tar.truncate(tar.len() - 1024);
        tar.extend_from_slice(pax.as_bytes());
        let report = read(&tar, &PackageLimits::default()).unwrap();
        assert!(!report.ok);
        assert!(report.problems.iter().any(|p| p.contains("không phải tệp thường")), "{:?}", report.problems);
    }
}
