//! The leadership report: one team's latest assessment read for a director
//! (where the team stands, what changed, the risks, what is being done, how far
//! to trust the numbers). Its data is one versioned document (this module),
//! built by rules (`build`), and rendered as JSON, CSV (`csv`), Markdown and
//! HTML (`pages`) and PDF (`crate::pdf`).

mod build;
mod csv;
mod pages;

pub use build::{LeadershipInput, build, visuals};
pub use csv::{answers_csv, csv_cell, scores_csv};
pub use pages::{html, markdown};

use schemars::JsonSchema;
use serde::Serialize;

/// The version of the JSON format below; bump it on any incompatible change.
pub const REPORT_VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct AssessmentRef {
    pub id: i64,
    pub started_at: String,
    pub completed_at: Option<String>,
    /// "self" or "workshop".
    pub kind: String,
    pub profile: String,
    pub bank_id: String,
    pub bank_version: String,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct AreaScore {
    pub area: String,
    pub name: String,
    /// The area's score on every question answered.
    pub score: Option<f64>,
    /// The change's before and after, on the questions answered both times;
    /// `change` is exactly `after - before`.
    pub before: Option<f64>,
    pub after: Option<f64>,
    pub change: Option<f64>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct QuestionLine {
    pub id: String,
    pub prompt: String,
    /// The team value, 1-5; null when not applicable, unknown or unanswered.
    pub value: Option<f64>,
    /// consensus | median_of_votes | not_applicable | dont_know | unanswered
    pub source: String,
    /// Lowest and highest level voted, when two or more people voted.
    pub spread: Option<(u8, u8)>,
    /// The change since the previous assessment, when both have a value (a
    /// question that `replaces` another continues it).
    pub change: Option<f64>,
    /// Present only when the report was made with notes included.
    pub note: Option<String>,
    /// For how many of the team's services the answer holds, in words ("for
    /// some services"); not part of the value.
    pub breadth: Option<String>,
    /// The checks of the level the value stands on, and which the team ticked.
    pub checks: Vec<CheckLine>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct CheckLine {
    pub text: String,
    pub ticked: bool,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct AreaSection {
    pub area: String,
    pub name: String,
    /// "principle" or "dimension".
    pub kind: String,
    /// The area's score on every question answered.
    pub score: Option<f64>,
    /// The previous score on the questions answered both times.
    pub previous: Option<f64>,
    /// This assessment's score on those same questions.
    pub after: Option<f64>,
    /// Exactly `after - previous`.
    pub change: Option<f64>,
    /// The change is at least the minimum change (see the methodology).
    pub real_change: bool,
    pub target: Option<f64>,
    pub gap_to_target: Option<f64>,
    pub questions: Vec<QuestionLine>,
}

/// One area's checklist questions: how many gave each risk, and how many are
/// unanswered (`opex_core::risks`).
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct AreaRiskLine {
    pub area: String,
    pub name: String,
    pub high: u32,
    pub medium: u32,
    pub none: u32,
    pub unanswered: u32,
    pub questions: Vec<RiskQuestionLine>,
}

/// One checklist question's risk: "high risk", "medium risk", "no risk" or
/// "not answered", and the practices in place.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct RiskQuestionLine {
    pub id: String,
    pub title: String,
    pub risk: String,
    pub in_place: u32,
    pub practices: u32,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ActionLine {
    pub title: String,
    pub owner: Option<String>,
    pub due_date: Option<String>,
    pub status: String,
    pub question: Option<String>,
    pub area: Option<String>,
    pub overdue: bool,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Participation {
    /// People who voted (1 for a self-assessment answered by a lead or a group).
    pub people: u32,
    pub questions: u32,
    pub answered: u32,
    pub not_applicable: u32,
    pub dont_know: u32,
    /// Unanswered or skipped.
    pub unanswered: u32,
    /// Answered ÷ applicable, a whole percent rounded down.
    pub coverage_percent: u32,
    /// Below the partial threshold: a partial assessment.
    pub partial: bool,
    /// A quick pulse rather than a full assessment.
    pub pulse: bool,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Hotspot {
    pub question: String,
    pub prompt: String,
    pub lowest: u8,
    pub highest: u8,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct TrendPoint {
    pub assessment: i64,
    pub date: String,
    pub profile: String,
    pub overall: Option<f64>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Methodology {
    /// The five level anchors, level 1 first.
    pub scale: Vec<String>,
    pub scoring: String,
    pub not_applicable: String,
    /// What breadth and checks are, and that neither is part of a score.
    pub evidence: String,
    /// How checklist questions (a lens's) are scored: apart, as risks, or
    /// through the bank's explicit risk-to-level mapping and its reason.
    /// Absent when the bank has none.
    pub checklists: Option<String>,
    pub minimum_change: String,
    pub bank: String,
}

/// Everything the leadership report says, in one versioned document.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ReportData {
    pub version: u32,
    pub team: String,
    pub generated_at: String,
    pub assessment: AssessmentRef,
    pub previous: Option<AssessmentRef>,
    /// The overall score on every question answered.
    pub overall: Option<f64>,
    /// The overall change's before and after, on the questions answered both
    /// times; `overall_change` is exactly `overall_after - overall_before`.
    pub overall_before: Option<f64>,
    pub overall_after: Option<f64>,
    pub overall_change: Option<f64>,
    /// The overall change is at least the minimum change.
    pub overall_real_change: bool,
    /// One sentence per finding, made by rules from the data.
    pub summary: Vec<String>,
    /// False when the assessment asked only checklist questions (a lens's):
    /// it has no maturity score, and its findings are its risks.
    pub maturity: bool,
    pub strongest: Vec<AreaScore>,
    pub weakest: Vec<AreaScore>,
    pub risers: Vec<AreaScore>,
    pub fallers: Vec<AreaScore>,
    pub open_actions: u32,
    pub overdue_actions: u32,
    pub participation: Participation,
    pub areas: Vec<AreaSection>,
    pub hotspots: Vec<Hotspot>,
    /// Checklist questions (AWS lenses), scored apart: risk counts per area.
    /// Empty when the bank has none.
    #[serde(default)]
    pub risks: Vec<AreaRiskLine>,
    pub actions: Vec<ActionLine>,
    pub trend: Vec<TrendPoint>,
    pub methodology: Methodology,
    pub notes_included: bool,
}

/// The report as pretty JSON.
pub fn to_json(r: &ReportData) -> String {
    serde_json::to_string_pretty(r).unwrap_or_default() + "\n"
}

/// The JSON Schema of the report format, generated from the types.
pub fn json_schema() -> String {
    serde_json::to_string_pretty(&schemars::schema_for!(ReportData)).unwrap_or_default() + "\n"
}

/// A file name made from a team name: letters, digits, `-` and `_` only, so a
/// team name never becomes a path (no `/`, `..` or NUL).
pub fn safe_file_name(team: &str) -> String {
    let mut out = String::new();
    for c in team.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches('-').chars().take(60).collect::<String>();
    if out.is_empty() { "team".into() } else { out }
}
