//! Several teams side by side: each team's latest completed assessment area by
//! area, its gap to target and its trend, with no individual votes or names.

use crate::leadership::{TrendPoint, safe_file_name};
use chrono::{DateTime, Utc};
use opex_store::{Store, StoreError};
use schemars::JsonSchema;
use serde::Serialize;

/// Fewer voters than this and a team's scores are flagged.
pub const MIN_VOTERS: u32 = 3;

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct TeamRow {
    pub team_id: i64,
    pub name: String,
    /// The latest completed assessment's start, when there is one.
    pub latest: Option<String>,
    pub overall: Option<f64>,
    /// Aligned with `Portfolio::areas`.
    pub scores: Vec<Option<f64>>,
    pub targets: Vec<Option<f64>>,
    /// Sum over areas of how far each score is below its target.
    pub total_gap: f64,
    /// People who voted in the latest assessment (1 for a self-assessment).
    pub voters: u32,
    pub low_participation: bool,
    pub trend: Vec<TrendPoint>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Portfolio {
    /// (area id, name), from the built-in bank.
    pub areas: Vec<(String, String)>,
    /// Sorted by gap to target, largest first.
    pub teams: Vec<TeamRow>,
    pub generated_at: String,
}

/// Builds the portfolio of `team_ids` (every team when empty).
pub fn build(
    store: &Store,
    bank: &opex_core::Bank,
    team_ids: &[i64],
    now: DateTime<Utc>,
) -> Result<Portfolio, StoreError> {
    let areas: Vec<(String, String)> = bank
        .areas
        .iter()
        .map(|a| (a.id.clone(), a.name.clone()))
        .collect();
    let mut teams = Vec::new();
    for team in store.teams()? {
        if !team_ids.is_empty() && !team_ids.contains(&team.id) {
            continue;
        }
        let completed: Vec<_> = store
            .assessments(team.id)?
            .into_iter()
            .filter(|a| a.is_complete())
            .collect();
        let scored = completed.last().map(|a| store.scored(a.id)).transpose()?;
        let targets = store.targets_at(team.id, now)?;
        let scores: Vec<Option<f64>> = areas
            .iter()
            .map(|(id, _)| {
                scored
                    .as_ref()
                    .and_then(|s| s.scores.area(id))
                    .and_then(|sc| sc.mean)
            })
            .collect();
        let target_levels: Vec<Option<f64>> = areas
            .iter()
            .map(|(id, _)| targets.iter().find(|t| &t.area_id == id).map(|t| t.level))
            .collect();
        let total_gap = scores
            .iter()
            .zip(&target_levels)
            .filter_map(|(s, t)| Some((t.as_ref()? - s.as_ref()?).max(0.0)))
            .sum();
        let voters = scored.as_ref().map_or(0, |s| {
            (s.voters as u32).max(u32::from(!s.consensus.is_empty()))
        });
        let trend = completed
            .iter()
            .map(|a| {
                Ok(TrendPoint {
                    assessment: a.id,
                    date: a.started_at.to_rfc3339(),
                    profile: a.profile.clone(),
                    overall: store.scored(a.id)?.scores.overall.mean,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        teams.push(TeamRow {
            team_id: team.id,
            name: team.name.clone(),
            latest: scored
                .as_ref()
                .map(|s| s.assessment.started_at.to_rfc3339()),
            overall: scored.as_ref().and_then(|s| s.scores.overall.mean),
            scores,
            targets: target_levels,
            total_gap,
            voters,
            low_participation: scored.is_some() && voters < MIN_VOTERS,
            trend,
        });
    }
    teams.sort_by(|a, b| {
        b.total_gap
            .total_cmp(&a.total_gap)
            .then_with(|| a.name.cmp(&b.name))
    });
    Ok(Portfolio {
        areas,
        teams,
        generated_at: now.to_rfc3339(),
    })
}

/// The portfolio as a PDF: the teams × areas matrix, then each team's trend.
pub fn pdf(p: &Portfolio, paper: crate::pdf::Paper) -> Result<Vec<u8>, crate::ReportError> {
    let mut svgs: Vec<(String, String)> = Vec::new();
    for t in &p.teams {
        let points: Vec<crate::charts::TrendPoint> = t
            .trend
            .iter()
            .filter_map(|x| {
                Some(crate::charts::TrendPoint {
                    at: DateTime::parse_from_rfc3339(&x.date)
                        .ok()?
                        .with_timezone(&Utc),
                    value: x.overall,
                    quick: x.profile != "full",
                    changed: false,
                })
            })
            .collect();
        svgs.push((
            format!("trend-{}.svg", t.team_id),
            crate::charts::trend(&points, None, crate::Theme::Light),
        ));
    }
    let data = serde_json::json!({
        "paper": match paper { crate::pdf::Paper::A4 => "a4", crate::pdf::Paper::Letter => "us-letter" },
        "generated": DateTime::parse_from_rfc3339(&p.generated_at).map(|d| d.format("%-d %b %Y").to_string()).unwrap_or_default(),
        "portfolio": p,
        "dates": p.teams.iter().map(|t| t.latest.as_deref().and_then(|d| DateTime::parse_from_rfc3339(d).ok()).map(|d| d.format("%-d %b %Y").to_string())).collect::<Vec<_>>(),
    });
    let refs: Vec<(&str, String)> = svgs.iter().map(|(n, s)| (n.as_str(), s.clone())).collect();
    crate::pdf::render_template(include_str!("../templates/portfolio.typ"), &data, &refs)
}

/// A file name for a portfolio of these teams.
pub fn file_stem(p: &Portfolio) -> String {
    match p.teams.as_slice() {
        [one] => safe_file_name(&one.name),
        _ => format!("portfolio-{}-teams", p.teams.len()),
    }
}
