//! Operating characteristic (OC) of a plan: the probability Pa that a lot of a given quality is
//! accepted, and the two points a supervisor reads off it — the quality accepted 95 % of the time
//! (p95, the producer's-risk point) and the quality accepted only 10 % of the time, i.e. returned
//! 90 % of the time (p10, the limiting quality / consumer's-risk point).
//!
//! Models (ISO 2859-1 uses the first two for its OC tables):
//! - **binomial** for percent nonconforming entries (an entry with any wrong field is one
//!   nonconforming item): Pa(p) = P[Bin(n, p) ≤ Ac];
//! - **Poisson** for nonconformities per 100 entries (every wrong field counts):
//!   Pa(λ) = P[Poisson(n·λ) ≤ Ac], λ = nonconformities per entry;
//! - **hypergeometric** for a finite lot of N entries holding exactly D nonconforming ones, drawn
//!   without replacement: Pa = P[Hyp(N, D, n) ≤ Ac]. Exact for one book; the binomial is its
//!   limit and is what the standard tabulates (the simulation example shows the gap).
use crate::counting::CountingMode;
use crate::plan::Plan;
use serde::{Deserialize, Serialize};
use statrs::distribution::{Binomial, DiscreteCDF, Hypergeometric, Poisson};

/// Probability of acceptance with `c` = Ac and `n` entries inspected, binomial model, `p` the
/// fraction of nonconforming entries (0 ≤ p ≤ 1).
pub fn pa_binomial(n: u64, c: u64, p: f64) -> f64 {
    let p = p.clamp(0.0, 1.0);
    if c >= n {
        return 1.0;
    }
    Binomial::new(p, n).expect("p in [0, 1]").cdf(c)
}

/// Probability of acceptance, Poisson model; `per_entry` = mean nonconformities per entry.
pub fn pa_poisson(n: u64, c: u64, per_entry: f64) -> f64 {
    let lambda = n as f64 * per_entry.max(0.0);
    if lambda == 0.0 {
        return 1.0;
    }
    Poisson::new(lambda).expect("lambda > 0").cdf(c)
}

/// Probability of acceptance of a lot of `lot` entries holding exactly `defective` nonconforming
/// ones, `n` drawn without replacement (n ≤ lot).
pub fn pa_hypergeometric(lot: u64, defective: u64, n: u64, c: u64) -> f64 {
    let n = n.min(lot);
    let defective = defective.min(lot);
    Hypergeometric::new(lot, defective, n).expect("defective, n ≤ lot").cdf(c)
}

/// Solves `f(x) = target` for a function decreasing on [lo, hi] by bisection to the resolution of
/// f64 (the CDFs are exact enough that bisection is the robust choice; 200 halvings exhaust the
/// mantissa long before).
pub(crate) fn solve_decreasing(f: impl Fn(f64) -> f64, target: f64, mut lo: f64, mut hi: f64) -> f64 {
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if mid <= lo || mid >= hi {
            break;
        }
        if f(mid) > target {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

/// Where the OC curve crosses Pa = 0.95 and Pa = 0.10, in percent nonconforming entries (entries
/// mode, binomial) or nonconformities per 100 entries (fields mode, Poisson).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Risk {
    pub mode: CountingMode,
    /// Lot quality accepted 95 % of the time (percent / per 100 entries).
    pub p95: f64,
    /// Lot quality accepted 10 % of the time, i.e. returned 90 % of the time.
    pub p10: f64,
}

impl Plan {
    /// Pa under the model of `mode`; `quality` in percent nonconforming entries (entries) or
    /// nonconformities per 100 entries (fields).
    pub fn pa(&self, mode: CountingMode, quality_percent: f64) -> f64 {
        let (n, c) = (self.inspected(), u64::from(self.ac));
        match mode {
            CountingMode::Entries => pa_binomial(n, c, quality_percent / 100.0),
            CountingMode::Fields => pa_poisson(n, c, quality_percent / 100.0),
        }
    }

    /// Exact Pa for this lot when it holds `defective` nonconforming entries.
    pub fn pa_finite_lot(&self, defective: u64) -> f64 {
        pa_hypergeometric(self.lot_size, defective, self.inspected(), u64::from(self.ac))
    }

    /// The quality at which Pa = `pa` (0 < pa < 1), in the unit of `mode`.
    pub fn quality_at(&self, mode: CountingMode, pa: f64) -> f64 {
        let (n, c) = (self.inspected(), u64::from(self.ac));
        match mode {
            CountingMode::Entries => {
                if c >= n {
                    return 100.0; // accepted whatever the quality
                }
                100.0 * solve_decreasing(|p| pa_binomial(n, c, p), pa, 0.0, 1.0)
            }
            CountingMode::Fields => {
                // Pa(λ) ≤ e^{-nλ}·Σ… ; an upper bracket: λ where the mean is far above c.
                let hi = (c as f64 + 1.0 + 40.0 * (c as f64 + 1.0).sqrt() + 40.0) / n as f64;
                100.0 * solve_decreasing(|l| pa_poisson(n, c, l), pa, 0.0, hi)
            }
        }
    }

    /// p95 and p10 of this plan.
    pub fn risk(&self, mode: CountingMode) -> Risk {
        Risk { mode, p95: self.quality_at(mode, 0.95), p10: self.quality_at(mode, 0.10) }
    }
}
