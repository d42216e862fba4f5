//! BagIt 1.0 (RFC 8493) bags, streamed: a writer that hashes each payload file while it goes into
//! the tar stream (nothing is staged on disk, memory stays flat), and a reader that verifies a
//! package in one pass (age authentication, tar structure, every SHA-512, the tag manifest, the
//! Ed25519 signature over the tag manifest, Payload-Oxum).
//!
//! Layout (docs/batch-format.md):
//! ```text
//! <root>/data/…                  payload (books.jsonl, entries.jsonl, pages/<sha256>.jpg, …)
//! <root>/bagit.txt               BagIt-Version: 1.0, UTF-8
//! <root>/bag-info.txt            commune, user, counts, software, audit-chain head, Payload-Oxum
//! <root>/manifest-sha512.txt     every payload file
//! <root>/sohoa-package.json      machine-readable header (sender keys, batch number, books)
//! <root>/tagmanifest-sha512.txt  the four tag files above
//! <root>/signature-ed25519.txt   Ed25519 signature over the exact bytes of tagmanifest-sha512.txt
//! ```
use super::crypt::{describe_stream_error, Keys};
use super::format::{PackageHeader, HEADER_FILE, PACKAGE_FORMAT, PACKAGE_FORMAT_VERSION, SIGNATURE_FILE};
use super::identity::{fingerprint, parse_public_key};
use super::limits::{self, PackageLimits};
use super::Progress;
use crate::cancel::{check_cancel, NEVER_CANCELLED};
use crate::error::{CoreError, Limit, Result};
use ed25519_dalek::{Signature, Signer, SigningKey};
use sha2::{Digest, Sha256, Sha512};
use std::collections::{BTreeMap, HashMap};
use std::io::{self, Read, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::AtomicBool;

/// Domain separation for the signature: what is signed is `SIGNING_CONTEXT ‖ tagmanifest bytes`.
pub const SIGNING_CONTEXT: &[u8] = b"sohoa-bag-signature-v1\n";
pub const BAGIT_TXT: &str = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n";
pub use super::format::MANIFEST;
pub const TAGMANIFEST: &str = "tagmanifest-sha512.txt";

/// A reader that hashes (SHA-512) and counts what passes through.
pub(crate) struct HashingReader<R> {
    inner: R,
    hasher: Sha512,
    len: u64,
}

impl<R: Read> HashingReader<R> {
    pub fn new(inner: R) -> Self {
        HashingReader { inner, hasher: Sha512::new(), len: 0 }
    }
    pub fn finish(self) -> (String, u64) {
        (hex::encode(self.hasher.finalize()), self.len)
    }
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        self.len += n as u64;
        Ok(n)
    }
}

/// A reader over records produced on demand: `next` appends the next record(s) to the buffer and
/// returns false when there are no more. Lets a JSONL file be streamed from the database.
pub(crate) struct GenReader<F> {
    next: F,
    buf: Vec<u8>,
    pos: usize,
    done: bool,
}

impl<F: FnMut(&mut Vec<u8>) -> io::Result<bool>> GenReader<F> {
    pub fn new(next: F) -> Self {
        GenReader { next, buf: Vec::new(), pos: 0, done: false }
    }
}

