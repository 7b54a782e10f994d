//! The rows behind an opex file: reading a team's whole history into
//! opex-core's `TeamFile`, and merging a checked file into the database by
//! UUID in one transaction (all of it or none). Where a team came from
//! (`teams.origin_file`, `origin_exported_at`) is read here too.

use crate::banks::insert_bank;
use crate::rows::parse_ts;
use crate::{Store, StoreError};
use opex_core::portable::{
    ActionRecord, AnswerRecord, AssessmentKind, AssessmentRecord, BankSnapshot, CheckedFile,
    ChecklistRecord, FORMAT, Names, ParticipantRecord, Privacy, ReviewRecord, TallyRecord,
    TargetRecord, TeamFile, TeamRecord, TickRecord, VERSION, VoteRecord, WorkshopQuestionRecord,
    WorkshopRecord, from_word, word,
};
use rusqlite::{Connection, OptionalExtension, ToSql, params};
use std::collections::HashMap;

/// Where an imported team came from: the file's name and when it was exported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub file: String,
    /// RFC 3339, as the file says.
    pub exported_at: String,
}

/// What an import added or changed, by kind of row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Imported {
    pub team_id: i64,
    pub team_name: String,
    /// The team was new here (else the file was merged into it).
    pub team_created: bool,
    pub assessments_added: u32,
    /// Held here in progress and complete in the file: replaced by the file's.
    pub assessments_completed: u32,
    pub assessments_unchanged: u32,
    pub answers_added: u32,
    pub votes_added: u32,
    pub tallies_added: u32,
    pub targets_added: u32,
    pub actions_added: u32,
    pub actions_updated: u32,
}

/// A stored word the file format has no value for: the file would not be
/// readable back, so the export stops.
fn unknown_word(what: &str, s: &str) -> StoreError {
    StoreError::Invalid(format!(
        "the database holds {what} \"{s}\", which opex does not know"
    ))
}

/// A stored word as the file's enum (its type inferred), or the error.
macro_rules! parse {
    ($what:expr, $s:expr) => {
        from_word($s).ok_or_else(|| unknown_word($what, $s))
    };
}

impl Store {
    /// A team's identity in every database.
    pub fn team_uuid(&self, team_id: i64) -> Result<String, StoreError> {
        self.conn()
            .query_row("SELECT uuid FROM teams WHERE id = ?1", [team_id], |r| {
                r.get::<_, Option<String>>(0)
            })
            .optional()?
            .flatten()
            .ok_or(StoreError::NotFound {
                what: "team",
                id: team_id,
            })
    }

