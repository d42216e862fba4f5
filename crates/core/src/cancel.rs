//! A long job's cancel flag, as the cancellable core functions (`…_with`) take it: the app sets
//! it from the job's cancel button (src-tauri jobs), the plain forms pass [`NEVER_CANCELLED`].

use crate::error::{CoreError, Result};
use std::sync::atomic::{AtomicBool, Ordering};

/// A flag nobody sets: the plain (not cancellable) forms pass it.
pub(crate) static NEVER_CANCELLED: AtomicBool = AtomicBool::new(false);

/// `Err(Cancelled)` when `cancel` is set.
pub(crate) fn check_cancel(cancel: &AtomicBool) -> Result<()> {
    if cancel.load(Ordering::Relaxed) {
        return Err(CoreError::Cancelled);
    }
    Ok(())
}