impl<F: FnMut(&mut Vec<u8>) -> io::Result<bool>> Read for GenReader<F> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        while self.pos >= self.buf.len() {
            if self.done {
                return Ok(0);
            }
            self.buf.clear();
            self.pos = 0;
            if !(self.next)(&mut self.buf)? {
                self.done = true;
            }
        }
        let n = (self.buf.len() - self.pos).min(out.len());
        out[..n].copy_from_slice(&self.buf[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

/// Writes a bag into a tar stream.
pub(crate) struct BagWriter<W: Write> {
    tar: tar::Builder<W>,
    root: String,
    mtime: u64,
    payload: Vec<(String, String)>,
    payload_bytes: u64,
}

impl<W: Write> BagWriter<W> {
    pub fn new(inner: W, root: &str, mtime: u64) -> Self {
        BagWriter { tar: tar::Builder::new(inner), root: root.to_string(), mtime, payload: Vec::new(), payload_bytes: 0 }
    }

    fn header(&self, size: u64) -> tar::Header {
        let mut h = tar::Header::new_ustar();
        h.set_size(size);
        h.set_mode(0o644);
        h.set_mtime(self.mtime);
        h.set_uid(0);
        h.set_gid(0);
        h.set_entry_type(tar::EntryType::Regular);
        h
    }

    fn append(&mut self, rel: &str, size: u64, data: impl Read) -> Result<()> {
        let mut h = self.header(size);
        let path = format!("{}/{}", self.root, rel);
        self.tar.append_data(&mut h, &path, data)?;
        Ok(())
    }

    /// Adds a payload file of known size, hashing while it is written. Returns the SHA-512.
    pub fn add_payload(&mut self, rel: &str, size: u64, data: impl Read) -> Result<String> {
        debug_assert!(rel.starts_with("data/"));
        let mut hr = HashingReader::new(data.take(size));
        self.append(rel, size, &mut hr)?;
        let (hash, len) = hr.finish();
        if len != size {
            return Err(CoreError::Internal(format!("{rel}: expected {size} bytes, got {len}")));
        }
        self.payload.push((rel.to_string(), hash.clone()));
        self.payload_bytes += size;
        Ok(hash)
    }

    /// Adds a payload file produced by `make` (called twice: once to measure and hash, once to
    /// write), so that a large generated file never has to be held in memory or on disk.
    pub fn add_generated<R: Read>(&mut self, rel: &str, mut make: impl FnMut() -> R) -> Result<(String, u64)> {
        let mut probe = HashingReader::new(make());
        io::copy(&mut probe, &mut io::sink())?;
        let (hash, size) = probe.finish();
        let written = self.add_payload(rel, size, make())?;
        if written != hash {
            return Err(CoreError::Conflict("dữ liệu thay đổi trong lúc đóng gói; hãy thử lại".into()));
        }
        Ok((hash, size))
    }

    /// Writes the tag files, the tag manifest and its signature, and ends the tar stream.
    /// Returns the inner writer and the package id (SHA-256 of the tag manifest).
    pub fn finish(mut self, bag_info: &[(&str, String)], header_json: &[u8], signing: &SigningKey) -> Result<(W, String)> {
        let mut info = String::new();
        for (k, v) in bag_info {
            info.push_str(&format!("{k}: {}\n", one_line(v)));
        }
        info.push_str(&format!("Payload-Oxum: {}.{}\n", self.payload_bytes, self.payload.len()));
        let mut manifest = String::new();
        for (rel, hash) in &self.payload {
            manifest.push_str(&format!("{hash}  {rel}\n"));
        }
        let tags: Vec<(&str, Vec<u8>)> = vec![
            ("bagit.txt", BAGIT_TXT.as_bytes().to_vec()),
            ("bag-info.txt", info.into_bytes()),
            (MANIFEST, manifest.into_bytes()),
            (HEADER_FILE, header_json.to_vec()),
        ];
        let mut tagmanifest = String::new();
        for (name, bytes) in &tags {
            tagmanifest.push_str(&format!("{}  {name}\n", hex::encode(Sha512::digest(bytes))));
            self.append(name, bytes.len() as u64, bytes.as_slice())?;
        }
        self.append(TAGMANIFEST, tagmanifest.len() as u64, tagmanifest.as_bytes())?;
        let sig = sign_tagmanifest(signing, tagmanifest.as_bytes());
        self.append(SIGNATURE_FILE, sig.len() as u64, sig.as_bytes())?;
        let package_id = hex::encode(Sha256::digest(tagmanifest.as_bytes()));
        let inner = self.tar.into_inner()?;
        Ok((inner, package_id))
    }
}

fn one_line(s: &str) -> String {
    s.replace(['\r', '\n'], " ")
}

/// The content of `signature-ed25519.txt`.
pub fn sign_tagmanifest(signing: &SigningKey, tagmanifest: &[u8]) -> String {
    let mut msg = SIGNING_CONTEXT.to_vec();
    msg.extend_from_slice(tagmanifest);
    let sig = signing.sign(&msg);
    let public = signing.verifying_key().to_bytes();
    format!(
        "Algorithm: Ed25519\nSigned-File: {TAGMANIFEST}\nContext: {}\nPublic-Key: {}\nFingerprint: {}\nSignature: {}\n",
        std::str::from_utf8(SIGNING_CONTEXT).unwrap_or_default().trim_end(),
        hex::encode(public),
        fingerprint(&public),
        hex::encode(sig.to_bytes())
    )
}

/// The result of reading a package. `problems` are Vietnamese reasons; the package is sound only
/// when there are none.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VerifyReport {
    pub ok: bool,
    pub problems: Vec<String>,
    pub header: Option<PackageHeader>,
    /// SHA-256 of the signed tag manifest: identifies the package.
    pub package_id: Option<String>,
    /// Fingerprint of the key that signed the package (when the signature holds).
    pub signer_fingerprint: Option<String>,
    pub signature_valid: bool,
    pub payload_files: u64,
    pub payload_bytes: u64,
    pub bag_info: Vec<(String, String)>,
    /// The tag files as read (for unpacking).
    #[serde(skip)]
    pub(crate) tag_files: BTreeMap<String, Vec<u8>>,
}

impl VerifyReport {
    /// The reasons as one Vietnamese sentence list (for errors).
    pub fn reasons(&self) -> String {
        let mut v: Vec<String> = self.problems.iter().take(8).cloned().collect();
        if self.problems.len() > 8 {
            v.push(format!("và {} lỗi khác", self.problems.len() - 8));
        }
        v.join("; ")
    }
}

/// Called for each payload file with its path inside the bag (`data/…`) and its content.
pub type Visitor<'a> = dyn FnMut(&str, &mut dyn Read) -> Result<()> + 'a;

struct CountingReader<R> {
    inner: R,
    count: std::rc::Rc<std::cell::Cell<u64>>,
}

impl<R: Read> Read for CountingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.set(self.count.get() + n as u64);
        Ok(n)
    }
}

