//! A team's history: each completed assessment's scores on one time line,
//! with the questions that changed between bank versions, ready for the trend
//! charts, the heatmap and the team page.

use crate::compare::pair_questions;
use crate::records::ScoredAssessment;
use chrono::{DateTime, Utc};

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
    /// What the question is called (`Question::name`), in the latest bank.
    pub title: String,
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
            label: run.assessment.date_label(),
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
                    title: q.name(),
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
