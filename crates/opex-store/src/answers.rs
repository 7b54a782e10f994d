//! The team's answers and each participant's votes in a self-assessment:
//! every answer is its own transaction, committed before the call returns.

use crate::rows::{answer_cols, clean, stored_answer, ts};
use crate::{Store, StoreError};
use chrono::{DateTime, Utc};
use opex_core::evidence::{CheckRef, check_exists};
use opex_core::{Breadth, Response, StoredAnswer};
use rusqlite::{OptionalExtension, params};
use std::collections::{BTreeSet, HashMap};

impl Store {
    /// The question `question_id` of an open assessment that asks it, with
    /// the assessment's own bank: what every answer, tick and checklist save
    /// checks first.
    pub(crate) fn open_question(
        &self,
        assessment_id: i64,
        question_id: &str,
    ) -> Result<(opex_core::Bank, opex_core::Question), StoreError> {
        let assessment = self.assessment(assessment_id)?;
        if assessment.is_complete() {
            return Err(StoreError::Closed(assessment_id));
        }
        let bank = self.bank_of(assessment_id)?;
        let question = assessment
            .asked(&bank)
            .iter()
            .any(|q| q == question_id)
            .then(|| bank.question(question_id).cloned())
            .flatten()
            .ok_or_else(|| {
                StoreError::Invalid(format!(
                    "question `{question_id}` is not part of assessment {assessment_id}"
                ))
            })?;
        Ok((bank, question))
    }

    fn check_answerable(
        &self,
        assessment_id: i64,
        question_id: &str,
        response: &Response,
    ) -> Result<(), StoreError> {
        response.answer.validate()?;
        let (_, question) = self.open_question(assessment_id, question_id)?;
        if question.checklist.is_some() {
            return Err(StoreError::Invalid(format!(
                "question `{question_id}` is a checklist: tick its practices instead of choosing a level"
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
        Ok(StoredAnswer::new(question_id, &response.answer, note, at)
            .with_breadth(response.breadth))
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
        let mut stmt = self.conn().prepare_cached(
            "SELECT question_id, kind, level, reason, note, updated_at, breadth FROM consensus WHERE assessment_id = ?1",
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
                "INSERT INTO votes (participant_id, question_id, round, kind, level, reason, note, updated_at, breadth) \
                 VALUES (?1, ?2, (SELECT COALESCE((SELECT w.round FROM workshop_questions w \
                   WHERE w.assessment_id = ?8 AND w.question_id = ?2), 1)), ?3, ?4, ?5, ?6, ?7, ?9) \
                 ON CONFLICT (participant_id, question_id, round) DO UPDATE SET \
                 kind = excluded.kind, level = excluded.level, reason = excluded.reason, note = excluded.note, \
                 updated_at = excluded.updated_at, breadth = excluded.breadth",
                params![participant_id, question_id, kind, level, reason.map(str::trim), note, ts(at), assessment_id, response.breadth.map(Breadth::as_str)],
            )?;
            Ok(())
        })?;
        Ok(StoredAnswer::new(question_id, &response.answer, note, at)
            .with_breadth(response.breadth))
    }

    /// Ticks (or unticks) one check of one level of a question while the team
    /// discusses it, in its own transaction. Optional, recorded, and never
    /// part of a score; the check must exist in the assessment's own bank.
    pub fn tick_check(
        &mut self,
        assessment_id: i64,
        question_id: &str,
        check: CheckRef,
        ticked: bool,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let (bank, question) = self.open_question(assessment_id, question_id)?;
        if !check_exists(&question, check) {
            return Err(StoreError::Invalid(format!(
                "question `{question_id}` has no check {} at level {} in bank {} {}",
                u16::from(check.1) + 1,
                check.0,
                bank.id,
                bank.version
            )));
        }
        self.with_tx(|tx| {
            if ticked {
                tx.execute(
                    "INSERT INTO ticked_checks (assessment_id, question_id, level, idx, ticked_at) \
                     VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING",
                    params![assessment_id, question_id, check.0, check.1, ts(at)],
                )?;
            } else {
                tx.execute(
                    "DELETE FROM ticked_checks WHERE assessment_id = ?1 AND question_id = ?2 AND level = ?3 AND idx = ?4",
                    params![assessment_id, question_id, check.0, check.1],
                )?;
            }
            Ok(())
        })
    }

    /// The checks ticked in an assessment, by question id.
    pub fn ticked_checks(
        &self,
        assessment_id: i64,
    ) -> Result<HashMap<String, BTreeSet<CheckRef>>, StoreError> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT question_id, level, idx FROM ticked_checks WHERE assessment_id = ?1",
        )?;
        let mut out: HashMap<String, BTreeSet<CheckRef>> = HashMap::new();
        let rows = stmt.query_map([assessment_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, u8>(1)?,
                r.get::<_, u8>(2)?,
            ))
        })?;
        for row in rows {
            let (q, level, idx) = row?;
            out.entry(q).or_default().insert((level, idx));
        }
        Ok(out)
    }

    /// The votes of each question's current round, as (participant id, answer).
    /// Earlier rounds are kept but no longer count.
    pub fn votes(&self, assessment_id: i64) -> Result<Vec<(i64, StoredAnswer)>, StoreError> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT v.participant_id, v.question_id, v.kind, v.level, v.reason, v.note, v.updated_at, v.breadth \
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
        "INSERT INTO consensus (assessment_id, question_id, kind, level, reason, note, updated_at, breadth) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (assessment_id, question_id) DO UPDATE SET \
         kind = excluded.kind, level = excluded.level, reason = excluded.reason, note = excluded.note, \
         updated_at = excluded.updated_at, breadth = excluded.breadth",
        params![assessment_id, question_id, kind, level, reason.map(str::trim), note, ts(at), response.breadth.map(Breadth::as_str)],
    )?;
    Ok(note)
}
