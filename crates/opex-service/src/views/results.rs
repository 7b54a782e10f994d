//! The results screen's view model: the overall and per-area scores with the
//! questions behind each, per-phase scores, changes since the previous
//! assessment, targets, the charts, and the actions finished since then.

use super::common::{AreaDto, AssessmentDto, ChangeDto, PhaseDto};
use opex_core::{AreaRow, ScoredAssessment, Summary, ValueSource};
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum SourceDto {
    Consensus,
    MedianOfVotes,
    NotApplicable,
    DontKnow,
    Unanswered,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ContributionDto {
    pub question_id: String,
    /// The question's title (`Question::name`).
    pub title: String,
    pub prompt: String,
    pub value: Option<f64>,
    pub source: SourceDto,
    /// How many level votes the median was taken over.
    pub votes: u32,
    /// Lowest and highest level voted, when two or more people voted.
    pub spread: Option<(u8, u8)>,
    /// The team's note on its answer, if any.
    pub note: Option<String>,
    /// One concrete action that moves the team up from its current level.
    pub next_step: Option<String>,
    /// For how many of the team's services the answer holds, in words
    /// ("for some services"); never part of the score.
    pub breadth: Option<String>,
    /// The checks of the level the value stands on, and which were ticked.
    pub checks: Vec<LevelCheckDto>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LevelCheckDto {
    pub text: String,
    pub ticked: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AreaResultDto {
    pub area: AreaDto,
    pub mean: Option<f64>,
    pub answered: u32,
    pub applicable: u32,
    pub not_applicable: u32,
    pub dont_know: u32,
    /// The change since the previous assessment, on the questions answered
    /// in both.
    pub change: Option<ChangeDto>,
    /// The previous assessment's score on all its questions.
    pub previous_mean: Option<f64>,
    /// Compared questions whose wording changed or that replace an earlier one.
    pub changed: Vec<String>,
    /// The team's target for the area when the assessment ran, and the gap to it.
    pub target: Option<f64>,
    pub gap: Option<f64>,
    /// Why the area has its score: every question, with its value and where it came from.
    pub contributions: Vec<ContributionDto>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PhaseResultDto {
    pub phase: PhaseDto,
    pub label: String,
    pub mean: Option<f64>,
    pub answered: u32,
    pub applicable: u32,
    pub change: Option<ChangeDto>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ChartsDto {
    /// SVG documents drawn by opex-report; safe to insert as markup.
    pub radar: String,
    pub phases: String,
    pub spectrum: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ResultsDto {
    pub assessment: AssessmentDto,
    pub previous: Option<AssessmentDto>,
    /// The overall score on every question answered.
    pub overall: Option<f64>,
    /// The overall change, on the questions answered in both assessments.
    pub overall_change: Option<ChangeDto>,
    /// How the change was measured, in a sentence, when there is a previous assessment.
    pub comparison_note: Option<String>,
    pub areas: Vec<AreaResultDto>,
    pub phases: Vec<PhaseResultDto>,
    pub charts: ChartsDto,
    /// Actions finished since the previous assessment, and whether their question moved.
    pub finished_actions: Vec<FinishedActionDto>,
    /// Checklist questions (AWS lenses), scored apart: risk counts per area.
    pub risks: Vec<super::checklist::AreaRiskDto>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FinishedActionDto {
    pub title: String,
    pub question_id: Option<String>,
    /// The question's change from the previous assessment to this one.
    pub moved: Option<f64>,
}

fn contribution(scored: &ScoredAssessment, c: &opex_core::QuestionScore) -> ContributionDto {
    let (source, votes) = match c.source {
        ValueSource::Consensus => (SourceDto::Consensus, 0),
        ValueSource::MedianOfVotes(n) => (SourceDto::MedianOfVotes, n as u32),
        ValueSource::NotApplicable => (SourceDto::NotApplicable, 0),
        ValueSource::DontKnow => (SourceDto::DontKnow, 0),
        ValueSource::Unanswered => (SourceDto::Unanswered, 0),
    };
    ContributionDto {
        question_id: c.question_id.clone(),
        title: scored
            .bank
            .question(&c.question_id)
            .map(|q| q.name())
            .unwrap_or_else(|| c.question_id.clone()),
        prompt: scored
            .bank
            .question(&c.question_id)
            .map(|q| q.prompt.clone())
            .unwrap_or_default(),
        value: c.value,
        source,
        votes,
        spread: c.spread,
        note: scored
            .consensus
            .get(&c.question_id)
            .and_then(|a| a.response.note.clone()),
        // The step up from the team's current level (levels 1-4 have one).
        next_step: c.value.and_then(|v| {
            let q = scored.bank.question(&c.question_id)?;
            opex_core::levels::next_step(q, v).map(str::to_string)
        }),
        breadth: scored
            .breadth(&c.question_id)
            .map(|b| b.phrase().to_string()),
        checks: scored
            .level_checks(&c.question_id, c.value)
            .into_iter()
            .map(|l| LevelCheckDto {
                text: l.text,
                ticked: l.ticked,
            })
            .collect(),
    }
}

fn area_result(scored: &ScoredAssessment, row: &AreaRow) -> AreaResultDto {
    let contributions = scored
        .scores
        .area(&row.id)
        .map(|s| {
            s.contributions
                .iter()
                .map(|c| contribution(scored, c))
                .collect()
        })
        .unwrap_or_default();
    AreaResultDto {
        area: scored
            .bank
            .area(&row.id)
            .map(Into::into)
            .unwrap_or(AreaDto {
                id: row.id.clone(),
                kind: row.kind.into(),
                name: row.name.clone(),
                description: row.description.clone(),
                traditional: None,
                modern: None,
            }),
        mean: row.mean,
        answered: row.answered as u32,
        applicable: row.applicable as u32,
        not_applicable: row.not_applicable as u32,
        dont_know: row.dont_know as u32,
        change: row.change.map(Into::into),
        previous_mean: row.previous_mean,
        changed: row.changed.clone(),
        target: row.target,
        gap: row.gap(),
        contributions,
    }
}

impl ResultsDto {
    pub fn new(
        scored: &ScoredAssessment,
        previous: Option<&ScoredAssessment>,
        summary: &Summary,
        charts: opex_report::Charts,
    ) -> Self {
        ResultsDto {
            risks: super::checklist::area_risks(scored),
            assessment: AssessmentDto::scored(scored),
            previous: previous.map(AssessmentDto::scored),
            overall: summary.overall,
            overall_change: summary.overall_change.map(Into::into),
            comparison_note: summary.comparison_note.clone(),
            areas: summary
                .areas
                .iter()
                .map(|r| area_result(scored, r))
                .collect(),
            phases: summary
                .phases
                .iter()
                .map(|p| PhaseResultDto {
                    phase: p.phase.into(),
                    label: p.phase.label().to_string(),
                    mean: p.mean,
                    answered: p.answered as u32,
                    applicable: p.applicable as u32,
                    change: p.change.map(Into::into),
                })
                .collect(),
            charts: ChartsDto {
                radar: charts.radar,
                phases: charts.phases,
                spectrum: charts.spectrum,
            },
            finished_actions: Vec::new(),
        }
    }
}
