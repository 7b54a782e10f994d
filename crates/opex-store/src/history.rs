//! The improvement loop in the store: targets kept with their history, action
//! status and notes, the review of open actions when the next assessment
//! starts, and deleting assessments or teams without orphaning anything.

use crate::queries::{parse_ts, ts};
use crate::workshop::Action;
use crate::{Store, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{OptionalExtension, params};

/// A target level for one area, as set at one time.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub id: i64,
    pub team_id: i64,
    pub area_id: String,
    pub level: f64,
    pub target_date: Option<NaiveDate>,
    pub set_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionStatus {
    Open,
    InProgress,
    Done,
    Dropped,
}

impl ActionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ActionStatus::Open => "open",
            ActionStatus::InProgress => "in_progress",
            ActionStatus::Done => "done",
            ActionStatus::Dropped => "dropped",
        }
    }

    pub fn parse(s: &str) -> Result<ActionStatus, StoreError> {
        match s {
            "open" => Ok(ActionStatus::Open),
            "in_progress" => Ok(ActionStatus::InProgress),
            "done" => Ok(ActionStatus::Done),
            "dropped" => Ok(ActionStatus::Dropped),
            other => Err(StoreError::Invalid(format!(
                "unknown action status `{other}`"
            ))),
        }
    }

    /// Open and in-progress actions are still to do.
    pub fn is_live(self) -> bool {
        matches!(self, ActionStatus::Open | ActionStatus::InProgress)
    }
}

/// What the team decided about an open action at the start of an assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewOutcome {
    Done,
    Carried,
    Dropped,
}

impl ReviewOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewOutcome::Done => "done",
            ReviewOutcome::Carried => "carried",
            ReviewOutcome::Dropped => "dropped",
        }
    }

    pub fn parse(s: &str) -> Result<ReviewOutcome, StoreError> {
        match s {
            "done" => Ok(ReviewOutcome::Done),
            "carried" => Ok(ReviewOutcome::Carried),
            "dropped" => Ok(ReviewOutcome::Dropped),
            other => Err(StoreError::Invalid(format!(
                "unknown review outcome `{other}`"
            ))),
        }
    }
}

/// One decision of the review of open actions at the start of an assessment.
#[derive(Debug, Clone, PartialEq)]
pub struct Review {
    pub action_id: i64,
    pub outcome: ReviewOutcome,
    pub note: Option<String>,
}

/// Writes one review inside the caller's transaction. An action marked done
/// here was done before the assessment began, so it is dated a second before
/// the start: "did it work?" then compares the previous assessment with this one.
pub(crate) fn write_review(
    tx: &rusqlite::Transaction,
    assessment: &crate::Assessment,
    review: &Review,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    let team: Option<i64> = tx
        .query_row(
            "SELECT team_id FROM actions WHERE id = ?1",
            [review.action_id],
            |r| r.get(0),
        )
        .optional()?;
    match team {
        None => {
            return Err(StoreError::NotFound {
                what: "action",
                id: review.action_id,
            });
        }
        Some(t) if t != assessment.team_id => {
            return Err(StoreError::Invalid(
                "the action belongs to another team".into(),
            ));
        }
        Some(_) => {}
    }
    let note = review
        .note
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty());
    tx.execute(
        "INSERT INTO action_reviews (action_id, assessment_id, outcome, note, reviewed_at) VALUES (?1, ?2, ?3, ?4, ?5) \
         ON CONFLICT (action_id, assessment_id) DO UPDATE SET outcome = excluded.outcome, note = excluded.note, reviewed_at = excluded.reviewed_at",
        params![review.action_id, assessment.id, review.outcome.as_str(), note, ts(at)],
    )?;
    let done_at = assessment.started_at - chrono::Duration::seconds(1);
    match review.outcome {
        ReviewOutcome::Done => {
            tx.execute(
                "UPDATE actions SET status = 'done', done_at = COALESCE(done_at, ?2), updated_at = ?3 WHERE id = ?1",
                params![review.action_id, ts(done_at), ts(at)],
            )?;
        }
        ReviewOutcome::Dropped => {
            tx.execute(
                "UPDATE actions SET status = 'dropped', updated_at = ?2 WHERE id = ?1",
                params![review.action_id, ts(at)],
            )?;
        }
        ReviewOutcome::Carried => {}
    }
    if let Some(n) = note {
        tx.execute(
            "UPDATE actions SET notes = CASE WHEN notes IS NULL THEN ?2 ELSE notes || char(10) || ?2 END WHERE id = ?1",
            params![review.action_id, n],
        )?;
    }
    Ok(())
}

