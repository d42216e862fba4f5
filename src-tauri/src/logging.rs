//! The app's log file: start-up, versions, command names and timings, panics by location — never
//! personal data (ARCHITECTURE.md, "The log file").
//!
//! The rule is structural: the app logs only fixed words, version numbers, command names,
//! durations, error codes and the workspace *folder name*; never a command's arguments or result,
//! a name, an ID number, file contents or a path. [`Redactor`] is the safety net under that rule for
//! text the app does not compose itself (warnings of Tauri and its libraries): paths under a home
//! folder and runs of nine or more digits (CMND/CCCD numbers, phone numbers) are masked before a line
//! reaches the file.
//!
//! The file is `sohoa.log` in the platform's log folder (Linux `~/.local/share/vn.sohoa.app/logs`,
//! Windows `%LOCALAPPDATA%\vn.sohoa.app\logs`), rotated at 1 MB with the four newest rotated files kept.
use std::path::Path;
use std::time::Instant;
use tauri::ipc::Invoke;
use tauri::plugin::TauriPlugin;
use tauri::Runtime;
use tauri_plugin_log::{RotationStrategy, Target, TargetKind, TimezoneStrategy};
use time::macros::format_description;
use time::OffsetDateTime;

const FILE_NAME: &str = "sohoa";
const MAX_FILE_BYTES: u128 = 1_000_000;
const KEEP_ROTATED: usize = 4;
/// Shortest run of digits that is masked: CMND numbers have 9 digits, CCCD numbers 12.
const MIN_DIGIT_RUN: usize = 9;
const DIGITS_MASK: &str = "[số]";
const PATH_MASK: &str = "~/…";

/// The log plugin: our own crate at `info`, every other crate at `warn`, each line through
/// [`Redactor::line`]. It grants the webview nothing (no `log:` permission in the capabilities), so
/// the UI cannot write to the file.
pub fn plugin<R: Runtime>() -> TauriPlugin<R> {
    let redactor = Redactor::from_env();
    let builder = tauri_plugin_log::Builder::new()
        .clear_targets()
        .target(Target::new(TargetKind::LogDir { file_name: Some(FILE_NAME.into()) }))
        .level(log::LevelFilter::Warn)
        .level_for("sohoa_app", log::LevelFilter::Info)
        .max_file_size(MAX_FILE_BYTES)
        .rotation_strategy(RotationStrategy::KeepSome(KEEP_ROTATED))
        .timezone_strategy(TimezoneStrategy::UseUtc)
        .format(move |out, message, record| {
            out.finish(format_args!("{}", redactor.line(OffsetDateTime::now_utc(), record.level(), record.target(), &message.to_string())))
        });
    // A developer's build also prints the same lines on stderr.
    #[cfg(debug_assertions)]
    let builder = builder.target(Target::new(TargetKind::Stderr));
    builder.build()
}

/// The first lines of a run: versions and platform, and the workspace folder's name (never its path).
pub fn start_up(workspace: Option<&Path>) {
    let webview = tauri::webview_version().unwrap_or_else(|_| "?".into());
    log::info!(
        "start sohoa-app {} (tauri {}, webview {webview}) on {} {}",
        env!("CARGO_PKG_VERSION"),
        tauri::VERSION,
        std::env::consts::OS,
        std::env::consts::ARCH
    );
    match workspace {
        Some(path) => log::info!("workspace folder \"{}\"", folder_name(path)),
        None => log::info!("no workspace named at start"),
    }
}

/// A panic's location (file and line of our code or a library), never its message: a message can
/// carry a value that was being handled.
pub fn log_panics() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        match info.location() {
            Some(at) => log::error!("panic at {}:{}", at.file(), at.line()),
            None => log::error!("panic at an unknown location"),
        }
        previous(info);
    }));
}

