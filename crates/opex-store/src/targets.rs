//! Targets per area, kept with their history: a new row per change, so
//! `targets_at` answers "what was the target then".

use crate::rows::{date, parse_date, parse_ts, ts};
use crate::{Store, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use opex_core::action::{NewTarget, Target};
use rusqlite::params;

fn target_row(r: &rusqlite::Row) -> rusqlite::Result<Target> {
    Ok(Target {
        id: r.get(0)?,
        team_id: r.get(1)?,
        area_id: r.get(2)?,
        level: r.get(3)?,
        target_date: parse_date(4, r.get(4)?)?,
        set_at: parse_ts(&r.get::<_, String>(5)?)?,
    })
}

const TARGET_COLS: &str = "id, team_id, area_id, level, target_date, set_at";

impl Store {
    /// Sets the target for one area. Earlier targets are kept, not changed.
    pub fn set_target(
        &mut self,
        team_id: i64,
        area_id: &str,
        level: f64,
        target_date: Option<NaiveDate>,
        at: DateTime<Utc>,
    ) -> Result<Target, StoreError> {
        let new = NewTarget {
            area_id: area_id.to_string(),
            level,
            target_date,
        };
        let mut set = self.set_targets(team_id, std::slice::from_ref(&new), at)?;
        set.pop()
            .ok_or(StoreError::Invalid("no target was set".into()))
    }

    /// Sets the targets of several areas at once: all of them, or none when
    /// one is refused.
    pub fn set_targets(
        &mut self,
        team_id: i64,
        targets: &[NewTarget],
        at: DateTime<Utc>,
    ) -> Result<Vec<Target>, StoreError> {
        if let Some(bad) = targets.iter().find(|t| !(1.0..=5.0).contains(&t.level)) {
            return Err(StoreError::Invalid(format!(
                "a target is a level from 1 to 5, not {} ({})",
                bad.level, bad.area_id
            )));
        }
        self.team(team_id)?;
        let ids = self.with_tx(|tx| {
            let mut ids = Vec::with_capacity(targets.len());
            for t in targets {
                tx.execute(
                    "INSERT INTO targets (team_id, area_id, level, target_date, set_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![team_id, t.area_id, t.level, t.target_date.map(date), ts(at)],
                )?;
                ids.push(tx.last_insert_rowid());
            }
            Ok(ids)
        })?;
        let mut stmt = self
            .conn()
            .prepare_cached(&format!("SELECT {TARGET_COLS} FROM targets WHERE id = ?1"))?;
        ids.into_iter()
            .map(|id| Ok(stmt.query_row([id], target_row)?))
            .collect()
    }

    /// The targets in force at `at`: per area, the newest set at or before it.
    pub fn targets_at(&self, team_id: i64, at: DateTime<Utc>) -> Result<Vec<Target>, StoreError> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {TARGET_COLS} FROM targets t WHERE team_id = ?1 AND set_at <= ?2 AND id = \
             (SELECT id FROM targets u WHERE u.team_id = t.team_id AND u.area_id = t.area_id AND u.set_at <= ?2 \
              ORDER BY u.set_at DESC, u.id DESC LIMIT 1) ORDER BY area_id"
        ))?;
        let rows = stmt.query_map(params![team_id, ts(at)], target_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every target ever set for a team, oldest first.
    pub fn target_history(&self, team_id: i64) -> Result<Vec<Target>, StoreError> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {TARGET_COLS} FROM targets WHERE team_id = ?1 ORDER BY set_at, id"
        ))?;
        let rows = stmt.query_map([team_id], target_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
