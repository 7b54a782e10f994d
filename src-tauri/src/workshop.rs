//! Workshop DTOs and the views that build them. The facilitator's view and the
//! presented view are different types: the presented one has no field for the
//! facilitator's notes or for who has voted, so they cannot leak onto the projector.

use crate::dto::{AnswerDto, AreaDto, AssessmentDto, QuestionDto, ResponseDto, ThemeDto};
use crate::error::{CmdResult, CommandError, ErrorKind};
use chrono::Utc;
use opex_core::Bank;
use opex_core::distribution::{Distribution, distribution};
use opex_report::Theme;
use opex_store::Store;
use opex_store::workshop::{
    Action, Anonymity, QuestionState, RemovedVotes, RoundVote, Workshop, WorkshopSettings,
};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/lib/bindings/")]
pub enum AnonymityDto {
    Open,
    Facilitator,
    Anonymous,
}

impl From<Anonymity> for AnonymityDto {
    fn from(a: Anonymity) -> Self {
        match a {
            Anonymity::Open => AnonymityDto::Open,
            Anonymity::Facilitator => AnonymityDto::Facilitator,
            Anonymity::Anonymous => AnonymityDto::Anonymous,
        }
    }
}

impl From<AnonymityDto> for Anonymity {
    fn from(a: AnonymityDto) -> Self {
        match a {
            AnonymityDto::Open => Anonymity::Open,
            AnonymityDto::Facilitator => Anonymity::Facilitator,
            AnonymityDto::Anonymous => Anonymity::Anonymous,
        }
    }
}

#[derive(Debug, Clone, Copy, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/lib/bindings/")]
pub enum QuestionStateDto {
    Voting,
    Revealed,
    Agreed,
    Skipped,
}

impl From<QuestionState> for QuestionStateDto {
    fn from(s: QuestionState) -> Self {
        match s {
            QuestionState::Voting => QuestionStateDto::Voting,
            QuestionState::Revealed => QuestionStateDto::Revealed,
            QuestionState::Agreed => QuestionStateDto::Agreed,
            QuestionState::Skipped => QuestionStateDto::Skipped,
        }
    }
}

