//! Reads and writes of teams, assessments, participants, votes and consensus
//! answers. Every write is one transaction, committed before the call returns.

use crate::{Store, StoreError};
use chrono::{DateTime, SecondsFormat, Utc};
use opex_core::{Answer, Bank, QuestionAnswers, Response, Scores};
use rusqlite::{OptionalExtension, Row, Transaction, params};
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq)]
pub struct Team {
    pub id: i64,
    pub name: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    pub id: i64,
    pub team_id: i64,
    pub team_name: String,
    pub bank_hash: String,
    pub bank_id: String,
    pub bank_version: String,
    pub bank_title: String,
    pub profile: String,
    pub started_at: DateTime<Utc>,
    pub completed_at: Option<DateTime<Utc>>,
    /// "self" (one lead or a small group answering) or "workshop" (votes, then consensus).
    pub kind: String,
    /// The areas a workshop was limited to; `None` for every area of the profile.
    pub areas: Option<Vec<String>>,
}

impl Assessment {
    pub fn is_complete(&self) -> bool {
        self.completed_at.is_some()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Participant {
    pub id: i64,
    pub assessment_id: i64,
    pub name: String,
}

/// A bank kept in the database: one an assessment ran against, or one imported.
#[derive(Debug, Clone, PartialEq)]
pub struct BankInfo {
    pub hash: String,
    pub bank_id: String,
    pub version: String,
    pub title: String,
    pub imported_at: Option<DateTime<Utc>>,
}

/// Stores `bank` under its content hash unless it is already there.
fn insert_bank(tx: &Transaction, bank: &Bank) -> Result<String, StoreError> {
    let hash = bank.content_hash();
    let json = serde_json::to_string(bank).map_err(|e| StoreError::Invalid(e.to_string()))?;
    tx.execute(
        "INSERT OR IGNORE INTO banks (hash, bank_id, version, title, content, stored_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![hash, bank.id, bank.version, bank.title, json, ts(Utc::now())],
    )?;
    Ok(hash)
}

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
    tx: &Transaction,
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

/// An answer as stored: who gave it is implied by where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredAnswer {
    pub question_id: String,
    pub response: Response,
    pub updated_at: DateTime<Utc>,
}

/// An assessment with its bank, its answers and the scores derived from them.
#[derive(Debug, Clone)]
pub struct ScoredAssessment {
    pub assessment: Assessment,
    /// The bank as it was when the assessment ran.
    pub bank: Bank,
    /// The ids of the questions asked (the profile's), in order.
    pub asked: Vec<String>,
    /// Consensus answers by question id.
    pub consensus: HashMap<String, StoredAnswer>,
    /// Votes by question id.
    pub votes: HashMap<String, Vec<(i64, StoredAnswer)>>,
    pub participants: Vec<Participant>,
    /// The most votes any one question had in its current round, tallies
    /// included: how many people took part.
    pub voters: usize,
    pub scores: Scores,
}

pub(crate) fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

pub(crate) fn parse_ts(s: &str) -> rusqlite::Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
        })
}

const ASSESSMENT_COLS: &str = "a.id, a.team_id, t.name, a.bank_hash, a.bank_id, a.bank_version, b.title, a.profile, \
     a.started_at, a.completed_at, a.kind, a.area_filter FROM assessments a JOIN teams t ON t.id = a.team_id JOIN banks b ON b.hash = a.bank_hash";

fn assessment_row(r: &Row) -> rusqlite::Result<Assessment> {
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
            .map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(
                    11,
                    rusqlite::types::Type::Text,
                    Box::new(e),
                )
            })?,
    })
}

pub(crate) fn answer_cols(answer: &Answer) -> (&'static str, Option<u8>, Option<&str>) {
    match answer {
        Answer::Level(l) => ("level", Some(*l), None),
        Answer::NotApplicable { reason } => ("not_applicable", None, Some(reason.as_str())),
        Answer::DontKnow => ("dont_know", None, None),
    }
}