/// Reads and verifies a package, calling `visit` for every payload file as it streams by.
/// I/O and visitor errors are returned as `Err`, and so is a size past the package's limits
/// ([`PackageLimits`], `CoreError::TooLarge`); everything else wrong with the package itself is
/// collected in the report. When `cancel` is set (checked before the file is opened, before
/// each payload file and once the whole stream is read) the answer is [`CoreError::Cancelled`];
/// a caller inside a write transaction then rolls it back.
pub(crate) fn read_package(
    path: &Path,
    keys: &Keys,
    visit: &mut Visitor,
    progress: &mut dyn FnMut(Progress),
    cancel: &AtomicBool,
) -> Result<VerifyReport> {
    read_package_with(path, keys, &PackageLimits::default(), visit, progress, cancel)
}

/// [`read_package`] under the given limits.
pub(crate) fn read_package_with(
    path: &Path,
    keys: &Keys,
    limits: &PackageLimits,
    visit: &mut Visitor,
    progress: &mut dyn FnMut(Progress),
    cancel: &AtomicBool,
) -> Result<VerifyReport> {
    check_cancel(cancel)?;
    let mut report = VerifyReport::default();
    let file = std::fs::File::open(path).map_err(|_| CoreError::NotFound(format!("gói “{}”", path.display())))?;
    let total = file.metadata()?.len();
    if total > limits.package_bytes {
        return Err(limits::too_large(Limit::FileBytes, total, limits.package_bytes, limits::WHAT));
    }
    let mut magic = [0u8; 21];
    let n = (&file).read(&mut magic)?;
    if n < magic.len() || &magic != b"age-encryption.org/v1" {
        report.problems.push("tệp không phải là gói sohoa (không phải tệp mã hóa age)".into());
        return Ok(report);
    }
    let file = std::fs::File::open(path)?;
    let count = std::rc::Rc::new(std::cell::Cell::new(0u64));
    let counting = CountingReader { inner: io::BufReader::with_capacity(256 * 1024, file), count: count.clone() };
    let stream = match keys.decrypt(counting) {
        Ok(s) => s,
        Err(reason) => {
            report.problems.push(reason);
            return Ok(report);
        }
    };
    let mut checked = |rel: &str, r: &mut dyn Read| -> Result<()> {
        check_cancel(cancel)?;
        visit(rel, r)
    };
    let report =
        read_bag(stream, limits, &mut checked, &mut || progress(Progress { stage: super::Stage::Verify, done: count.get(), total }))?;
    check_cancel(cancel)?;
    progress(Progress { stage: super::Stage::Verify, done: total, total });
    Ok(report)
}