/// Wraps the command handler: one line per command with its name and the time the handler took.
/// Synchronous commands run inside the handler, so their time is their duration; `async` commands
/// are spawned by it, so theirs is the dispatch only (their duration and error code need a hook in
/// the command layer or the job runner — issue 14 part 5). Arguments are never looked at.
pub fn commands<R: Runtime>(
    handler: impl Fn(Invoke<R>) -> bool + Send + Sync + 'static,
) -> impl Fn(Invoke<R>) -> bool + Send + Sync + 'static {
    move |invoke| {
        let name = command_label(invoke.message.command()).to_owned();
        let started = Instant::now();
        let handled = handler(invoke);
        let micros = started.elapsed().as_micros();
        if handled {
            log::info!("command {name} {micros} µs");
        } else {
            log::warn!("command {name} not found");
        }
        handled
    }
}

/// A command name as the webview sent it, if it looks like one (lower-case words joined by `_`, at
/// most 64 characters); anything else is logged as `?` so no text from the webview reaches the file.
pub fn command_label(name: &str) -> &str {
    let plausible = !name.is_empty() && name.len() <= 64 && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if plausible {
        name
    } else {
        "?"
    }
}

/// The last component of a path: the workspace is named by its folder, never by where it lives.
pub fn folder_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "?".into())
}

/// Masks what must never reach the log file in text the app did not compose itself.
pub struct Redactor {
    /// Path prefixes below which nothing is written: the user's home folder and the usual roots of
    /// home folders on Linux, macOS and Windows.
    prefixes: Vec<String>,
}

impl Redactor {
    /// The home folder from `HOME` / `USERPROFILE`, plus `/home/`, `/root/`, `/Users/`, `\Users\`.
    pub fn from_env() -> Self {
        let homes = ["HOME", "USERPROFILE"].iter().filter_map(|v| std::env::var(v).ok());
        Self::with_homes(homes)
    }

    pub fn with_homes(homes: impl IntoIterator<Item = String>) -> Self {
        let mut prefixes: Vec<String> =
            homes.into_iter().map(|h| h.trim_end_matches(['/', '\\']).to_owned()).filter(|h| h.len() > 1).collect();
        prefixes.extend(["/home/", "/root/", "/Users/", "\\Users\\", "/var/home/"].map(String::from));
        // Longest first, so the user's own home wins over the generic root it lies under.
        prefixes.sort_by_key(|p| std::cmp::Reverse(p.len()));
        prefixes.dedup();
        Redactor { prefixes }
    }

    /// One line of the file: UTC time, level, target, redacted message; newlines inside the message
    /// are folded so a line is one record.
    pub fn line(&self, at: OffsetDateTime, level: log::Level, target: &str, message: &str) -> String {
        let format = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");
        let at = at.format(&format).unwrap_or_default();
        let message = self.redact(message).replace(['\n', '\r'], " ⏎ ");
        format!("{at} {level:<5} {target} {message}")
    }

    /// `text` with every path under a home folder replaced by `~/…` (up to the next quote, newline,
    /// tab or `": "`, so a path with spaces goes whole) and every run of nine or more digits by `[số]`.
    pub fn redact(&self, text: &str) -> String {
        mask_digit_runs(&self.mask_home_paths(text))
    }

    fn mask_home_paths(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some((start, prefix_len)) = self.find_prefix(rest) {
            out.push_str(&rest[..start]);
            out.push_str(PATH_MASK);
            let after = &rest[start + prefix_len..];
            rest = &after[path_end(after)..];
        }
        out.push_str(rest);
        out
    }

    /// The earliest occurrence of any prefix (case-insensitive for the Windows form) and its length.
    fn find_prefix(&self, text: &str) -> Option<(usize, usize)> {
        let lower = text.to_lowercase();
        let same_offsets = lower.len() == text.len();
        self.prefixes
            .iter()
            .filter_map(|p| {
                let found = if same_offsets { lower.find(&p.to_lowercase()) } else { text.find(p.as_str()) };
                found.map(|i| (i, p.len()))
            })
            .min_by_key(|&(i, len)| (i, std::cmp::Reverse(len)))
    }
}

