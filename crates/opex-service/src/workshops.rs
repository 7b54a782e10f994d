//! A facilitated workshop: starting it, every change the facilitator makes,
//! and the three views of it (the facilitator's, the presented one and the
//! closing summary). Who may see whose vote is core's rule
//! (`Anonymity::shown_name`), applied here for every view.

use crate::error::{Result, ServiceError};
use crate::load::{bank_for, previous, reviews};
use crate::views::common::{AssessmentDto, ThemeDto, TicksDto};
use crate::views::workshop::*;
use chrono::Utc;
use opex_core::Bank;
use opex_core::action::{NewAction, question_area};
use opex_core::distribution::distribution;
use opex_core::workshop::{RemovedVotes, RoundVote, Workshop, WorkshopQuestion, WorkshopSettings};
use opex_store::{NewWorkshop, Store};
use std::collections::HashMap;

fn reveal(
    w: &Workshop,
    state: opex_core::workshop::QuestionState,
    votes: &[RoundVote],
    t: ThemeDto,
) -> Result<RevealDto> {
    let answers: Vec<opex_core::Answer> = votes.iter().map(|v| v.answer.clone()).collect();
    let d = distribution(&answers);
    let anonymity = w.settings.anonymity;
    Ok(RevealDto {
        distribution: (&d).into(),
        chart: opex_report::charts::vote_strip(&d, t.into())?,
        votes: votes
            .iter()
            .map(|v| RevealedVoteDto {
                name: anonymity
                    .shown_name(state, v.participant, &w.participants)
                    .map(str::to_string),
                answer: (&v.answer).into(),
            })
            .collect(),
    })
}

/// The question the facilitator is on, its current round's votes and its
/// recorded consensus.
struct Current<'a> {
    q: WorkshopQuestion,
    question: &'a opex_core::Question,
    votes: Vec<RoundVote>,
    consensus: Option<opex_core::Response>,
}

fn current<'a>(store: &Store, w: &'a Workshop) -> Result<Current<'a>> {
    let q = w
        .question(&w.current)
        .cloned()
        .ok_or_else(|| ServiceError::Invalid("the workshop has no questions".into()))?;
    let question = w.bank.question(&q.question_id).ok_or_else(|| {
        ServiceError::Invalid(format!(
            "question `{}` is not in the workshop's bank",
            q.question_id
        ))
    })?;
    let votes = store.round_votes(w.assessment.id, &q.question_id)?;
    let consensus = store
        .consensus(w.assessment.id)?
        .into_iter()
        .find(|c| c.question_id == q.question_id)
        .map(|c| c.response);
    Ok(Current {
        q,
        question,
        votes,
        consensus,
    })
}

fn ms(v: u64) -> u32 {
    v.min(u64::from(u32::MAX)) as u32
}

/// The round before the current one, as it was revealed, once the team
/// votes again: shown faded beside the new round.
fn previous_round(
    store: &Store,
    w: &Workshop,
    c: &Current,
    t: ThemeDto,
) -> Result<Option<RevealDto>> {
    if c.q.round < 2 {
        return Ok(None);
    }
    let votes = store.votes_of_round(w.assessment.id, &c.q.question_id, c.q.round - 1)?;
    Ok(Some(reveal(
        w,
        opex_core::workshop::QuestionState::Revealed,
        &votes,
        t,
    )?))
}

