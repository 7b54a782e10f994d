//! What the usage report of a bank's questions reads: every workshop
//! question's round-1 votes (named and tallied) and round, every
//! self-assessment's agreed answers, and each question's name from the newest
//! stored bank that has it. Read-only; opex-core's `usage` counts and flags.

use crate::rows::answer_of;
use crate::{Store, StoreError};
use opex_core::Bank;
use opex_core::usage::{AnswerObservation, Observations, WorkshopObservation};
use rusqlite::{Connection, params};
use std::collections::BTreeMap;

impl Store {
    /// The observations behind `opex bank stats --usage`, over the assessments
    /// whose bank has id `bank_id` (every assessment when `None`). Read in one
    /// transaction, so a workshop the app is running cannot be read half
    /// before and half after a vote.
    pub fn usage_observations(&self, bank_id: Option<&str>) -> Result<Observations, StoreError> {
        let conn = self.conn();
        // Inside `Store::atomically` the reads are already in its transaction.
        let tx = conn
            .is_autocommit()
            .then(|| conn.unchecked_transaction())
            .transpose()?;
        let (assessments, workshops) = conn.query_row(
            "SELECT count(*), count(*) FILTER (WHERE kind = 'workshop') FROM assessments \
             WHERE ?1 IS NULL OR bank_id = ?1",
            [bank_id],
            |r| Ok((r.get::<_, u32>(0)? as usize, r.get::<_, u32>(1)? as usize)),
        )?;
        let obs = Observations {
            assessments,
            workshops,
            workshop_questions: workshop_questions(conn, bank_id)?,
            self_answers: self_answers(conn, bank_id)?,
            titles: titles(conn, bank_id)?,
        };
        if let Some(tx) = tx {
            tx.finish()?;
        }
        Ok(obs)
    }
}

/// Each workshop question with its round-1 votes: per person, and from the
/// anonymous tallies, a row of count n counting n times.
fn workshop_questions(
    tx: &Connection,
    bank_id: Option<&str>,
) -> Result<Vec<WorkshopObservation>, StoreError> {
    let mut out: BTreeMap<(i64, String), WorkshopObservation> = BTreeMap::new();
    let mut stmt = tx.prepare(
        "SELECT w.assessment_id, w.question_id, w.round FROM workshop_questions w \
         JOIN assessments a ON a.id = w.assessment_id \
         WHERE a.kind = 'workshop' AND (?1 IS NULL OR a.bank_id = ?1)",
    )?;
    let rows = stmt.query_map([bank_id], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, u32>(2)?,
        ))
    })?;
    for row in rows {
        let (workshop_id, question_id, round) = row?;
        out.insert(
            (workshop_id, question_id.clone()),
            WorkshopObservation {
                workshop_id,
                question_id,
                round1: Vec::new(),
                round,
            },
        );
    }
    let mut stmt = tx.prepare(
        "SELECT p.assessment_id, v.question_id, v.kind, v.level, 1 FROM votes v \
         JOIN participants p ON p.id = v.participant_id JOIN assessments a ON a.id = p.assessment_id \
         WHERE v.round = 1 AND a.kind = 'workshop' AND (?1 IS NULL OR a.bank_id = ?1) \
         UNION ALL \
         SELECT t.assessment_id, t.question_id, t.kind, t.level, t.count FROM tallies t \
         JOIN assessments a ON a.id = t.assessment_id \
         WHERE t.round = 1 AND t.count > 0 AND a.kind = 'workshop' AND (?1 IS NULL OR a.bank_id = ?1)",
    )?;
    let rows = stmt.query_map(params![bank_id], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<u8>>(3)?,
            r.get::<_, i64>(4)?.max(0) as usize,
        ))
    })?;
    for row in rows {
        let (workshop_id, question_id, kind, level, count) = row?;
        let answer = answer_of(&kind, level, None);
        out.entry((workshop_id, question_id.clone()))
            // A vote on a question missing from the agenda (written by an
            // older opex): it was voted once, in round 1.
            .or_insert_with(|| WorkshopObservation {
                workshop_id,
                question_id,
                round1: Vec::new(),
                round: 1,
            })
            .round1
            .extend(std::iter::repeat_n(answer, count));
    }
    Ok(out.into_values().collect())
}

/// The agreed answers of the self-assessments.
fn self_answers(
    tx: &Connection,
    bank_id: Option<&str>,
) -> Result<Vec<AnswerObservation>, StoreError> {
    let mut stmt = tx.prepare(
        "SELECT c.question_id, c.kind, c.level, c.reason FROM consensus c \
         JOIN assessments a ON a.id = c.assessment_id \
         WHERE a.kind = 'self' AND (?1 IS NULL OR a.bank_id = ?1) ORDER BY c.assessment_id, c.question_id",
    )?;
    let rows = stmt.query_map([bank_id], |r| {
        Ok(AnswerObservation {
            question_id: r.get(0)?,
            answer: answer_of(&r.get::<_, String>(1)?, r.get(2)?, r.get(3)?),
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Each question's name from the newest bank that has it: the banks are read
/// newest first, by the latest assessment that ran on each.
fn titles(tx: &Connection, bank_id: Option<&str>) -> Result<BTreeMap<String, String>, StoreError> {
    let mut stmt = tx.prepare(
        "SELECT min(a.id), b.content FROM banks b JOIN assessments a ON a.bank_hash = b.hash \
         WHERE ?1 IS NULL OR a.bank_id = ?1 \
         GROUP BY b.hash ORDER BY max(a.started_at) DESC, b.stored_at DESC",
    )?;
    let rows = stmt.query_map([bank_id], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
    })?;
    let mut titles = BTreeMap::new();
    for row in rows {
        let (assessment, json) = row?;
        let bank: Bank = serde_json::from_str(&json).map_err(|e| StoreError::StoredBank {
            assessment,
            reason: e.to_string(),
        })?;
        for q in &bank.questions {
            titles.entry(q.id.clone()).or_insert_with(|| q.name());
        }
    }
    Ok(titles)
}
