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
    /// The change since the previous assessment, measured on the questions
    /// answered both times (see `opex_core::compare`).
    pub delta: Option<f64>,
    /// How many questions the change was measured on.
    pub compared: usize,
    /// Compared questions whose wording changed or that replace an earlier one.
    pub changed: Vec<String>,
    /// The team's target for the area when the assessment ran.
    pub target: Option<f64>,
}

impl AreaRow {
    /// How far the score is below its target (0 when met).
    pub fn gap(&self) -> Option<f64> {
        self.target.zip(self.mean).map(|(t, m)| (t - m).max(0.0))
    }
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
    /// The previous overall score over the questions both assessments answered.
    pub overall_previous: Option<f64>,
    pub overall_delta: Option<f64>,
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
    /// How the comparison was made, when there is one, in a sentence.
    pub comparison_note: Option<String>,
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
    let pairs = previous
        .map(|p| {
            opex_core::compare::pair_questions(&current.bank, &current.asked, &p.bank, &p.asked)
        })
        .unwrap_or_default();
    let change = |group: &Score| {
        previous.map(|p| {
            let ids: Vec<&str> = group
                .contributions
                .iter()
                .map(|c| c.question_id.as_str())
                .collect();
            opex_core::compare::group_change(
                &ids,
                &pairs,
                &o.contributions,
                &p.scores.overall.contributions,
            )
        })
    };
    // Areas the assessment asked nothing about (a workshop on some areas only)
    // are left out rather than shown as gaps.
    let areas = current
        .bank
        .areas
        .iter()
        .filter(|area| {
            current
                .scores
                .area(&area.id)
                .is_some_and(|sc| !sc.contributions.is_empty())
        })
        .map(|area| {
            let sc = current.scores.area(&area.id).cloned().unwrap_or_default();
            let ch = change(&sc);
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
                previous: ch.as_ref().and_then(|c| c.previous),
                delta: ch.as_ref().and_then(|c| c.delta()),
                compared: ch.as_ref().map_or(0, |c| c.compared),
                changed: ch.map(|c| c.changed).unwrap_or_default(),
                target: None,
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
                previous: change(&sc).and_then(|c| c.previous),
            }
        })
        .collect();
    let overall = change(o);
    let comparison_note = overall.as_ref().map(|c| {
        let mut note = format!(
            "Changes are measured on the {} question{} answered in both assessments.",
            c.compared,
            if c.compared == 1 { "" } else { "s" }
        );
        if !c.changed.is_empty() {
            note.push_str(&format!(
                " † marks an area where {} question{} changed wording or replaced an earlier one since then.",
                c.changed.len(),
                if c.changed.len() == 1 { "" } else { "s" }
            ));
        }
        note
    });
    Summary {
        overall: o.mean,
        overall_previous: overall.as_ref().and_then(|c| c.previous),
        overall_delta: overall.as_ref().and_then(|c| c.delta()),
        answered: o.answered,
        applicable: o.applicable,
        not_applicable: o.not_applicable,
        dont_know: o.dont_know,
        unanswered: o.unanswered,
        areas,
        phases,
        label: date_label(&current.assessment),
        previous_label: previous.map(|p| date_label(&p.assessment)),
        comparison_note,
    }
}

impl Summary {
    /// Adds the targets in force, as (area id, level).
    pub fn with_targets(mut self, targets: &[(String, f64)]) -> Summary {
        for row in &mut self.areas {
            row.target = targets.iter().find(|(a, _)| *a == row.id).map(|(_, t)| *t);
        }
        self
    }
}

/// The team's targets in force when `a` ran (or now, if it is still open):
/// setting a new target never rewrites an old result.
pub fn targets_in_force(
    store: &opex_store::Store,
    a: &opex_store::Assessment,
) -> Result<Vec<(String, f64)>, opex_store::StoreError> {
    let at = a.completed_at.unwrap_or_else(chrono::Utc::now);
    Ok(store
        .targets_at(a.team_id, at)?
        .into_iter()
        .map(|t| (t.area_id, t.level))
        .collect())
}

/// Draws the radar, phase bars and spectrum for a summary.
pub fn charts(summary: &Summary, current: &ScoredAssessment, theme: Theme) -> Charts {
    let label = format!("This assessment ({})", summary.label);
    let prev_label = summary
        .previous_label
        .as_ref()
        .map(|l| format!("Previous ({l})"));
    let axes: Vec<String> = summary
        .areas
        .iter()
        .map(|a| {
            if a.changed.is_empty() {
                a.name.clone()
            } else {
                format!("{} †", a.name)
            }
        })
        .collect();
    let now = Series {
        label: label.clone(),
        values: summary.areas.iter().map(|a| a.mean).collect(),
    };
    let before = prev_label.as_ref().map(|l| Series {
        label: l.clone(),
        values: summary.areas.iter().map(|a| a.previous).collect(),
    });
    let target = summary
        .areas
        .iter()
        .any(|a| a.target.is_some())
        .then(|| Series {
            label: "Target".to_string(),
            values: summary.areas.iter().map(|a| a.target).collect(),
        });
    let radar = charts::radar(&axes, &now, before.as_ref(), target.as_ref(), theme);
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