/// How a facilitator sets up a workshop.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/lib/bindings/")]
pub struct WorkshopSetupDto {
    pub team_id: i64,
    pub bank_hash: Option<String>,
    pub profile: Option<String>,
    /// Limit to these areas; null for all of the profile's.
    pub areas: Option<Vec<String>>,
    pub anonymity: AnonymityDto,
    pub timer_seconds: u32,
    /// Names or aliases; ignored (not stored) in an anonymous workshop.
    pub participants: Vec<String>,
    /// The review of the team's open actions, recorded with the start.
    #[serde(default)]
    pub reviews: Vec<crate::history::ReviewDto>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/lib/bindings/")]
pub struct ParticipantDto {
    pub id: i64,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/lib/bindings/")]
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
#[ts(export, export_to = "../../ui/src/lib/bindings/")]
pub struct RevealedVoteDto {
    pub name: Option<String>,
    pub answer: AnswerDto,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/lib/bindings/")]
pub struct RevealDto {
    pub distribution: DistributionDto,
    /// The dot plot, drawn by opex-report.
    pub chart: String,
    pub votes: Vec<RevealedVoteDto>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/lib/bindings/")]
pub struct AgendaItemDto {
    pub question_id: String,
    pub area: String,
    pub state: QuestionStateDto,
    pub elapsed_ms: u32,
}

/// The current question as the facilitator sees it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/lib/bindings/")]
pub struct FacilitatorQuestionDto {
    pub question: QuestionDto,
    pub state: QuestionStateDto,
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
    pub facilitator_note: Option<String>,
    /// For levels 1-4: the next step, to pre-fill an action.
    pub next_steps: Vec<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/lib/bindings/")]
pub struct ActionDto {
    pub id: i64,
    pub question_id: Option<String>,
    pub title: String,
    pub owner: Option<String>,
    pub due_date: Option<String>,
    pub status: String,
}

impl From<&Action> for ActionDto {
    fn from(a: &Action) -> Self {
        ActionDto {
            id: a.id,
            question_id: a.question_id.clone(),
            title: a.title.clone(),
            owner: a.owner.clone(),
            due_date: a.due_date.clone(),
            status: a.status.clone(),
        }
    }
}

/// A workshop as the facilitator sees it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/lib/bindings/")]
pub struct WorkshopDto {
    pub assessment: AssessmentDto,
    pub anonymity: AnonymityDto,
    pub timer_seconds: u32,
    pub participants: Vec<ParticipantDto>,
    pub areas: Vec<AreaDto>,
    pub agenda: Vec<AgendaItemDto>,
    pub current: FacilitatorQuestionDto,
    pub actions: Vec<ActionDto>,
}

/// The current question as the room sees it on the projector: no notes, no
/// names before the reveal, and names after it only in an open workshop.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/lib/bindings/")]
pub struct PresentedDto {
    pub team_name: String,
    pub area: Option<AreaDto>,
    pub question: QuestionDto,
    pub position: u32,
    pub total: u32,
    pub state: QuestionStateDto,
    pub round: u32,
    pub voted_count: u32,
    /// How many can vote; null in an anonymous workshop.
    pub of: Option<u32>,
    pub timer_seconds: u32,
    pub elapsed_ms: u32,
    pub since: Option<String>,
    pub reveal: Option<RevealDto>,
    pub consensus: Option<ResponseDto>,
}

fn theme(t: ThemeDto) -> Theme {
    match t {
        ThemeDto::Light => Theme::Light,
        ThemeDto::Dark => Theme::Dark,
    }
}

fn reveal(w: &Workshop, votes: &[RoundVote], t: ThemeDto) -> RevealDto {
    let answers: Vec<opex_core::Answer> = votes.iter().map(|v| v.answer.clone()).collect();
    let d = distribution(&answers);
    let names: HashMap<i64, &str> = w
        .participants
        .iter()
        .map(|p| (p.id, p.name.as_str()))
        .collect();
    let open = w.settings.anonymity == Anonymity::Open;
    RevealDto {
        distribution: (&d).into(),
        chart: opex_report::charts::vote_strip(&d, theme(t)),
        votes: votes
            .iter()
            .map(|v| RevealedVoteDto {
                name: if open {
                    v.participant
                        .and_then(|p| names.get(&p))
                        .map(|n| n.to_string())
                } else {
                    None
                },
                answer: (&v.answer).into(),
            })
            .collect(),
    }
}

fn current_parts(
    store: &Store,
    w: &Workshop,
) -> CmdResult<(opex_store::workshop::WorkshopQuestion, Vec<RoundVote>)> {
    let q = w
        .question(&w.current)
        .cloned()
        .ok_or_else(|| CommandError {
            kind: ErrorKind::Invalid,
            message: "the workshop has no questions".into(),
        })?;
    let votes = store.round_votes(w.assessment.id, &q.question_id)?;
    Ok((q, votes))
}

fn consensus(store: &Store, w: &Workshop, question_id: &str) -> CmdResult<Option<ResponseDto>> {
    Ok(store
        .consensus(w.assessment.id)?
        .into_iter()
        .find(|c| c.question_id == question_id)
        .map(|c| ResponseDto {
            answer: (&c.response.answer).into(),
            note: c.response.note,
        }))
}

pub fn facilitator_view(store: &Store, id: i64, t: ThemeDto) -> CmdResult<WorkshopDto> {
    let w = store.workshop(id)?;
    let scored = store.scored(id)?;
    let (q, votes) = current_parts(store, &w)?;
    let question = w
        .bank
        .question(&q.question_id)
        .ok_or_else(|| CommandError {
            kind: ErrorKind::Bank,
            message: format!("question `{}` is not in the workshop's bank", q.question_id),
        })?;
    // Votes show only once revealed: a question skipped while voting keeps them hidden.
    let revealed = matches!(q.state, QuestionState::Revealed | QuestionState::Agreed);
    Ok(WorkshopDto {
        assessment: AssessmentDto::new(&scored.assessment, &scored),
        anonymity: w.settings.anonymity.into(),
        timer_seconds: w.settings.timer_seconds,
        participants: w
            .participants
            .iter()
            .map(|p| ParticipantDto {
                id: p.id,
                name: p.name.clone(),
            })
            .collect(),
        areas: w.bank.areas.iter().map(Into::into).collect(),
        agenda: w
            .questions
            .iter()
            .map(|wq| AgendaItemDto {
                question_id: wq.question_id.clone(),
                area: w
                    .bank
                    .question(&wq.question_id)
                    .map(|q| q.area.clone())
                    .unwrap_or_default(),
                state: wq.state.into(),
                elapsed_ms: wq.elapsed_ms.min(u64::from(u32::MAX)) as u32,
            })
            .collect(),
        current: FacilitatorQuestionDto {
            question: question.into(),
            state: q.state.into(),
            round: q.round,
            elapsed_ms: q.elapsed_ms.min(u64::from(u32::MAX)) as u32,
            since: w.current_since.map(|s| s.to_rfc3339()),
            voted_count: votes.len() as u32,
            voted: votes.iter().filter_map(|v| v.participant).collect(),
            reveal: revealed.then(|| reveal(&w, &votes, t)),
            consensus: consensus(store, &w, &q.question_id)?,
            facilitator_note: q.facilitator_note.clone(),
            next_steps: question.next_steps.clone(),
        },
        actions: store.actions_of(id)?.iter().map(Into::into).collect(),
    })
}

pub fn presented_view(store: &Store, id: i64, t: ThemeDto) -> CmdResult<PresentedDto> {
    let w = store.workshop(id)?;
    let (q, votes) = current_parts(store, &w)?;
    let question = w
        .bank
        .question(&q.question_id)
        .ok_or_else(|| CommandError {
            kind: ErrorKind::Bank,
            message: format!("question `{}` is not in the workshop's bank", q.question_id),
        })?;
    let position = w
        .questions
        .iter()
        .position(|x| x.question_id == q.question_id)
        .unwrap_or(0) as u32
        + 1;
    Ok(PresentedDto {
        team_name: w.assessment.team_name.clone(),
        area: w.bank.area(&question.area).map(Into::into),
        question: question.into(),
        position,
        total: w.questions.len() as u32,
        state: q.state.into(),
        round: q.round,
        voted_count: votes.len() as u32,
        of: (w.settings.anonymity != Anonymity::Anonymous).then_some(w.participants.len() as u32),
        timer_seconds: w.settings.timer_seconds,
        elapsed_ms: q.elapsed_ms.min(u64::from(u32::MAX)) as u32,
        since: w.current_since.map(|s| s.to_rfc3339()),
        reveal: matches!(q.state, QuestionState::Revealed | QuestionState::Agreed)
            .then(|| reveal(&w, &votes, t)),
        consensus: consensus(store, &w, &q.question_id)?,
    })
}

pub fn start(
    store: &mut Store,
    builtin: &Bank,
    setup: WorkshopSetupDto,
) -> CmdResult<AssessmentDto> {
    let stored;
    let bank = match setup.bank_hash.as_deref() {
        Some(hash) if hash != builtin.content_hash() => {
            stored = store.stored_bank(hash)?;
            &stored
        }
        _ => builtin,
    };
    let settings = WorkshopSettings {
        anonymity: setup.anonymity.into(),
        timer_seconds: setup.timer_seconds,
        areas: setup.areas,
    };
    let profile = setup.profile.unwrap_or_else(|| "full".into());
    let reviews = crate::history::reviews(setup.reviews)?;
    let a = store.start_workshop_reviewed(
        setup.team_id,
        bank,
        &profile,
        &settings,
        &setup.participants,
        Utc::now(),
        &reviews,
    )?;
    crate::views::assessment(store, a.id)
}

pub fn remove(
    store: &mut Store,
    assessment_id: i64,
    participant_id: i64,
    keep_votes: bool,
) -> CmdResult<()> {
    let votes = if keep_votes {
        RemovedVotes::KeepAnonymously
    } else {
        RemovedVotes::Delete
    };
    Ok(store.remove_participant(assessment_id, participant_id, votes, Utc::now())?)
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/lib/bindings/")]
pub struct NewActionDto {
    pub question_id: Option<String>,
    pub title: String,
    pub owner: Option<String>,
    /// YYYY-MM-DD.
    pub due_date: Option<String>,
}

pub fn add_action(
    store: &mut Store,
    assessment_id: i64,
    action: NewActionDto,
) -> CmdResult<ActionDto> {
    let a = store.assessment(assessment_id)?;
    let bank = store.bank_of(assessment_id)?;
    let due = match action
        .due_date
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        Some(d) => Some(
            chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| CommandError {
                kind: ErrorKind::Invalid,
                message: format!("\"{d}\" is not a date; use YYYY-MM-DD"),
            })?,
        ),
        None => None,
    };
    let area = action
        .question_id
        .as_deref()
        .and_then(|q| bank.question(q))
        .map(|q| q.area.clone());
    let saved = store.add_action(
        a.team_id,
        Some(assessment_id),
        action.question_id.as_deref(),
        area.as_deref(),
        &action.title,
        action.owner.as_deref(),
        due,
        Utc::now(),
    )?;
    Ok((&saved).into())
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/lib/bindings/")]
pub struct SummaryQuestionDto {
    pub id: String,
    pub area: String,
    pub prompt: String,
    pub state: QuestionStateDto,
    pub voted: u32,
    pub voters: Vec<String>,
    pub distribution: DistributionDto,
    pub consensus: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/lib/bindings/")]
pub struct GapDto {
    pub area: String,
    pub previous: f64,
    pub current: f64,
    pub delta: f64,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/lib/bindings/")]
pub struct WorkshopSummaryDto {
    pub team: String,
    pub date: String,
    pub anonymity: AnonymityDto,
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

pub fn summary(store: &Store, id: i64) -> CmdResult<WorkshopSummaryDto> {
    let s = opex_report::workshop::load_summary(store, id)?;
    Ok(WorkshopSummaryDto {
        markdown: opex_report::workshop::workshop_markdown(&s),
        team: s.team,
        date: s.date,
        anonymity: s.anonymity.into(),
        participants: s.participants as u32,
        planned_minutes: s.planned_minutes as u32,
        used_minutes: s.used_minutes as u32,
        questions: s
            .questions
            .iter()
            .map(|q| SummaryQuestionDto {
                id: q.id.clone(),
                area: q.area.clone(),
                prompt: q.prompt.clone(),
                state: q.state.into(),
                voted: q.voted as u32,
                voters: q.voters.clone(),
                distribution: (&q.distribution).into(),
                consensus: q.consensus.clone(),
            })
            .collect(),
        disagreements: s.disagreements.iter().map(|i| *i as u32).collect(),
        gaps: s
            .gaps
            .iter()
            .map(|g| GapDto {
                area: g.area.clone(),
                previous: g.previous,
                current: g.current,
                delta: g.delta,
            })
            .collect(),
        previous_label: s.previous_label,
        actions: s.actions.iter().map(Into::into).collect(),
    })
}
