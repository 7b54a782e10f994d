//! opex-store: the SQLite file behind opex. One `open` path sets the pragmas and
//! migrates; every read and write of teams, assessments, participants, votes,
//! answers, targets and actions goes through `Store`. The records it returns
//! are opex-core's.

mod actions;
mod answers;
mod assessments;
pub mod backups;
mod banks;
mod cards;
mod checklists;
mod clock;
pub mod demo;
mod error;
mod open;
pub mod organisation;
mod participants;
mod path;
#[cfg(test)]
mod plans;
mod portable;
mod rows;
mod targets;
mod teams;
mod usage;
mod votes;
mod workshop;

pub use backups::{Backup, BackupKind};
pub use error::StoreError;
pub use open::check;
pub use path::{DB_ENV, default_db_path, resolve_db_path};
pub use portable::{Imported, Origin};
pub use workshop::NewWorkshop;

use rusqlite::Connection;
use rusqlite_migration::{M, Migrations};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

/// The schema history. Append-only: a shipped migration is never edited, since
/// a user's file has already run it. `user_version` counts how many have run.
pub static MIGRATIONS: LazyLock<Migrations<'static>> = LazyLock::new(|| {
    Migrations::new(vec![
        M::up(include_str!("migrations/0001_initial.sql")).foreign_key_check(),
        M::up(include_str!("migrations/0002_imported_banks.sql")),
        M::up(include_str!("migrations/0003_workshops.sql")).foreign_key_check(),
        M::up(include_str!("migrations/0004_targets_and_reviews.sql")),
        M::up(include_str!("migrations/0005_headcount.sql")),
        M::up(include_str!("migrations/0006_action_link.sql")),
        M::up(include_str!("migrations/0007_breadth_and_checks.sql")).foreign_key_check(),
        M::up(include_str!("migrations/0008_uuids.sql")),
        M::up(include_str!("migrations/0009_checklist_answers.sql")),
        M::up(include_str!(
            "migrations/0010_indexes_for_assessment_lookups.sql"
        )),
        M::up(include_str!("migrations/0011_score_cards.sql")),
    ])
});

/// How many migrations this binary knows: the newest schema version it can open.
pub fn schema_version() -> usize {
    MIGRATION_COUNT
}
pub(crate) const MIGRATION_COUNT: usize = 11;

/// SQLite's `synchronous` setting, for a database in WAL mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durability {
    /// The log is synced at every commit: an answer survives a power cut.
    Full,
    /// Synced at checkpoints only: survives a crash of opex, but a power cut
    /// can lose the last commits.
    Normal,
}

/// An open, migrated opex database.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    /// Banks already read, by content hash. A stored bank never changes (its
    /// hash is its content), so every answer need not parse it again.
    banks: std::cell::RefCell<std::collections::HashMap<String, opex_core::Bank>>,
}

