//! Phone voting's rules over the store: who a phone is (`Voter`), joining,
//! the phone's view (built on the presented view) and a vote from a phone.
//! The voting server (crate opex-phone) keeps each phone's `Voter` and calls
//! these; it holds no rule of its own about who may vote or see what.

use crate::error::{Result, ServiceError};
use crate::views::common::ThemeDto;
use crate::views::phone::{PhoneChoiceDto, PhoneDto, PhoneJoinDto, PhoneVoteDto};
use crate::views::workshop::ParticipantDto;
use crate::workshops::presented_view;
use chrono::Utc;
use opex_core::Answer;
use opex_core::workshop::{QuestionState, Workshop};
use opex_store::Store;
use std::collections::{HashMap, HashSet};

/// The reason a "not applicable" vote carries; the same words as a vote
/// typed on the facilitator's keyboard.
pub const NA_VOTE_REASON: &str = "voted not applicable";

/// Who is on the other end of one phone.
#[derive(Debug, Clone, PartialEq)]
pub enum Voter {
    /// Has not joined yet.
    Stranger,
    /// A participant of an open or facilitator-only workshop.
    Named(i64),
    /// A phone in an anonymous workshop. The store keeps tallies only, so the
    /// phone's own vote per question and round is remembered here, and only
    /// as long as the voting session lives, so that it can be changed.
    Anonymous(HashMap<(String, u32), Answer>),
}

impl Voter {
    pub fn joined(&self) -> bool {
        !matches!(self, Voter::Stranger)
    }

    /// The participant this phone votes as, in a workshop that keeps names.
    pub fn participant(&self) -> Option<i64> {
        match self {
            Voter::Named(id) => Some(*id),
            _ => None,
        }
    }
}

impl From<PhoneChoiceDto> for Answer {
    fn from(c: PhoneChoiceDto) -> Self {
        match c {
            PhoneChoiceDto::Level { level } => Answer::Level(level),
            PhoneChoiceDto::NotApplicable => Answer::NotApplicable {
                reason: NA_VOTE_REASON.into(),
            },
            PhoneChoiceDto::DontKnow => Answer::DontKnow,
        }
    }
}

/// The workshop's name as the room knows it: its bank and the day it began.
fn workshop_name(w: &Workshop) -> String {
    format!(
        "{} · workshop of {}",
        w.bank.title,
        w.assessment.started_at.format("%-d %B %Y")
    )
}

/// The current question and its round.
fn current(w: &Workshop) -> Result<(&opex_core::workshop::WorkshopQuestion, &str)> {
    let q = w
        .question(&w.current)
        .ok_or_else(|| ServiceError::Invalid("the workshop has no questions".into()))?;
    Ok((q, q.question_id.as_str()))
}

/// This phone's vote in the current round.
fn my_vote(store: &Store, w: &Workshop, voter: &Voter) -> Result<Option<Answer>> {
    let (q, id) = current(w)?;
    Ok(match voter {
        Voter::Stranger => None,
        Voter::Named(pid) => store
            .round_votes(w.assessment.id, id)?
            .into_iter()
            .find(|v| v.participant == Some(*pid))
            .map(|v| v.answer),
        Voter::Anonymous(mine) => mine.get(&(id.to_string(), q.round)).cloned(),
    })
}