/// The layer after decryption: reads the tar stream of a bag and checks it (tar structure, every
/// SHA-512 of both manifests, the signature over the tag manifest, Payload-Oxum), calling `visit`
/// for each payload file and `step` after each member. Sizes are checked against `limits` from
/// each member's tar header before its bytes are read. Only plain ustar members are read: a
/// GNU long-name or pax extension member (which the tar reader would hold whole in memory) is
/// refused like any member that is not a regular file.
pub fn read_bag<R: Read>(stream: R, limits: &PackageLimits, visit: &mut Visitor, step: &mut dyn FnMut()) -> Result<VerifyReport> {
    let mut report = VerifyReport::default();
    let (stream, over_budget) = limits::Budget::new(stream, limits.decrypted_bytes);
    let over = || limits::too_large(Limit::Decompressed, limits.decrypted_bytes.saturating_add(1), limits.decrypted_bytes, limits::WHAT);
    let mut archive = tar::Archive::new(stream);
    let mut root: Option<String> = None;
    let mut payload: BTreeMap<String, (String, u64)> = BTreeMap::new();
    let mut tags: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut tag_bytes = 0u64;
    let mut members = 0u64;
    let mut stream_failed = false;
    {
        let entries = match archive.entries() {
            Ok(e) => e.raw(true),
            Err(e) => {
                report.problems.push(describe_stream_error(&e));
                return Ok(report);
            }
        };
        for entry in entries {
            let mut entry = match entry {
                Ok(e) => e,
                Err(_) if over_budget.get() => return Err(over()),
                Err(e) => {
                    report.problems.push(tar_error(&e));
                    stream_failed = true;
                    break;
                }
            };
            members += 1;
            if members > limits.files {
                return Err(limits::too_large(Limit::Files, members, limits.files, limits::WHAT));
            }
            let kind = entry.header().entry_type();
            if kind.is_dir() {
                continue;
            }
            let raw_path = entry.path().map(|p| p.into_owned()).unwrap_or_default();
            let Some((r, rel)) = split_path(&raw_path) else {
                report.problems.push(format!("đường dẫn không an toàn trong gói: “{}”", raw_path.display()));
                continue;
            };
            if !kind.is_file() {
                report.problems.push(format!("gói chứa mục không phải tệp thường: “{rel}”"));
                continue;
            }
            match &root {
                None => root = Some(r),
                Some(x) if *x != r => {
                    report.problems.push(format!("gói chứa nhiều thư mục gốc (“{x}” và “{r}”)"));
                    continue;
                }
                _ => {}
            }
            if payload.contains_key(&rel) || tags.contains_key(&rel) {
                report.problems.push(format!("tệp “{rel}” xuất hiện hai lần trong gói"));
                continue;
            }
            let size = entry.size();
            limits.check_member(&rel, size)?;
            let result = if rel.starts_with("data/") {
                let mut hr = HashingReader::new(&mut entry);
                let visited = visit(&rel, &mut hr);
                let drained = io::copy(&mut hr, &mut io::sink());
                match (visited, drained) {
                    (Err(_), _) | (_, Err(_)) if over_budget.get() => return Err(over()),
                    (Err(e), _) => Err(Some(e)),
                    (Ok(()), Err(e)) => {
                        report.problems.push(describe_stream_error(&e));
                        Err(None)
                    }
                    (Ok(()), Ok(_)) => {
                        let (h, n) = hr.finish();
                        payload.insert(rel.clone(), (h, n));
                        Ok(())
                    }
                }
            } else {
                tag_bytes = tag_bytes.saturating_add(size);
                if tag_bytes > limits.tag_total_bytes {
                    return Err(limits::too_large(
                        Limit::FileBytes,
                        tag_bytes,
                        limits.tag_total_bytes,
                        "các tệp mô tả (ngoài data/) của gói",
                    ));
                }
                let mut buf = Vec::with_capacity(size as usize);
                match (&mut entry).take(size).read_to_end(&mut buf) {
                    Ok(_) => {
                        tags.insert(rel.clone(), buf);
                        Ok(())
                    }
                    Err(_) if over_budget.get() => return Err(over()),
                    Err(e) => {
                        report.problems.push(describe_stream_error(&e));
                        Err(None)
                    }
                }
            };
            match result {
                Ok(()) => step(),
                Err(Some(e)) => return Err(e),
                Err(None) => {
                    stream_failed = true;
                    break;
                }
            }
        }
    }
    if !stream_failed {
        // Read to the very end so that age authenticates the last chunk (truncation).
        let mut rest = archive.into_inner();
        let mut trailing = [0u8; 64 * 1024];
        loop {
            match rest.read(&mut trailing) {
                Ok(0) => break,
                Ok(n) => {
                    if trailing[..n].iter().any(|b| *b != 0) {
                        report.problems.push("gói có dữ liệu thừa sau phần cuối".into());
                        break;
                    }
                }
                Err(_) if over_budget.get() => return Err(over()),
                Err(e) => {
                    report.problems.push(describe_stream_error(&e));
                    stream_failed = true;
                    break;
                }
            }
        }
    }
    if stream_failed {
        report.problems.dedup();
        return Ok(report);
    }
    check_bag(&mut report, &payload, &tags);
    report.tag_files = tags;
    report.ok = report.problems.is_empty();
    Ok(report)
}