/// Changes to an action; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ActionUpdate {
    pub status: Option<ActionStatus>,
    pub title: Option<String>,
    /// `Some(None)` clears the owner.
    pub owner: Option<Option<String>>,
    pub due_date: Option<Option<NaiveDate>>,
    pub notes: Option<Option<String>>,
}

fn target_row(r: &rusqlite::Row) -> rusqlite::Result<Target> {
    Ok(Target {
        id: r.get(0)?,
        team_id: r.get(1)?,
        area_id: r.get(2)?,
        level: r.get(3)?,
        target_date: r
            .get::<_, Option<String>>(4)?
            .map(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d"))
            .transpose()
            .map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(
                    4,
                    rusqlite::types::Type::Text,
                    Box::new(e),
                )
            })?,
        set_at: parse_ts(&r.get::<_, String>(5)?)?,
    })
}

const TARGET_COLS: &str = "id, team_id, area_id, level, target_date, set_at";

impl Store {
    /// Sets the target for one area. Earlier targets are kept, not changed.
    pub fn set_target(
        &mut self,
        team_id: i64,
        area_id: &str,
        level: f64,
        target_date: Option<NaiveDate>,
        at: DateTime<Utc>,
    ) -> Result<Target, StoreError> {
        if !(1.0..=5.0).contains(&level) {
            return Err(StoreError::Invalid(format!(
                "a target is a level from 1 to 5, not {level}"
            )));
        }
        self.team(team_id)?;
        let id = self.with_tx(|tx| {
            tx.execute(
                "INSERT INTO targets (team_id, area_id, level, target_date, set_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![team_id, area_id, level, target_date.map(|d| d.format("%Y-%m-%d").to_string()), ts(at)],
            )?;
            Ok(tx.last_insert_rowid())
        })?;
        Ok(self.conn().query_row(
            &format!("SELECT {TARGET_COLS} FROM targets WHERE id = ?1"),
            [id],
            target_row,
        )?)
    }

