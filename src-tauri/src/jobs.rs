//! Long work as jobs (issue 14 §5): the spreadsheet import, the batch export, package verify and
//! import, the duplicate run, the extract import and the upload export run on a blocking thread
//! with **their own connection** (`Session::open_another`), so the session mutex stays free and
//! every other screen keeps working meanwhile (WAL: reads go on; the import commits in chunks so
//! a clerk's save waits one chunk at most).
//!
//! A job's command still answers with the job's result (the UI awaits it as before); the job's
//! id comes first on its progress channel (`{jobId, stage: "start", done: 0, total: 0}`), then
//! `{jobId, stage, done, total}` at most once per percent and stage. The header's tray lists the
//! jobs (`jobs_list`), hears `jobs-changed` events (a [`JobView`]) and cancels one
//! (`job_cancel`). Cancelling sets the job's flag; the core checks it between chunks / blocks and
//! undoes what it started (an import's `import_run` rolled back, an export's batch cancelled and
//! its temporary file removed, a package or extract import's one transaction rolled back, an
//! upload export's temporary files removed before any appears), then the command answers
//! `job.cancelled`.
use crate::state::{internal, AppState};
use serde::Serialize;
use sohoa_core::{ApiError, CoreError, Session};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use tauri::ipc::Channel;
use tauri::{AppHandle, Emitter, Manager};

/// The event every change of a job is announced on (payload: its [`JobView`]).
pub const CHANGED: &str = "jobs-changed";
/// The kinds whose core work checks the cancel flag: every kind the app runs as a job.
const CANCELLABLE: &[&str] = &["import", "batchExport", "batchVerify", "batchImport", "dedupeRun", "extractImport", "uploadExport"];
/// Finished jobs kept for the tray (newest first), besides the running ones.
const KEEP_FINISHED: usize = 5;

#[derive(specta::Type, Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum JobState {
    Running,
    /// Cancel asked; the work is undoing what it started.
    Cancelling,
    Done,
    Cancelled,
    Failed,
}

/// A job as the tray shows it.
#[derive(specta::Type, Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JobView {
    pub id: u64,
    /// `import`, `batchExport`, `batchVerify`, `batchImport`, `dedupeRun`, `extractImport`, `uploadExport`,
    /// `backupCreate`, `backupVerify`, `backupRestore`.
    pub kind: &'static str,
    /// What it works on (a file name), for the tray.
    pub label: String,
    pub stage: String,
    pub done: u64,
    pub total: u64,
    pub state: JobState,
    /// Whether its cancel button works (every kind today; see `CANCELLABLE`).
    pub cancellable: bool,
    /// The error code when it failed.
    pub error: Option<String>,
}

/// What a job's progress channel carries.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct JobProgress {
    pub job_id: u64,
    pub stage: String,
    pub done: u64,
    pub total: u64,
}

struct Job {
    view: JobView,
    cancel: Arc<AtomicBool>,
}

/// The registry (managed state of the app).
#[derive(Default)]
pub struct Jobs {
    next: AtomicU64,
    list: Mutex<Vec<Job>>,
}