    /// Where an imported team came from; `None` for a team created here.
    pub fn team_origin(&self, team_id: i64) -> Result<Option<Origin>, StoreError> {
        let row: Option<(Option<String>, Option<String>)> = self
            .conn()
            .query_row(
                "SELECT origin_file, origin_exported_at FROM teams WHERE id = ?1",
                [team_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        match row {
            None => Err(StoreError::NotFound {
                what: "team",
                id: team_id,
            }),
            Some((Some(file), Some(exported_at))) => Ok(Some(Origin { file, exported_at })),
            Some(_) => Ok(None),
        }
    }

    /// Everything recorded about a team, notes and names included, as an
    /// opex file (format and version set; the caller leaves out what the
    /// person chose to). Ordered so that two exports of the same data are
    /// the same but for `exported_at`.
    pub fn team_file(
        &self,
        team_id: i64,
        exported_at: &str,
        exported_by: &str,
    ) -> Result<TeamFile, StoreError> {
        let c = self.conn();
        let team = c
            .query_row(
                "SELECT uuid, name, created_at FROM teams WHERE id = ?1",
                [team_id],
                |r| {
                    Ok(TeamRecord {
                        uuid: r.get(0)?,
                        name: r.get(1)?,
                        created_at: r.get(2)?,
                    })
                },
            )
            .optional()?
            .ok_or(StoreError::NotFound {
                what: "team",
                id: team_id,
            })?;
        let ids: Vec<(i64, String)> = {
            let mut stmt = c.prepare(
                "SELECT id, bank_hash FROM assessments WHERE team_id = ?1 ORDER BY started_at, id",
            )?;
            stmt.query_map([team_id], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<_, _>>()?
        };
        let mut banks: Vec<BankSnapshot> = Vec::new();
        let mut assessments = Vec::new();
        let mut uuid_of: HashMap<i64, String> = HashMap::new();
        for (id, hash) in &ids {
            if !banks.iter().any(|b| &b.hash == hash) {
                let content: String =
                    c.query_row("SELECT content FROM banks WHERE hash = ?1", [hash], |r| {
                        r.get(0)
                    })?;
                let content =
                    serde_json::from_str(&content).map_err(|e| StoreError::StoredBank {
                        assessment: *id,
                        reason: e.to_string(),
                    })?;
                banks.push(BankSnapshot {
                    hash: hash.clone(),
                    content,
                });
            }
            let a = read_assessment(c, *id)?;
            uuid_of.insert(*id, a.uuid.clone());
            assessments.push(a);
        }
        let targets = {
            let mut stmt = c.prepare(
                "SELECT area_id, level, target_date, set_at FROM targets WHERE team_id = ?1 ORDER BY set_at, id",
            )?;
            stmt.query_map([team_id], |r| {
                Ok(TargetRecord {
                    area_id: r.get(0)?,
                    level: r.get(1)?,
                    target_date: r.get(2)?,
                    set_at: r.get(3)?,
                })
            })?
            .collect::<Result<_, _>>()?
        };
        let actions = read_actions(c, team_id, &uuid_of)?;
        Ok(TeamFile {
            format: FORMAT.into(),
            version: VERSION,
            exported_at: exported_at.into(),
            exported_by: exported_by.into(),
            privacy: Privacy {
                notes: true,
                names: Names::Keep,
            },
            team,
            banks,
            assessments,
            targets,
            actions,
        })
    }

    /// Merges a checked opex file into the database, in one transaction.
    ///
    /// The team is found by UUID; a team new here is created under `name`
    /// (else the file's name), which must not be another team's, and records
    /// `origin`. An assessment the database already holds is kept as it is,
    /// except one still in progress here that the file holds complete: the
    /// file's copy replaces its answers, votes and workshop (its later word).
    /// Targets are added when not already there; actions are matched by
    /// UUID and take the file's fields when the file's copy changed later.
    /// Importing the same file twice changes nothing.
    pub fn import_team_file(
        &mut self,
        checked: &CheckedFile,
        origin: &Origin,
        name: Option<&str>,
    ) -> Result<Imported, StoreError> {
        self.with_tx(|tx| merge(tx, checked, origin, name))
    }
}

fn read_assessment(c: &Connection, id: i64) -> Result<AssessmentRecord, StoreError> {
    #[allow(clippy::type_complexity)]
    let (uuid, kind, hash, profile, started, completed, areas, anonymity, timer, current, since, headcount): (
        String,
        String,
        String,
        String,
        String,
        Option<String>,
        Option<String>,
        String,
        u32,
        Option<String>,
        Option<String>,
        Option<u32>,
    ) = c.query_row(
        "SELECT uuid, kind, bank_hash, profile, started_at, completed_at, area_filter, anonymity, timer_seconds, \
         current_question, current_since, headcount FROM assessments WHERE id = ?1",
        [id],
        |r| {
            Ok((
                r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?,
                r.get(6)?, r.get(7)?, r.get(8)?, r.get(9)?, r.get(10)?, r.get(11)?,
            ))
        },
    )?;
    let kind: AssessmentKind = parse!("an assessment kind", &kind)?;
    let areas = areas
        .map(|json| serde_json::from_str::<Vec<String>>(&json))
        .transpose()
        .map_err(|e| StoreError::Invalid(format!("assessment {id}'s areas cannot be read: {e}")))?;
    let workshop = match kind {
        AssessmentKind::SelfAssessment => None,
        AssessmentKind::Workshop => {
            let mut stmt = c.prepare(
                "SELECT question_id, round, state, elapsed_ms, facilitator_note, updated_at \
                 FROM workshop_questions WHERE assessment_id = ?1 ORDER BY question_id",
            )?;
            let rows = stmt.query_map([id], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, u32>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, String>(5)?,
                ))
            })?;
            let mut questions = Vec::new();
            for row in rows {
                let (question_id, round, state, elapsed, note, updated_at) = row?;
                questions.push(WorkshopQuestionRecord {
                    question_id,
                    round,
                    state: parse!("a question state", &state)?,
                    elapsed_ms: elapsed.max(0) as u64,
                    facilitator_note: note,
                    updated_at,
                });
            }
            Some(WorkshopRecord {
                anonymity: parse!("an anonymity", &anonymity)?,
                timer_seconds: timer,
                headcount,
                current_question: current,
                current_since: since,
                questions,
            })
        }
    };
    // Participants get keys 1..n in the order they were added.
    let mut keys: HashMap<i64, u32> = HashMap::new();
    let mut participants = Vec::new();
    {
        let mut stmt = c.prepare(
            "SELECT id, name, created_at, removed_at FROM participants WHERE assessment_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok((r.get::<_, i64>(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?;
        for (n, row) in rows.enumerate() {
            let (pid, name, created_at, removed_at) = row?;
            let key = n as u32 + 1;
            keys.insert(pid, key);
            participants.push(ParticipantRecord {
                key,
                name,
                created_at,
                removed_at,
            });
        }
    }
    let mut votes = Vec::new();
    {
        let mut stmt = c.prepare(
            "SELECT v.participant_id, v.question_id, v.round, v.kind, v.level, v.reason, v.note, v.breadth, v.updated_at \
             FROM votes v JOIN participants p ON p.id = v.participant_id WHERE p.assessment_id = ?1 \
             ORDER BY v.participant_id, v.question_id, v.round",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, u32>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<u8>>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, Option<String>>(6)?,
                r.get::<_, Option<String>>(7)?,
                r.get::<_, String>(8)?,
            ))
        })?;
        for row in rows {
            let (pid, question_id, round, kind, level, reason, note, breadth, updated_at) = row?;
            votes.push(VoteRecord {
                participant: keys.get(&pid).copied().unwrap_or_default(),
                question_id,
                round,
                kind: parse!("an answer kind", &kind)?,
                level,
                reason,
                note,
                breadth: breadth.map(|b| parse!("a breadth", &b)).transpose()?,
                updated_at,
            });
        }
    }
    let mut tallies = Vec::new();
    {
        let mut stmt = c.prepare(
            "SELECT question_id, round, kind, level, count FROM tallies WHERE assessment_id = ?1 \
             ORDER BY question_id, round, kind, level",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, u32>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, u8>(3)?,
                r.get::<_, i64>(4)?,
            ))
        })?;
        for row in rows {
            let (question_id, round, kind, level, count) = row?;
            tallies.push(TallyRecord {
                question_id,
                round,
                kind: parse!("an answer kind", &kind)?,
                level,
                count: count.max(0) as u32,
            });
        }
    }
    let mut answers = Vec::new();
    {
        let mut stmt = c.prepare(
            "SELECT question_id, kind, level, reason, note, breadth, updated_at FROM consensus \
             WHERE assessment_id = ?1 ORDER BY question_id",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<u8>>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, String>(6)?,
            ))
        })?;
        for row in rows {
            let (question_id, kind, level, reason, note, breadth, updated_at) = row?;
            answers.push(AnswerRecord {
                question_id,
                kind: parse!("an answer kind", &kind)?,
                level,
                reason,
                note,
                breadth: breadth.map(|b| parse!("a breadth", &b)).transpose()?,
                updated_at,
            });
        }
    }
    let ticked_checks = {
        let mut stmt = c.prepare(
            "SELECT question_id, level, idx, ticked_at FROM ticked_checks WHERE assessment_id = ?1 \
             ORDER BY question_id, level, idx",
        )?;
        stmt.query_map([id], |r| {
            Ok(TickRecord {
                question_id: r.get(0)?,
                level: r.get(1)?,
                index: r.get(2)?,
                ticked_at: r.get(3)?,
            })
        })?
        .collect::<Result<_, _>>()?
    };
    let checklist_answers = {
        let mut stmt = c.prepare(
            "SELECT question_id, choices, note, updated_at FROM checklist_answers WHERE assessment_id = ?1 \
             ORDER BY question_id",
        )?;
        stmt.query_map([id], |r| {
            let choices: String = r.get(1)?;
            Ok(ChecklistRecord {
                question_id: r.get(0)?,
                choices: serde_json::from_str(&choices)
                    .map_err(|e| crate::rows::bad_column(1, e))?,
                note: r.get(2)?,
                updated_at: r.get(3)?,
            })
        })?
        .collect::<Result<_, _>>()?
    };
    Ok(AssessmentRecord {
        uuid,
        kind,
        bank_hash: hash,
        profile,
        started_at: started,
        completed_at: completed,
        areas,
        workshop,
        participants,
        votes,
        tallies,
        answers,
        ticked_checks,
        checklist_answers,
    })
}