/// Reads `question_id, kind, level, reason, note, updated_at` from column `at`.
fn stored_answer(r: &Row, at: usize) -> rusqlite::Result<StoredAnswer> {
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
        },
        updated_at: parse_ts(&r.get::<_, String>(at + 5)?)?,
    })
}

fn clean_note(note: &Option<String>) -> Option<String> {
    note.as_ref()
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty())
}

impl Store {
    pub fn create_team(&mut self, name: &str) -> Result<Team, StoreError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(StoreError::Invalid("a team needs a name".into()));
        }
        if name.chars().count() > 80 {
            return Err(StoreError::Invalid(
                "a team name is at most 80 characters".into(),
            ));
        }
        let now = Utc::now();
        self.with_tx(|tx| {
            let exists: bool = tx.query_row(
                "SELECT EXISTS(SELECT 1 FROM teams WHERE name = ?1)",
                [name],
                |r| r.get(0),
            )?;
            if exists {
                return Err(StoreError::DuplicateTeam(name.to_string()));
            }
            tx.execute(
                "INSERT INTO teams (name, created_at) VALUES (?1, ?2)",
                params![name, ts(now)],
            )?;
            Ok(Team {
                id: tx.last_insert_rowid(),
                name: name.to_string(),
                created_at: now,
            })
        })
    }

    pub fn teams(&self) -> Result<Vec<Team>, StoreError> {
        let mut stmt = self
            .conn()
            .prepare("SELECT id, name, created_at FROM teams ORDER BY name COLLATE NOCASE")?;
        let rows = stmt.query_map([], |r| {
            Ok(Team {
                id: r.get(0)?,
                name: r.get(1)?,
                created_at: parse_ts(&r.get::<_, String>(2)?)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn team(&self, id: i64) -> Result<Team, StoreError> {
        self.conn()
            .query_row(
                "SELECT id, name, created_at FROM teams WHERE id = ?1",
                [id],
                |r| {
                    Ok(Team {
                        id: r.get(0)?,
                        name: r.get(1)?,
                        created_at: parse_ts(&r.get::<_, String>(2)?)?,
                    })
                },
            )
            .optional()?
            .ok_or(StoreError::NotFound { what: "team", id })
    }

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

    /// Keeps `bank` in the database and offers it for new assessments. Importing
    /// the same content twice changes nothing.
    pub fn import_bank(&mut self, bank: &Bank, at: DateTime<Utc>) -> Result<BankInfo, StoreError> {
        let hash = self.with_tx(|tx| {
            let hash = insert_bank(tx, bank)?;
            tx.execute(
                "UPDATE banks SET imported_at = COALESCE(imported_at, ?2) WHERE hash = ?1",
                params![hash, ts(at)],
            )?;
            Ok(hash)
        })?;
        self.bank_info(&hash)
    }

    fn bank_info(&self, hash: &str) -> Result<BankInfo, StoreError> {
        Ok(self.conn().query_row(
            "SELECT hash, bank_id, version, title, imported_at FROM banks WHERE hash = ?1",
            [hash],
            |r| {
                Ok(BankInfo {
                    hash: r.get(0)?,
                    bank_id: r.get(1)?,
                    version: r.get(2)?,
                    title: r.get(3)?,
                    imported_at: r
                        .get::<_, Option<String>>(4)?
                        .as_deref()
                        .map(parse_ts)
                        .transpose()?,
                })
            },
        )?)
    }

    /// The imported banks, newest import first.
    pub fn imported_banks(&self) -> Result<Vec<(BankInfo, Bank)>, StoreError> {
        let hashes: Vec<String> = {
            let mut stmt = self.conn().prepare(
                "SELECT hash FROM banks WHERE imported_at IS NOT NULL ORDER BY imported_at DESC",
            )?;
            stmt.query_map([], |r| r.get(0))?
                .collect::<Result<_, _>>()?
        };
        hashes
            .iter()
            .map(|h| Ok((self.bank_info(h)?, self.stored_bank(h)?)))
            .collect()
    }

    /// A stored bank by content hash.
    pub fn stored_bank(&self, hash: &str) -> Result<Bank, StoreError> {
        let json: String = self
            .conn()
            .query_row("SELECT content FROM banks WHERE hash = ?1", [hash], |r| {
                r.get(0)
            })
            .optional()?
            .ok_or_else(|| StoreError::Invalid(format!("no stored bank with hash {hash}")))?;
        serde_json::from_str(&json)
            .map_err(|e| StoreError::Invalid(format!("the stored bank {hash} cannot be read: {e}")))
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
        let mut stmt = self.conn().prepare(&format!(
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

    /// The bank an assessment ran against, exactly as it was then.
    pub fn bank_of(&self, assessment_id: i64) -> Result<Bank, StoreError> {
        let json: String = self
            .conn()
            .query_row(
                "SELECT b.content FROM assessments a JOIN banks b ON b.hash = a.bank_hash WHERE a.id = ?1",
                [assessment_id],
                |r| r.get(0),
            )
            .optional()?
            .ok_or(StoreError::NotFound { what: "assessment", id: assessment_id })?;
        serde_json::from_str(&json).map_err(|e| StoreError::StoredBank {
            assessment: assessment_id,
            reason: e.to_string(),
        })
    }

    /// The question ids an assessment asks, in order.
    pub fn asked(&self, assessment: &Assessment, bank: &Bank) -> Vec<String> {
        bank.profile_questions(&assessment.profile)
            .iter()
            .filter(|q| {
                assessment
                    .areas
                    .as_ref()
                    .is_none_or(|areas| areas.contains(&q.area))
            })
            .map(|q| q.id.clone())
            .collect()
    }

    fn check_answerable(
        &self,
        assessment_id: i64,
        question_id: &str,
        response: &Response,
    ) -> Result<(), StoreError> {
        response.answer.validate().map_err(StoreError::Invalid)?;
        let assessment = self.assessment(assessment_id)?;
        if assessment.is_complete() {
            return Err(StoreError::Closed(assessment_id));
        }
        let bank = self.bank_of(assessment_id)?;
        if !self
            .asked(&assessment, &bank)
            .iter()
            .any(|q| q == question_id)
        {
            return Err(StoreError::Invalid(format!(
                "question `{question_id}` is not part of assessment {assessment_id}"
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
        let (kind, level, reason) = answer_cols(&response.answer);
        let note = clean_note(&response.note);
        self.with_tx(|tx| {
            tx.execute(
                "INSERT INTO consensus (assessment_id, question_id, kind, level, reason, note, updated_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (assessment_id, question_id) DO UPDATE SET \
                 kind = excluded.kind, level = excluded.level, reason = excluded.reason, note = excluded.note, updated_at = excluded.updated_at",
                params![assessment_id, question_id, kind, level, reason.map(str::trim), note, ts(at)],
            )?;
            Ok(())
        })?;
        Ok(StoredAnswer {
            question_id: question_id.to_string(),
            response: Response {
                answer: response.answer.clone(),
                note,
            },
            updated_at: at,
        })
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
        let mut stmt = self.conn().prepare(
            "SELECT question_id, kind, level, reason, note, updated_at FROM consensus WHERE assessment_id = ?1",
        )?;
        let rows = stmt.query_map([assessment_id], |r| stored_answer(r, 0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn add_participant(
        &mut self,
        assessment_id: i64,
        name: &str,
    ) -> Result<Participant, StoreError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(StoreError::Invalid(
                "a participant needs a name or a label".into(),
            ));
        }
        self.assessment(assessment_id)?;
        self.with_tx(|tx| insert_participant(tx, assessment_id, name))
    }

    pub fn participants(&self, assessment_id: i64) -> Result<Vec<Participant>, StoreError> {
        let mut stmt = self.conn().prepare(
            "SELECT id, assessment_id, name FROM participants WHERE assessment_id = ?1 AND removed_at IS NULL ORDER BY id",
        )?;
        let rows = stmt.query_map([assessment_id], |r| {
            Ok(Participant {
                id: r.get(0)?,
                assessment_id: r.get(1)?,
                name: r.get(2)?,
            })
        })?;
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
        let note = clean_note(&response.note);
        self.with_tx(|tx| {
            tx.execute(
                "INSERT INTO votes (participant_id, question_id, round, kind, level, reason, note, updated_at) \
                 VALUES (?1, ?2, (SELECT COALESCE((SELECT w.round FROM workshop_questions w \
                   WHERE w.assessment_id = ?8 AND w.question_id = ?2), 1)), ?3, ?4, ?5, ?6, ?7) \
                 ON CONFLICT (participant_id, question_id, round) DO UPDATE SET \
                 kind = excluded.kind, level = excluded.level, reason = excluded.reason, note = excluded.note, updated_at = excluded.updated_at",
                params![participant_id, question_id, kind, level, reason.map(str::trim), note, ts(at), assessment_id],
            )?;
            Ok(())
        })?;
        Ok(StoredAnswer {
            question_id: question_id.to_string(),
            response: Response {
                answer: response.answer.clone(),
                note,
            },
            updated_at: at,
        })
    }

    /// The votes of each question's current round, as (participant id, answer).
    /// Earlier rounds are kept but no longer count.
    pub fn votes(&self, assessment_id: i64) -> Result<Vec<(i64, StoredAnswer)>, StoreError> {
        let mut stmt = self.conn().prepare(
            "SELECT v.participant_id, v.question_id, v.kind, v.level, v.reason, v.note, v.updated_at \
             FROM votes v JOIN participants p ON p.id = v.participant_id \
             LEFT JOIN workshop_questions w ON w.assessment_id = p.assessment_id AND w.question_id = v.question_id \
             WHERE p.assessment_id = ?1 AND v.round = COALESCE(w.round, 1) ORDER BY v.participant_id",
        )?;
        let rows = stmt.query_map([assessment_id], |r| Ok((r.get(0)?, stored_answer(r, 1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
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
        let assessment = self.assessment(assessment_id)?;
        let bank = self.bank_of(assessment_id)?;
        let asked = self.asked(&assessment, &bank);
        let consensus: HashMap<String, StoredAnswer> = self
            .consensus(assessment_id)?
            .into_iter()
            .map(|a| (a.question_id.clone(), a))
            .collect();
        let mut votes: HashMap<String, Vec<(i64, StoredAnswer)>> = HashMap::new();
        for (pid, v) in self.votes(assessment_id)? {
            votes
                .entry(v.question_id.clone())
                .or_default()
                .push((pid, v));
        }
        let tallies = self.tallied_votes(assessment_id)?;
        let mut voters = 0usize;
        let skipped = self.skipped(assessment_id)?;
        let mut answers: HashMap<String, QuestionAnswers> = HashMap::new();
        for id in asked.iter().filter(|id| !skipped.contains(*id)) {
            let mut round: Vec<Answer> = votes
                .get(id)
                .map(|vs| vs.iter().map(|(_, v)| v.response.answer.clone()).collect())
                .unwrap_or_default();
            round.extend(tallies.get(id).into_iter().flatten().cloned());
            voters = voters.max(round.len());
            answers.insert(
                id.clone(),
                QuestionAnswers {
                    consensus: consensus.get(id).map(|a| a.response.answer.clone()),
                    votes: round,
                },
            );
        }
        let asked_refs: Vec<&str> = asked.iter().map(String::as_str).collect();
        let scores = opex_core::score(&bank, &asked_refs, &answers);
        let participants = self.participants(assessment_id)?;
        Ok(ScoredAssessment {
            voters,
            assessment,
            bank,
            asked,
            consensus,
            votes,
            participants,
            scores,
        })
    }
}

fn insert_participant(
    tx: &Transaction,
    assessment_id: i64,
    name: &str,
) -> Result<Participant, StoreError> {
    tx.execute(
        "INSERT INTO participants (assessment_id, name, created_at) VALUES (?1, ?2, ?3)",
        params![assessment_id, name, ts(Utc::now())],
    )?;
    Ok(Participant {
        id: tx.last_insert_rowid(),
        assessment_id,
        name: name.to_string(),
    })
}