fn tar_error(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::UnexpectedEof | io::ErrorKind::InvalidData => describe_stream_error(e),
        _ => format!("cấu trúc gói (tar) không hợp lệ: {e}"),
    }
}

/// `root/rest…` with only normal components; returns (root, "rest/…").
fn split_path(p: &Path) -> Option<(String, String)> {
    let mut parts = Vec::new();
    for c in p.components() {
        match c {
            Component::Normal(s) => parts.push(s.to_str()?.to_string()),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if parts.len() < 2 {
        return None;
    }
    let root = parts.remove(0);
    Some((root, parts.join("/")))
}

fn parse_manifest(bytes: &[u8], name: &str, problems: &mut Vec<String>) -> Vec<(String, String)> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        problems.push(format!("{name} không phải văn bản UTF-8"));
        return vec![];
    };
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let mut it = line.splitn(2, char::is_whitespace);
        let hash = it.next().unwrap_or_default().to_ascii_lowercase();
        let path = it.next().unwrap_or_default().trim_start().to_string();
        if hash.len() != 128 || path.is_empty() {
            problems.push(format!("{name} dòng {}: không đúng định dạng", i + 1));
            continue;
        }
        out.push((hash, path));
    }
    out
}

fn parse_tag_lines(bytes: &[u8]) -> Vec<(String, String)> {
    String::from_utf8_lossy(bytes)
        .lines()
        .filter_map(|l| l.split_once(':').map(|(k, v)| (k.trim().to_string(), v.trim().to_string())))
        .collect()
}

