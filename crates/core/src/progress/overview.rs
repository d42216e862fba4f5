//! The clerk's view: this workspace's own commune, its books, series and inventory. Built from
//! the dashboard ([`super::aggregate`]) and the series ([`super::series`]).
use super::aggregate::build;
use super::aggregate::UnitProgress;
use super::sources::{load_own_source, CellRow, Source};
use super::targets;
use super::units::units;
use crate::error::Result;
use crate::session::Session;
use serde::Serialize;

/// The clerk's view: this workspace's own commune.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Overview {
    /// The own commune's figures, target, rate, forecast and flag (none before any book or inventory).
    pub commune: Option<UnitProgress>,
    pub cells: Vec<CellRow>,
    pub books: Vec<super::live::BookProgress>,
    pub series: super::series::Series,
    /// The own commune's declared inventory.
    pub inventory: Vec<super::inventory::InventoryRow>,
    /// Communes whose snapshots this workspace holds (supervisors).
    pub other_communes: u32,
    /// Fingerprint of the snapshot signing key, once created.
    pub key_fingerprint: Option<String>,
}

pub fn progress_overview(s: &Session) -> Result<Overview> {
    let sources: Vec<Source> = load_own_source(s)?;
    let resolved = targets::resolve_cached(s)?;
    let d = build(&sources, &resolved, None);
    let ws = s.workspace();
    let u = units();
    let code_2025 = u.commune_2025_of(&ws.commune_scheme, &ws.commune_code);
    let mut commune = code_2025.and_then(|c| d.communes.into_iter().find(|r| r.code == c));
    if let Some(c) = commune.as_mut() {
        c.scheme = ws.commune_scheme.clone();
        c.code = ws.commune_code.clone();
        c.name = ws.commune_name.clone();
    }
    let other: u32 = s.conn().query_row("SELECT count(*) FROM progress_sender WHERE latest_snapshot IS NOT NULL", [], |r| r.get(0))?;
    let key: Option<String> = s
        .conn()
        .query_row("SELECT public_key FROM progress_signing_key WHERE id = 1", [], |r| r.get::<_, String>(0))
        .ok()
        .and_then(|h| hex::decode(h).ok())
        .and_then(|b| <[u8; 32]>::try_from(b).ok())
        .and_then(|b| ed25519_dalek::VerifyingKey::from_bytes(&b).ok())
        .map(|k| super::signing::fingerprint(&k));
    Ok(Overview {
        commune: commune.filter(|c| c.source.is_some() || c.target_records.is_some()),
        cells: d.cells,
        books: super::live::book_progress(s.conn())?,
        series: super::series::progress_series(s, &super::series::SeriesScope::Own)?,
        inventory: super::inventory::progress_inventory(s.conn())?
            .into_iter()
            .filter(|r| r.unit_scheme == ws.commune_scheme && r.unit_code == ws.commune_code)
            .collect(),
        other_communes: other,
        key_fingerprint: key,
    })
}
