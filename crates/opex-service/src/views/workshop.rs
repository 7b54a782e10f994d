//! The workshop's view models. The facilitator's view and the presented view
//! are different types: the presented one has no field for the facilitator's
//! notes or for who has voted, so they cannot leak onto the projector.

use super::common::{
    AnswerDto, AreaDto, AssessmentDto, BreadthChoiceDto, QuestionDto, ResponseDto, TicksDto,
};
use super::team::ReviewDto;
use opex_core::action::{Action, ActionStatus};
use opex_core::distribution::Distribution;
use opex_core::workshop::{Anonymity, QuestionState};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// How a facilitator sets up a workshop.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct WorkshopSetupDto {
    pub team_id: i64,
    pub bank_hash: Option<String>,
    pub profile: Option<String>,
    /// Limit to these areas; null for all of the profile's.
    pub areas: Option<Vec<String>>,
    pub anonymity: Anonymity,
    pub timer_seconds: u32,
    /// Names or aliases; ignored (not stored) in an anonymous workshop.
    pub participants: Vec<String>,
    /// How many people are in the room (anonymous workshops), when known.
    #[serde(default)]
    pub headcount: Option<u32>,
    /// The review of the team's open actions, recorded with the start.
    #[serde(default)]
    pub reviews: Vec<ReviewDto>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ParticipantDto {
    pub id: i64,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DistributionDto {
    /// Votes per level, level 1 first.
    pub counts: Vec<u32>,
    pub not_applicable: u32,
    pub dont_know: u32,
    pub voters: u32,
    pub median: Option<f64>,
    /// Hidden (null) when fewer than two people voted a level.
    pub range: Option<(u8, u8)>,
    pub iqr: Option<(f64, f64)>,
    pub disagrees: bool,
}

impl From<&Distribution> for DistributionDto {
    fn from(d: &Distribution) -> Self {
        DistributionDto {
            counts: d.counts.iter().map(|c| *c as u32).collect(),
            not_applicable: d.not_applicable as u32,
            dont_know: d.dont_know as u32,
            voters: d.voters as u32,
            median: d.median,
            range: d.range,
            iqr: d.iqr,
            disagrees: d.disagrees,
        }
    }
}

/// A revealed vote: the name only in an open workshop.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RevealedVoteDto {
    pub name: Option<String>,
    pub answer: AnswerDto,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RevealDto {
    pub distribution: DistributionDto,
    /// The dot plot, drawn by opex-report.
    pub chart: String,
    pub votes: Vec<RevealedVoteDto>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AgendaItemDto {
    pub question_id: String,
    /// The question's title (`Question::name`).
    pub title: String,
    pub area: String,
    pub state: QuestionState,
    pub elapsed_ms: u32,
}

/// The current question as the facilitator sees it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FacilitatorQuestionDto {
    pub question: QuestionDto,
    pub state: QuestionState,
    pub round: u32,
    /// Time on this question before `since`.
    pub elapsed_ms: u32,
    /// When the facilitator arrived at it (RFC 3339): the clock runs from here.
    pub since: Option<String>,
    pub voted_count: u32,
    /// Who has voted this round (not how); empty in an anonymous workshop.
    pub voted: Vec<i64>,
    /// Anonymous workshops: the tally so far, shown only once revealed.
    pub reveal: Option<RevealDto>,
    pub consensus: Option<ResponseDto>,
    /// The checks ticked while discussing this question.
    pub ticks: TicksDto,
    pub facilitator_note: Option<String>,
    /// For levels 1-4: the next step, to pre-fill an action.
    pub next_steps: Vec<String>,
    /// The answer the agree step starts on (core's rule): the consensus, else
    /// nothing, so that agreeing needs a choice made after the reveal.
    pub preselected: Option<AnswerDto>,
    /// The level the revealed votes point to (their median, rounded), shown
    /// as a hint and never chosen for the team.
    pub suggested: Option<u8>,
    /// The round before this one, as revealed, once the team votes again.
    pub previous_round: Option<RevealDto>,
    /// Anonymous workshops: more tallies than people in the room, in words.
    pub overcount: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ActionDto {
    pub id: i64,
    pub question_id: Option<String>,
    pub title: String,
    pub owner: Option<String>,
    pub due_date: Option<String>,
    pub status: ActionStatus,
    /// A URL or ticket reference in the team's tracker: user text, shown as text.
    pub link: Option<String>,
}

impl From<&Action> for ActionDto {
    fn from(a: &Action) -> Self {
        ActionDto {
            id: a.id,
            question_id: a.question_id.clone(),
            title: a.title.clone(),
            owner: a.owner.clone(),
            due_date: a.due_date.map(|d| d.format("%Y-%m-%d").to_string()),
            status: a.status,
            link: a.link.clone(),
        }
    }
}

/// A workshop as the facilitator sees it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct WorkshopDto {
    pub assessment: AssessmentDto,
    pub anonymity: Anonymity,
    pub timer_seconds: u32,
    pub participants: Vec<ParticipantDto>,
    pub areas: Vec<AreaDto>,
    pub agenda: Vec<AgendaItemDto>,
    pub current: FacilitatorQuestionDto,
    /// How many people are in the room, when the facilitator said.
    pub headcount: Option<u32>,
    pub actions: Vec<ActionDto>,
    /// The five levels' names, level 1 first.
    pub level_names: Vec<String>,
    /// The breadths the agreed answer may carry, narrowest first.
    pub breadths: Vec<BreadthChoiceDto>,
}

/// The current question as the room sees it on the projector: no notes, no
/// names before the reveal, and names after it only in an open workshop.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PresentedDto {
    /// The workshop is finished: the room sees a closing screen, not a stale question.
    pub finished: bool,
    /// The round before this one, as revealed, once the team votes again.
    pub previous_round: Option<RevealDto>,
    pub team_name: String,
    pub area: Option<AreaDto>,
    pub question: QuestionDto,
    pub position: u32,
    pub total: u32,
    pub state: QuestionState,
    pub round: u32,
    pub voted_count: u32,
    /// How many can vote; null in an anonymous workshop.
    pub of: Option<u32>,
    pub timer_seconds: u32,
    pub elapsed_ms: u32,
    pub since: Option<String>,
    pub reveal: Option<RevealDto>,
    pub consensus: Option<ResponseDto>,
    /// The checks the team ticked while discussing this question.
    pub ticks: TicksDto,
    /// The five levels' names, level 1 first.
    pub level_names: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct NewActionDto {
    pub question_id: Option<String>,
    pub title: String,
    pub owner: Option<String>,
    /// YYYY-MM-DD.
    pub due_date: Option<String>,
    /// A URL or ticket reference; optional, so the workshop's and the
    /// results' forms need not send it.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub link: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SummaryQuestionDto {
    pub id: String,
    /// The question's title (`Question::name`).
    pub title: String,
    pub area: String,
    pub prompt: String,
    pub state: QuestionState,
    pub voted: u32,
    pub voters: Vec<String>,
    pub distribution: DistributionDto,
    pub consensus: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct GapDto {
    pub area: String,
    pub previous: f64,
    pub current: f64,
    pub delta: f64,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct WorkshopSummaryDto {
    pub team: String,
    pub date: String,
    pub anonymity: Anonymity,
    pub participants: u32,
    pub planned_minutes: u32,
    pub used_minutes: u32,
    pub questions: Vec<SummaryQuestionDto>,
    /// Indices into `questions`, most disagreement first.
    pub disagreements: Vec<u32>,
    pub gaps: Vec<GapDto>,
    pub previous_label: Option<String>,
    pub actions: Vec<ActionDto>,
    /// The whole summary as Markdown, escaped, for the team's wiki.
    pub markdown: String,
}
