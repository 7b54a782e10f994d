//! Workshop mode in the store: a facilitated assessment with secret votes in
//! rounds, a reveal, a consensus per question, anonymity honoured at the row
//! level, and improvement actions. Every call is one transaction.

use crate::queries::{
    Assessment, Participant, answer_cols, check_profile, insert_assessment, parse_ts, ts,
};
use crate::{Store, StoreError};
use chrono::{DateTime, Utc};
use opex_core::{Answer, Bank, Response};
use rusqlite::{OptionalExtension, Transaction, params};
use std::collections::{HashMap, HashSet};

/// How much of who voted what a workshop keeps and shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anonymity {
    /// Names are shown with the votes.
    Open,
    /// Names are stored, but screens and reports show none.
    Facilitator,
    /// Only the tally per level is stored: no per-person rows.
    Anonymous,
}

impl Anonymity {
    pub fn as_str(self) -> &'static str {
        match self {
            Anonymity::Open => "open",
            Anonymity::Facilitator => "facilitator",
            Anonymity::Anonymous => "anonymous",
        }
    }

    pub fn parse(s: &str) -> Result<Anonymity, StoreError> {
        match s {
            "open" => Ok(Anonymity::Open),
            "facilitator" => Ok(Anonymity::Facilitator),
            "anonymous" => Ok(Anonymity::Anonymous),
            other => Err(StoreError::Invalid(format!("unknown anonymity `{other}`"))),
        }
    }
}

/// Where one question of a workshop stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuestionState {
    Voting,
    Revealed,
    Agreed,
    Skipped,
}

impl QuestionState {
    pub fn as_str(self) -> &'static str {
        match self {
            QuestionState::Voting => "voting",
            QuestionState::Revealed => "revealed",
            QuestionState::Agreed => "agreed",
            QuestionState::Skipped => "skipped",
        }
    }

    fn parse(s: &str) -> QuestionState {
        match s {
            "revealed" => QuestionState::Revealed,
            "agreed" => QuestionState::Agreed,
            "skipped" => QuestionState::Skipped,
            _ => QuestionState::Voting,
        }
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
}

/// One vote of the current round: by a participant, or from an anonymous tally.
#[derive(Debug, Clone, PartialEq)]
pub struct RoundVote {
    pub participant: Option<i64>,
    pub answer: Answer,
}

/// An improvement action.
#[derive(Debug, Clone, PartialEq)]
pub struct Action {
    pub id: i64,
    pub team_id: i64,
    pub assessment_id: Option<i64>,
    pub question_id: Option<String>,
    pub area_id: Option<String>,
    pub title: String,
    pub owner: Option<String>,
    pub due_date: Option<String>,
    pub status: String,
    pub notes: Option<String>,
    pub created_at: DateTime<Utc>,
    /// When it was marked done.
    pub done_at: Option<DateTime<Utc>>,
}

/// What to do with a removed participant's votes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RemovedVotes {
    /// Keep them, counted, under no name.
    KeepAnonymously,
    Delete,
}

fn trimmed(s: &Option<String>) -> Option<String> {
    s.as_ref()
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty())
}

impl Store {
    /// Starts a workshop of `team_id` with `names` as its participants. In an
    /// anonymous workshop the names are not stored; only the head count is.
    pub fn start_workshop(
        &mut self,
        team_id: i64,
        bank: &Bank,
        profile: &str,
        settings: &WorkshopSettings,
        names: &[String],
        at: DateTime<Utc>,
    ) -> Result<Assessment, StoreError> {
        self.start_workshop_reviewed(team_id, bank, profile, settings, names, at, &[])
    }

