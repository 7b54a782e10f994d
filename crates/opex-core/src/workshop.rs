//! The rules of a facilitated workshop: how anonymous it is and who may see
//! whose vote, the states a question moves through and which moves are
//! allowed, and the answer the agree step starts on.

use crate::records::{Assessment, Participant};
use crate::scoring::Answer;
use crate::words::words;
use crate::{Bank, distribution::Distribution};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

words!(Anonymity, "anonymity", {
    Open => "open",
    Facilitator => "facilitator",
    Anonymous => "anonymous",
});

words!(QuestionState, "question state", {
    Voting => "voting",
    Revealed => "revealed",
    Agreed => "agreed",
    Skipped => "skipped",
});

/// How much of who voted what a workshop keeps and shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum Anonymity {
    /// Names are shown with the votes.
    Open,
    /// Names are stored, but screens and reports show none.
    Facilitator,
    /// Only the tally per level is stored: no per-person rows.
    Anonymous,
}

impl Anonymity {
    /// Whether names are shown beside votes and in summaries.
    pub fn shows_names(self) -> bool {
        self == Anonymity::Open
    }

    /// Whether names are kept at all (an anonymous workshop stores tallies only).
    pub fn keeps_names(self) -> bool {
        self != Anonymity::Anonymous
    }

    /// How a vote is attributed on a screen, in a report or an export: by name
    /// only in an open workshop; by position ("participant 2") when names are
    /// kept but not shown; not at all in an anonymous workshop. `position` is
    /// 1-based.
    pub fn attribution(self, position: usize, name: &str) -> Option<String> {
        match self {
            Anonymity::Open => Some(name.to_string()),
            Anonymity::Facilitator => Some(format!("participant {position}")),
            Anonymity::Anonymous => None,
        }
    }

    /// The name shown beside a vote: only in an open workshop, and only once
    /// the question's votes are shown at all.
    pub fn shown_name(
        self,
        state: QuestionState,
        participant: Option<i64>,
        participants: &[Participant],
    ) -> Option<&str> {
        if !self.shows_names() || !state.shows_votes() {
            return None;
        }
        let id = participant?;
        participants
            .iter()
            .find(|p| p.id == id)
            .map(|p| p.name.as_str())
    }
}

/// Where one question of a workshop stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum QuestionState {
    Voting,
    Revealed,
    Agreed,
    Skipped,
}

/// Something the facilitator does to a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    /// Cast or take back a vote.
    Vote,
    Reveal,
    /// Vote again: a new round, the earlier votes kept.
    Revote,
    Agree,
    Skip,
    /// Take a skipped question back onto the agenda.
    Unskip,
}

/// The result of an allowed move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transition {
    pub state: QuestionState,
    /// Voting starts a new round (the current round's votes stop counting).
    pub new_round: bool,
}

/// A move that the question's state does not allow.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("votes are closed for this question; start a re-vote to vote again")]
pub struct VotingClosed;

impl QuestionState {
    /// Votes are shown once revealed: a question skipped while voting keeps
    /// them hidden.
    pub fn shows_votes(self) -> bool {
        matches!(self, QuestionState::Revealed | QuestionState::Agreed)
    }

    /// Done with, for the agenda's progress.
    pub fn is_settled(self) -> bool {
        matches!(self, QuestionState::Agreed | QuestionState::Skipped)
    }

    /// What `m` does from this state. Votes change only while voting; a
    /// reveal closes voting once; a re-vote or an unskip opens a new round.
    pub fn apply(self, m: Move) -> Result<Transition, VotingClosed> {
        use QuestionState::*;
        let stay = Transition {
            state: self,
            new_round: false,
        };
        let to = |state| Transition {
            state,
            new_round: false,
        };
        Ok(match (m, self) {
            (Move::Vote, Voting) => stay,
            (Move::Vote, _) => return Err(VotingClosed),
            (Move::Reveal, Voting) => to(Revealed),
            (Move::Reveal, _) => stay,
            (Move::Revote, _) => Transition {
                state: Voting,
                new_round: true,
            },
            (Move::Agree, _) => to(Agreed),
            (Move::Skip, _) => to(Skipped),
            (Move::Unskip, Skipped) => Transition {
                state: Voting,
                new_round: true,
            },
            (Move::Unskip, _) => stay,
        })
    }
}