impl Jobs {
    fn with<T>(&self, f: impl FnOnce(&mut Vec<Job>) -> T) -> T {
        f(&mut self.list.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// Running jobs first (oldest first), then the last finished ones (newest first).
    pub fn list(&self) -> Vec<JobView> {
        self.with(|l| {
            let mut running: Vec<JobView> = l.iter().filter(|j| j.is_running()).map(|j| j.view.clone()).collect();
            running.extend(l.iter().rev().filter(|j| !j.is_running()).map(|j| j.view.clone()));
            running
        })
    }

    /// Asks a running, cancellable job to stop; None when there is no such job.
    pub fn cancel(&self, id: u64) -> Option<JobView> {
        self.with(|l| {
            let j = l.iter_mut().find(|j| j.view.id == id && j.view.state == JobState::Running && j.view.cancellable)?;
            j.cancel.store(true, Ordering::Relaxed);
            j.view.state = JobState::Cancelling;
            Some(j.view.clone())
        })
    }

    /// Asks every running job to stop (sign-out: the jobs' sessions go with the clerk's).
    pub fn cancel_all(&self) {
        self.with(|l| {
            for j in l.iter_mut().filter(|j| j.view.state == JobState::Running && j.view.cancellable) {
                j.cancel.store(true, Ordering::Relaxed);
                j.view.state = JobState::Cancelling;
            }
        })
    }

    fn update(&self, id: u64, f: impl FnOnce(&mut JobView)) -> Option<JobView> {
        self.with(|l| {
            let j = l.iter_mut().find(|j| j.view.id == id)?;
            f(&mut j.view);
            Some(j.view.clone())
        })
    }
}

impl Job {
    fn is_running(&self) -> bool {
        matches!(self.view.state, JobState::Running | JobState::Cancelling)
    }
}

/// What the work of a job holds: its cancel flag and the way to report progress.
pub struct JobCtx {
    id: u64,
    app: AppHandle,
    cancel: Arc<AtomicBool>,
    channel: Option<Channel<JobProgress>>,
    /// The last (stage, percent) sent: progress goes out at most once per percent and stage.
    last: Mutex<(String, u64)>,
    /// Steps reported, when the last one was, the longest between two (logged at the end: for
    /// the import, one step is one committed chunk — about how long it held the write lock; the
    /// reading and checking of the file before the first chunk is not a step).
    steps: Mutex<Steps>,
}

struct Steps {
    count: u64,
    at: Option<std::time::Instant>,
    longest: std::time::Duration,
}

impl JobCtx {
    /// The flag the core checks between chunks.
    pub fn cancel_flag(&self) -> &AtomicBool {
        &self.cancel
    }

    /// Reports `done` of `total` in `stage` (callable from worker threads).
    pub fn progress(&self, stage: &str, done: u64, total: u64) {
        {
            let mut st = self.steps.lock().unwrap_or_else(|e| e.into_inner());
            let now = std::time::Instant::now();
            if let Some(at) = st.at {
                st.longest = st.longest.max(now - at);
            }
            st.at = Some(now);
            st.count += 1;
        }
        let pct = (done * 100).checked_div(total).unwrap_or(done);
        {
            let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
            if last.0 == stage && last.1 == pct {
                return;
            }
            *last = (stage.to_string(), pct);
        }
        if let Some(ch) = &self.channel {
            let _ = ch.send(JobProgress { job_id: self.id, stage: stage.into(), done, total });
        }
        let jobs = self.app.state::<Jobs>();
        if let Some(v) = jobs.update(self.id, |v| {
            v.stage = stage.into();
            v.done = done;
            v.total = total;
        }) {
            let _ = self.app.emit(CHANGED, v);
        }
    }

    /// A reporter for the core's batch / upload progress (`{stage, done, total}`).
    pub fn batch_reporter(&self) -> impl FnMut(sohoa_core::batch::Progress) + '_ {
        |p| self.progress(p.stage.as_str(), p.done, p.total)
    }
}

/// Runs `work` as a job on its own session: registers it, sends its id on `channel`, runs it on
/// a blocking thread, records how it ended and answers its result.
pub async fn run<T: Send + 'static>(
    app: &AppHandle,
    kind: &'static str,
    label: String,
    channel: Option<Channel<JobProgress>>,
    work: impl FnOnce(&mut Session, &JobCtx) -> sohoa_core::Result<T> + Send + 'static,
) -> Result<T, ApiError> {
    // The job's own connection: the signed-in session is held only while it is opened.
    let mut session = app.state::<AppState>().with_session(|s| s.open_another())?;
    let jobs = app.state::<Jobs>();
    let id = jobs.next.fetch_add(1, Ordering::Relaxed) + 1;
    let cancel = Arc::new(AtomicBool::new(false));
    let cancellable = CANCELLABLE.contains(&kind);
    let view = JobView { id, kind, label, stage: "start".into(), done: 0, total: 0, state: JobState::Running, cancellable, error: None };
    jobs.with(|l| {
        l.push(Job { view: view.clone(), cancel: cancel.clone() });
        // Keep the running ones and the last few finished.
        let finished = l.iter().filter(|j| !j.is_running()).count();
        let mut drop = finished.saturating_sub(KEEP_FINISHED);
        l.retain(|j| {
            if drop > 0 && !j.is_running() {
                drop -= 1;
                return false;
            }
            true
        });
    });
    if let Some(ch) = &channel {
        let _ = ch.send(JobProgress { job_id: id, stage: "start".into(), done: 0, total: 0 });
    }
    let _ = app.emit(CHANGED, view);
    log::info!("job {id} ({kind}) started");
    let started = std::time::Instant::now();
    let steps = Mutex::new(Steps { count: 0, at: None, longest: std::time::Duration::ZERO });
    let ctx = JobCtx { id, app: app.clone(), cancel, channel, last: Mutex::new((String::new(), u64::MAX)), steps };
    let outcome = tauri::async_runtime::spawn_blocking(move || {
        let out = work(&mut session, &ctx);
        let st = ctx.steps.into_inner().unwrap_or_else(|e| e.into_inner());
        (out, st.count, st.longest)
    })
    .await
    .map_err(|_| internal());
    let outcome = outcome.map(|(out, count, longest)| {
        log::info!("job {id} ({kind}): {count} steps, longest between two {} ms", longest.as_millis());
        out
    });
    let (state, error) = match &outcome {
        Ok(Ok(_)) => (JobState::Done, None),
        Ok(Err(CoreError::Cancelled)) => (JobState::Cancelled, None),
        Ok(Err(e)) => (JobState::Failed, Some(e.code().to_string())),
        Err(e) => (JobState::Failed, Some(e.code.clone())),
    };
    log::info!("job {id} ({kind}) {state:?} after {} ms", started.elapsed().as_millis());
    if let Some(v) = jobs.update(id, |v| {
        v.state = state;
        v.error = error;
    }) {
        let _ = app.emit(CHANGED, v);
    }
    outcome?.map_err(ApiError::from)
}
