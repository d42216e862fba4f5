//! The parsed table of a file, kept between the preview's dry runs. The import dialog checks the
//! mapping again on every change the clerk makes; reading, decoding (legacy encodings included)
//! and parsing a 100,000-row file each time is most of that time, and none of it depends on the
//! mapping. A [`ParsedFile`] is the file read once; a [`TableCache`] keeps the last one or two,
//! keyed on what identifies the file's content without reading it ([`FileStamp`]: path or name,
//! size, and modification time — or, for bytes received from the UI, their SHA-256) plus the
//! encoding the clerk forced. A file whose stamp changed is read again and its older table
//! dropped.
use super::read::{read_table, Table};
use super::ImportPreview;
use crate::error::{CoreError, Result};
use sha2::{Digest, Sha256};
use sohoa_vietnamese::legacy::Encoding;
use std::collections::VecDeque;
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::SystemTime;

/// A file read into a table of text cells (encoding detected or forced, legacy text converted):
/// what [`super::preview_parsed`], [`crate::crate::import::import_preview_parsed`] and
/// [`crate::crate::import::import_check_parsed`] work on.
#[derive(Debug)]
pub struct ParsedFile {
    table: Table,
    encoding: Option<Encoding>,
    /// The previews worked out so far, per book type (they do not depend on the mapping).
    previews: Mutex<Vec<(crate::BookType, ImportPreview)>>,
}

impl ParsedFile {
    /// Reads `bytes`; `encoding` overrides detection.
    pub fn parse(bytes: &[u8], encoding: Option<Encoding>) -> Result<ParsedFile> {
        Ok(ParsedFile { table: read_table(bytes, encoding)?, encoding, previews: Mutex::new(Vec::new()) })
    }

    /// The encoding forced when the file was read (`None`: detected).
    pub fn encoding(&self) -> Option<Encoding> {
        self.encoding
    }

    /// Data rows (blank rows not counted).
    pub fn row_count(&self) -> usize {
        self.table.rows.len()
    }

    pub(crate) fn table(&self) -> &Table {
        &self.table
    }

    /// The preview for `book_type`, made by `make` the first time.
    pub(crate) fn preview_for(&self, book_type: crate::BookType, make: impl FnOnce() -> ImportPreview) -> ImportPreview {
        let mut previews = self.previews.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((_, p)) = previews.iter().find(|(t, _)| *t == book_type) {
            return p.clone();
        }
        let p = make();
        previews.push((book_type, p.clone()));
        p
    }
}

/// What tells one version of a file from another without reading it again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileVersion {
    /// The file's modification time (with its path and size).
    Modified(SystemTime),
    /// The SHA-256 of the bytes (a file received as bytes: its path is not known).
    Sha256([u8; 32]),
    /// Nothing does (no modification time on this system): never served from the cache.
    Unknown,
}

/// The key of a file in a [`TableCache`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileStamp {
    /// The path, or the name of a file received as bytes.
    pub source: String,
    pub size: u64,
    pub version: FileVersion,
}

impl FileStamp {
    /// A file on disk: its path, size and modification time (nothing of the content is read).
    pub fn of_path(path: &Path) -> Result<FileStamp> {
        let meta = std::fs::metadata(path).map_err(|e| cannot_read(path, &e))?;
        let version = meta.modified().map(FileVersion::Modified).unwrap_or(FileVersion::Unknown);
        Ok(FileStamp { source: path.display().to_string(), size: meta.len(), version })
    }

    /// A file received as bytes (the app's import dialog): its name, size and the SHA-256 of the
    /// bytes — a few milliseconds for a 100,000-row file, against a second to parse it.
    pub fn of_bytes(name: &str, bytes: &[u8]) -> FileStamp {
        FileStamp { source: name.to_string(), size: bytes.len() as u64, version: FileVersion::Sha256(Sha256::digest(bytes).into()) }
    }

    /// A file received earlier as bytes, named by the SHA-256 its sender computed (hex) instead of
    /// sent again. `None` when `sha256_hex` is not 64 hex digits.
    pub fn of_digest(name: &str, size: u64, sha256_hex: &str) -> Option<FileStamp> {
        let digest: [u8; 32] = hex::decode(sha256_hex).ok()?.try_into().ok()?;
        Some(FileStamp { source: name.to_string(), size, version: FileVersion::Sha256(digest) })
    }
}

fn cannot_read(path: &Path, e: &std::io::Error) -> CoreError {
    let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| path.display().to_string());
    let why = match e.kind() {
        std::io::ErrorKind::NotFound => "tệp không còn ở chỗ cũ (đã bị xoá hoặc chuyển đi)".to_string(),
        std::io::ErrorKind::PermissionDenied => "không có quyền đọc tệp".to_string(),
        _ => e.to_string(),
    };
    CoreError::invalid("tệp", format!("không đọc được tệp “{name}”: {why}"))
}