    /// The targets in force at `at`: per area, the newest set at or before it.
    pub fn targets_at(&self, team_id: i64, at: DateTime<Utc>) -> Result<Vec<Target>, StoreError> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT {TARGET_COLS} FROM targets t WHERE team_id = ?1 AND set_at <= ?2 AND id = \
             (SELECT id FROM targets u WHERE u.team_id = t.team_id AND u.area_id = t.area_id AND u.set_at <= ?2 \
              ORDER BY u.set_at DESC, u.id DESC LIMIT 1) ORDER BY area_id"
        ))?;
        let rows = stmt.query_map(params![team_id, ts(at)], target_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every target ever set for a team, oldest first.
    pub fn target_history(&self, team_id: i64) -> Result<Vec<Target>, StoreError> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT {TARGET_COLS} FROM targets WHERE team_id = ?1 ORDER BY set_at, id"
        ))?;
        let rows = stmt.query_map([team_id], target_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn action(&self, id: i64) -> Result<Action, StoreError> {
        self.actions_where("id = ?1", id)?
            .pop()
            .ok_or(StoreError::NotFound { what: "action", id })
    }

    /// Updates an action in one transaction; marking it done records when.
    pub fn update_action(
        &mut self,
        id: i64,
        update: &ActionUpdate,
        at: DateTime<Utc>,
    ) -> Result<Action, StoreError> {
        self.action(id)?;
        if let Some(title) = &update.title
            && title.trim().is_empty()
        {
            return Err(StoreError::Invalid("an action needs a title".into()));
        }
        let clean = |s: &Option<String>| {
            s.as_ref()
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        self.with_tx(|tx| {
            if let Some(status) = update.status {
                let done_at = (status == ActionStatus::Done).then(|| ts(at));
                tx.execute(
                    "UPDATE actions SET status = ?2, done_at = CASE WHEN ?2 = 'done' THEN COALESCE(done_at, ?3) ELSE NULL END, updated_at = ?4 WHERE id = ?1",
                    params![id, status.as_str(), done_at, ts(at)],
                )?;
            }
            if let Some(title) = &update.title {
                tx.execute("UPDATE actions SET title = ?2, updated_at = ?3 WHERE id = ?1", params![id, title.trim(), ts(at)])?;
            }
            if let Some(owner) = &update.owner {
                tx.execute("UPDATE actions SET owner = ?2, updated_at = ?3 WHERE id = ?1", params![id, clean(owner), ts(at)])?;
            }
            if let Some(due) = &update.due_date {
                let due = due.map(|d| d.format("%Y-%m-%d").to_string());
                tx.execute("UPDATE actions SET due_date = ?2, updated_at = ?3 WHERE id = ?1", params![id, due, ts(at)])?;
            }
            if let Some(notes) = &update.notes {
                tx.execute("UPDATE actions SET notes = ?2, updated_at = ?3 WHERE id = ?1", params![id, clean(notes), ts(at)])?;
            }
            Ok(())
        })?;
        self.action(id)
    }

    /// A team's actions, filtered by status, owner and area.
    pub fn find_actions(
        &self,
        team_id: i64,
        status: Option<ActionStatus>,
        owner: Option<&str>,
        area: Option<&str>,
    ) -> Result<Vec<Action>, StoreError> {
        Ok(self
            .actions(team_id)?
            .into_iter()
            .filter(|a| status.is_none_or(|s| a.status == s.as_str()))
            .filter(|a| {
                owner.is_none_or(|o| {
                    a.owner
                        .as_deref()
                        .is_some_and(|x| x.eq_ignore_ascii_case(o))
                })
            })
            .filter(|a| area.is_none_or(|ar| a.area_id.as_deref() == Some(ar)))
            .collect())
    }

    /// Records what the team decided about an open action as `assessment_id`
    /// starts: done and dropped close it; carried keeps it open.
    pub fn review_action(
        &mut self,
        action_id: i64,
        assessment_id: i64,
        outcome: ReviewOutcome,
        note: Option<&str>,
        at: DateTime<Utc>,
    ) -> Result<Action, StoreError> {
        let assessment = self.assessment(assessment_id)?;
        let review = Review {
            action_id,
            outcome,
            note: note.map(str::to_string),
        };
        self.with_tx(|tx| write_review(tx, &assessment, &review, at))?;
        self.action(action_id)
    }

    /// Starts an assessment and records the review of open actions in the same
    /// transaction: both happen, or neither.
    pub fn start_assessment_reviewed(
        &mut self,
        team_id: i64,
        bank: &opex_core::Bank,
        profile: &str,
        at: DateTime<Utc>,
        reviews: &[Review],
    ) -> Result<crate::Assessment, StoreError> {
        crate::queries::check_profile(bank, profile)?;
        let id = self.with_tx(|tx| {
            let id = crate::queries::insert_assessment(tx, team_id, bank, profile, at)?;
            let assessment = crate::Assessment {
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
                kind: "self".into(),
                areas: None,
            };
            for r in reviews {
                write_review(tx, &assessment, r, at)?;
            }
            Ok(id)
        })?;
        self.assessment(id)
    }

    /// The reviews made when `assessment_id` started: (action id, outcome, note).
    pub fn reviews(
        &self,
        assessment_id: i64,
    ) -> Result<Vec<(i64, ReviewOutcome, Option<String>)>, StoreError> {
        let mut stmt = self
            .conn()
            .prepare("SELECT action_id, outcome, note FROM action_reviews WHERE assessment_id = ?1 ORDER BY action_id")?;
        let rows = stmt.query_map([assessment_id], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get(2)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, outcome, note) = row?;
            out.push((id, ReviewOutcome::parse(&outcome)?, note));
        }
        Ok(out)
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

    /// Deletes a team with all its assessments, targets and actions.
    pub fn delete_team(&mut self, id: i64) -> Result<(), StoreError> {
        self.with_tx(|tx| {
            let n = tx.execute("DELETE FROM teams WHERE id = ?1", [id])?;
            if n == 0 {
                return Err(StoreError::NotFound { what: "team", id });
            }
            Ok(())
        })
    }

    /// The team a name belongs to (case-insensitive), for the CLI.
    pub fn team_named(&self, name: &str) -> Result<crate::Team, StoreError> {
        let id: Option<i64> = self
            .conn()
            .query_row(
                "SELECT id FROM teams WHERE name = ?1 COLLATE NOCASE",
                [name.trim()],
                |r| r.get(0),
            )
            .optional()?;
        match id {
            Some(id) => self.team(id),
            None => Err(StoreError::Invalid(format!(
                "no team is named \"{}\"",
                name.trim()
            ))),
        }
    }
}
