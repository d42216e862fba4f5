//! How bad can the book be? One-sided upper confidence bounds on the entry error rate.
//!
//! **Clopper–Pearson** ("exact") one-sided upper bound at confidence 1 − α for x errors in n
//! entries: the p at which seeing x or fewer errors has probability α,
//! p_U = B⁻¹(1 − α; x + 1, n − x) (the beta quantile), p_U = 1 when x = n.
//! The quantile is statrs' `inv_beta_reg` (Algorithm AS 64/AS 109 start, Newton refinement);
//! tests compare it with scipy's `beta.ppf` to 1e-9 relative and check that the binomial CDF at
//! the bound equals α.
//!
//! For a finite lot the bound can also be stated on the *number* of erroneous entries in the
//! book: the largest D for which drawing n of the N entries without replacement would show x or
//! fewer errors with probability above α (hypergeometric, exact). Sampling without replacement
//! makes it tighter than ⌈p_U·N⌉ (tested on the reference cases), and it equals x when the whole
//! book was inspected.
use crate::oc::pa_hypergeometric;
use serde::{Deserialize, Serialize};
use statrs::distribution::{Beta, ContinuousCDF};

/// One-sided Clopper–Pearson upper bound (fraction, 0…1) at `confidence` (e.g. 0.95).
pub fn clopper_pearson_upper(errors: u64, n: u64, confidence: f64) -> f64 {
    assert!(errors <= n, "more errors than entries");
    assert!(confidence > 0.0 && confidence < 1.0, "confidence in (0, 1)");
    if n == 0 || errors == n {
        return 1.0;
    }
    Beta::new(errors as f64 + 1.0, (n - errors) as f64).expect("positive shapes").inverse_cdf(confidence)
}

/// Largest number of erroneous entries D in a lot of `lot` entries that is still compatible, at
/// `confidence`, with `errors` found among `n` entries drawn without replacement:
/// max{D : P[Hyp(lot, D, n) ≤ errors] > 1 − confidence}.
pub fn hypergeometric_upper(errors: u64, n: u64, lot: u64, confidence: f64) -> u64 {
    assert!(errors <= n && n <= lot, "errors ≤ n ≤ lot");
    let alpha = 1.0 - confidence;
    // D ranges over [errors, errors + lot − n]; P[X ≤ errors | D] decreases in D.
    let (mut lo, mut hi) = (errors, errors + (lot - n));
    if pa_hypergeometric(lot, hi, n, errors) > alpha {
        return hi;
    }
    // invariant: P(lo) > alpha (P(errors) ≥ P(X ≤ x | D = x) = 1 > alpha), P(hi) ≤ alpha
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if pa_hypergeometric(lot, mid, n, errors) > alpha {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    lo
}

/// The error rate of a reviewed book as the certificate states it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorRateBound {
    /// Entries inspected.
    pub n: u64,
    /// Entries found with at least one wrong field.
    pub errors: u64,
    /// errors / n, percent.
    pub rate_percent: f64,
    /// One-sided 95 % Clopper–Pearson upper bound, percent (binomial: treats the book as a
    /// sample of the clerk's process).
    pub upper_95_percent: f64,
    /// Entries in the book, when known.
    pub lot_size: Option<u64>,
    /// With the book's size known: at most this many erroneous entries in the whole book at 95 %
    /// confidence (hypergeometric, exact for this book).
    pub upper_95_entries_in_lot: Option<u64>,
}

impl ErrorRateBound {
    /// `lot_size`, when given, must be at least `n`.
    pub fn new(errors: u64, n: u64, lot_size: Option<u64>) -> ErrorRateBound {
        ErrorRateBound {
            n,
            errors,
            rate_percent: if n == 0 { 0.0 } else { 100.0 * errors as f64 / n as f64 },
            upper_95_percent: 100.0 * clopper_pearson_upper(errors, n, 0.95),
            lot_size,
            upper_95_entries_in_lot: lot_size.map(|lot| hypergeometric_upper(errors, n, lot, 0.95)),
        }
    }

    /// "Tỉ lệ mục sai 1,0 % (2/200); với độ tin cậy 95 %, không quá 3,1 %." and the book count.
    pub fn explain_vi(&self) -> String {
        let mut s = format!(
            "Tỉ lệ mục sai trong mẫu: {} % ({}/{}); với độ tin cậy 95 %, tỉ lệ thật không quá {} %",
            fmt_vi(self.rate_percent, 2),
            self.errors,
            self.n,
            fmt_vi(self.upper_95_percent, 2)
        );
        if let (Some(lot), Some(d)) = (self.lot_size, self.upper_95_entries_in_lot) {
            s.push_str(&format!(" (tức là không quá {d} trên {lot} mục của sổ)"));
        }
        s.push('.');
        s
    }
}

/// A number with `digits` decimals and a decimal comma.
pub(crate) fn fmt_vi(x: f64, digits: usize) -> String {
    format!("{x:.digits$}").replace('.', ",")
}
