//! How rows become records and back: timestamps, answers, assessments and
//! actions as SQLite stores them. Every query module reads through these.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use opex_core::action::{Action, ActionStatus};
use opex_core::{Answer, Assessment, Breadth, Response, StoredAnswer};
use rusqlite::Row;
use rusqlite::types::Type;

pub(crate) fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

pub(crate) fn parse_ts(s: &str) -> rusqlite::Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| bad_column(0, e))
}

pub(crate) const ASSESSMENT_COLS: &str = "a.id, a.team_id, t.name, a.bank_hash, a.bank_id, a.bank_version, b.title, a.profile, \
     a.started_at, a.completed_at, a.kind, a.area_filter FROM assessments a JOIN teams t ON t.id = a.team_id JOIN banks b ON b.hash = a.bank_hash";

pub(crate) fn assessment_row(r: &Row) -> rusqlite::Result<Assessment> {
    Ok(Assessment {
        id: r.get(0)?,
        team_id: r.get(1)?,
        team_name: r.get(2)?,
        bank_hash: r.get(3)?,
        bank_id: r.get(4)?,
        bank_version: r.get(5)?,
        bank_title: r.get(6)?,
        profile: r.get(7)?,
        started_at: parse_ts(&r.get::<_, String>(8)?)?,
        completed_at: r
            .get::<_, Option<String>>(9)?
            .as_deref()
            .map(parse_ts)
            .transpose()?,
        kind: r.get(10)?,
        areas: r
            .get::<_, Option<String>>(11)?
            .map(|json| serde_json::from_str(&json))
            .transpose()
            .map_err(|e| bad_column(11, e))?,
    })
}

pub(crate) fn answer_cols(answer: &Answer) -> (&'static str, Option<u8>, Option<&str>) {
    match answer {
        Answer::Level(l) => ("level", Some(*l), None),
        Answer::NotApplicable { reason } => ("not_applicable", None, Some(reason.as_str())),
        Answer::DontKnow => ("dont_know", None, None),
    }
}

/// Reads `question_id, kind, level, reason, note, updated_at, breadth` from
/// column `at`.
pub(crate) fn stored_answer(r: &Row, at: usize) -> rusqlite::Result<StoredAnswer> {
    let kind: String = r.get(at + 1)?;
    let answer = match kind.as_str() {
        "level" => Answer::Level(r.get(at + 2)?),
        "not_applicable" => Answer::NotApplicable {
            reason: r.get::<_, Option<String>>(at + 3)?.unwrap_or_default(),
        },
        _ => Answer::DontKnow,
    };
    Ok(StoredAnswer {
        question_id: r.get(at)?,
        response: Response {
            answer,
            note: r.get(at + 4)?,
            breadth: r
                .get::<_, Option<String>>(at + 6)?
                .map(|b| b.parse::<Breadth>())
                .transpose()
                .map_err(|e| bad_column(at + 6, e))?,
        },
        updated_at: parse_ts(&r.get::<_, String>(at + 5)?)?,
    })
}

/// Text as kept: trimmed, and nothing rather than an empty string.
pub(crate) fn clean(note: &Option<String>) -> Option<String> {
    note.as_ref()
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty())
}

pub(crate) fn answer_of(kind: &str, level: Option<u8>, reason: Option<String>) -> Answer {
    match kind {
        "level" => Answer::Level(level.unwrap_or(0)),
        "not_applicable" => Answer::NotApplicable {
            reason: reason.unwrap_or_default(),
        },
        _ => Answer::DontKnow,
    }
}

/// A conversion failure in column `col`, for values SQLite holds but opex
/// cannot read (a malformed date, an unknown status word).
pub(crate) fn bad_column(
    col: usize,
    e: impl std::error::Error + Send + Sync + 'static,
) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(col, Type::Text, Box::new(e))
}

pub(crate) fn date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub(crate) fn parse_date(col: usize, s: Option<String>) -> rusqlite::Result<Option<NaiveDate>> {
    s.map(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d"))
        .transpose()
        .map_err(|e| bad_column(col, e))
}

pub(crate) const ACTION_COLS: &str = "id, team_id, assessment_id, question_id, area_id, title, owner, due_date, status, notes, created_at, done_at, link";

pub(crate) fn action_row(r: &Row) -> rusqlite::Result<Action> {
    Ok(Action {
        id: r.get(0)?,
        team_id: r.get(1)?,
        assessment_id: r.get(2)?,
        question_id: r.get(3)?,
        area_id: r.get(4)?,
        title: r.get(5)?,
        owner: r.get(6)?,
        // A due date is only ever written as YYYY-MM-DD; one that is not (a
        // file edited by hand) reads as no due date rather than hiding every
        // action of the team behind a read error.
        due_date: r
            .get::<_, Option<String>>(7)?
            .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
        status: r
            .get::<_, String>(8)?
            .parse::<ActionStatus>()
            .map_err(|e| bad_column(8, e))?,
        notes: r.get(9)?,
        created_at: parse_ts(&r.get::<_, String>(10)?)?,
        done_at: r
            .get::<_, Option<String>>(11)?
            .as_deref()
            .map(parse_ts)
            .transpose()?,
        link: r.get(12)?,
    })
}
