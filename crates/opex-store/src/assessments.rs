//! Assessments: starting one (with the review of open actions), reading,
//! completing, scoring and deleting.

use crate::actions::{Started, write_review};
use crate::banks::insert_bank;
use crate::rows::{ASSESSMENT_COLS, assessment_row, ts};
use crate::{Store, StoreError};
use chrono::{DateTime, Utc};
use opex_core::action::Review;
use opex_core::records::AssessmentRows;
use opex_core::{Assessment, Bank, ScoredAssessment};
use rusqlite::{Connection, OptionalExtension, params};

pub(crate) fn check_profile(bank: &Bank, profile: &str) -> Result<(), StoreError> {
    if profile != "full" && !bank.profiles.iter().any(|p| p.id == profile) {
        return Err(StoreError::Invalid(format!(
            "bank `{}` has no profile `{profile}`",
            bank.id
        )));
    }
    Ok(())
}

/// Inserts an assessment (and its bank, if new) inside the caller's transaction.
pub(crate) fn insert_assessment(
    tx: &Connection,
    team_id: i64,
    bank: &Bank,
    profile: &str,
    at: DateTime<Utc>,
) -> Result<i64, StoreError> {
    tx.query_row("SELECT id FROM teams WHERE id = ?1", [team_id], |_| Ok(()))
        .optional()?
        .ok_or(StoreError::NotFound {
            what: "team",
            id: team_id,
        })?;
    let hash = insert_bank(tx, bank)?;
    tx.execute(
        "INSERT INTO assessments (team_id, bank_hash, bank_id, bank_version, profile, started_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![team_id, hash, bank.id, bank.version, profile, ts(at)],
    )?;
    Ok(tx.last_insert_rowid())
}

impl Store {
    /// Starts an assessment of `team_id` against `bank` (a copy is stored with it).
    pub fn start_assessment(
        &mut self,
        team_id: i64,
        bank: &Bank,
        profile: &str,
        at: DateTime<Utc>,
    ) -> Result<Assessment, StoreError> {
        check_profile(bank, profile)?;
        let id = self.with_tx(|tx| insert_assessment(tx, team_id, bank, profile, at))?;
        self.assessment(id)
    }

    /// Starts an assessment and records the review of open actions in the same
    /// transaction: both happen, or neither.
    pub fn start_assessment_reviewed(
        &mut self,
        team_id: i64,
        bank: &Bank,
        profile: &str,
        at: DateTime<Utc>,
        reviews: &[Review],
    ) -> Result<Assessment, StoreError> {
        check_profile(bank, profile)?;
        let id = self.with_tx(|tx| {
            let id = insert_assessment(tx, team_id, bank, profile, at)?;
            let started = Started { id, team_id, at };
            for r in reviews {
                write_review(tx, started, r, at)?;
            }
            Ok(id)
        })?;
        self.assessment(id)
    }

    pub fn assessment(&self, id: i64) -> Result<Assessment, StoreError> {
        self.conn()
            .query_row(
                &format!("SELECT {ASSESSMENT_COLS} WHERE a.id = ?1"),
                [id],
                assessment_row,
            )
            .optional()?
            .ok_or(StoreError::NotFound {
                what: "assessment",
                id,
            })
    }

    /// A team's assessments, oldest first.
    pub fn assessments(&self, team_id: i64) -> Result<Vec<Assessment>, StoreError> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {ASSESSMENT_COLS} WHERE a.team_id = ?1 ORDER BY a.started_at, a.id"
        ))?;
        let rows = stmt.query_map([team_id], assessment_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The team's latest completed assessment that started before this one.
    pub fn previous_completed(
        &self,
        assessment: &Assessment,
    ) -> Result<Option<Assessment>, StoreError> {
        Ok(self
            .conn()
            .query_row(
                &format!(
                    "SELECT {ASSESSMENT_COLS} WHERE a.team_id = ?1 AND a.completed_at IS NOT NULL \
                     AND (a.started_at < ?2 OR (a.started_at = ?2 AND a.id < ?3)) ORDER BY a.started_at DESC, a.id DESC LIMIT 1"
                ),
                params![assessment.team_id, ts(assessment.started_at), assessment.id],
                assessment_row,
            )
            .optional()?)
    }

    /// Marks an assessment complete; its answers are then fixed.
    pub fn complete(
        &mut self,
        assessment_id: i64,
        at: DateTime<Utc>,
    ) -> Result<Assessment, StoreError> {
        let a = self.assessment(assessment_id)?;
        if !a.is_complete() {
            self.with_tx(|tx| {
                tx.execute(
                    "UPDATE assessments SET completed_at = ?2 WHERE id = ?1",
                    params![assessment_id, ts(at)],
                )?;
                Ok(())
            })?;
        }
        self.assessment(assessment_id)
    }

    /// An assessment with its bank, answers and derived scores.
    pub fn scored(&self, assessment_id: i64) -> Result<ScoredAssessment, StoreError> {
        Ok(ScoredAssessment::new(AssessmentRows {
            assessment: self.assessment(assessment_id)?,
            bank: self.bank_of(assessment_id)?,
            consensus: self.consensus(assessment_id)?,
            votes: self.votes(assessment_id)?,
            tallies: self.tallied_votes(assessment_id)?,
            skipped: self.skipped(assessment_id)?,
            participants: self.participants(assessment_id)?,
            ticked: self.ticked_checks(assessment_id)?,
            checklist: self.checklist_answers(assessment_id)?,
        }))
    }

    /// A team's completed assessments, scored, oldest first.
    pub fn completed(&self, team_id: i64) -> Result<Vec<ScoredAssessment>, StoreError> {
        self.assessments(team_id)?
            .iter()
            .filter(|a| a.is_complete())
            .map(|a| self.scored(a.id))
            .collect()
    }

    /// Deletes an assessment and everything recorded in it. Actions it
    /// produced stay with the team, still linked to their question.
    pub fn delete_assessment(&mut self, id: i64) -> Result<(), StoreError> {
        self.with_tx(|tx| {
            let n = tx.execute("DELETE FROM assessments WHERE id = ?1", [id])?;
            if n == 0 {
                return Err(StoreError::NotFound {
                    what: "assessment",
                    id,
                });
            }
            Ok(())
        })
    }
}
