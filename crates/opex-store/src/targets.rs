//! Targets per area, kept with their history: a new row per change, so
//! `targets_at` answers "what was the target then".

use crate::rows::{date, parse_date, parse_ts, ts};
use crate::{Store, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use opex_core::action::Target;
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
        if !(1.0..=5.0).contains(&level) {
            return Err(StoreError::Invalid(format!(
                "a target is a level from 1 to 5, not {level}"
            )));
        }
        self.team(team_id)?;
        let id = self.with_tx(|tx| {
            tx.execute(
                "INSERT INTO targets (team_id, area_id, level, target_date, set_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![team_id, area_id, level, target_date.map(date), ts(at)],
            )?;
            Ok(tx.last_insert_rowid())
        })?;
        Ok(self.conn().query_row(
            &format!("SELECT {TARGET_COLS} FROM targets WHERE id = ?1"),
            [id],
            target_row,
        )?)
    }

    /// The targets in force at `at`: per area, the newest set at or before it.
    pub fn targets_at(&self, team_id: i64, at: DateTime<Utc>) -> Result<Vec<Target>, StoreError> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT {TARGET_COLS} FROM targets t WHERE team_id = ?1 AND set_at <= ?2 AND id = \
             (SELECT id FROM targets u WHERE u.team_id = t.team_id AND u.area_id = t.area_id AND u.set_at <= ?2 \
              ORDER BY u.set_at DESC, u.id DESC LIMIT 1) ORDER BY area_id"
        ))?;
        let rows = stmt.query_map(params![team_id, ts(at)], target_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every target ever set for a team, oldest first.
    pub fn target_history(&self, team_id: i64) -> Result<Vec<Target>, StoreError> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT {TARGET_COLS} FROM targets WHERE team_id = ?1 ORDER BY set_at, id"
        ))?;
        let rows = stmt.query_map([team_id], target_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