/// A phone's view of workshop `id`. `taken` holds the participants another
/// phone has joined as: a newcomer is not offered them.
pub fn view(
    store: &Store,
    id: i64,
    voter: &Voter,
    taken: &HashSet<i64>,
    t: ThemeDto,
) -> Result<PhoneDto> {
    let w = store.workshop(id)?;
    let finished = w.assessment.is_complete();
    let anonymity = w.settings.anonymity;
    let me = voter
        .participant()
        .and_then(|pid| w.participants.iter().find(|p| p.id == pid));
    // A participant the facilitator removed is no longer joined.
    let joined = match voter {
        Voter::Named(_) => me.is_some(),
        v => v.joined(),
    };
    let names = match (joined, anonymity.keeps_names()) {
        (false, true) => w
            .participants
            .iter()
            .filter(|p| !taken.contains(&p.id))
            .map(|p| ParticipantDto {
                id: p.id,
                name: p.name.clone(),
            })
            .collect(),
        _ => Vec::new(),
    };
    let (q, _) = current(&w)?;
    let presented = match joined {
        true => Some(presented_view(store, id, t)?),
        false => None,
    };
    Ok(PhoneDto {
        team_name: w.assessment.team_name.clone(),
        workshop_name: workshop_name(&w),
        anonymity,
        joined,
        me: me.map(|p| p.name.clone()),
        names,
        alias_allowed: anonymity.keeps_names() && !finished,
        presented,
        my_vote: match joined {
            true => my_vote(store, &w, voter)?.as_ref().map(Into::into),
            false => None,
        },
        can_vote: joined && !finished && q.state == QuestionState::Voting,
    })
}

/// Joins a phone to workshop `id`: as a listed participant no other phone
/// has taken, as a new participant under a typed alias, or (anonymous
/// workshops) with no name.
pub fn join(
    store: &mut Store,
    id: i64,
    voter: &Voter,
    join: &PhoneJoinDto,
    taken: &HashSet<i64>,
) -> Result<Voter> {
    let w = store.workshop(id)?;
    if w.assessment.is_complete() {
        return Err(opex_store::StoreError::Closed(id).into());
    }
    if voter.joined()
        && !matches!(voter, Voter::Named(pid) if !w.participants.iter().any(|p| p.id == *pid))
    {
        return Err(ServiceError::Conflict(
            "this phone has already joined the workshop".into(),
        ));
    }
    if !w.settings.anonymity.keeps_names() {
        return Ok(Voter::Anonymous(HashMap::new()));
    }
    match (join.participant_id, join.alias.as_deref().map(str::trim)) {
        (Some(pid), _) => {
            let p = w.participants.iter().find(|p| p.id == pid).ok_or_else(|| {
                ServiceError::Conflict("that name is no longer on the list".into())
            })?;
            if taken.contains(&pid) {
                return Err(ServiceError::Conflict(format!(
                    "{} has already joined from another phone; ask the facilitator to free the name",
                    p.name
                )));
            }
            Ok(Voter::Named(pid))
        }
        (None, Some(alias)) if !alias.is_empty() => {
            if let Some(p) = w
                .participants
                .iter()
                .find(|p| p.name.to_lowercase() == alias.to_lowercase())
            {
                return Err(ServiceError::Conflict(format!(
                    "{} is already on the list: pick it there",
                    p.name
                )));
            }
            Ok(Voter::Named(store.add_workshop_participant(id, alias)?.id))
        }
        _ => Err(ServiceError::Invalid(
            "pick your name from the list, or type an alias".into(),
        )),
    }
}

/// A vote from a phone, on the question and round the phone was shown: it
/// replaces the phone's earlier vote in that round. Refused once the votes
/// are revealed, or when the facilitator has moved on.
pub fn vote(store: &mut Store, id: i64, voter: &mut Voter, vote: &PhoneVoteDto) -> Result<()> {
    let w = store.workshop(id)?;
    if w.assessment.is_complete() {
        return Err(opex_store::StoreError::Closed(id).into());
    }
    let (q, current_id) = current(&w)?;
    if current_id != vote.question_id || q.round != vote.round {
        return Err(ServiceError::Conflict(
            "the facilitator has moved on: this vote was not counted".into(),
        ));
    }
    if q.state != QuestionState::Voting {
        return Err(ServiceError::Conflict(
            "the votes are revealed: voting on this question is closed".into(),
        ));
    }
    let answer: Answer = vote.choice.into();
    match voter {
        Voter::Stranger => Err(ServiceError::Conflict("join the workshop first".into())),
        Voter::Named(pid) => Ok(store.cast(id, current_id, Some(*pid), &answer, Utc::now())?),
        Voter::Anonymous(mine) => {
            let key = (current_id.to_string(), q.round);
            store.recast_tally(id, current_id, mine.get(&key), &answer)?;
            mine.insert(key, answer);
            Ok(())
        }
    }
}
