//! The people of an assessment: adding, renaming and removing them (their
//! votes kept under no name, or deleted).

use crate::rows::ts;
use crate::{Store, StoreError};
use chrono::{DateTime, Utc};
use opex_core::Participant;
use opex_core::workshop::RemovedVotes;
use rusqlite::{Connection, params};

/// The most characters a participant's name or alias may have.
pub const MAX_PERSON_NAME: usize = 80;

/// A participant's name as kept: trimmed, not empty, at most
/// [`MAX_PERSON_NAME`] characters.
pub(crate) fn person_name(name: &str) -> Result<&str, StoreError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(StoreError::Invalid(
            "a participant needs a name or an alias".into(),
        ));
    }
    if name.chars().count() > MAX_PERSON_NAME {
        return Err(StoreError::Invalid(format!(
            "a participant's name is at most {MAX_PERSON_NAME} characters; \"{}…\" is {}",
            name.chars().take(24).collect::<String>(),
            name.chars().count()
        )));
    }
    Ok(name)
}

impl Store {
    pub fn add_participant(
        &mut self,
        assessment_id: i64,
        name: &str,
    ) -> Result<Participant, StoreError> {
        let name = person_name(name)?;
        self.assessment(assessment_id)?;
        self.with_tx(|tx| insert_participant(tx, assessment_id, name))
    }

    pub fn participants(&self, assessment_id: i64) -> Result<Vec<Participant>, StoreError> {
        let mut stmt = self.conn().prepare_cached(
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

    pub fn add_workshop_participant(
        &mut self,
        assessment_id: i64,
        name: &str,
    ) -> Result<Participant, StoreError> {
        let w = self.workshop(assessment_id)?;
        if !w.settings.anonymity.keeps_names() {
            return Err(StoreError::Invalid(
                "an anonymous workshop keeps no names".into(),
            ));
        }
        self.add_participant(assessment_id, name)
    }

    /// Checks `participant_id` is in workshop `assessment_id`, which is still open.
    fn check_participant(&self, assessment_id: i64, participant_id: i64) -> Result<(), StoreError> {
        let a = self.assessment(assessment_id)?;
        if a.is_complete() {
            return Err(StoreError::Closed(assessment_id));
        }
        let ok: bool = self.conn().query_row(
            "SELECT EXISTS(SELECT 1 FROM participants WHERE id = ?1 AND assessment_id = ?2)",
            params![participant_id, assessment_id],
            |r| r.get(0),
        )?;
        if !ok {
            return Err(StoreError::NotFound {
                what: "participant",
                id: participant_id,
            });
        }
        Ok(())
    }

    pub fn rename_participant(
        &mut self,
        assessment_id: i64,
        participant_id: i64,
        name: &str,
    ) -> Result<(), StoreError> {
        self.check_participant(assessment_id, participant_id)?;
        let name = person_name(name)?;
        self.with_tx(|tx| {
            let taken: bool = tx.query_row(
                "SELECT EXISTS(SELECT 1 FROM participants o JOIN participants p ON p.assessment_id = o.assessment_id \
                 WHERE p.id = ?1 AND o.id <> ?1 AND o.name = ?2)",
                params![participant_id, name],
                |r| r.get(0),
            )?;
            if taken {
                return Err(StoreError::Invalid(format!("someone in this workshop is already called \"{name}\"")));
            }
            let n = tx.execute("UPDATE participants SET name = ?2 WHERE id = ?1", params![participant_id, name])?;
            if n == 0 {
                return Err(StoreError::NotFound { what: "participant", id: participant_id });
            }
            Ok(())
        })
    }

    /// Removes a participant. Their votes are kept under no name, or deleted.
    pub fn remove_participant(
        &mut self,
        assessment_id: i64,
        participant_id: i64,
        votes: RemovedVotes,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.check_participant(assessment_id, participant_id)?;
        self.with_tx(|tx| {
            let n = match votes {
                RemovedVotes::Delete => tx.execute("DELETE FROM participants WHERE id = ?1", [participant_id])?,
                RemovedVotes::KeepAnonymously => tx.execute(
                    "UPDATE participants SET name = 'removed participant ' || id, removed_at = ?2 WHERE id = ?1",
                    params![participant_id, ts(at)],
                )?,
            };
            if n == 0 {
                return Err(StoreError::NotFound { what: "participant", id: participant_id });
            }
            Ok(())
        })
    }
}

pub(crate) fn insert_participant(
    tx: &Connection,
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