fn check_bag(report: &mut VerifyReport, payload: &BTreeMap<String, (String, u64)>, tags: &BTreeMap<String, Vec<u8>>) {
    let problems = &mut report.problems;
    // bagit.txt
    match tags.get("bagit.txt") {
        None => problems.push("thiếu tệp bagit.txt".into()),
        Some(b) => {
            let kv: HashMap<_, _> = parse_tag_lines(b).into_iter().collect();
            if kv.get("BagIt-Version").map(String::as_str) != Some("1.0") {
                problems.push("bagit.txt không ghi BagIt-Version: 1.0".into());
            }
            if !kv.get("Tag-File-Character-Encoding").is_some_and(|e| e.eq_ignore_ascii_case("UTF-8")) {
                problems.push("bagit.txt không ghi mã hóa UTF-8".into());
            }
        }
    }
    // Payload manifest: every file listed, every listed file present and intact.
    match tags.get(MANIFEST) {
        None => problems.push(format!("thiếu tệp {MANIFEST}")),
        Some(b) => {
            let listed = parse_manifest(b, MANIFEST, problems);
            let mut seen = std::collections::HashSet::new();
            for (hash, path) in &listed {
                seen.insert(path.as_str());
                match payload.get(path) {
                    None => problems.push(format!("thiếu tệp {path}")),
                    Some((h, _)) if h != hash => problems.push(format!("tệp {path} bị sửa (mã kiểm tra SHA-512 không khớp)")),
                    _ => {}
                }
            }
            for p in payload.keys() {
                if !seen.contains(p.as_str()) {
                    problems.push(format!("tệp {p} không có trong danh sách kiểm tra {MANIFEST}"));
                }
            }
        }
    }
    report.payload_files = payload.len() as u64;
    report.payload_bytes = payload.values().map(|(_, n)| n).sum();
    // Tag manifest: the tag files it lists are intact, and the ones that matter are listed.
    match tags.get(TAGMANIFEST) {
        None => problems.push(format!("thiếu tệp {TAGMANIFEST}")),
        Some(b) => {
            let listed = parse_manifest(b, TAGMANIFEST, problems);
            for (hash, path) in &listed {
                match tags.get(path) {
                    None => problems.push(format!("thiếu tệp {path}")),
                    Some(bytes) if hex::encode(Sha512::digest(bytes)) != *hash => {
                        problems.push(format!("tệp {path} bị sửa (mã kiểm tra SHA-512 không khớp)"))
                    }
                    _ => {}
                }
            }
            for required in ["bagit.txt", "bag-info.txt", MANIFEST, HEADER_FILE] {
                if !listed.iter().any(|(_, p)| p == required) {
                    problems.push(format!("{TAGMANIFEST} không liệt kê {required}"));
                }
            }
            for name in tags.keys() {
                let known = name == TAGMANIFEST || name == SIGNATURE_FILE || listed.iter().any(|(_, p)| p == name);
                if !known {
                    problems.push(format!("tệp {name} không có trong danh sách kiểm tra {TAGMANIFEST}"));
                }
            }
            report.package_id = Some(hex::encode(Sha256::digest(b)));
        }
    }
    // bag-info.txt and Payload-Oxum.
    if let Some(b) = tags.get("bag-info.txt") {
        report.bag_info = parse_tag_lines(b);
        let oxum = report.bag_info.iter().find(|(k, _)| k == "Payload-Oxum").map(|(_, v)| v.clone());
        let actual = format!("{}.{}", report.payload_bytes, report.payload_files);
        if oxum.as_deref() != Some(actual.as_str()) {
            problems.push(format!("Payload-Oxum trong bag-info.txt ({}) không khớp với nội dung ({actual})", oxum.unwrap_or_default()));
        }
    } else {
        problems.push("thiếu tệp bag-info.txt".into());
    }
    // Header.
    match tags.get(HEADER_FILE).map(|b| serde_json::from_slice::<PackageHeader>(b)) {
        None => problems.push(format!("thiếu tệp {HEADER_FILE}")),
        Some(Err(_)) => problems.push(format!("tệp {HEADER_FILE} không đọc được")),
        Some(Ok(h)) => {
            if h.format != PACKAGE_FORMAT {
                problems.push("không phải gói của sohoa".into());
            } else if h.format_version > PACKAGE_FORMAT_VERSION {
                problems.push(format!("gói theo định dạng phiên bản {} mới hơn phần mềm này; hãy cập nhật sohoa", h.format_version));
            }
            report.header = Some(h);
        }
    }
    // Signature over the tag manifest, with the key named in the (signed) header.
    match (tags.get(SIGNATURE_FILE), tags.get(TAGMANIFEST), &report.header) {
        (None, _, _) => problems.push(format!("thiếu chữ ký ({SIGNATURE_FILE})")),
        (Some(sig), Some(tm), Some(h)) => {
            let kv: HashMap<_, _> = parse_tag_lines(sig).into_iter().collect();
            let sig_key = kv.get("Public-Key").cloned().unwrap_or_default();
            if sig_key != h.sender.ed25519_public_key {
                problems.push("khóa trong tệp chữ ký khác khóa của người gửi ghi trong gói".into());
            }
            let verified = parse_public_key(&h.sender.ed25519_public_key).ok().and_then(|key| {
                let bytes: [u8; 64] = hex::decode(kv.get("Signature").cloned().unwrap_or_default()).ok()?.try_into().ok()?;
                let mut msg = SIGNING_CONTEXT.to_vec();
                msg.extend_from_slice(tm);
                key.verify_strict(&msg, &Signature::from_bytes(&bytes)).ok().map(|_| key)
            });
            match verified {
                Some(key) => {
                    let fp = fingerprint(&key.to_bytes());
                    if fp != h.sender.fingerprint {
                        problems.push("dấu vân tay ghi trong gói không khớp với khóa ký".into());
                    }
                    report.signature_valid = true;
                    report.signer_fingerprint = Some(fp);
                }
                None => problems.push("chữ ký số của gói không hợp lệ (gói bị sửa hoặc không do người gửi ký)".into()),
            }
        }
        _ => {}
    }
}

