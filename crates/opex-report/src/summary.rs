//! The figures a results screen or report shows for one assessment, compared with
//! the team's previous completed one: per-area and per-phase rows and the charts.

use crate::charts::{self, Bar, Series, SpectrumRow, Theme};
use opex_core::{AreaKind, Phase, Score};
use opex_store::ScoredAssessment;

/// One area's score, coverage and change since the previous assessment.
#[derive(Debug, Clone, PartialEq)]
pub struct AreaRow {
    pub id: String,
    pub name: String,
    pub kind: AreaKind,
    pub description: String,
    pub mean: Option<f64>,
    pub answered: usize,
    pub applicable: usize,
    pub not_applicable: usize,
    pub dont_know: usize,
    pub previous: Option<f64>,
    /// `mean - previous`, when both exist.
    pub delta: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PhaseRow {
    pub phase: Phase,
    pub mean: Option<f64>,
    pub answered: usize,
    pub applicable: usize,
    pub previous: Option<f64>,
}

/// Everything a results view shows, ready to render.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub overall: Option<f64>,
    pub overall_previous: Option<f64>,
    pub answered: usize,
    pub applicable: usize,
    pub not_applicable: usize,
    pub dont_know: usize,
    pub unanswered: usize,
    pub areas: Vec<AreaRow>,
    pub phases: Vec<PhaseRow>,
    /// "27 Nov 2026" for the assessment and its predecessor.
    pub label: String,
    pub previous_label: Option<String>,
}

/// The three charts of an assessment, as SVG.
#[derive(Debug, Clone, PartialEq)]
pub struct Charts {
    pub radar: String,
    pub phases: String,
    pub spectrum: String,
}

pub fn date_label(a: &opex_store::Assessment) -> String {
    a.started_at.format("%-d %b %Y").to_string()
}

fn area_mean(s: &ScoredAssessment, area: &str) -> Option<f64> {
    s.scores.area(area).and_then(|sc| sc.mean)
}

fn phase_score(s: &ScoredAssessment, phase: Phase) -> Option<&Score> {
    s.scores
        .phases
        .iter()
        .find(|(p, _)| *p == phase)
        .map(|(_, sc)| sc)
}

/// Compares `current` with `previous` area by area. Area ids are stable across
/// bank versions, so a reworded bank still lines up.
pub fn summarize(current: &ScoredAssessment, previous: Option<&ScoredAssessment>) -> Summary {
    let o = &current.scores.overall;
    let areas = current
        .bank
        .areas
        .iter()
        .map(|area| {
            let sc = current.scores.area(&area.id).cloned().unwrap_or_default();
            let prev = previous.and_then(|p| area_mean(p, &area.id));
            AreaRow {
                id: area.id.clone(),
                name: area.name.clone(),
                kind: area.kind,
                description: area.description.clone(),
                mean: sc.mean,
                answered: sc.answered,
                applicable: sc.applicable,
                not_applicable: sc.not_applicable,
                dont_know: sc.dont_know,
                previous: prev,
                delta: sc.mean.zip(prev).map(|(m, p)| m - p),
            }
        })
        .collect();
    let phases = Phase::ALL
        .iter()
        .map(|&phase| {
            let sc = phase_score(current, phase).cloned().unwrap_or_default();
            PhaseRow {
                phase,
                mean: sc.mean,
                answered: sc.answered,
                applicable: sc.applicable,
                previous: previous
                    .and_then(|p| phase_score(p, phase))
                    .and_then(|s| s.mean),
            }
        })
        .collect();
    Summary {
        overall: o.mean,
        overall_previous: previous.and_then(|p| p.scores.overall.mean),
        answered: o.answered,
        applicable: o.applicable,
        not_applicable: o.not_applicable,
        dont_know: o.dont_know,
        unanswered: o.unanswered,
        areas,
        phases,
        label: date_label(&current.assessment),
        previous_label: previous.map(|p| date_label(&p.assessment)),
    }
}

/// Draws the radar, phase bars and spectrum for a summary.
pub fn charts(summary: &Summary, current: &ScoredAssessment, theme: Theme) -> Charts {
    let label = format!("This assessment ({})", summary.label);
    let prev_label = summary
        .previous_label
        .as_ref()
        .map(|l| format!("Previous ({l})"));
    let axes: Vec<String> = summary.areas.iter().map(|a| a.name.clone()).collect();
    let now = Series {
        label: label.clone(),
        values: summary.areas.iter().map(|a| a.mean).collect(),
    };
    let before = prev_label.as_ref().map(|l| Series {
        label: l.clone(),
        values: summary.areas.iter().map(|a| a.previous).collect(),
    });
    let radar = charts::radar(&axes, &now, before.as_ref(), theme);
    let bars: Vec<Bar> = summary
        .phases
        .iter()
        .map(|p| Bar {
            label: p.phase.label().to_string(),
            value: p.mean,
            caption: format!(
                "{} of {} applicable questions answered",
                p.answered, p.applicable
            ),
            previous: p.previous,
        })
        .collect();
    let phases = charts::bars(&bars, &label, prev_label.as_deref(), theme);
    let rows: Vec<SpectrumRow> = summary
        .areas
        .iter()
        .filter(|a| a.kind == AreaKind::Dimension)
        .map(|a| {
            let area = current.bank.area(&a.id);
            SpectrumRow {
                name: a.name.clone(),
                traditional: area.and_then(|x| x.traditional.clone()).unwrap_or_default(),
                modern: area.and_then(|x| x.modern.clone()).unwrap_or_default(),
                value: a.mean,
                previous: a.previous,
            }
        })
        .collect();
    let spectrum = charts::spectrum(&rows, &label, prev_label.as_deref(), theme);
    Charts {
        radar,
        phases,
        spectrum,
    }
}
