//! Reduced inspection (ISO 2859-1 §9.3.3, §9.3.4): the conditions a lot cannot tell.
//!
//! The commune's switching state moves from normal to reduced only when **all** hold:
//! a) the switching score is at least 30 (counted by `sohoa_qa::SwitchingState` from the lots);
//! b) production is at a steady rate; c) the responsible authority (the province) approves.
//! b) and c) are facts the supervisor records here ([`record_conditions`]: who approved, the
//! reference, the date, who recorded it and when), append-only so every change stays on record.
//! Without a record: no approval (reduced inspection is never entered) and production steady.
//! Withdrawing the approval or recording irregular production while the commune is on reduced
//! inspection returns it to normal at once (§9.3.4 c, b), audited with the transition.
use super::{json_err, switching_state};
use crate::error::{CoreError, Result};
use crate::session::Session;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use sohoa_qa::{Conditions, SwitchingState, Transition};

/// The switching score at which reduced inspection may begin (§9.3.3 a).
pub const SCORE_FOR_REDUCED: u32 = 30;

/// What the supervisor records for a commune.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConditionsInput {
    /// The responsible authority approves reduced inspection for the commune.
    pub authority_approves: bool,
    /// The commune's production is at a steady rate.
    pub production_steady: bool,
    /// Who approved (e.g. "Sở Tư pháp tỉnh Thái Nguyên"); required when approving.
    pub authority: String,
    /// The approval's reference (decision number, letter); may be empty.
    pub reference: String,
    /// The date of the approval as the authority gave it; may be empty.
    pub approved_on: String,
}

/// The conditions in force for a commune, with who recorded them.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConditionsRecord {
    #[serde(flatten)]
    pub input: ConditionsInput,
    pub recorded_at: String,
    pub recorded_by: String,
}

/// A commune's switching state with the three conditions of reduced inspection, for the screen.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SwitchingView {
    pub commune_scheme: String,
    pub commune_code: String,
    /// normal, tightened, reduced, discontinued.
    pub state: String,
    pub score: u32,
    pub score_needed: u32,
    pub score_met: bool,
    pub production_steady: bool,
    pub authority_approves: bool,
    /// The latest record (None: nothing recorded yet).
    pub conditions: Option<ConditionsRecord>,
    /// All three conditions hold: the next lot accepted on normal inspection moves to reduced.
    pub reduced_allowed: bool,
    /// Transition taken by the last [`record_conditions`] (`stay` or a return to normal).
    pub transition: Option<String>,
    pub transition_vi: Option<String>,
}

/// The latest conditions recorded for a commune.
pub fn conditions_record(conn: &Connection, scheme: &str, code: &str) -> Result<Option<ConditionsRecord>> {
    Ok(conn
        .query_row(
            "SELECT authority_approves, production_steady, authority, reference, approved_on, recorded_at, recorded_by
             FROM qa_reduced_condition WHERE commune_scheme = ?1 AND commune_code = ?2 ORDER BY id DESC LIMIT 1",
            params![scheme, code],
            |r| {
                Ok(ConditionsRecord {
                    input: ConditionsInput {
                        authority_approves: r.get(0)?,
                        production_steady: r.get(1)?,
                        authority: r.get(2)?,
                        reference: r.get(3)?,
                        approved_on: r.get(4)?,
                    },
                    recorded_at: r.get(5)?,
                    recorded_by: r.get(6)?,
                })
            },
        )
        .optional()?)
}

/// The conditions the switching rules use for the commune's next lot.
pub fn conditions(conn: &Connection, scheme: &str, code: &str) -> Result<Conditions> {
    Ok(match conditions_record(conn, scheme, code)? {
        Some(r) => Conditions { production_steady: r.input.production_steady, authority_approves_reduced: r.input.authority_approves },
        None => Conditions { production_steady: true, authority_approves_reduced: false },
    })
}

fn transition_name(t: Transition) -> String {
    serde_json::to_value(t).ok().and_then(|v| v["kind"].as_str().map(str::to_string)).unwrap_or_default()
}

