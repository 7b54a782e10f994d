//! Answers to checklist questions: the choices a team ticked, each save its
//! own transaction. The risk is derived from them by opex-core, never stored.

use crate::rows::{clean, ts};
use crate::{Store, StoreError};
use chrono::{DateTime, Utc};
use rusqlite::params;
use std::collections::{BTreeSet, HashMap};

impl Store {
    /// Records the choices ticked on one checklist question, replacing the
    /// earlier ones; ticking nothing leaves the question unanswered. Every id
    /// must be a choice of the question in the assessment's own bank, and
    /// "none of these" goes alone.
    pub fn save_checklist(
        &mut self,
        assessment_id: i64,
        question_id: &str,
        ticked: &BTreeSet<String>,
        note: &Option<String>,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let (_, question) = self.open_question(assessment_id, question_id)?;
        let checklist = question.checklist.as_ref().ok_or_else(|| {
            StoreError::Invalid(format!(
                "question `{question_id}` is not a checklist question of assessment {assessment_id}"
            ))
        })?;
        for id in ticked {
            if !checklist.choices.iter().any(|c| &c.id == id) {
                return Err(StoreError::Invalid(format!(
                    "question `{question_id}` has no choice `{id}`"
                )));
            }
        }
        let exclusive = checklist
            .choices
            .iter()
            .filter(|c| c.none_of_these && ticked.contains(&c.id))
            .count();
        if exclusive > 0 && ticked.len() > 1 {
            return Err(StoreError::Invalid(format!(
                "question `{question_id}`: \"none of these\" cannot be ticked with another choice"
            )));
        }
        let choices = serde_json::to_string(&ticked.iter().collect::<Vec<_>>())
            .map_err(|e| StoreError::Invalid(e.to_string()))?;
        let note = clean(note);
        self.with_tx(|tx| {
            if ticked.is_empty() {
                tx.execute(
                    "DELETE FROM checklist_answers WHERE assessment_id = ?1 AND question_id = ?2",
                    params![assessment_id, question_id],
                )?;
            } else {
                tx.execute(
                    "INSERT INTO checklist_answers (assessment_id, question_id, choices, note, updated_at) \
                     VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (assessment_id, question_id) DO UPDATE SET \
                     choices = excluded.choices, note = excluded.note, updated_at = excluded.updated_at",
                    params![assessment_id, question_id, choices, note, ts(at)],
                )?;
            }
            Ok(())
        })
    }

    /// The choices ticked on each answered checklist question of an assessment.
    pub fn checklist_answers(
        &self,
        assessment_id: i64,
    ) -> Result<HashMap<String, BTreeSet<String>>, StoreError> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT question_id, choices FROM checklist_answers WHERE assessment_id = ?1",
        )?;
        let rows = stmt.query_map([assessment_id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        let mut out = HashMap::new();
        for row in rows {
            let (q, json) = row?;
            let ticked: BTreeSet<String> =
                serde_json::from_str(&json).map_err(|e| crate::rows::bad_column(1, e))?;
            out.insert(q, ticked);
        }
        Ok(out)
    }
}