impl Store {
    /// Opens (creating if needed) the database file at `path` and migrates it
    /// to the latest schema, after checking it for damage and copying it to
    /// its backup folder when it holds an older schema. A file from a newer
    /// opex, a file that is not a database and one cut short are refused
    /// before anything is written to them. The full damage check of a file
    /// already at the latest schema is [`check`], apart. See `open.rs`.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        open::open(path)
    }

    /// A fresh, migrated database in memory, for tests.
    pub fn open_in_memory() -> Result<Store, StoreError> {
        open::in_memory()
    }

    /// The file behind this store, if any.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Runs `f` in one immediate transaction: all of it is committed, or none.
    /// Inside [`Store::atomically`] it is a savepoint of the outer transaction.
    pub fn with_tx<T>(
        &mut self,
        f: impl FnOnce(&Connection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        if !self.conn.is_autocommit() {
            let sp = self.conn.savepoint()?;
            let out = f(&sp)?;
            sp.commit()?;
            return Ok(out);
        }
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    /// Runs `f`, which may make many writes through this store, as one
    /// transaction: a creation of many rows (a demo team, an import) is
    /// either all there or not there at all, so a failure halfway (a full
    /// disk) never leaves half a team that blocks the retry.
    pub fn atomically<T>(
        &mut self,
        f: impl FnOnce(&mut Store) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        match f(self) {
            Ok(out) => match self.conn.execute_batch("COMMIT") {
                Ok(()) => Ok(out),
                Err(e) => {
                    let _ = self.conn.execute_batch("ROLLBACK");
                    Err(e.into())
                }
            },
            Err(e) => {
                if !self.conn.is_autocommit() {
                    let _ = self.conn.execute_batch("ROLLBACK");
                }
                Err(e)
            }
        }
    }

    /// Closes the database cleanly: the write-ahead log is checkpointed into
    /// the main file and removed, so after a clean exit the `.sqlite3` file
    /// alone is complete.
    pub fn close(self) -> Result<(), StoreError> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        self.conn.close().map_err(|(_, e)| StoreError::from(e))
    }

    /// Lets go of a file found damaged while open, writing nothing more to
    /// it: no checkpoint folds the log into the damaged file, so what this
    /// session saved stays in the `-wal` beside it, which a restore sets
    /// aside with the file.
    pub fn abandon(self) {
        let _ = self.conn.set_db_config(
            rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
            true,
        );
        let _ = self.conn.close();
    }

    /// How hard each commit is pushed to disk. opex opens every file with
    /// [`Durability::Full`]; the other setting exists so the save-latency
    /// benchmark can measure what `Full` costs.
    pub fn set_durability(&self, d: Durability) -> Result<(), StoreError> {
        let mode = match d {
            Durability::Full => "FULL",
            Durability::Normal => "NORMAL",
        };
        Ok(self.conn.pragma_update(None, "synchronous", mode)?)
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        MIGRATIONS.validate().unwrap();
    }

    #[test]
    fn migration_count_matches_the_list() {
        let mut conn = Connection::open_in_memory().unwrap();
        MIGRATIONS.to_latest(&mut conn).unwrap();
        let v: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, MIGRATION_COUNT as i64);
    }

    #[test]
    fn open_sets_the_pragmas() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("sub/opex.sqlite3")).unwrap();
        let c = store.conn();
        let mode: String = c
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .unwrap();
        let fk: i64 = c
            .pragma_query_value(None, "foreign_keys", |r| r.get(0))
            .unwrap();
        let sync: i64 = c
            .pragma_query_value(None, "synchronous", |r| r.get(0))
            .unwrap();
        let busy: i64 = c
            .pragma_query_value(None, "busy_timeout", |r| r.get(0))
            .unwrap();
        assert_eq!((mode.as_str(), fk, sync, busy), ("wal", 1, 2, 5000));
    }

    #[test]
    fn a_newer_schema_is_refused_and_the_file_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("future.sqlite3");
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch("CREATE TABLE future (x); PRAGMA user_version = 99;")
                .unwrap();
        }
        let before = std::fs::read(&path).unwrap();
        let err = Store::open(&path)
            .err()
            .expect("a newer schema must be refused");
        assert!(matches!(err, StoreError::TooNew { found: 99, .. }), "{err}");
        let msg = err.to_string();
        assert!(
            msg.contains("future.sqlite3") && msg.contains("99"),
            "{msg}"
        );
        assert_eq!(
            std::fs::read(&path).unwrap(),
            before,
            "the file must not change"
        );
        assert!(!dir.path().join("future.sqlite3-wal").exists());
    }

    #[test]
    fn a_file_that_is_not_a_database_is_refused_and_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.sqlite3");
        std::fs::write(&path, "these are my notes, not a database\n".repeat(200)).unwrap();
        let before = std::fs::read(&path).unwrap();
        let err = Store::open(&path).err().expect("garbage must be refused");
        assert!(matches!(err, StoreError::NotADatabase { .. }), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }
}
