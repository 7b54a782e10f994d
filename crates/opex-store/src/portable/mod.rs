//! The rows behind an opex file: reading a team's whole history into
//! opex-core's `TeamFile`, and merging a checked file into the database by
//! UUID in one transaction (all of it or none). Where a team came from
//! (`teams.origin_file`, `origin_exported_at`) is read here too.

use crate::{Store, StoreError};
use opex_core::portable::{
    BankSnapshot, CheckedFile, FORMAT, Names, Privacy, TargetRecord, TeamFile, TeamRecord, VERSION,
};
use rusqlite::OptionalExtension;
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

mod merge;
mod read;

use merge::merge;
use read::{read_actions, read_assessment};

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
            .prepare_cached("SELECT origin_file, origin_exported_at FROM teams WHERE id = ?1")?
            .query_row([team_id], |r| Ok((r.get(0)?, r.get(1)?)))
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