    /// Starts a workshop and records the review of open actions, in one transaction.
    #[allow(clippy::too_many_arguments)]
    pub fn start_workshop_reviewed(
        &mut self,
        team_id: i64,
        bank: &Bank,
        profile: &str,
        settings: &WorkshopSettings,
        names: &[String],
        at: DateTime<Utc>,
        reviews: &[crate::history::Review],
    ) -> Result<Assessment, StoreError> {
        if settings.timer_seconds == 0 {
            return Err(StoreError::Invalid(
                "the discussion timer must be at least one second".into(),
            ));
        }
        if let Some(areas) = &settings.areas {
            if areas.is_empty() {
                return Err(StoreError::Invalid("choose at least one area".into()));
            }
            if let Some(bad) = areas.iter().find(|a| bank.area(a).is_none()) {
                return Err(StoreError::Invalid(format!(
                    "bank `{}` has no area `{bad}`",
                    bank.id
                )));
            }
        }
        let names: Vec<String> = names
            .iter()
            .map(|n| n.trim().to_string())
            .filter(|n| !n.is_empty())
            .collect();
        let unique: HashSet<&str> = names.iter().map(String::as_str).collect();
        if unique.len() != names.len() {
            return Err(StoreError::Invalid(
                "two participants have the same name; give each a distinct name or alias".into(),
            ));
        }
        if names.is_empty() && settings.anonymity != Anonymity::Anonymous {
            return Err(StoreError::Invalid("add at least one participant".into()));
        }
        check_profile(bank, profile)?;
        let asked: Vec<String> = bank
            .profile_questions(profile)
            .iter()
            .filter(|q| {
                settings
                    .areas
                    .as_ref()
                    .is_none_or(|areas| areas.contains(&q.area))
            })
            .map(|q| q.id.clone())
            .collect();
        if asked.is_empty() {
            return Err(StoreError::Invalid(
                "the chosen areas have no questions in this profile".into(),
            ));
        }
        let areas = settings
            .areas
            .as_ref()
            .map(|v| serde_json::to_string(v).unwrap_or_default());
        // One transaction: a workshop exists whole, with its agenda and people, or not at all.
        let id = self.with_tx(|tx| {
            let id = insert_assessment(tx, team_id, bank, profile, at)?;
            tx.execute(
                "UPDATE assessments SET kind = 'workshop', anonymity = ?2, timer_seconds = ?3, area_filter = ?4, \
                 current_question = ?5, current_since = ?6 WHERE id = ?1",
                params![id, settings.anonymity.as_str(), settings.timer_seconds, areas, asked[0], ts(at)],
            )?;
            for q in &asked {
                tx.execute(
                    "INSERT INTO workshop_questions (assessment_id, question_id, updated_at) VALUES (?1, ?2, ?3)",
                    params![id, q, ts(at)],
                )?;
            }
            if settings.anonymity != Anonymity::Anonymous {
                for name in &names {
                    tx.execute(
                        "INSERT INTO participants (assessment_id, name, created_at) VALUES (?1, ?2, ?3)",
                        params![id, name, ts(at)],
                    )?;
                }
            }
            let assessment = Assessment {
                id,
                team_id,
                team_name: String::new(),
                bank_hash: String::new(),
                bank_id: bank.id.clone(),
                bank_version: bank.version.clone(),
                bank_title: bank.title.clone(),
                profile: profile.to_string(),
                started_at: at,
                completed_at: None,
                kind: "workshop".into(),
                areas: settings.areas.clone(),
            };
            for r in reviews {
                crate::history::write_review(tx, &assessment, r, at)?;
            }
            Ok(id)
        })?;
        self.assessment(id)
    }