/// How a workshop is run, chosen when it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkshopSettings {
    pub anonymity: Anonymity,
    /// Discussion time per question.
    pub timer_seconds: u32,
    /// Limit to these areas; `None` for every area of the profile.
    pub areas: Option<Vec<String>>,
    /// How many people are in the room, when the facilitator said (anonymous
    /// workshops: more tallies than this are flagged).
    pub headcount: Option<u32>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct WorkshopQuestion {
    pub question_id: String,
    pub round: u32,
    pub state: QuestionState,
    /// Time spent on the question so far.
    pub elapsed_ms: u64,
    /// The facilitator's private note; never shown on the presented view.
    pub facilitator_note: Option<String>,
}

/// A workshop as the facilitator sees it.
#[derive(Debug, Clone)]
pub struct Workshop {
    pub assessment: Assessment,
    pub bank: Bank,
    pub settings: WorkshopSettings,
    /// Participants still in the workshop.
    pub participants: Vec<Participant>,
    /// Every question asked, in order.
    pub questions: Vec<WorkshopQuestion>,
    /// Where the facilitator is.
    pub current: String,
    /// When the facilitator arrived there.
    pub current_since: Option<DateTime<Utc>>,
}

impl Workshop {
    pub fn question(&self, id: &str) -> Option<&WorkshopQuestion> {
        self.questions.iter().find(|q| q.question_id == id)
    }

    /// Milliseconds since the facilitator arrived at the current question, up
    /// to `at`; 0 while the clock is stopped.
    pub fn time_on_current(&self, at: DateTime<Utc>) -> i64 {
        self.current_since
            .map_or(0, |since| (at - since).num_milliseconds().max(0))
    }

    /// The planned length: the timer for every question, in whole minutes.
    pub fn planned_minutes(&self) -> u64 {
        (self.questions.len() as u64 * u64::from(self.settings.timer_seconds)).div_ceil(60)
    }

    /// Time spent on every question so far, in whole minutes.
    pub fn used_minutes(&self) -> u64 {
        self.questions.iter().map(|q| q.elapsed_ms).sum::<u64>() / 60_000
    }
}

/// One vote of the current round: by a participant, or from an anonymous tally.
#[derive(Debug, Clone, PartialEq)]
pub struct RoundVote {
    pub participant: Option<i64>,
    pub answer: Answer,
}

/// What to do with a removed participant's votes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RemovedVotes {
    /// Keep them, counted, under no name.
    KeepAnonymously,
    Delete,
}

/// The answer the agree step starts on: what the team already agreed, else
/// nothing. After a reveal the facilitator chooses a level before agreeing,
/// so no agreement happens by a stray Enter.
pub fn preselected(consensus: Option<&Answer>) -> Option<Answer> {
    consensus.cloned()
}

/// The level the revealed votes point to, offered as a hint and never chosen
/// for the team: their median rounded to a level (half up).
pub fn suggested(revealed: Option<&Distribution>) -> Option<u8> {
    let median = revealed?.median?;
    Some(median.round().clamp(1.0, 5.0) as u8)
}