struct Slot {
    stamp: FileStamp,
    encoding: Option<Encoding>,
    file: Arc<ParsedFile>,
}

#[derive(Default)]
struct Slots {
    /// Most recently used first.
    slots: VecDeque<Slot>,
    parses: u64,
}

/// The last few files read for an import preview (most recently used kept). Shared: the
/// methods take `&self`; a file is parsed at most once even when two previews of it overlap.
pub struct TableCache {
    inner: Mutex<Slots>,
    capacity: usize,
}

impl Default for TableCache {
    fn default() -> Self {
        TableCache::new(TableCache::CAPACITY)
    }
}

impl TableCache {
    /// Files kept by default: the one being previewed, and the one before (a clerk comparing two
    /// files, or switching the encoding back).
    pub const CAPACITY: usize = 2;

    pub fn new(capacity: usize) -> Self {
        TableCache { inner: Mutex::new(Slots::default()), capacity: capacity.max(1) }
    }

    fn lock(&self) -> MutexGuard<'_, Slots> {
        self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The table of `bytes` received under the name `name`, parsed now or earlier.
    pub fn parsed_bytes(&self, name: &str, bytes: &[u8], encoding: Option<Encoding>) -> Result<Arc<ParsedFile>> {
        let stamp = FileStamp::of_bytes(name, bytes);
        let mut inner = self.lock();
        if let Some(hit) = inner.get(&stamp, encoding) {
            return Ok(hit);
        }
        inner.parses += 1;
        let file = Arc::new(ParsedFile::parse(bytes, encoding)?);
        inner.put(stamp, encoding, file.clone(), self.capacity);
        Ok(file)
    }

    /// The table of a file received earlier as bytes, if it is still held (`stamp` from
    /// [`FileStamp::of_digest`]): the sender need not send the bytes again.
    pub fn held(&self, stamp: &FileStamp, encoding: Option<Encoding>) -> Option<Arc<ParsedFile>> {
        self.lock().get(stamp, encoding)
    }

    /// The table of the file at `path`, read now or earlier: the file is read again only when its
    /// size or modification time changed (or after it left the cache).
    pub fn parsed_path(&self, path: &Path, encoding: Option<Encoding>) -> Result<Arc<ParsedFile>> {
        let stamp = FileStamp::of_path(path)?;
        let mut inner = self.lock();
        if let Some(hit) = inner.get(&stamp, encoding) {
            return Ok(hit);
        }
        inner.parses += 1;
        // The file's size limit holds before it is read (a 10 GB file is not read to be refused).
        let bytes = match crate::fsx::read_limited(path, crate::tabular::Limits::default().file_bytes, "tệp") {
            Err(crate::error::CoreError::Io(e)) => return Err(cannot_read(path, &e)),
            other => other?,
        };
        let file = Arc::new(ParsedFile::parse(&bytes, encoding)?);
        // Changed while being read: use it this once, keep nothing.
        if FileStamp::of_path(path).ok().as_ref() == Some(&stamp) && stamp.size == bytes.len() as u64 {
            inner.put(stamp, encoding, file.clone(), self.capacity);
        }
        Ok(file)
    }

    /// Forgets every file (after an import, at sign-out).
    pub fn clear(&self) {
        self.lock().slots.clear();
    }

    /// Files held.
    pub fn len(&self) -> usize {
        self.lock().slots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many times a file was read and parsed (cache misses) since the cache was made.
    pub fn parses(&self) -> u64 {
        self.lock().parses
    }
}

impl Slots {
    fn get(&mut self, stamp: &FileStamp, encoding: Option<Encoding>) -> Option<Arc<ParsedFile>> {
        if stamp.version == FileVersion::Unknown {
            return None;
        }
        let i = self.slots.iter().position(|s| s.stamp == *stamp && s.encoding == encoding)?;
        let slot = self.slots.remove(i)?;
        let file = slot.file.clone();
        self.slots.push_front(slot);
        Some(file)
    }

    fn put(&mut self, stamp: FileStamp, encoding: Option<Encoding>, file: Arc<ParsedFile>, capacity: usize) {
        if stamp.version == FileVersion::Unknown {
            return;
        }
        // Older versions of the same file are stale; the same version read in another encoding stays.
        self.slots.retain(|s| s.stamp.source != stamp.source || (s.stamp == stamp && s.encoding != encoding));
        self.slots.push_front(Slot { stamp, encoding, file });
        self.slots.truncate(capacity);
    }
}
