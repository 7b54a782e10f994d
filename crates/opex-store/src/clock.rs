//! A workshop's clock: where the facilitator is, since when, and the time
//! spent on each question (time away from the workshop is not counted).

use crate::rows::ts;
use crate::{Store, StoreError};
use chrono::{DateTime, Utc};
use rusqlite::params;

impl Store {
    /// Moves the facilitator to `question_id` at `at`, adding the time since
    /// arriving at the question being left to that question's clock.
    pub fn goto(
        &mut self,
        assessment_id: i64,
        question_id: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let w = self.workshop(assessment_id)?;
        let spent = w.time_on_current(at);
        self.on_question(assessment_id, question_id, None, |tx, _, _| {
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
        let spent = w.time_on_current(at);
        let current = w.current.clone();
        self.on_question(assessment_id, &current, None, |tx, _, _| {
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
        self.on_question(assessment_id, question_id, None, |tx, _, _| {
            tx.execute(
                "UPDATE workshop_questions SET elapsed_ms = elapsed_ms + ?3 WHERE assessment_id = ?1 AND question_id = ?2",
                params![assessment_id, question_id, spent_ms as i64],
            )?;
            Ok(())
        })
    }
}