/// The workshop as the facilitator sees it.
pub fn facilitator_view(store: &Store, id: i64, t: ThemeDto) -> Result<WorkshopDto> {
    let w = store.workshop(id)?;
    let scored = store.scored(id)?;
    let c = current(store, &w)?;
    // Votes show only once revealed: a question skipped while voting keeps them hidden.
    let reveal = match c.q.state.shows_votes() {
        true => Some(reveal(&w, c.q.state, &c.votes, t)?),
        false => None,
    };
    let revealed = c.q.state.shows_votes().then(|| {
        let answers: Vec<opex_core::Answer> = c.votes.iter().map(|v| v.answer.clone()).collect();
        distribution(&answers)
    });
    let preselected = opex_core::workshop::preselected(c.consensus.as_ref().map(|r| &r.answer));
    let suggested = opex_core::workshop::suggested(revealed.as_ref());
    let overcount = match (w.settings.anonymity.keeps_names(), c.q.state) {
        (false, opex_core::workshop::QuestionState::Voting) => {
            opex_core::workshop::overcount(c.votes.len(), w.settings.headcount)
        }
        _ => None,
    };
    let previous_round = previous_round(store, &w, &c, t)?;
    Ok(WorkshopDto {
        assessment: AssessmentDto::scored(&scored),
        anonymity: w.settings.anonymity,
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
                title: w
                    .bank
                    .question(&wq.question_id)
                    .map_or_else(|| wq.question_id.clone(), |q| q.name()),
                area: w
                    .bank
                    .question(&wq.question_id)
                    .map(|q| q.area.clone())
                    .unwrap_or_default(),
                state: wq.state,
                elapsed_ms: ms(wq.elapsed_ms),
            })
            .collect(),
        current: FacilitatorQuestionDto {
            question: c.question.into(),
            state: c.q.state,
            round: c.q.round,
            elapsed_ms: ms(c.q.elapsed_ms),
            since: w.current_since.map(|s| s.to_rfc3339()),
            voted_count: c.votes.len() as u32,
            voted: c.votes.iter().filter_map(|v| v.participant).collect(),
            reveal,
            consensus: c.consensus.as_ref().map(Into::into),
            ticks: TicksDto::new(&scored, &c.question.id),
            facilitator_note: c.q.facilitator_note.clone(),
            next_steps: c.question.next_steps.clone(),
            preselected: preselected.as_ref().map(Into::into),
            suggested,
            previous_round,
            overcount,
        },
        headcount: w.settings.headcount,
        actions: store.actions_of(id)?.iter().map(Into::into).collect(),
        level_names: opex_core::levels::level_names(),
        breadths: crate::views::common::breadth_choices(),
    })
}

/// The workshop as the room sees it on the projector.
pub fn presented_view(store: &Store, id: i64, t: ThemeDto) -> Result<PresentedDto> {
    let w = store.workshop(id)?;
    let c = current(store, &w)?;
    let position = w
        .questions
        .iter()
        .position(|x| x.question_id == c.q.question_id)
        .unwrap_or(0) as u32
        + 1;
    let reveal = match c.q.state.shows_votes() {
        true => Some(reveal(&w, c.q.state, &c.votes, t)?),
        false => None,
    };
    Ok(PresentedDto {
        finished: w.assessment.is_complete(),
        previous_round: previous_round(store, &w, &c, t)?,
        team_name: w.assessment.team_name.clone(),
        area: w.bank.area(&c.question.area).map(Into::into),
        question: c.question.into(),
        position,
        total: w.questions.len() as u32,
        state: c.q.state,
        round: c.q.round,
        voted_count: c.votes.len() as u32,
        of: w
            .settings
            .anonymity
            .keeps_names()
            .then_some(w.participants.len() as u32),
        timer_seconds: w.settings.timer_seconds,
        elapsed_ms: ms(c.q.elapsed_ms),
        since: w.current_since.map(|s| s.to_rfc3339()),
        reveal,
        consensus: c.consensus.as_ref().map(Into::into),
        ticks: TicksDto::of(c.question, store.ticked_checks(id)?.get(&c.question.id)),
        level_names: opex_core::levels::level_names(),
    })
}

/// Starts a workshop on the built-in bank or a stored one, recording the
/// review of open actions with it.
pub fn start(store: &mut Store, builtin: &Bank, setup: WorkshopSetupDto) -> Result<AssessmentDto> {
    let bank = bank_for(store, builtin, setup.bank_hash.as_deref())?;
    let new = NewWorkshop {
        team_id: setup.team_id,
        bank: &bank,
        profile: setup.profile.as_deref().unwrap_or("full"),
        settings: WorkshopSettings {
            anonymity: setup.anonymity,
            timer_seconds: setup.timer_seconds,
            areas: setup.areas,
            headcount: setup.headcount,
        },
        names: setup.participants,
        reviews: reviews(setup.reviews),
    };
    let a = store.start_workshop(&new, Utc::now())?;
    crate::assessments::assessment(store, a.id)
}

