//! Improvement actions and targets, and the rules of the improvement loop:
//! which actions are still to do, which are overdue, which finished in time to
//! be judged by an assessment, and whether a finished action's question moved.

use crate::compare::is_real;
use crate::records::ScoredAssessment;
use crate::words::words;
use crate::{Bank, scoring::QuestionScore};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

words!(ActionStatus, "action status", {
    Open => "open",
    InProgress => "in_progress",
    Done => "done",
    Dropped => "dropped",
});

words!(ReviewOutcome, "review outcome", {
    Done => "done",
    Carried => "carried",
    Dropped => "dropped",
});

/// Where an action stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum ActionStatus {
    Open,
    InProgress,
    Done,
    Dropped,
}

impl ActionStatus {
    /// Open and in-progress actions are still to do.
    pub fn is_live(self) -> bool {
        matches!(self, ActionStatus::Open | ActionStatus::InProgress)
    }
}

/// What the team decided about an open action at the start of an assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum ReviewOutcome {
    Done,
    Carried,
    Dropped,
}

impl ReviewOutcome {
    /// The status the action takes; `None` leaves it as it was.
    pub fn status(self) -> Option<ActionStatus> {
        match self {
            ReviewOutcome::Done => Some(ActionStatus::Done),
            ReviewOutcome::Dropped => Some(ActionStatus::Dropped),
            ReviewOutcome::Carried => None,
        }
    }
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
    pub due_date: Option<NaiveDate>,
    pub status: ActionStatus,
    pub notes: Option<String>,
    /// A URL or ticket reference in the team's tracker; plain text.
    pub link: Option<String>,
    pub created_at: DateTime<Utc>,
    /// When it was marked done.
    pub done_at: Option<DateTime<Utc>>,
}

/// The longest action title, in characters.
pub const TITLE_MAX_CHARS: usize = 200;
/// The longest link (a URL or ticket reference), in characters.
pub const LINK_MAX_CHARS: usize = 500;

impl Action {
    /// Still to do, and its due date has passed (`today` is the first day it
    /// is not yet late on).
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.status.is_live() && self.due_date.is_some_and(|d| d < today)
    }

    /// Finished after `from` began and before `to` began: the actions an
    /// assessment starting at `to` can judge against one starting at `from`.
    pub fn finished_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> bool {
        self.done_at.is_some_and(|d| d >= from && d < to)
    }
}

/// A new action, linked to a question or an area.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NewAction {
    pub team_id: i64,
    /// The assessment it came from.
    pub assessment_id: Option<i64>,
    pub question_id: Option<String>,
    pub area_id: Option<String>,
    pub title: String,
    pub owner: Option<String>,
    pub due_date: Option<NaiveDate>,
    /// A URL or ticket reference in the team's tracker.
    pub link: Option<String>,
}

/// An action's area follows from its question.
pub fn question_area(bank: &Bank, question_id: Option<&str>) -> Option<String> {
    question_id
        .and_then(|q| bank.question(q))
        .map(|q| q.area.clone())
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
    /// `Some(None)` clears the link.
    pub link: Option<Option<String>>,
}

/// One decision of the review of open actions at the start of an assessment.
#[derive(Debug, Clone, PartialEq)]
pub struct Review {
    pub action_id: i64,
    pub outcome: ReviewOutcome,
    pub note: Option<String>,
}

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

/// A target to set for one area.
#[derive(Debug, Clone, PartialEq)]
pub struct NewTarget {
    pub area_id: String,
    pub level: f64,
    pub target_date: Option<NaiveDate>,
}

/// Whether a finished action's question moved: compares the question's value
/// in the last completed assessment before the action was done with the first
/// one after it. `None` when there is no assessment on one side, or the
/// question was not answered in both.
pub fn action_moved(runs: &[ScoredAssessment], action: &Action) -> Option<f64> {
    let done = action.done_at?;
    let question = action.question_id.as_deref()?;
    let before = runs
        .iter()
        .rev()
        .find(|r| r.assessment.started_at <= done)?;
    let after = runs.iter().find(|r| r.assessment.started_at > done)?;
    let value = |run: &ScoredAssessment, ids: &[&str]| {
        run.scores
            .overall
            .contributions
            .iter()
            .find(|c: &&QuestionScore| ids.contains(&c.question_id.as_str()))
            .and_then(|c| c.value)
    };
    // The later bank may have replaced the question: follow `replaces` both ways.
    let later_q = after
        .bank
        .questions
        .iter()
        .find(|q| q.id == question || q.replaces.iter().any(|r| r == question))?;
    let mut ids: Vec<&str> = vec![later_q.id.as_str(), question];
    ids.extend(later_q.replaces.iter().map(String::as_str));
    Some(value(after, &ids)? - value(before, &ids)?)
}

