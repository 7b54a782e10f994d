//! The figures a results screen or report shows for one assessment, compared with
//! the team's previous completed one: per-area and per-phase rows, each change
//! measured like for like on the questions answered both times.

use crate::compare::Change;
use crate::records::ScoredAssessment;
use crate::{AreaKind, Phase, Score};

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
    /// The change since the previous assessment, measured on the questions
    /// answered both times, with the before and after it was measured on.
    pub change: Option<Change>,
    /// The previous assessment's score for the area on all its questions,
    /// shown beside the change's `before` when the two differ.
    pub previous_mean: Option<f64>,
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
    pub change: Option<Change>,
}

/// Everything a results view shows, ready to render.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// The overall score on every question answered.
    pub overall: Option<f64>,
    /// The overall change, on the questions both assessments answered.
    pub overall_change: Option<Change>,
    /// The previous assessment's overall score on every question it answered.
    pub previous_overall: Option<f64>,
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
        .map(|p| crate::compare::pair_questions(&current.bank, &current.asked, &p.bank, &p.asked))
        .unwrap_or_default();
    let change = |group: &Score| {
        previous.map(|p| {
            let ids: Vec<&str> = group
                .contributions
                .iter()
                .map(|c| c.question_id.as_str())
                .collect();
            crate::compare::group_change(
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
                change: ch.as_ref().and_then(|c| c.change()),
                previous_mean: previous
                    .and_then(|p| p.scores.area(&area.id))
                    .and_then(|s| s.mean),
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
                change: change(&sc).and_then(|c| c.change()),
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
        overall_change: overall.as_ref().and_then(|c| c.change()),
        previous_overall: previous.and_then(|p| p.scores.overall.mean),
        answered: o.answered,
        applicable: o.applicable,
        not_applicable: o.not_applicable,
        dont_know: o.dont_know,
        unanswered: o.unanswered,
        areas,
        phases,
        label: current.assessment.date_label(),
        previous_label: previous.map(|p| p.assessment.date_label()),
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
