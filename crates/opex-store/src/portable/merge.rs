//! Merging a checked opex file into the database by UUID: the team, its
//! assessments (one held here in progress and complete in the file is
//! replaced), targets and actions, in the caller's transaction.

use super::{Imported, Origin};
use crate::StoreError;
use crate::banks::insert_bank;
use crate::rows::parse_ts;
use opex_core::portable::{AssessmentRecord, CheckedFile, Names, word};
use rusqlite::{Connection, OptionalExtension, ToSql, params};
use std::collections::HashMap;

fn later(a: &str, b: &str) -> bool {
    match (parse_ts(a), parse_ts(b)) {
        (Ok(a), Ok(b)) => a > b,
        _ => a > b,
    }
}

pub(super) fn merge(
    tx: &Connection,
    checked: &CheckedFile,
    origin: &Origin,
    name: Option<&str>,
) -> Result<Imported, StoreError> {
    let file = checked.file;
    let team_uuid = file.team.uuid.to_ascii_lowercase();
    let mut out = Imported::default();
    let found: Option<(i64, String, Option<String>, Option<String>)> = tx
        .query_row(
            "SELECT id, name, origin_file, origin_exported_at FROM teams WHERE uuid = ?1",
            [&team_uuid],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    let team_id = match found {
        Some((id, local_name, origin_file, origin_at)) => {
            out.team_name = local_name;
            // A team imported before records the newest file it came from;
            // a team created here stays local.
            if let (Some(_), Some(at)) = (origin_file, origin_at)
                && later(&origin.exported_at, &at)
            {
                tx.execute(
                    "UPDATE teams SET origin_file = ?2, origin_exported_at = ?3 WHERE id = ?1",
                    params![id, origin.file, origin.exported_at],
                )?;
            }
            id
        }
        None => {
            let name = name.unwrap_or(&file.team.name).trim();
            if name.is_empty() || name.chars().count() > 80 {
                return Err(StoreError::Invalid(
                    "a team name is 1 to 80 characters".into(),
                ));
            }
            let taken: bool = tx.query_row(
                "SELECT EXISTS(SELECT 1 FROM teams WHERE name = ?1 COLLATE NOCASE)",
                [name],
                |r| r.get(0),
            )?;
            if taken {
                return Err(StoreError::DuplicateTeam(name.to_string()));
            }
            tx.execute(
                "INSERT INTO teams (uuid, name, created_at, origin_file, origin_exported_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![team_uuid, name, file.team.created_at, origin.file, origin.exported_at],
            )?;
            out.team_created = true;
            out.team_name = name.to_string();
            tx.last_insert_rowid()
        }
    };
    out.team_id = team_id;
    for (i, a) in file.assessments.iter().enumerate() {
        let uuid = a.uuid.to_ascii_lowercase();
        let local: Option<(i64, i64, String, Option<String>)> = tx
            .query_row(
                "SELECT a.id, a.team_id, t.name, a.completed_at FROM assessments a JOIN teams t ON t.id = a.team_id WHERE a.uuid = ?1",
                [&uuid],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        match local {
            Some((_, other, other_name, _)) if other != team_id => {
                return Err(StoreError::Invalid(format!(
                    "$.assessments[{i}].uuid: assessment {uuid} is already here, in team \"{other_name}\""
                )));
            }
            Some((id, _, _, None)) if a.completed_at.is_some() => {
                for table in [
                    "consensus",
                    "participants",
                    "tallies",
                    "workshop_questions",
                    "ticked_checks",
                    "checklist_answers",
                ] {
                    tx.execute(
                        &format!("DELETE FROM {table} WHERE assessment_id = ?1"),
                        [id],
                    )?;
                }
                write_assessment(tx, checked, a, Some(id), team_id, &mut out)?;
                out.assessments_completed += 1;
            }
            Some(_) => out.assessments_unchanged += 1,
            None => {
                write_assessment(tx, checked, a, None, team_id, &mut out)?;
                out.assessments_added += 1;
            }
        }
    }
    for t in &file.targets {
        let n = tx.execute(
            "INSERT INTO targets (team_id, area_id, level, target_date, set_at) SELECT ?1, ?2, ?3, ?4, ?5 \
             WHERE NOT EXISTS (SELECT 1 FROM targets WHERE team_id = ?1 AND area_id = ?2 AND level = ?3 AND set_at = ?5)",
            params![team_id, t.area_id, t.level, t.target_date, t.set_at],
        )?;
        out.targets_added += n as u32;
    }
    let notes = file.privacy.notes;
    let names = file.privacy.names == Names::Keep;
    for (i, a) in file.actions.iter().enumerate() {
        let uuid = a.uuid.to_ascii_lowercase();
        let assessment_id = match &a.assessment {
            Some(u) => tx
                .query_row(
                    "SELECT id FROM assessments WHERE uuid = ?1",
                    [u.to_ascii_lowercase()],
                    |r| r.get::<_, i64>(0),
                )
                .optional()?,
            None => None,
        };
        let local: Option<(i64, i64, String)> = tx
            .query_row(
                "SELECT id, team_id, updated_at FROM actions WHERE uuid = ?1",
                [&uuid],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let status = word(&a.status);
        let action_id = match local {
            Some((_, other, _)) if other != team_id => {
                return Err(StoreError::Invalid(format!(
                    "$.actions[{i}].uuid: action {uuid} is already here, in another team"
                )));
            }
            Some((id, _, updated_at)) => {
                if later(&a.updated_at, &updated_at) {
                    tx.execute(
                        "UPDATE actions SET question_id = ?2, area_id = ?3, title = ?4, due_date = ?5, status = ?6, \
                         link = ?7, updated_at = ?8, done_at = ?9, assessment_id = COALESCE(assessment_id, ?10) WHERE id = ?1",
                        params![id, a.question_id, a.area_id, a.title.trim(), a.due_date, status, a.link, a.updated_at, a.done_at, assessment_id],
                    )?;
                    if notes {
                        tx.execute(
                            "UPDATE actions SET notes = ?2 WHERE id = ?1",
                            params![id, a.notes],
                        )?;
                    }
                    if names {
                        tx.execute(
                            "UPDATE actions SET owner = ?2 WHERE id = ?1",
                            params![id, a.owner],
                        )?;
                    }
                    out.actions_updated += 1;
                }
                id
            }
            None => {
                tx.execute(
                    "INSERT INTO actions (uuid, team_id, assessment_id, question_id, area_id, title, owner, due_date, status, \
                     notes, link, created_at, updated_at, done_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
                    params![uuid, team_id, assessment_id, a.question_id, a.area_id, a.title.trim(), a.owner, a.due_date, status,
                        a.notes, a.link, a.created_at, a.updated_at, a.done_at],
                )?;
                out.actions_added += 1;
                tx.last_insert_rowid()
            }
        };
        for r in &a.reviews {
            tx.execute(
                "INSERT OR IGNORE INTO action_reviews (action_id, assessment_id, outcome, note, reviewed_at) \
                 SELECT ?1, id, ?3, ?4, ?5 FROM assessments WHERE uuid = ?2",
                params![action_id, r.assessment.to_ascii_lowercase(), word(&r.outcome), r.note, r.reviewed_at],
            )?;
        }
    }
    Ok(out)
}

/// Writes one assessment of the file with everything recorded in it: a new
/// row, or (`existing`) over the row of an assessment whose contents were
/// cleared.
fn write_assessment(
    tx: &Connection,
    checked: &CheckedFile,
    a: &AssessmentRecord,
    existing: Option<i64>,
    team_id: i64,
    out: &mut Imported,
) -> Result<(), StoreError> {
    let bank = checked
        .banks
        .get(&a.bank_hash)
        .ok_or_else(|| StoreError::Invalid(format!("no bank {} in the file", a.bank_hash)))?;
    let hash = insert_bank(tx, bank)?;
    let areas = a
        .areas
        .as_ref()
        .map(|v| serde_json::to_string(v).unwrap_or_default());
    let w = a.workshop.as_ref();
    let values = params![
        a.uuid.to_ascii_lowercase(),
        team_id,
        hash,
        bank.id,
        bank.version,
        a.profile,
        a.started_at,
        a.completed_at,
        word(&a.kind),
        w.map_or("open".into(), |w| word(&w.anonymity)),
        w.map_or(240, |w| w.timer_seconds),
        areas,
        w.and_then(|w| w.current_question.clone()),
        w.and_then(|w| w.current_since.clone()),
        w.and_then(|w| w.headcount),
    ];
    let id = match existing {
        Some(id) => {
            tx.execute(
                "UPDATE assessments SET uuid = ?1, team_id = ?2, bank_hash = ?3, bank_id = ?4, bank_version = ?5, profile = ?6, \
                 started_at = ?7, completed_at = ?8, kind = ?9, anonymity = ?10, timer_seconds = ?11, area_filter = ?12, \
                 current_question = ?13, current_since = ?14, headcount = ?15 WHERE id = ?16",
                {
                    let mut all: Vec<&dyn ToSql> = values.to_vec();
                    all.push(&id);
                    all
                }
                .as_slice(),
            )?;
            id
        }
        None => {
            tx.execute(
                "INSERT INTO assessments (uuid, team_id, bank_hash, bank_id, bank_version, profile, started_at, completed_at, \
                 kind, anonymity, timer_seconds, area_filter, current_question, current_since, headcount) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
                values,
            )?;
            tx.last_insert_rowid()
        }
    };
    if let Some(w) = w {
        for q in &w.questions {
            tx.execute(
                "INSERT INTO workshop_questions (assessment_id, question_id, round, state, elapsed_ms, facilitator_note, updated_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![id, q.question_id, q.round, word(&q.state), q.elapsed_ms as i64, q.facilitator_note, q.updated_at],
            )?;
        }
    }
    let mut people: HashMap<u32, i64> = HashMap::new();
    for p in &a.participants {
        tx.execute(
            "INSERT INTO participants (assessment_id, name, created_at, removed_at) VALUES (?1, ?2, ?3, ?4)",
            params![id, p.name.trim(), p.created_at, p.removed_at],
        )?;
        people.insert(p.key, tx.last_insert_rowid());
    }
    for v in &a.votes {
        let pid = people.get(&v.participant).ok_or_else(|| {
            StoreError::Invalid(format!(
                "a vote names participant {}, who is not in the file",
                v.participant
            ))
        })?;
        tx.execute(
            "INSERT INTO votes (participant_id, question_id, round, kind, level, reason, note, updated_at, breadth) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![pid, v.question_id, v.round, word(&v.kind), v.level, v.reason, v.note, v.updated_at,
                v.breadth.map(|b| word(&b))],
        )?;
        out.votes_added += 1;
    }
    for t in &a.tallies {
        tx.execute(
            "INSERT INTO tallies (assessment_id, question_id, round, kind, level, count) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![id, t.question_id, t.round, word(&t.kind), t.level, t.count],
        )?;
        out.tallies_added += 1;
    }
    for x in &a.answers {
        tx.execute(
            "INSERT INTO consensus (assessment_id, question_id, kind, level, reason, note, updated_at, breadth) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![id, x.question_id, word(&x.kind), x.level, x.reason, x.note, x.updated_at,
                x.breadth.map(|b| word(&b))],
        )?;
        out.answers_added += 1;
    }
    for t in &a.ticked_checks {
        tx.execute(
            "INSERT INTO ticked_checks (assessment_id, question_id, level, idx, ticked_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, t.question_id, t.level, t.index, t.ticked_at],
        )?;
    }
    for x in &a.checklist_answers {
        let choices =
            serde_json::to_string(&x.choices).map_err(|e| StoreError::Invalid(e.to_string()))?;
        tx.execute(
            "INSERT INTO checklist_answers (assessment_id, question_id, choices, note, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, x.question_id, choices, x.note, x.updated_at],
        )?;
        out.answers_added += 1;
    }
    Ok(())
}
