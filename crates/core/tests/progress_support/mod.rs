//! Helpers of the progress tests (issue 7): real SQLCipher workspaces in temporary folders (made by `common`).
#![allow(dead_code)]
#[path = "../common/mod.rs"]
mod common;
pub use common::workspace_with_scope;
#[allow(unused_imports)] // not every test uses every helper
use sohoa_core::model;
use sohoa_core::model::book::{NewBook, RegistryRef};
use sohoa_core::model::entry::LoadEntry;
use sohoa_core::progress;
use sohoa_core::session::accounts::Role;
use sohoa_core::{EntryStatus, Session};
use sohoa_refdata::{self as rd, MappingBasis, Scheme};
use std::path::Path;

/// A workspace for commune `(scheme, code)`, named as in the reference data, whose first account has `role`.
pub fn workspace(dir: &Path, scheme: &str, code: &str, role: Role) -> Session {
    let sch: Scheme = scheme.parse().unwrap();
    let name = rd::unit(sch, code).map(|u| u.name.clone()).unwrap_or_else(|| format!("Xã {code}"));
    workspace_with_scope(dir, (scheme, code, &name), role, &[])
}

/// A book kept by registry `(scheme, code)` with `counts` entries in each status.
pub fn book_with(
    s: &mut Session,
    book_type: &str,
    year: i32,
    registry: (&str, &str),
    expected: Option<u32>,
    counts: &[(EntryStatus, usize)],
    finished: bool,
) -> i64 {
    let quyen_so = format!("{:02}/{year}", model::book::list(s.conn()).unwrap().len() + 1);
    let id = s
        .write(|w| {
            model::book::create(
                w,
                &NewBook {
                    book_type: book_type.parse().unwrap(),
                    registry: RegistryRef {
                        scheme: registry.0.into(),
                        code: Some(registry.1.into()),
                        name: format!("UBND {}", registry.1),
                    },
                    quyen_so,
                    year_from: year,
                    year_to: Some(year),
                    page_count: 50,
                    expected_entries: expected,
                    note: None,
                },
            )
        })
        .unwrap();
    let load: Vec<LoadEntry> = counts.iter().flat_map(|(st, n)| (0..*n).map(move |_| LoadEntry { fields: vec![], status: *st })).collect();
    if !load.is_empty() {
        s.write(|w| model::entry::load(w, id, &load, "test")).unwrap();
    }
    if finished {
        s.write(|w| model::book::set_finished(w, id, true)).unwrap();
    }
    id
}

/// An old (gso_pre2025) commune divided between exactly two 2025 communes of the same province:
/// (old code, primary new code, other new code).
pub fn divided_commune() -> (String, String, String) {
    let mut by_old: std::collections::BTreeMap<&str, Vec<&rd::CommuneMapping>> = Default::default();
    for m in rd::commune_mappings() {
        if m.basis == MappingBasis::Conversion {
            by_old.entry(m.old_code.as_str()).or_default().push(m);
        }
    }
    for (old, rows) in by_old {
        if rows.len() != 2 {
            continue;
        }
        let p = |c: &str| rd::province_of(Scheme::Qd19_2025, c).map(|u| u.code.clone());
        if p(&rows[0].new_code) != p(&rows[1].new_code) {
            continue;
        }
        let primary = rows.iter().find(|r| r.primary_guess).unwrap();
        let other = rows.iter().find(|r| !r.primary_guess).unwrap();
        return (old.to_string(), primary.new_code.clone(), other.new_code.clone());
    }
    panic!("no divided commune in the mapping");
}

/// Another old commune merged whole into `new_code`, if any.
pub fn whole_old_commune_of(new_code: &str) -> Option<String> {
    rd::map_2025_to_old(new_code)
        .into_iter()
        .find(|m| m.merge_type == rd::MergeType::Whole && m.basis == MappingBasis::Conversion)
        .map(|m| m.old_code.clone())
}

pub fn export(s: &mut Session) -> Vec<u8> {
    progress::live::export_progress_snapshot(s).unwrap().content.into_bytes()
}
