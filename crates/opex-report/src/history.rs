//! A team's history: each completed assessment's scores on one time line,
//! with the questions that changed between bank versions, ready for the trend
//! charts, the heatmap and the team page.

use crate::summary::date_label;
use chrono::{DateTime, Utc};
use opex_core::compare::pair_questions;
use opex_store::ScoredAssessment;

/// One assessment on the time line.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    pub assessment_id: i64,
    pub at: DateTime<Utc>,
    pub label: String,
    /// "full", "quick", …
    pub profile: String,
    /// "self" or "workshop".
    pub kind: String,
    pub overall: Option<f64>,
    /// Aligned with `History::areas`.
    pub areas: Vec<Option<f64>>,
    /// Areas in which a question changed (replaced or reworded) since the
    /// previous point.
    pub changed_areas: Vec<String>,
    pub participants: usize,
}

/// Question values across assessments, for the heatmap.
#[derive(Debug, Clone, PartialEq)]
pub struct HeatRow {
    pub question: String,
    pub area: String,
    /// Aligned with `History::points`; `None` when not asked or not answered.
    pub values: Vec<Option<f64>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct History {
    /// (area id, name), in the latest bank's order.
    pub areas: Vec<(String, String)>,
    pub points: Vec<Point>,
    pub heat: Vec<HeatRow>,
}

/// Builds a history from completed assessments, oldest first. Area ids are
/// stable across bank versions; questions follow `replaces`.
pub fn history(runs: &[ScoredAssessment]) -> History {
    let areas: Vec<(String, String)> = runs
        .last()
        .map(|r| {
            r.bank
                .areas
                .iter()
                .map(|a| (a.id.clone(), a.name.clone()))
                .collect()
        })
        .unwrap_or_default();
    let mut points = Vec::new();
    for (i, run) in runs.iter().enumerate() {
        let changed_areas = match i.checked_sub(1).and_then(|j| runs.get(j)) {
            Some(prev) if prev.assessment.bank_hash != run.assessment.bank_hash => {
                let pairs = pair_questions(&run.bank, &run.asked, &prev.bank, &prev.asked);
                let mut changed: Vec<String> = pairs
                    .iter()
                    .filter(|p| p.changed)
                    .filter_map(|p| run.bank.question(&p.current).map(|q| q.area.clone()))
                    .collect();
                changed.dedup();
                changed
            }
            _ => Vec::new(),
        };
        points.push(Point {
            assessment_id: run.assessment.id,
            at: run.assessment.started_at,
            label: date_label(&run.assessment),
            profile: run.assessment.profile.clone(),
            kind: run.assessment.kind.clone(),
            overall: run.scores.overall.mean,
            areas: areas
                .iter()
                .map(|(id, _)| run.scores.area(id).and_then(|s| s.mean))
                .collect(),
            changed_areas,
            participants: run.participants.len(),
        });
    }
    // Heatmap rows: the latest bank's questions; older values follow `replaces`.
    let heat = runs
        .last()
        .map(|latest| {
            latest
                .bank
                .questions
                .iter()
                .map(|q| HeatRow {
                    question: q.id.clone(),
                    area: q.area.clone(),
                    values: runs
                        .iter()
                        .map(|run| {
                            let ids: Vec<&str> = std::iter::once(q.id.as_str())
                                .chain(q.replaces.iter().map(String::as_str))
                                .collect();
                            run.scores
                                .overall
                                .contributions
                                .iter()
                                .find(|c| ids.contains(&c.question_id.as_str()))
                                .and_then(|c| c.value)
                        })
                        .collect(),
                })
                .collect()
        })
        .unwrap_or_default();
    History {
        areas,
        points,
        heat,
    }
}

/// Whether a finished action's question moved: compares the question's value
/// in the last completed assessment before the action was done with the first
/// one after it. `None` when there is no assessment on one side, or the
/// question was not answered in both.
pub fn action_moved(
    runs: &[ScoredAssessment],
    action: &opex_store::workshop::Action,
) -> Option<f64> {
    let done = action.done_at?;
    let question = action.question_id.as_deref()?;
    let before = runs
        .iter()
        .rev()
        .find(|r| r.assessment.started_at <= done)?;
    let after = runs.iter().find(|r| r.assessment.started_at > done)?;
    let value = |run: &ScoredAssessment, ids: &[&str]| {
        run.scores
            .overall
            .contributions
            .iter()
            .find(|c| ids.contains(&c.question_id.as_str()))
            .and_then(|c| c.value)
    };
    // The later bank may have replaced the question: follow `replaces` both ways.
    let later_q = after
        .bank
        .questions
        .iter()
        .find(|q| q.id == question || q.replaces.iter().any(|r| r == question))?;
    let mut ids: Vec<&str> = vec![later_q.id.as_str(), question];
    ids.extend(later_q.replaces.iter().map(String::as_str));
    Some(value(after, &ids)? - value(before, &ids)?)
}

/// A history drawn: the overall trend, one small panel per area (with its
/// target dashed) and the question × assessment heatmap, as SVG.
pub struct TrendCharts {
    pub trend: String,
    pub areas: String,
    pub heatmap: String,
}

/// Draws `h`; `targets` are (area id, level). Shared by the team page and the
/// leadership report.
pub fn trend_charts(h: &History, targets: &[(String, f64)], theme: crate::Theme) -> TrendCharts {
    use crate::charts::{self, TrendPoint};
    let target_of = |area: &str| targets.iter().find(|(a, _)| a == area).map(|(_, l)| *l);
    let points = |values: &dyn Fn(&Point) -> (Option<f64>, bool)| -> Vec<TrendPoint> {
        h.points
            .iter()
            .map(|p| {
                let (value, changed) = values(p);
                TrendPoint {
                    at: p.at,
                    value,
                    quick: p.profile != "full",
                    changed,
                }
            })
            .collect()
    };
    let overall = points(&|p| (p.overall, !p.changed_areas.is_empty()));
    let panels: Vec<(String, Vec<TrendPoint>, Option<f64>)> = h
        .areas
        .iter()
        .enumerate()
        .map(|(i, (id, name))| {
            (
                name.clone(),
                points(&|p| (p.areas[i], p.changed_areas.contains(id))),
                target_of(id),
            )
        })
        .collect();
    let columns: Vec<String> = h
        .points
        .iter()
        .map(|p| p.at.format("%b %Y").to_string())
        .collect();
    let rows: Vec<(String, Vec<Option<f64>>)> = h
        .heat
        .iter()
        .map(|r| (r.question.clone(), r.values.clone()))
        .collect();
    TrendCharts {
        // Targets are per area, so they show on the area panels, not the overall line.
        trend: charts::trend(&overall, None, theme),
        areas: charts::area_trends(&panels, theme),
        heatmap: charts::heatmap(&rows, &columns, theme),
    }
}