/// More tallies than people in the room: a miscount to fix before the
/// reveal. Says so in words, or `None` when the count is possible.
pub fn overcount(tallies: usize, headcount: Option<u32>) -> Option<String> {
    let people = headcount? as usize;
    (tallies > people).then(|| {
        format!(
            "{tallies} votes counted for {people} {}: undo the extra one{} before the reveal.",
            if people == 1 { "person" } else { "people" },
            if tallies - people == 1 { "" } else { "s" }
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::distribution::distribution;

    #[test]
    fn each_move_from_each_state() {
        use Move::*;
        use QuestionState::*;
        let ok = |state, new_round| Ok(Transition { state, new_round });
        let table: &[(QuestionState, Move, Result<Transition, VotingClosed>)] = &[
            (Voting, Vote, ok(Voting, false)),
            (Revealed, Vote, Err(VotingClosed)),
            (Agreed, Vote, Err(VotingClosed)),
            (Skipped, Vote, Err(VotingClosed)),
            (Voting, Reveal, ok(Revealed, false)),
            (Revealed, Reveal, ok(Revealed, false)),
            (Agreed, Reveal, ok(Agreed, false)),
            (Skipped, Reveal, ok(Skipped, false)),
            (Voting, Revote, ok(Voting, true)),
            (Revealed, Revote, ok(Voting, true)),
            (Agreed, Revote, ok(Voting, true)),
            (Voting, Agree, ok(Agreed, false)),
            (Revealed, Agree, ok(Agreed, false)),
            (Revealed, Skip, ok(Skipped, false)),
            (Skipped, Unskip, ok(Voting, true)),
            (Agreed, Unskip, ok(Agreed, false)),
            (Voting, Unskip, ok(Voting, false)),
        ];
        for (from, m, expect) in table {
            assert_eq!(&from.apply(*m), expect, "{m:?} from {from:?}");
        }
    }

    #[test]
    fn votes_show_only_once_revealed() {
        let shown: Vec<bool> = QuestionState::ALL.iter().map(|s| s.shows_votes()).collect();
        assert_eq!(shown, [false, true, true, false]);
    }

    #[test]
    fn only_an_open_workshop_shows_names_and_only_after_the_reveal() {
        let people = vec![Participant {
            id: 3,
            assessment_id: 1,
            name: "Ana".into(),
        }];
        let check = |a: Anonymity, s: QuestionState, p: Option<i64>, expect: Option<&str>| {
            assert_eq!(a.shown_name(s, p, &people), expect, "{a:?} {s:?} {p:?}");
        };
        check(
            Anonymity::Open,
            QuestionState::Revealed,
            Some(3),
            Some("Ana"),
        );
        check(Anonymity::Open, QuestionState::Agreed, Some(3), Some("Ana"));
        check(Anonymity::Open, QuestionState::Voting, Some(3), None);
        check(Anonymity::Open, QuestionState::Skipped, Some(3), None);
        check(Anonymity::Open, QuestionState::Revealed, Some(9), None);
        check(Anonymity::Open, QuestionState::Revealed, None, None);
        check(
            Anonymity::Facilitator,
            QuestionState::Revealed,
            Some(3),
            None,
        );
        check(Anonymity::Anonymous, QuestionState::Revealed, Some(3), None);
    }

    #[test]
    fn attribution_follows_the_anonymity() {
        let table = [
            (Anonymity::Open, Some("Ana")),
            (Anonymity::Facilitator, Some("participant 2")),
            (Anonymity::Anonymous, None),
        ];
        for (a, expect) in table {
            assert_eq!(a.attribution(2, "Ana").as_deref(), expect, "{a:?}");
        }
        let kept: Vec<bool> = Anonymity::ALL.iter().map(|a| a.keeps_names()).collect();
        assert_eq!(kept, [true, true, false]);
        for &a in Anonymity::ALL {
            assert_eq!(a.as_str().parse::<Anonymity>().ok(), Some(a));
        }
        assert!("secret".parse::<Anonymity>().is_err());
    }

    #[test]
    fn the_agree_step_starts_on_the_consensus_only_and_suggests_the_median() {
        use Answer::*;
        let d = |levels: &[u8]| distribution(&levels.iter().map(|l| Level(*l)).collect::<Vec<_>>());
        // A 2-to-5 split is never agreed for the team by default.
        assert_eq!(preselected(None), None);
        assert_eq!(preselected(Some(&DontKnow)), Some(DontKnow));
        let table: &[(Option<Distribution>, Option<u8>)] = &[
            (Some(d(&[2, 3])), Some(3)),
            (Some(d(&[3, 4])), Some(4)),
            (Some(d(&[1, 2, 2])), Some(2)),
            (Some(d(&[2, 2, 5, 5, 5])), Some(5)),
            (Some(d(&[])), None),
            (None, None),
        ];
        for (revealed, expect) in table {
            assert_eq!(&suggested(revealed.as_ref()), expect, "{revealed:?}");
        }
    }

    #[test]
    fn more_tallies_than_people_is_flagged() {
        assert_eq!(overcount(4, Some(4)), None);
        assert_eq!(overcount(9, None), None);
        assert_eq!(
            overcount(5, Some(4)).as_deref(),
            Some("5 votes counted for 4 people: undo the extra one before the reveal.")
        );
        assert_eq!(
            overcount(3, Some(1)).as_deref(),
            Some("3 votes counted for 1 person: undo the extra ones before the reveal.")
        );
    }
}
