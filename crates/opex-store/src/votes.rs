//! A workshop's votes in rounds: casting and taking back (per person, or as
//! anonymous tallies), the reveal, a re-vote, the agreed answer and skipping.
//! Which of these a question's state allows is opex-core's rule (`Move`).

use crate::answers::upsert_consensus;
use crate::rows::{answer_cols, answer_of, ts};
use crate::{Store, StoreError};
use chrono::{DateTime, Utc};
use opex_core::workshop::{Anonymity, Move, RoundVote};
use opex_core::{Answer, Breadth, Response};
use rusqlite::{OptionalExtension, params};
use std::collections::{HashMap, HashSet};

/// Adds one to the anonymous tally of `answer` in `round` (`add`), or takes
/// one from it (never below zero, and no row is made for it).
fn tally(
    tx: &rusqlite::Connection,
    assessment_id: i64,
    question_id: &str,
    round: u32,
    answer: &Answer,
    add: bool,
) -> Result<(), StoreError> {
    let (kind, level, _) = answer_cols(answer);
    let sql = match add {
        true => {
            "INSERT INTO tallies (assessment_id, question_id, round, kind, level, count) VALUES (?1, ?2, ?3, ?4, ?5, 1) \
             ON CONFLICT (assessment_id, question_id, round, kind, level) DO UPDATE SET count = count + 1"
        }
        false => {
            "UPDATE tallies SET count = max(count - 1, 0) WHERE assessment_id = ?1 AND question_id = ?2 AND round = ?3 AND kind = ?4 AND level = ?5"
        }
    };
    tx.execute(
        sql,
        params![assessment_id, question_id, round, kind, level.unwrap_or(0)],
    )?;
    Ok(())
}

impl Store {
    /// Records a vote in the current round: a participant's (replacing their
    /// earlier vote this round), or one more in the anonymous tally. A tally
    /// keeps the level alone: an anonymous vote's breadth and note are not kept.
    pub fn cast(
        &mut self,
        assessment_id: i64,
        question_id: &str,
        participant: Option<i64>,
        vote: impl Into<Response>,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let vote: Response = vote.into();
        let answer = &vote.answer;
        answer.validate()?;
        self.on_question(assessment_id, question_id, Some(Move::Vote), |tx, q, anonymity| {
            match (anonymity, participant) {
                (Anonymity::Anonymous, None) => {
                    tally(tx, assessment_id, question_id, q.round, answer, true)?;
                }
                (Anonymity::Anonymous, Some(_)) => {
                    return Err(StoreError::Invalid("an anonymous workshop records tallies, not a person's vote".into()));
                }
                (_, None) => return Err(StoreError::Invalid("whose vote is this? choose a participant".into())),
                (_, Some(pid)) => {
                    let (kind, level, reason) = answer_cols(answer);
                    let ok: bool = tx.query_row(
                        "SELECT EXISTS(SELECT 1 FROM participants WHERE id = ?1 AND assessment_id = ?2 AND removed_at IS NULL)",
                        params![pid, assessment_id],
                        |r| r.get(0),
                    )?;
                    if !ok {
                        return Err(StoreError::NotFound { what: "participant", id: pid });
                    }
                    tx.execute(
                        "INSERT INTO votes (participant_id, question_id, round, kind, level, reason, note, updated_at, breadth) \
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, NULL, ?7, ?8) ON CONFLICT (participant_id, question_id, round) DO UPDATE SET \
                         kind = excluded.kind, level = excluded.level, reason = excluded.reason, updated_at = excluded.updated_at, \
                         breadth = excluded.breadth",
                        params![pid, question_id, q.round, kind, level, reason, ts(at), vote.breadth.map(Breadth::as_str)],
                    )?;
                }
            }
            Ok(())
        })
    }

    /// One anonymous voter changes their vote in the current round: one tally
    /// of `from` (when they had voted) moves to `to`, in one transaction, so
    /// the count of votes never dips or doubles on the way. Refused once the
    /// votes are revealed. Returns the round the vote is in.
    pub fn recast_tally(
        &mut self,
        assessment_id: i64,
        question_id: &str,
        from: Option<&Answer>,
        to: &Answer,
    ) -> Result<u32, StoreError> {
        to.validate()?;
        self.on_question(
            assessment_id,
            question_id,
            Some(Move::Vote),
            |tx, q, anonymity| {
                if anonymity != Anonymity::Anonymous {
                    return Err(StoreError::Invalid(
                        "only an anonymous workshop records tallies".into(),
                    ));
                }
                if let Some(from) = from {
                    tally(tx, assessment_id, question_id, q.round, from, false)?;
                }
                tally(tx, assessment_id, question_id, q.round, to, true)?;
                Ok(q.round)
            },
        )
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
        self.on_question(assessment_id, question_id, Some(Move::Vote), |tx, q, _| {
            match (participant, answer) {
                (Some(pid), _) => {
                    tx.execute(
                        "DELETE FROM votes WHERE participant_id = ?1 AND question_id = ?2 AND round = ?3",
                        params![pid, question_id, q.round],
                    )?;
                }
                (None, Some(answer)) => {
                    tally(tx, assessment_id, question_id, q.round, answer, false)?;
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
        let mut stmt = self.conn().prepare_cached(
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
        let mut stmt = self.conn().prepare_cached(
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
        let mut stmt = self.conn().prepare_cached(
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
            .prepare_cached("SELECT question_id FROM workshop_questions WHERE assessment_id = ?1 AND state = 'skipped'")?;
        let rows = stmt.query_map([assessment_id], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Closes the vote and shows it.
    pub fn reveal(&mut self, assessment_id: i64, question_id: &str) -> Result<(), StoreError> {
        self.on_question(assessment_id, question_id, Some(Move::Reveal), |_, _, _| {
            Ok(())
        })
    }

    /// Opens a new round of voting; the earlier rounds' votes are kept.
    pub fn revote(&mut self, assessment_id: i64, question_id: &str) -> Result<u32, StoreError> {
        self.on_question(
            assessment_id,
            question_id,
            Some(Move::Revote),
            |tx, q, _| {
                tx.execute(
                    "DELETE FROM consensus WHERE assessment_id = ?1 AND question_id = ?2",
                    params![assessment_id, question_id],
                )?;
                Ok(q.round + 1)
            },
        )
    }

    /// Records what the team agreed, and marks the question agreed.
    pub fn agree(
        &mut self,
        assessment_id: i64,
        question_id: &str,
        response: &Response,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        response.answer.validate()?;
        self.on_question(assessment_id, question_id, Some(Move::Agree), |tx, _, _| {
            upsert_consensus(tx, assessment_id, question_id, response, at).map(|_| ())
        })
    }

    /// Skips a question: it is marked skipped and not scored.
    pub fn skip(&mut self, assessment_id: i64, question_id: &str) -> Result<(), StoreError> {
        self.on_question(assessment_id, question_id, Some(Move::Skip), |tx, _, _| {
            tx.execute(
                "DELETE FROM consensus WHERE assessment_id = ?1 AND question_id = ?2",
                params![assessment_id, question_id],
            )?;
            Ok(())
        })
    }

    /// Takes a skipped question back onto the agenda, voting from a new round
    /// (votes cast before the skip were seen by no one and no longer count).
    pub fn unskip(&mut self, assessment_id: i64, question_id: &str) -> Result<(), StoreError> {
        self.on_question(assessment_id, question_id, Some(Move::Unskip), |_, _, _| {
            Ok(())
        })
    }
}
