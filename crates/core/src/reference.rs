//! Reference data as the UI and CLI need it (the tables themselves live in `sohoa-refdata`).
use serde::Serialize;
use sohoa_refdata::{Level, Scheme};

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct CommuneHit {
    pub scheme: String,
    pub code: String,
    pub name: String,
    pub province_name: String,
}

/// Typeahead over the communes of a scheme (case- and diacritic-insensitive).
pub fn search_communes(scheme: &str, query: &str, limit: usize) -> crate::Result<Vec<CommuneHit>> {
    let scheme: Scheme = scheme.parse().map_err(|_| crate::CoreError::invalid("scheme", format!("hệ thống mã không hợp lệ: {scheme}")))?;
    Ok(sohoa_refdata::search_filtered(scheme, query, limit, |u| u.level == Level::Commune)
        .into_iter()
        .map(|u| CommuneHit {
            scheme: scheme.as_str().to_string(),
            code: u.code.clone(),
            name: u.name.clone(),
            province_name: sohoa_refdata::province_of(scheme, &u.code).map(|p| p.name.clone()).unwrap_or_default(),
        })
        .collect())
}
