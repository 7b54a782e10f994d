//! Teams: creating, listing, finding by name and deleting.

use crate::rows::{parse_ts, ts};
use crate::{Store, StoreError};
use chrono::Utc;
use opex_core::Team;
use rusqlite::{OptionalExtension, params};

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
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, name, created_at FROM teams ORDER BY name COLLATE NOCASE",
        )?;
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

    /// The team a name belongs to (case-insensitive), for the CLI.
    pub fn team_named(&self, name: &str) -> Result<Team, StoreError> {
        let id: Option<i64> = self
            .conn()
            .query_row(
                "SELECT id FROM teams WHERE name = ?1 COLLATE NOCASE",
                [name.trim()],
                |r| r.get(0),
            )
            .optional()?;
        match id {
            Some(id) => self.team(id),
            None => Err(StoreError::NoTeamNamed(name.trim().to_string())),
        }
    }

    /// Deletes a team with all its assessments, targets and actions.
    pub fn delete_team(&mut self, id: i64) -> Result<(), StoreError> {
        self.with_tx(|tx| {
            let n = tx.execute("DELETE FROM teams WHERE id = ?1", [id])?;
            if n == 0 {
                return Err(StoreError::NotFound { what: "team", id });
            }
            Ok(())
        })
    }
}
