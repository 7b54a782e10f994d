//! Reading a team's rows into the opex file's records: an assessment with
//! its answers, votes, tallies, workshop and checks, and the team's actions.

use super::unknown_word;
use crate::StoreError;
use opex_core::portable::{
    ActionRecord, AnswerRecord, AssessmentKind, AssessmentRecord, ChecklistRecord,
    ParticipantRecord, ReviewRecord, TallyRecord, TickRecord, VoteRecord, WorkshopQuestionRecord,
    WorkshopRecord, from_word,
};
use rusqlite::Connection;
use std::collections::HashMap;

pub(super) fn read_assessment(c: &Connection, id: i64) -> Result<AssessmentRecord, StoreError> {
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

pub(super) fn read_actions(
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