/// Where a path that starts `text` ends: at a quote, a newline, a tab or `": "`.
fn path_end(text: &str) -> usize {
    let mut end = text.len();
    for (i, c) in text.char_indices() {
        if matches!(c, '"' | '\'' | '`' | '\n' | '\r' | '\t') || text[i..].starts_with(": ") {
            end = i;
            break;
        }
    }
    end
}

fn mask_digit_runs(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if run.chars().count() >= MIN_DIGIT_RUN {
            out.push_str(DIGITS_MASK);
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in text.chars() {
        if c.is_ascii_digit() {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn redactor() -> Redactor {
        Redactor::with_homes(["/home/lan".to_string()])
    }

    #[test]
    fn a_path_under_the_home_folder_is_masked_whole_even_with_spaces_and_vietnamese_names() {
        let r = redactor();
        assert_eq!(
            r.redact("cannot open /home/lan/Tài liệu/Nguyễn Văn An/sổ KS 1990.xlsx: permission denied"),
            "cannot open ~/…: permission denied"
        );
        assert_eq!(r.redact("asset \"/home/lan/Nguyễn Thị Bình.png\" not found"), "asset \"~/…\" not found");
    }

    #[test]
    fn another_users_home_and_windows_profiles_are_masked_too() {
        let r = redactor();
        assert_eq!(r.redact("at /home/minh/x.csv"), "at ~/…");
        assert_eq!(r.redact("at /root/.local/share/vn.sohoa.app"), "at ~/…");
        assert_eq!(r.redact(r"at C:\Users\Hoa\Desktop\Trần Văn C.pdf"), r"at C:~/…");
        assert_eq!(r.redact(r"at c:\users\hoa\x"), r"at c:~/…");
        assert_eq!(r.redact("at /Users/hoa/x"), "at ~/…");
    }

    #[test]
    fn nine_or_more_digits_are_masked_because_they_may_be_an_id_or_phone_number() {
        let r = redactor();
        assert_eq!(r.redact("cccd 001203004567 cmnd 123456789 tel 0912345678"), "cccd [số] cmnd [số] tel [số]");
        assert_eq!(r.redact("command entry_save_field 1834 µs; 12345678 bytes"), "command entry_save_field 1834 µs; 12345678 bytes");
    }

    #[test]
    fn text_without_personal_data_is_unchanged() {
        let r = redactor();
        let s = "start sohoa-app 0.1.0 (tauri 2.12.5, webview 2.48.3) on linux x86_64";
        assert_eq!(r.redact(s), s);
        assert_eq!(r.redact("/usr/share/icons/hicolor"), "/usr/share/icons/hicolor");
    }

    #[test]
    fn a_line_has_utc_time_level_target_and_the_redacted_message_on_one_line() {
        let r = redactor();
        let at = datetime!(2025-03-04 05:06:07.891 UTC);
        assert_eq!(
            r.line(at, log::Level::Warn, "tao", "file /home/lan/a b.txt\nfailed for 079203001234"),
            "2025-03-04T05:06:07.891Z WARN  tao file ~/… ⏎ failed for [số]"
        );
    }

    #[test]
    fn command_names_are_logged_only_when_they_look_like_command_names() {
        assert_eq!(command_label("entry_save_field"), "entry_save_field");
        assert_eq!(command_label("Nguyễn Văn An"), "?");
        assert_eq!(command_label("plugin:window|close"), "?");
        assert_eq!(command_label(&"a".repeat(65)), "?");
        assert_eq!(command_label(""), "?");
    }

    #[test]
    fn a_workspace_is_named_by_its_folder_only() {
        assert_eq!(folder_name(Path::new("/home/lan/Tài liệu/xa-tan-an")), "xa-tan-an");
        assert_eq!(folder_name(Path::new("/")), "?");
    }
}