/// Removes a participant; their votes are kept under no name, or deleted.
pub fn remove_participant(
    store: &mut Store,
    assessment_id: i64,
    participant_id: i64,
    keep_votes: bool,
) -> Result<()> {
    let votes = if keep_votes {
        RemovedVotes::KeepAnonymously
    } else {
        RemovedVotes::Delete
    };
    Ok(store.remove_participant(assessment_id, participant_id, votes, Utc::now())?)
}

/// Adds an action captured during an assessment; its area follows its question.
pub fn add_action(
    store: &mut Store,
    assessment_id: i64,
    action: NewActionDto,
) -> Result<ActionDto> {
    let a = store.assessment(assessment_id)?;
    let bank = store.bank_of(assessment_id)?;
    let new = NewAction {
        team_id: a.team_id,
        assessment_id: Some(assessment_id),
        area_id: question_area(&bank, action.question_id.as_deref()),
        question_id: action.question_id,
        title: action.title,
        owner: action.owner,
        due_date: crate::load::parse_date(action.due_date.as_deref())?,
        link: action.link,
    };
    Ok((&store.add_action(&new, Utc::now())?).into())
}

/// Loads everything a workshop's closing summary needs and builds it.
pub fn load_summary(
    store: &Store,
    id: i64,
) -> Result<opex_report::closing_summary::WorkshopSummary> {
    let w = store.workshop(id)?;
    let current = store.scored(id)?;
    let previous = previous(store, &current)?;
    let mut votes = HashMap::new();
    for q in &w.questions {
        votes.insert(
            q.question_id.clone(),
            store.round_votes(id, &q.question_id)?,
        );
    }
    let actions = store.actions_of(id)?;
    Ok(opex_report::closing_summary::workshop_summary(
        &w,
        &current,
        previous.as_ref(),
        &votes,
        actions,
    ))
}

/// The closing summary as the app shows it, with its Markdown.
pub fn summary(store: &Store, id: i64) -> Result<WorkshopSummaryDto> {
    let s = load_summary(store, id)?;
    Ok(WorkshopSummaryDto {
        markdown: opex_report::closing_summary::workshop_markdown(&s),
        team: s.team,
        date: s.date,
        anonymity: s.anonymity,
        participants: s.participants as u32,
        planned_minutes: s.planned_minutes as u32,
        used_minutes: s.used_minutes as u32,
        questions: s
            .questions
            .iter()
            .map(|q| SummaryQuestionDto {
                id: q.id.clone(),
                title: q.title.clone(),
                area: q.area.clone(),
                prompt: q.prompt.clone(),
                state: q.state,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_questions_whose_votes_span_two_levels_count_as_disagreement() {
        use opex_core::Answer::Level;
        use opex_core::workshop::Anonymity;
        let mut store = opex_store::Store::open_in_memory().unwrap_or_else(|e| panic!("{e}"));
        let team = store.create_team("T").unwrap_or_else(|e| panic!("{e}"));
        let bank = opex_core::default_bank().unwrap_or_else(|e| panic!("{e}"));
        let settings = WorkshopSettings {
            anonymity: Anonymity::Open,
            timer_seconds: 60,
            areas: Some(vec!["scaling".into()]),
            headcount: None,
        };
        let names: Vec<String> = ["A", "B", "C"].iter().map(|s| s.to_string()).collect();
        let now = chrono::Utc::now();
        let new = NewWorkshop {
            team_id: team.id,
            bank: &bank,
            profile: "full",
            settings,
            names,
            reviews: Vec::new(),
        };
        let a = store
            .start_workshop(&new, now)
            .unwrap_or_else(|e| panic!("{e}"));
        let w = store.workshop(a.id).unwrap_or_else(|e| panic!("{e}"));
        let cast = |store: &mut opex_store::Store, q: usize, levels: [u8; 3]| {
            for (p, l) in w.participants.iter().zip(levels) {
                store
                    .cast(
                        a.id,
                        &w.questions[q].question_id,
                        Some(p.id),
                        &Level(l),
                        now,
                    )
                    .unwrap_or_else(|e| panic!("{e}"));
            }
        };
        cast(&mut store, 0, [3, 4, 3]);
        cast(&mut store, 1, [1, 4, 5]);
        cast(&mut store, 2, [2, 4, 2]);
        let s = load_summary(&store, a.id).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            s.disagreements,
            vec![1, 2],
            "widest spread first; a 3-to-4 split is not a disagreement"
        );
    }
}
