//! The team page's and the comparison's view models: the time line, trends,
//! targets, actions and how they worked, two assessments side by side, and the
//! portfolio of every team (derived scores only, never votes or names).

use super::common::{AreaDto, AssessmentDto, ChangeDto, TeamDto};
use super::workshop::ActionDto;
use opex_core::action::{ActionStatus, ReviewOutcome};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TimelineItemDto {
    pub assessment: AssessmentDto,
    pub participants: u32,
    /// Areas where a question changed since the previous assessment.
    pub changed_areas: Vec<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TargetDto {
    pub area_id: String,
    pub level: f64,
    pub target_date: Option<String>,
    pub set_at: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TeamActionDto {
    pub action: ActionDto,
    pub area_id: Option<String>,
    pub notes: Option<String>,
    pub overdue: bool,
    /// For a finished action: how much its question moved at the next
    /// assessment, when there is one.
    pub moved: Option<f64>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AreaScoreDto {
    pub area_id: String,
    pub mean: Option<f64>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TeamChartsDto {
    pub trend: String,
    pub areas: String,
    /// The heatmap in pages of at most twelve assessments, oldest first:
    /// the screen opens on the last, the newest.
    pub heatmap: Vec<HeatmapPageDto>,
    /// The charts' numbers as text, for a data table beside each chart.
    pub table: ChartTableDto,
}

/// One page of the heatmap: the team's completed assessments `first` to
/// `last` (counted from 1, oldest first), drawn as SVG.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct HeatmapPageDto {
    pub first: u32,
    pub last: u32,
    pub svg: String,
}

/// The numbers behind the team's trend charts, one column per completed
/// assessment: what a screen reader (or anyone) reads instead of a chart.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ChartTableDto {
    /// Each assessment's date, e.g. "1 Nov 2026", oldest first.
    pub columns: Vec<String>,
    /// Each area's score per assessment.
    pub areas: Vec<ChartRowDto>,
    /// Each question's value per assessment (the heatmap).
    pub questions: Vec<ChartRowDto>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ChartRowDto {
    pub label: String,
    /// Aligned with `ChartTableDto::columns`; null where there is no value.
    pub values: Vec<Option<f64>>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TeamPageDto {
    pub team: TeamDto,
    /// Completed assessments, oldest first.
    pub timeline: Vec<TimelineItemDto>,
    pub areas: Vec<AreaDto>,
    pub targets: Vec<TargetDto>,
    /// Each area's score in the latest completed assessment, by area id.
    pub latest: Vec<AreaScoreDto>,
    pub actions: Vec<TeamActionDto>,
    /// Actions still to do: open or in progress.
    pub open_actions: u32,
    /// Finished actions followed by an assessment, and how many of those saw
    /// their question improve by at least the minimum change.
    pub finished_with_follow_up: u32,
    pub finished_and_improved: u32,
    pub charts: Option<TeamChartsDto>,
    /// The longest action title and link opex keeps, in characters.
    pub action_title_max: u32,
    pub action_link_max: u32,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ActionUpdateDto {
    pub status: Option<ActionStatus>,
    pub title: Option<String>,
    pub owner: Option<String>,
    pub due_date: Option<String>,
    pub notes: Option<String>,
    /// An empty link clears it; absent leaves it as it is.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub link: Option<String>,
}

/// One area's target as typed on the team page.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TargetDraftDto {
    pub area_id: String,
    pub level: f64,
    /// YYYY-MM-DD, or none.
    pub target_date: Option<String>,
}

/// An action added on the team page: not from an assessment, and linked to
/// one of the team's areas or to none.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct NewTeamActionDto {
    pub area_id: Option<String>,
    pub title: String,
    pub owner: Option<String>,
    /// YYYY-MM-DD.
    pub due_date: Option<String>,
    pub link: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct QuestionChangeDto {
    pub question_id: String,
    /// The question's title (`Question::name`).
    pub title: String,
    pub prompt: String,
    pub before: f64,
    pub after: f64,
    pub delta: f64,
    pub changed_wording: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AreaChangeDto {
    pub area: AreaDto,
    /// On the questions answered in both.
    pub change: Option<ChangeDto>,
    /// Each assessment's score for the area on all its questions, shown
    /// beside the change when they differ from its before and after.
    pub earlier_mean: Option<f64>,
    pub later_mean: Option<f64>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ComparisonDto {
    pub earlier: AssessmentDto,
    pub later: AssessmentDto,
    /// How many questions were answered in both.
    pub compared: u32,
    pub areas: Vec<AreaChangeDto>,
    pub improved: Vec<QuestionChangeDto>,
    pub regressed: Vec<QuestionChangeDto>,
    pub new: Vec<String>,
    pub dropped: Vec<String>,
}

/// What the team decided about one open action as an assessment starts.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ReviewDto {
    pub action_id: i64,
    pub outcome: ReviewOutcome,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PortfolioTeamDto {
    pub team_id: i64,
    pub name: String,
    /// Where an imported team came from ("payments.opex.json, exported
    /// 2026-03-01"); null for a team created here.
    pub origin: Option<String>,
    /// The assessment the row shows: the latest complete one that is not
    /// partial, or the latest when every one is partial.
    pub latest: Option<AssessmentDto>,
    /// "1 newer partial assessment not shown", when one was passed over.
    pub passed_over: Option<String>,
    /// Aligned with `PortfolioDto::areas`.
    pub scores: Vec<Option<f64>>,
    pub targets: Vec<Option<f64>>,
    /// Sum over areas of how far each score is below its target.
    pub total_gap: f64,
    /// People who voted in the latest assessment (1 for a self-assessment).
    pub voters: u32,
    /// Fewer than 3 voters: read the scores with care.
    pub low_participation: bool,
}

/// Every team's latest completed assessment, area by area. No votes and no
/// names: only each team's derived scores.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PortfolioDto {
    /// Below this percent answered, an assessment is partial.
    pub partial_below: u32,
    pub areas: Vec<AreaDto>,
    pub teams: Vec<PortfolioTeamDto>,
}

/// One page of a list of teams, and how many there are.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TeamListDto {
    pub teams: Vec<crate::views::common::TeamDto>,
    /// Every team in the database.
    pub total: u32,
    /// The teams whose name matched the search, on every page.
    pub matching: u32,
}