fn read_actions(
    c: &Connection,
    team_id: i64,
    uuid_of: &HashMap<i64, String>,
) -> Result<Vec<ActionRecord>, StoreError> {
    let mut stmt = c.prepare(
        "SELECT id, uuid, assessment_id, question_id, area_id, title, owner, due_date, status, notes, link, \
         created_at, updated_at, done_at FROM actions WHERE team_id = ?1 ORDER BY created_at, id",
    )?;
    let rows = stmt.query_map([team_id], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, Option<i64>>(2)?,
            r.get::<_, String>(8)?,
            ActionRecord {
                uuid: r.get(1)?,
                assessment: None,
                question_id: r.get(3)?,
                area_id: r.get(4)?,
                title: r.get(5)?,
                owner: r.get(6)?,
                due_date: r.get(7)?,
                status: opex_core::portable::ActionStatusWord::Open,
                notes: r.get(9)?,
                link: r.get(10)?,
                created_at: r.get(11)?,
                updated_at: r.get(12)?,
                done_at: r.get(13)?,
                reviews: Vec::new(),
            },
        ))
    })?;
    let mut out = Vec::new();
    let mut reviews = c.prepare(
        "SELECT r.assessment_id, r.outcome, r.note, r.reviewed_at FROM action_reviews r \
         JOIN assessments a ON a.id = r.assessment_id WHERE r.action_id = ?1 ORDER BY a.started_at, a.id",
    )?;
    for row in rows {
        let (id, assessment, status, mut action) = row?;
        action.status = parse!("an action status", &status)?;
        action.assessment = assessment.and_then(|a| uuid_of.get(&a).cloned());
        let rows = reviews.query_map([id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        for r in rows {
            let (assessment, outcome, note, reviewed_at) = r?;
            // A review always belongs to one of the team's own assessments.
            let Some(assessment) = uuid_of.get(&assessment).cloned() else {
                continue;
            };
            action.reviews.push(ReviewRecord {
                assessment,
                outcome: parse!("a review outcome", &outcome)?,
                note,
                reviewed_at,
            });
        }
        out.push(action);
    }
    Ok(out)
}

fn later(a: &str, b: &str) -> bool {
    match (parse_ts(a), parse_ts(b)) {
        (Ok(a), Ok(b)) => a > b,
        _ => a > b,
    }
}

fn merge(
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