/// Verifies a package completely (nothing is written anywhere).
pub fn verify_package(path: &Path, keys: &Keys, progress: &mut dyn FnMut(Progress)) -> Result<VerifyReport> {
    read_package(path, keys, &mut |_, _| Ok(()), progress, &NEVER_CANCELLED)
}

/// Writes the plain BagIt bag of a package into `out` (which must not exist or be empty). The bag
/// is written to a hidden sibling folder and renamed only when the package verifies; otherwise
/// nothing is left behind and the report says why.
pub fn unpack_package(path: &Path, keys: &Keys, out: &Path, progress: &mut dyn FnMut(Progress)) -> Result<VerifyReport> {
    if out.exists() && (out.is_file() || std::fs::read_dir(out)?.next().is_some()) {
        return Err(CoreError::Conflict(format!("thư mục “{}” đã có dữ liệu", out.display())));
    }
    let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)?;
    let staging: PathBuf =
        parent.join(format!(".{}.unpacking-{}", out.file_name().and_then(|n| n.to_str()).unwrap_or("bag"), std::process::id()));
    if staging.exists() {
        std::fs::remove_dir_all(&staging)?;
    }
    std::fs::create_dir_all(&staging)?;
    let result = (|| -> Result<VerifyReport> {
        let st = staging.clone();
        let mut visit = move |rel: &str, r: &mut dyn Read| -> Result<()> {
            let p = st.join(rel);
            if let Some(d) = p.parent() {
                std::fs::create_dir_all(d)?;
            }
            let mut f = std::fs::File::create(&p)?;
            io::copy(r, &mut f)?;
            Ok(())
        };
        let mut report = read_package(path, keys, &mut visit, progress, &NEVER_CANCELLED)?;
        if report.ok {
            for (name, bytes) in &report.tag_files {
                std::fs::write(staging.join(name), bytes)?;
            }
        }
        report.ok = report.problems.is_empty();
        Ok(report)
    })();
    match result {
        Ok(r) if r.ok => {
            if out.exists() {
                std::fs::remove_dir(out)?;
            }
            std::fs::rename(&staging, out)?;
            Ok(r)
        }
        other => {
            let _ = std::fs::remove_dir_all(&staging);
            other
        }
    }
}
