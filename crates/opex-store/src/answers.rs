//! The team's answers and each participant's votes in a self-assessment:
//! every answer is its own transaction, committed before the call returns.

use crate::rows::{answer_cols, clean, stored_answer, ts};
use crate::{Store, StoreError};
use chrono::{DateTime, Utc};
use opex_core::{Response, StoredAnswer};
use rusqlite::{OptionalExtension, params};

impl Store {
    fn check_answerable(
        &self,
        assessment_id: i64,
        question_id: &str,
        response: &Response,
    ) -> Result<(), StoreError> {
        response.answer.validate()?;
        let assessment = self.assessment(assessment_id)?;
        if assessment.is_complete() {
            return Err(StoreError::Closed(assessment_id));
        }
        let bank = self.bank_of(assessment_id)?;
        if !assessment.asked(&bank).iter().any(|q| q == question_id) {
            return Err(StoreError::Invalid(format!(
                "question `{question_id}` is not part of assessment {assessment_id}"
            )));
        }
        Ok(())
    }

    /// Records the team's agreed answer to one question, in its own transaction.
    pub fn save_consensus(
        &mut self,
        assessment_id: i64,
        question_id: &str,
        response: &Response,
        at: DateTime<Utc>,
    ) -> Result<StoredAnswer, StoreError> {
        self.check_answerable(assessment_id, question_id, response)?;
        let note =
            self.with_tx(|tx| upsert_consensus(tx, assessment_id, question_id, response, at))?;
        Ok(StoredAnswer::new(question_id, &response.answer, note, at))
    }

    /// Removes the team's answer to one question.
    pub fn clear_consensus(
        &mut self,
        assessment_id: i64,
        question_id: &str,
    ) -> Result<(), StoreError> {
        if self.assessment(assessment_id)?.is_complete() {
            return Err(StoreError::Closed(assessment_id));
        }
        self.with_tx(|tx| {
            tx.execute(
                "DELETE FROM consensus WHERE assessment_id = ?1 AND question_id = ?2",
                params![assessment_id, question_id],
            )?;
            Ok(())
        })
    }

    pub fn consensus(&self, assessment_id: i64) -> Result<Vec<StoredAnswer>, StoreError> {
        let mut stmt = self.conn().prepare(
            "SELECT question_id, kind, level, reason, note, updated_at FROM consensus WHERE assessment_id = ?1",
        )?;
        let rows = stmt.query_map([assessment_id], |r| stored_answer(r, 0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Records one participant's vote on one question, in its own transaction.
    pub fn save_vote(
        &mut self,
        participant_id: i64,
        question_id: &str,
        response: &Response,
        at: DateTime<Utc>,
    ) -> Result<StoredAnswer, StoreError> {
        let assessment_id: i64 = self
            .conn()
            .query_row(
                "SELECT assessment_id FROM participants WHERE id = ?1",
                [participant_id],
                |r| r.get(0),
            )
            .optional()?
            .ok_or(StoreError::NotFound {
                what: "participant",
                id: participant_id,
            })?;
        self.check_answerable(assessment_id, question_id, response)?;
        let (kind, level, reason) = answer_cols(&response.answer);
        let note = clean(&response.note);
        self.with_tx(|tx| {
            tx.execute(
                "INSERT INTO votes (participant_id, question_id, round, kind, level, reason, note, updated_at) \
                 VALUES (?1, ?2, (SELECT COALESCE((SELECT w.round FROM workshop_questions w \
                   WHERE w.assessment_id = ?8 AND w.question_id = ?2), 1)), ?3, ?4, ?5, ?6, ?7) \
                 ON CONFLICT (participant_id, question_id, round) DO UPDATE SET \
                 kind = excluded.kind, level = excluded.level, reason = excluded.reason, note = excluded.note, updated_at = excluded.updated_at",
                params![participant_id, question_id, kind, level, reason.map(str::trim), note, ts(at), assessment_id],
            )?;
            Ok(())
        })?;
        Ok(StoredAnswer::new(question_id, &response.answer, note, at))
    }

    /// The votes of each question's current round, as (participant id, answer).
    /// Earlier rounds are kept but no longer count.
    pub fn votes(&self, assessment_id: i64) -> Result<Vec<(i64, StoredAnswer)>, StoreError> {
        let mut stmt = self.conn().prepare(
            "SELECT v.participant_id, v.question_id, v.kind, v.level, v.reason, v.note, v.updated_at \
             FROM votes v JOIN participants p ON p.id = v.participant_id \
             LEFT JOIN workshop_questions w ON w.assessment_id = p.assessment_id AND w.question_id = v.question_id \
             WHERE p.assessment_id = ?1 AND v.round = COALESCE(w.round, 1) ORDER BY v.participant_id",
        )?;
        let rows = stmt.query_map([assessment_id], |r| Ok((r.get(0)?, stored_answer(r, 1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// Writes the team's answer to one question inside the caller's transaction,
/// replacing an earlier one; returns the note as kept.
pub(crate) fn upsert_consensus(
    tx: &rusqlite::Connection,
    assessment_id: i64,
    question_id: &str,
    response: &Response,
    at: DateTime<Utc>,
) -> Result<Option<String>, StoreError> {
    let (kind, level, reason) = answer_cols(&response.answer);
    let note = clean(&response.note);
    tx.execute(
        "INSERT INTO consensus (assessment_id, question_id, kind, level, reason, note, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (assessment_id, question_id) DO UPDATE SET \
         kind = excluded.kind, level = excluded.level, reason = excluded.reason, note = excluded.note, updated_at = excluded.updated_at",
        params![assessment_id, question_id, kind, level, reason.map(str::trim), note, ts(at)],
    )?;
    Ok(note)
}