    /// The workshop behind `assessment_id`.
    pub fn workshop(&self, assessment_id: i64) -> Result<Workshop, StoreError> {
        let assessment = self.assessment(assessment_id)?;
        if assessment.kind != "workshop" {
            return Err(StoreError::Invalid(format!(
                "assessment {assessment_id} is not a workshop"
            )));
        }
        let bank = self.bank_of(assessment_id)?;
        let (anonymity, timer, current, since): (String, u32, Option<String>, Option<String>) = self.conn().query_row(
            "SELECT anonymity, timer_seconds, current_question, current_since FROM assessments WHERE id = ?1",
            [assessment_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )?;
        let current_since = since.as_deref().map(parse_ts).transpose()?;
        let mut states: HashMap<String, WorkshopQuestion> = {
            let mut stmt = self.conn().prepare(
                "SELECT question_id, round, state, elapsed_ms, facilitator_note FROM workshop_questions WHERE assessment_id = ?1",
            )?;
            let rows = stmt.query_map([assessment_id], |r| {
                Ok(WorkshopQuestion {
                    question_id: r.get(0)?,
                    round: r.get(1)?,
                    state: QuestionState::parse(&r.get::<_, String>(2)?),
                    elapsed_ms: r.get::<_, i64>(3)?.max(0) as u64,
                    facilitator_note: r.get(4)?,
                })
            })?;
            rows.map(|q| q.map(|q| (q.question_id.clone(), q)))
                .collect::<Result<_, _>>()?
        };
        let asked = self.asked(&assessment, &bank);
        let questions: Vec<WorkshopQuestion> = asked
            .iter()
            .map(|id| {
                states.remove(id).unwrap_or(WorkshopQuestion {
                    question_id: id.clone(),
                    round: 1,
                    state: QuestionState::Voting,
                    elapsed_ms: 0,
                    facilitator_note: None,
                })
            })
            .collect();
        let current = current
            .filter(|c| asked.contains(c))
            .or_else(|| asked.first().cloned())
            .unwrap_or_default();
        Ok(Workshop {
            settings: WorkshopSettings {
                anonymity: Anonymity::parse(&anonymity)?,
                timer_seconds: timer,
                areas: assessment.areas.clone(),
            },
            participants: self.participants(assessment_id)?,
            assessment,
            bank,
            questions,
            current,
            current_since,
        })
    }

    /// Runs `f` on a workshop question that exists, in an open assessment.
    fn on_question<T>(
        &mut self,
        assessment_id: i64,
        question_id: &str,
        f: impl FnOnce(&Transaction, &WorkshopQuestion, Anonymity) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let w = self.workshop(assessment_id)?;
        if w.assessment.is_complete() {
            return Err(StoreError::Closed(assessment_id));
        }
        let q = w.question(question_id).cloned().ok_or_else(|| {
            StoreError::Invalid(format!(
                "question `{question_id}` is not part of workshop {assessment_id}"
            ))
        })?;
        let anonymity = w.settings.anonymity;
        self.with_tx(|tx| {
            tx.execute(
                "INSERT OR IGNORE INTO workshop_questions (assessment_id, question_id, updated_at) VALUES (?1, ?2, ?3)",
                params![assessment_id, question_id, ts(Utc::now())],
            )?;
            f(tx, &q, anonymity)
        })
    }

    fn set_state(
        tx: &Transaction,
        assessment_id: i64,
        question_id: &str,
        state: QuestionState,
    ) -> Result<(), StoreError> {
        tx.execute(
            "UPDATE workshop_questions SET state = ?3, updated_at = ?4 WHERE assessment_id = ?1 AND question_id = ?2",
            params![assessment_id, question_id, state.as_str(), ts(Utc::now())],
        )?;
        Ok(())
    }

    /// Records a vote in the current round: a participant's (replacing their
    /// earlier vote this round), or one more in the anonymous tally.
    pub fn cast(
        &mut self,
        assessment_id: i64,
        question_id: &str,
        participant: Option<i64>,
        answer: &Answer,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        answer.validate().map_err(StoreError::Invalid)?;
        self.on_question(assessment_id, question_id, |tx, q, anonymity| {
            if q.state != QuestionState::Voting {
                return Err(StoreError::Invalid("votes are closed for this question; start a re-vote to vote again".into()));
            }
            let (kind, level, reason) = answer_cols(answer);
            match (anonymity, participant) {
                (Anonymity::Anonymous, None) => {
                    tx.execute(
                        "INSERT INTO tallies (assessment_id, question_id, round, kind, level, count) VALUES (?1, ?2, ?3, ?4, ?5, 1) \
                         ON CONFLICT (assessment_id, question_id, round, kind, level) DO UPDATE SET count = count + 1",
                        params![assessment_id, question_id, q.round, kind, level.unwrap_or(0)],
                    )?;
                }
                (Anonymity::Anonymous, Some(_)) => {
                    return Err(StoreError::Invalid("an anonymous workshop records tallies, not a person's vote".into()));
                }
                (_, None) => return Err(StoreError::Invalid("whose vote is this? choose a participant".into())),
                (_, Some(pid)) => {
                    let ok: bool = tx.query_row(
                        "SELECT EXISTS(SELECT 1 FROM participants WHERE id = ?1 AND assessment_id = ?2 AND removed_at IS NULL)",
                        params![pid, assessment_id],
                        |r| r.get(0),
                    )?;
                    if !ok {
                        return Err(StoreError::NotFound { what: "participant", id: pid });
                    }
                    tx.execute(
                        "INSERT INTO votes (participant_id, question_id, round, kind, level, reason, note, updated_at) \
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, NULL, ?7) ON CONFLICT (participant_id, question_id, round) DO UPDATE SET \
                         kind = excluded.kind, level = excluded.level, reason = excluded.reason, updated_at = excluded.updated_at",
                        params![pid, question_id, q.round, kind, level, reason, ts(at)],
                    )?;
                }
            }
            Ok(())
        })
    }

    /// Takes back a vote of the current round: a participant's, or one from the
    /// anonymous tally for `answer`.
    pub fn uncast(
        &mut self,
        assessment_id: i64,
        question_id: &str,
        participant: Option<i64>,
        answer: Option<&Answer>,
    ) -> Result<(), StoreError> {
        self.on_question(assessment_id, question_id, |tx, q, _| {
            if q.state != QuestionState::Voting {
                return Err(StoreError::Invalid("votes are closed for this question".into()));
            }
            match (participant, answer) {
                (Some(pid), _) => {
                    tx.execute(
                        "DELETE FROM votes WHERE participant_id = ?1 AND question_id = ?2 AND round = ?3",
                        params![pid, question_id, q.round],
                    )?;
                }
                (None, Some(answer)) => {
                    let (kind, level, _) = answer_cols(answer);
                    tx.execute(
                        "UPDATE tallies SET count = max(count - 1, 0) WHERE assessment_id = ?1 AND question_id = ?2 AND round = ?3 AND kind = ?4 AND level = ?5",
                        params![assessment_id, question_id, q.round, kind, level.unwrap_or(0)],
                    )?;
                }
                (None, None) => return Err(StoreError::Invalid("nothing to take back".into())),
            }
            Ok(())
        })
    }

    /// The votes of the current round of one question.
    pub fn round_votes(
        &self,
        assessment_id: i64,
        question_id: &str,
    ) -> Result<Vec<RoundVote>, StoreError> {
        let round: u32 = self
            .conn()
            .query_row(
                "SELECT round FROM workshop_questions WHERE assessment_id = ?1 AND question_id = ?2",
                params![assessment_id, question_id],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or(1);
        self.votes_of_round(assessment_id, question_id, round)
    }

    /// The votes of any round of one question, for comparing rounds.
    pub fn votes_of_round(
        &self,
        assessment_id: i64,
        question_id: &str,
        round: u32,
    ) -> Result<Vec<RoundVote>, StoreError> {
        let mut out = Vec::new();
        let mut stmt = self.conn().prepare(
            "SELECT v.participant_id, v.kind, v.level, v.reason FROM votes v JOIN participants p ON p.id = v.participant_id \
             WHERE p.assessment_id = ?1 AND v.question_id = ?2 AND v.round = ?3 ORDER BY v.participant_id",
        )?;
        let rows = stmt.query_map(params![assessment_id, question_id, round], |r| {
            Ok(RoundVote {
                participant: Some(r.get(0)?),
                answer: answer_of(&r.get::<_, String>(1)?, r.get(2)?, r.get(3)?),
            })
        })?;
        for v in rows {
            out.push(v?);
        }
        let mut stmt = self.conn().prepare(
            "SELECT kind, level, count FROM tallies WHERE assessment_id = ?1 AND question_id = ?2 AND round = ?3 ORDER BY kind, level",
        )?;
        let rows = stmt.query_map(params![assessment_id, question_id, round], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, u8>(1)?,
                r.get::<_, i64>(2)?.max(0) as usize,
            ))
        })?;
        for row in rows {
            let (kind, level, count) = row?;
            let answer = answer_of(&kind, Some(level), Some("anonymous vote".into()));
            out.extend(std::iter::repeat_n(
                RoundVote {
                    participant: None,
                    answer,
                },
                count,
            ));
        }
        Ok(out)
    }

    /// Tallied (anonymous) votes of each question's current round.
    pub(crate) fn tallied_votes(
        &self,
        assessment_id: i64,
    ) -> Result<HashMap<String, Vec<Answer>>, StoreError> {
        let mut stmt = self.conn().prepare(
            "SELECT t.question_id, t.kind, t.level, t.count FROM tallies t JOIN workshop_questions w \
             ON w.assessment_id = t.assessment_id AND w.question_id = t.question_id AND w.round = t.round \
             WHERE t.assessment_id = ?1",
        )?;
        let rows = stmt.query_map([assessment_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, u8>(2)?,
                r.get::<_, i64>(3)?.max(0) as usize,
            ))
        })?;
        let mut out: HashMap<String, Vec<Answer>> = HashMap::new();
        for row in rows {
            let (q, kind, level, count) = row?;
            let answer = answer_of(&kind, Some(level), Some("anonymous vote".into()));
            out.entry(q)
                .or_default()
                .extend(std::iter::repeat_n(answer, count));
        }
        Ok(out)
    }

    /// Questions a workshop skipped: they are not scored.
    pub(crate) fn skipped(&self, assessment_id: i64) -> Result<HashSet<String>, StoreError> {
        let mut stmt = self
            .conn()
            .prepare("SELECT question_id FROM workshop_questions WHERE assessment_id = ?1 AND state = 'skipped'")?;
        let rows = stmt.query_map([assessment_id], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Closes the vote and shows it.
    pub fn reveal(&mut self, assessment_id: i64, question_id: &str) -> Result<(), StoreError> {
        self.on_question(assessment_id, question_id, |tx, q, _| {
            if q.state == QuestionState::Voting {
                Store::set_state(tx, assessment_id, question_id, QuestionState::Revealed)?;
            }
            Ok(())
        })
    }

    /// Opens a new round of voting; the earlier rounds' votes are kept.
    pub fn revote(&mut self, assessment_id: i64, question_id: &str) -> Result<u32, StoreError> {
        self.on_question(assessment_id, question_id, |tx, q, _| {
            tx.execute(
                "UPDATE workshop_questions SET round = round + 1, state = 'voting', updated_at = ?3 WHERE assessment_id = ?1 AND question_id = ?2",
                params![assessment_id, question_id, ts(Utc::now())],
            )?;
            tx.execute("DELETE FROM consensus WHERE assessment_id = ?1 AND question_id = ?2", params![assessment_id, question_id])?;
            Ok(q.round + 1)
        })
    }

    /// Records what the team agreed, and marks the question agreed.
    pub fn agree(
        &mut self,
        assessment_id: i64,
        question_id: &str,
        response: &Response,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        response.answer.validate().map_err(StoreError::Invalid)?;
        let (kind, level, reason) = answer_cols(&response.answer);
        let note = trimmed(&response.note);
        self.on_question(assessment_id, question_id, |tx, _, _| {
            tx.execute(
                "INSERT INTO consensus (assessment_id, question_id, kind, level, reason, note, updated_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (assessment_id, question_id) DO UPDATE SET \
                 kind = excluded.kind, level = excluded.level, reason = excluded.reason, note = excluded.note, updated_at = excluded.updated_at",
                params![assessment_id, question_id, kind, level, reason.map(str::trim), note, ts(at)],
            )?;
            Store::set_state(tx, assessment_id, question_id, QuestionState::Agreed)
        })
    }

    /// Skips a question: it is marked skipped and not scored.
    pub fn skip(&mut self, assessment_id: i64, question_id: &str) -> Result<(), StoreError> {
        self.on_question(assessment_id, question_id, |tx, _, _| {
            tx.execute(
                "DELETE FROM consensus WHERE assessment_id = ?1 AND question_id = ?2",
                params![assessment_id, question_id],
            )?;
            Store::set_state(tx, assessment_id, question_id, QuestionState::Skipped)
        })
    }

    /// Takes a skipped question back onto the agenda, voting from a new round
    /// (votes cast before the skip were seen by no one and no longer count).
    pub fn unskip(&mut self, assessment_id: i64, question_id: &str) -> Result<(), StoreError> {
        self.on_question(assessment_id, question_id, |tx, q, _| {
            if q.state == QuestionState::Skipped {
                tx.execute(
                    "UPDATE workshop_questions SET round = round + 1, state = 'voting', updated_at = ?3 \
                     WHERE assessment_id = ?1 AND question_id = ?2",
                    params![assessment_id, question_id, ts(Utc::now())],
                )?;
            }
            Ok(())
        })
    }

    /// Moves the facilitator to `question_id` at `at`, adding the time since
    /// arriving at the question being left to that question's clock.
    pub fn goto(
        &mut self,
        assessment_id: i64,
        question_id: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let w = self.workshop(assessment_id)?;
        let spent = w
            .current_since
            .map_or(0, |since| (at - since).num_milliseconds().max(0));
        self.on_question(assessment_id, question_id, |tx, _, _| {
            tx.execute(
                "UPDATE workshop_questions SET elapsed_ms = elapsed_ms + ?3 WHERE assessment_id = ?1 AND question_id = ?2",
                params![assessment_id, w.current, spent],
            )?;
            tx.execute(
                "UPDATE assessments SET current_question = ?2, current_since = ?3 WHERE id = ?1",
                params![assessment_id, question_id, ts(at)],
            )?;
            Ok(())
        })
    }

    /// Starts or stops the current question's clock. Stopping adds the time
    /// since it started; starting counts from `at`, so time away from the
    /// workshop (the screen left, the app closed) is not counted.
    pub fn run_clock(
        &mut self,
        assessment_id: i64,
        running: bool,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let w = self.workshop(assessment_id)?;
        let spent = w
            .current_since
            .map_or(0, |since| (at - since).num_milliseconds().max(0));
        let current = w.current.clone();
        self.on_question(assessment_id, &current, |tx, _, _| {
            if !running {
                tx.execute(
                    "UPDATE workshop_questions SET elapsed_ms = elapsed_ms + ?3 WHERE assessment_id = ?1 AND question_id = ?2",
                    params![assessment_id, current, spent],
                )?;
            }
            let since = running.then(|| ts(at));
            tx.execute("UPDATE assessments SET current_since = ?2 WHERE id = ?1", params![assessment_id, since])?;
            Ok(())
        })
    }

    /// Adds time spent on a question without moving.
    pub fn add_time(
        &mut self,
        assessment_id: i64,
        question_id: &str,
        spent_ms: u64,
    ) -> Result<(), StoreError> {
        self.on_question(assessment_id, question_id, |tx, _, _| {
            tx.execute(
                "UPDATE workshop_questions SET elapsed_ms = elapsed_ms + ?3 WHERE assessment_id = ?1 AND question_id = ?2",
                params![assessment_id, question_id, spent_ms as i64],
            )?;
            Ok(())
        })
    }

    pub fn set_facilitator_note(
        &mut self,
        assessment_id: i64,
        question_id: &str,
        note: &Option<String>,
    ) -> Result<(), StoreError> {
        let note = trimmed(note);
        self.on_question(assessment_id, question_id, |tx, _, _| {
            tx.execute(
                "UPDATE workshop_questions SET facilitator_note = ?3 WHERE assessment_id = ?1 AND question_id = ?2",
                params![assessment_id, question_id, note],
            )?;
            Ok(())
        })
    }

    pub fn add_workshop_participant(
        &mut self,
        assessment_id: i64,
        name: &str,
    ) -> Result<Participant, StoreError> {
        let w = self.workshop(assessment_id)?;
        if w.settings.anonymity == Anonymity::Anonymous {
            return Err(StoreError::Invalid(
                "an anonymous workshop keeps no names".into(),
            ));
        }
        self.add_participant(assessment_id, name)
    }

    /// Checks `participant_id` is in workshop `assessment_id`, which is still open.
    fn check_participant(&self, assessment_id: i64, participant_id: i64) -> Result<(), StoreError> {
        let a = self.assessment(assessment_id)?;
        if a.is_complete() {
            return Err(StoreError::Closed(assessment_id));
        }
        let ok: bool = self.conn().query_row(
            "SELECT EXISTS(SELECT 1 FROM participants WHERE id = ?1 AND assessment_id = ?2)",
            params![participant_id, assessment_id],
            |r| r.get(0),
        )?;
        if !ok {
            return Err(StoreError::NotFound {
                what: "participant",
                id: participant_id,
            });
        }
        Ok(())
    }

    pub fn rename_participant(
        &mut self,
        assessment_id: i64,
        participant_id: i64,
        name: &str,
    ) -> Result<(), StoreError> {
        self.check_participant(assessment_id, participant_id)?;
        let name = name.trim();
        if name.is_empty() {
            return Err(StoreError::Invalid(
                "a participant needs a name or an alias".into(),
            ));
        }
        self.with_tx(|tx| {
            let taken: bool = tx.query_row(
                "SELECT EXISTS(SELECT 1 FROM participants o JOIN participants p ON p.assessment_id = o.assessment_id \
                 WHERE p.id = ?1 AND o.id <> ?1 AND o.name = ?2)",
                params![participant_id, name],
                |r| r.get(0),
            )?;
            if taken {
                return Err(StoreError::Invalid(format!("someone in this workshop is already called \"{name}\"")));
            }
            let n = tx.execute("UPDATE participants SET name = ?2 WHERE id = ?1", params![participant_id, name])?;
            if n == 0 {
                return Err(StoreError::NotFound { what: "participant", id: participant_id });
            }
            Ok(())
        })
    }

    /// Removes a participant. Their votes are kept under no name, or deleted.
    pub fn remove_participant(
        &mut self,
        assessment_id: i64,
        participant_id: i64,
        votes: RemovedVotes,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.check_participant(assessment_id, participant_id)?;
        self.with_tx(|tx| {
            let n = match votes {
                RemovedVotes::Delete => tx.execute("DELETE FROM participants WHERE id = ?1", [participant_id])?,
                RemovedVotes::KeepAnonymously => tx.execute(
                    "UPDATE participants SET name = 'removed participant ' || id, removed_at = ?2 WHERE id = ?1",
                    params![participant_id, ts(at)],
                )?,
            };
            if n == 0 {
                return Err(StoreError::NotFound { what: "participant", id: participant_id });
            }
            Ok(())
        })
    }

    /// Adds an improvement action for a team, linked to a question or an area.
    #[allow(clippy::too_many_arguments)]
    pub fn add_action(
        &mut self,
        team_id: i64,
        assessment_id: Option<i64>,
        question_id: Option<&str>,
        area_id: Option<&str>,
        title: &str,
        owner: Option<&str>,
        due_date: Option<chrono::NaiveDate>,
        at: DateTime<Utc>,
    ) -> Result<Action, StoreError> {
        let title = title.trim();
        if title.is_empty() {
            return Err(StoreError::Invalid("an action needs a title".into()));
        }
        let owner = owner.map(str::trim).filter(|o| !o.is_empty());
        let due = due_date.map(|d| d.format("%Y-%m-%d").to_string());
        let id = self.with_tx(|tx| {
            tx.execute(
                "INSERT INTO actions (team_id, assessment_id, question_id, area_id, title, owner, due_date, created_at, updated_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
                params![team_id, assessment_id, question_id, area_id, title, owner, due, ts(at)],
            )?;
            Ok(tx.last_insert_rowid())
        })?;
        Ok(self.actions_where("id = ?1", id)?.remove(0))
    }

    /// A team's actions, oldest first.
    pub fn actions(&self, team_id: i64) -> Result<Vec<Action>, StoreError> {
        self.actions_where("team_id = ?1", team_id)
    }

    /// The actions captured during one assessment.
    pub fn actions_of(&self, assessment_id: i64) -> Result<Vec<Action>, StoreError> {
        self.actions_where("assessment_id = ?1", assessment_id)
    }

    pub(crate) fn actions_where(&self, filter: &str, id: i64) -> Result<Vec<Action>, StoreError> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT id, team_id, assessment_id, question_id, area_id, title, owner, due_date, status, notes, created_at, done_at \
             FROM actions WHERE {filter} ORDER BY id"
        ))?;
        let rows = stmt.query_map([id], |r| {
            Ok(Action {
                id: r.get(0)?,
                team_id: r.get(1)?,
                assessment_id: r.get(2)?,
                question_id: r.get(3)?,
                area_id: r.get(4)?,
                title: r.get(5)?,
                owner: r.get(6)?,
                due_date: r.get(7)?,
                status: r.get(8)?,
                notes: r.get(9)?,
                created_at: parse_ts(&r.get::<_, String>(10)?)?,
                done_at: r
                    .get::<_, Option<String>>(11)?
                    .as_deref()
                    .map(parse_ts)
                    .transpose()?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

fn answer_of(kind: &str, level: Option<u8>, reason: Option<String>) -> Answer {
    match kind {
        "level" => Answer::Level(level.unwrap_or(0)),
        "not_applicable" => Answer::NotApplicable {
            reason: reason.unwrap_or_default(),
        },
        _ => Answer::DontKnow,
    }
}
