//! Improvement actions: adding, reading, filtering and updating them, and the
//! review of open actions when the next assessment starts.

use crate::rows::{ACTION_COLS, action_row, clean, date, ts};
use crate::{Store, StoreError};
use chrono::{DateTime, Utc};
use opex_core::Assessment;
use opex_core::action::{
    Action, ActionStatus, ActionUpdate, LINK_MAX_CHARS, NewAction, Review, ReviewOutcome,
    TITLE_MAX_CHARS,
};
use rusqlite::{OptionalExtension, params};

/// An action's title, trimmed: present, and no longer than opex keeps.
fn checked_title(title: &str) -> Result<&str, StoreError> {
    let title = title.trim();
    if title.is_empty() {
        return Err(StoreError::Invalid("an action needs a title".into()));
    }
    if title.chars().count() > TITLE_MAX_CHARS {
        return Err(StoreError::Invalid(format!(
            "an action title is at most {TITLE_MAX_CHARS} characters"
        )));
    }
    Ok(title)
}

/// An action's link, trimmed (blank is none), and no longer than opex keeps.
fn checked_link(link: &Option<String>) -> Result<Option<String>, StoreError> {
    let link = clean(link);
    if link
        .as_deref()
        .is_some_and(|l| l.chars().count() > LINK_MAX_CHARS)
    {
        return Err(StoreError::Invalid(format!(
            "an action's link is at most {LINK_MAX_CHARS} characters"
        )));
    }
    Ok(link)
}

/// Writes one review inside the caller's transaction. An action marked done
/// here was done before the assessment began, so it is dated a second before
/// the start: "did it work?" then compares the previous assessment with this one.
/// The assessment a review is recorded with: which one, whose, and when it began.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Started {
    pub id: i64,
    pub team_id: i64,
    pub at: DateTime<Utc>,
}

impl From<&Assessment> for Started {
    fn from(a: &Assessment) -> Self {
        Started {
            id: a.id,
            team_id: a.team_id,
            at: a.started_at,
        }
    }
}

pub(crate) fn write_review(
    tx: &rusqlite::Connection,
    assessment: Started,
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
    let done_at = assessment.at - chrono::Duration::seconds(1);
    match review.outcome.status() {
        Some(ActionStatus::Done) => {
            tx.execute(
                "UPDATE actions SET status = 'done', done_at = COALESCE(done_at, ?2), updated_at = ?3 WHERE id = ?1",
                params![review.action_id, ts(done_at), ts(at)],
            )?;
        }
        Some(status) => {
            tx.execute(
                "UPDATE actions SET status = ?2, updated_at = ?3 WHERE id = ?1",
                params![review.action_id, status.as_str(), ts(at)],
            )?;
        }
        None => {}
    }
    if let Some(n) = note {
        tx.execute(
            "UPDATE actions SET notes = CASE WHEN notes IS NULL THEN ?2 ELSE notes || char(10) || ?2 END WHERE id = ?1",
            params![review.action_id, n],
        )?;
    }
    Ok(())
}

impl Store {
    /// Adds an improvement action for a team, linked to a question or an area.
    pub fn add_action(&mut self, new: &NewAction, at: DateTime<Utc>) -> Result<Action, StoreError> {
        let title = checked_title(&new.title)?;
        let link = checked_link(&new.link)?;
        self.team(new.team_id)?;
        let owner = clean(&new.owner);
        let due = new.due_date.map(date);
        let (team_id, assessment_id) = (new.team_id, new.assessment_id);
        let (question_id, area_id) = (&new.question_id, &new.area_id);
        let id = self.with_tx(|tx| {
            tx.execute(
                "INSERT INTO actions (team_id, assessment_id, question_id, area_id, title, owner, due_date, link, created_at, updated_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
                params![team_id, assessment_id, question_id, area_id, title, owner, due, link, ts(at)],
            )?;
            Ok(tx.last_insert_rowid())
        })?;
        self.action(id)
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
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {ACTION_COLS} FROM actions WHERE {filter} ORDER BY id"
        ))?;
        let rows = stmt.query_map([id], action_row)?;
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
        let title = update.title.as_deref().map(checked_title).transpose()?;
        let link = update.link.as_ref().map(checked_link).transpose()?;
        self.with_tx(|tx| {
            if let Some(status) = update.status {
                let done_at = (status == ActionStatus::Done).then(|| ts(at));
                tx.execute(
                    "UPDATE actions SET status = ?2, done_at = CASE WHEN ?2 = 'done' THEN COALESCE(done_at, ?3) ELSE NULL END, updated_at = ?4 WHERE id = ?1",
                    params![id, status.as_str(), done_at, ts(at)],
                )?;
            }
            if let Some(title) = title {
                tx.execute("UPDATE actions SET title = ?2, updated_at = ?3 WHERE id = ?1", params![id, title, ts(at)])?;
            }
            if let Some(link) = &link {
                tx.execute("UPDATE actions SET link = ?2, updated_at = ?3 WHERE id = ?1", params![id, link, ts(at)])?;
            }
            if let Some(owner) = &update.owner {
                tx.execute("UPDATE actions SET owner = ?2, updated_at = ?3 WHERE id = ?1", params![id, clean(owner), ts(at)])?;
            }
            if let Some(due) = &update.due_date {
                let due = due.map(date);
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
            .filter(|a| status.is_none_or(|s| a.status == s))
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
        self.with_tx(|tx| write_review(tx, (&assessment).into(), &review, at))?;
        self.action(action_id)
    }

    /// The reviews made when `assessment_id` started: (action id, outcome, note).
    pub fn reviews(
        &self,
        assessment_id: i64,
    ) -> Result<Vec<(i64, ReviewOutcome, Option<String>)>, StoreError> {
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT action_id, outcome, note FROM action_reviews WHERE assessment_id = ?1 ORDER BY action_id")?;
        let rows = stmt.query_map([assessment_id], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get(2)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, outcome, note) = row?;
            let outcome = outcome
                .parse::<ReviewOutcome>()
                .map_err(|e| StoreError::Invalid(e.to_string()))?;
            out.push((id, outcome, note));
        }
        Ok(out)
    }
}
