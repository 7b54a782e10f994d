//! opex-store: the SQLite file behind opex. One `open` path sets the pragmas and
//! migrates; every read and write of teams, assessments, participants, votes,
//! answers, targets and actions goes through `Store`. The records it returns
//! are opex-core's.

mod actions;
mod answers;
mod assessments;
mod banks;
mod clock;
pub mod demo;
mod error;
mod participants;
mod path;
mod rows;
mod targets;
mod teams;
mod votes;
mod workshop;

pub use error::StoreError;
pub use path::{DB_ENV, default_db_path, resolve_db_path};
pub use workshop::NewWorkshop;

use rusqlite::{Connection, OpenFlags, Transaction};
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
    ])
});

/// How many migrations this binary knows: the newest schema version it can open.
pub fn schema_version() -> usize {
    MIGRATION_COUNT
}
const MIGRATION_COUNT: usize = 6;

/// An open, migrated opex database.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
}

impl Store {
    /// Opens (creating if needed) the database file at `path` and migrates it to
    /// the latest schema. A file from a newer opex is refused before anything is
    /// written to it.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        if path.exists() {
            refuse_newer(path)?;
        } else if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::Io {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        let existed = path.exists();
        let conn = Connection::open(path).map_err(|e| StoreError::open(path, e))?;
        if !existed {
            restrict_permissions(path);
        }
        Store::init(conn, Some(path.to_path_buf()))
    }

    /// A fresh, migrated database in memory, for tests.
    pub fn open_in_memory() -> Result<Store, StoreError> {
        Store::init(Connection::open_in_memory()?, None)
    }

    fn init(mut conn: Connection, path: Option<PathBuf>) -> Result<Store, StoreError> {
        // Pragmas are per connection and stay out of migrations.
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(|e| StoreError::open(path.as_deref().unwrap_or(Path::new(":memory:")), e))?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        MIGRATIONS.to_latest(&mut conn)?;
        Ok(Store { conn, path })
    }

    /// The file behind this store, if any.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Runs `f` in one immediate transaction: all of it is committed, or none.
    pub fn with_tx<T>(
        &mut self,
        f: impl FnOnce(&Transaction) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }
}

/// Reads the schema version through a read-only connection, so a file from a
/// newer opex (or not a database at all) is left byte-for-byte untouched.
fn refuse_newer(path: &Path) -> Result<(), StoreError> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| StoreError::open(path, e))?;
    let found: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(|e| StoreError::open(path, e))?;
    if found > MIGRATION_COUNT as i64 {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found,
            supported: MIGRATION_COUNT as i64,
        });
    }
    Ok(())
}

#[cfg(unix)]
fn restrict_permissions(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    // Best effort: the file holds a team's candid notes.
    let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600));
}

#[cfg(not(unix))]
fn restrict_permissions(_path: &Path) {}

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
        assert_eq!((mode.as_str(), fk, sync, busy), ("wal", 1, 1, 5000));
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