/// How the improvement loop is doing, counted the same way everywhere.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ActionCounts {
    /// Open or in progress.
    pub open: usize,
    pub overdue: usize,
    /// Finished actions followed by an assessment that answered their question.
    pub with_follow_up: usize,
    /// Of those, how many saw their question rise by at least the minimum change.
    pub improved: usize,
}

impl ActionCounts {
    pub fn of(actions: &[Action], runs: &[ScoredAssessment], today: NaiveDate) -> ActionCounts {
        let mut c = ActionCounts::default();
        for a in actions {
            c.open += usize::from(a.status.is_live());
            c.overdue += usize::from(a.is_overdue(today));
            if let Some(m) = action_moved(runs, a) {
                c.with_follow_up += 1;
                c.improved += usize::from(improved(m));
            }
        }
        c
    }
}

/// A question's move counts as an improvement when it is a real rise.
pub fn improved(moved: f64) -> bool {
    moved > 0.0 && is_real(moved, 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, d).unwrap_or_default()
    }

    fn at(d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, d, 12, 0, 0)
            .single()
            .unwrap_or_default()
    }

    fn action(status: ActionStatus, due: Option<u32>, done: Option<u32>) -> Action {
        Action {
            id: 1,
            team_id: 1,
            assessment_id: None,
            question_id: None,
            area_id: None,
            title: "t".into(),
            owner: None,
            due_date: due.map(day),
            status,
            notes: None,
            link: None,
            created_at: at(1),
            done_at: done.map(at),
        }
    }

    #[test]
    fn overdue_means_still_to_do_and_past_its_due_date() {
        use ActionStatus::*;
        let check = |status, due, today, expect| {
            assert_eq!(
                action(status, due, None).is_overdue(day(today)),
                expect,
                "{status:?} due {due:?} on day {today}"
            );
        };
        check(Open, Some(10), 11, true);
        check(InProgress, Some(10), 11, true);
        check(Open, Some(10), 10, false);
        check(Open, Some(10), 9, false);
        check(Done, Some(10), 11, false);
        check(Dropped, Some(10), 11, false);
        check(Open, None, 30, false);
    }

    #[test]
    fn the_judging_window_is_from_one_start_to_the_next() {
        let check = |done: Option<u32>, expect: bool| {
            let a = action(ActionStatus::Done, None, done);
            assert_eq!(a.finished_between(at(5), at(20)), expect, "done {done:?}");
        };
        check(Some(4), false);
        check(Some(5), true);
        check(Some(19), true);
        check(Some(20), false);
        check(None, false);
    }

    #[test]
    fn statuses_and_outcomes_round_trip_and_unknown_words_are_named() {
        for &s in ActionStatus::ALL {
            assert_eq!(s.as_str().parse::<ActionStatus>().ok(), Some(s));
        }
        for &o in ReviewOutcome::ALL {
            assert_eq!(o.as_str().parse::<ReviewOutcome>().ok(), Some(o));
        }
        let e = "finished"
            .parse::<ActionStatus>()
            .err()
            .map(|e| e.to_string());
        assert_eq!(e.as_deref(), Some("unknown action status `finished`"));
        assert_eq!(ReviewOutcome::Carried.status(), None);
        assert_eq!(ReviewOutcome::Done.status(), Some(ActionStatus::Done));
        assert_eq!(ReviewOutcome::Dropped.status(), Some(ActionStatus::Dropped));
        let live: Vec<bool> = ActionStatus::ALL.iter().map(|s| s.is_live()).collect();
        assert_eq!(live, [true, true, false, false]);
    }

    #[test]
    fn an_improvement_is_a_real_rise() {
        for (moved, expect) in [
            (1.0, true),
            (0.5, true),
            (0.4, false),
            (0.0, false),
            (-1.0, false),
        ] {
            assert_eq!(improved(moved), expect, "{moved}");
        }
    }

    #[test]
    fn an_actions_area_follows_its_question() {
        let bank = crate::default_bank().unwrap_or_else(|e| panic!("{e}"));
        let q = &bank.questions[0];
        assert_eq!(question_area(&bank, Some(&q.id)), Some(q.area.clone()));
        assert_eq!(question_area(&bank, Some("NOPE-99")), None);
        assert_eq!(question_area(&bank, None), None);
    }
}