fn view(conn: &Connection, scheme: &str, code: &str, transition: Option<Transition>) -> Result<SwitchingView> {
    let st = switching_state(conn, scheme, code)?;
    let rec = conditions_record(conn, scheme, code)?;
    let c = conditions(conn, scheme, code)?;
    let score_met = st.score >= SCORE_FOR_REDUCED;
    Ok(SwitchingView {
        commune_scheme: scheme.to_string(),
        commune_code: code.to_string(),
        state: st.state.as_str().to_string(),
        score: st.score,
        score_needed: SCORE_FOR_REDUCED,
        score_met,
        production_steady: c.production_steady,
        authority_approves: c.authority_approves_reduced,
        conditions: rec,
        reduced_allowed: score_met && c.production_steady && c.authority_approves_reduced,
        transition: transition.map(transition_name),
        transition_vi: transition.map(|t| t.explain_vi().to_string()),
    })
}

/// A commune's switching state and the conditions of reduced inspection.
pub fn switching_view(conn: &Connection, scheme: &str, code: &str) -> Result<SwitchingView> {
    view(conn, scheme, code, None)
}

/// Every commune the supervisor has received books from (or has a state for), in code order.
pub fn switching_views(conn: &Connection) -> Result<Vec<SwitchingView>> {
    let mut st = conn.prepare(
        "SELECT commune_scheme, commune_code FROM imported_book
         UNION SELECT commune_scheme, commune_code FROM qa_switching
         UNION SELECT commune_scheme, commune_code FROM qa_reduced_condition ORDER BY 2, 1",
    )?;
    let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    let pairs: Vec<(String, String)> = rows.collect::<rusqlite::Result<_>>()?;
    pairs.iter().map(|(a, b)| switching_view(conn, a, b)).collect()
}

/// Records the authority's approval (or its withdrawal) and whether production is steady, for a
/// commune (an enrolled supervisor covering the commune). On reduced inspection, a withdrawal or
/// irregular production returns the commune to normal inspection now.
pub fn record_conditions(s: &mut Session, scheme: &str, code: &str, input: &ConditionsInput) -> Result<SwitchingView> {
    crate::batch::trust::require_enrolled_supervisor(s, Some((scheme, code)))?;
    let input = ConditionsInput {
        authority_approves: input.authority_approves,
        production_steady: input.production_steady,
        authority: crate::text::stored(input.authority.trim()),
        reference: crate::text::stored(input.reference.trim()),
        approved_on: crate::text::stored(input.approved_on.trim()),
    };
    if input.authority_approves && input.authority.is_empty() {
        return Err(CoreError::invalid("cấp phê duyệt", "ghi rõ cấp có thẩm quyền đã đồng ý kiểm tra giảm (ví dụ: Sở Tư pháp tỉnh …)"));
    }
    if input.authority.chars().count() > 200 || input.reference.chars().count() > 200 || input.approved_on.chars().count() > 40 {
        return Err(CoreError::invalid("cấp phê duyệt", "nội dung quá dài"));
    }
    let mut state: SwitchingState = switching_state(s.conn(), scheme, code)?;
    let transition = if !input.production_steady {
        state.production_irregular()
    } else if !input.authority_approves {
        state.other_conditions_warrant_normal()
    } else {
        Transition::Stay
    };
    s.write(|w| {
        let now = crate::clock::now();
        w.tx.execute(
            "INSERT INTO qa_reduced_condition(commune_scheme, commune_code, authority_approves, production_steady, authority, reference,
                                              approved_on, recorded_at, recorded_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                scheme,
                code,
                input.authority_approves,
                input.production_steady,
                input.authority,
                input.reference,
                input.approved_on,
                now,
                w.user.username
            ],
        )?;
        if transition != Transition::Stay {
            w.tx.execute(
                "INSERT INTO qa_switching(commune_scheme, commune_code, state_json, updated_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(commune_scheme, commune_code) DO UPDATE SET state_json = excluded.state_json, updated_at = excluded.updated_at",
                params![scheme, code, serde_json::to_string(&state).map_err(json_err)?, now],
            )?;
        }
        w.audit(
            "qa.reduced_conditions",
            "commune",
            Some(&format!("{scheme}:{code}")),
            serde_json::json!({"authorityApproves": input.authority_approves, "productionSteady": input.production_steady,
                               "authority": input.authority, "reference": input.reference, "approvedOn": input.approved_on,
                               "transition": transition_name(transition), "state": state.state.as_str()}),
        )?;
        Ok(())
    })?;
    view(s.conn(), scheme, code, Some(transition))
}
