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
        // First of all: another process opening the same file at the same
        // moment makes this one wait, not fail.
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        // Checked again on the read-write connection: after a crash the
        // read-only probe cannot read past a hot journal, which this read
        // rolls back first. Nothing is written before this check.
        if let Some(p) = &path {
            let found = user_version(&conn).map_err(|e| StoreError::open(p, e))?;
            if found > MIGRATION_COUNT {
                return Err(StoreError::TooNew {
                    path: p.clone(),
                    found: found as i64,
                    supported: MIGRATION_COUNT as i64,
                });
            }
        }
        // Pragmas are per connection and stay out of migrations.
        wal(&conn)
            .map_err(|e| StoreError::open(path.as_deref().unwrap_or(Path::new(":memory:")), e))?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        migrate(&mut conn, path.as_deref())?;
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

/// Switches the file to WAL. The switch needs the file to itself, and SQLite
/// reports "locked" at once (no busy wait) while another connection is
/// reading it, as happens when two processes open a new file together: wait
/// and try again, for up to five seconds.
fn wal(conn: &Connection) -> rusqlite::Result<()> {
    let start = std::time::Instant::now();
    loop {
        match conn.pragma_update(None, "journal_mode", "WAL") {
            Err(rusqlite::Error::SqliteFailure(f, _))
                if f.code == rusqlite::ErrorCode::DatabaseBusy
                    && start.elapsed() < std::time::Duration::from_secs(5) =>
            {
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            other => return other,
        }
    }
}

fn user_version(conn: &Connection) -> rusqlite::Result<usize> {
    conn.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0))
        .map(|v| v.max(0) as usize)
}

/// How many pre-upgrade copies are kept beside a database.
pub const UPGRADE_BACKUPS_KEPT: usize = 3;

/// Brings the database to the latest schema. An existing file at an older
/// schema is first copied beside itself (`VACUUM INTO`). Two processes opening
/// a new file at once are safe: the migration runs in one transaction, and
/// when it fails because the other process migrated first (the version moved
/// under it), it looks again instead of failing.
fn migrate(conn: &mut Connection, path: Option<&Path>) -> Result<(), StoreError> {
    let mut backup = None;
    for _ in 0..5 {
        let before = user_version(conn)?;
        if before >= MIGRATION_COUNT {
            return Ok(());
        }
        if before > 0
            && backup.is_none()
            && let Some(p) = path
        {
            backup = Some(backup_before_upgrade(conn, p, before)?);
        }
        match MIGRATIONS.to_latest(conn) {
            Ok(()) => return Ok(()),
            Err(e) => {
                if user_version(conn)? != before {
                    continue;
                }
                return Err(StoreError::UpgradeFailed {
                    path: path.map_or_else(|| PathBuf::from(":memory:"), Path::to_path_buf),
                    from: before,
                    to: MIGRATION_COUNT,
                    reason: upgrade_reason(&e),
                    backup,
                });
            }
        }
    }
    Err(StoreError::Invalid(
        "the database's schema kept changing while opex opened it; close other opex windows and try again".into(),
    ))
}

/// SQLite's reason for a failed migration, in one line, without the SQL.
fn upgrade_reason(e: &rusqlite_migration::Error) -> String {
    let text = match e {
        rusqlite_migration::Error::RusqliteError { err, .. } => err.to_string(),
        other => other.to_string(),
    };
    text.lines().next().unwrap_or_default().to_string()
}

/// Copies the database beside itself before an upgrade, named after the
/// schema version it holds and the time, e.g.
/// `opex.sqlite3.v4-20261201T181500Z.bak`; keeps the newest
/// [`UPGRADE_BACKUPS_KEPT`].
fn backup_before_upgrade(
    conn: &Connection,
    path: &Path,
    version: usize,
) -> Result<PathBuf, StoreError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "opex.sqlite3".into());
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let backup = path.with_file_name(format!("{name}.v{version}-{stamp}.bak"));
    if !backup.exists() {
        conn.execute("VACUUM INTO ?1", [backup.to_string_lossy()])
            .map_err(|e| StoreError::Io {
                path: backup.clone(),
                source: std::io::Error::other(format!(
                    "the copy taken before upgrading could not be written ({e}); nothing was upgraded"
                )),
            })?;
    }
    if let Some(dir) = backup.parent() {
        let prefix = format!("{name}.v");
        let mut old: Vec<PathBuf> = std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| {
                        p.file_name().is_some_and(|n| {
                            let n = n.to_string_lossy();
                            n.starts_with(&prefix) && n.ends_with(".bak")
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        // Their names sort by time within a version; order by modification time.
        old.sort_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok());
        let extra = old.len().saturating_sub(UPGRADE_BACKUPS_KEPT);
        for p in old.into_iter().take(extra) {
            let _ = std::fs::remove_file(p);
        }
    }
    Ok(backup)
}

/// Reads the schema version through a read-only connection, so a file from a
/// newer opex (or not a database at all) is left byte-for-byte untouched.
/// After a crash mid-write the file may have a hot journal, which only a
/// read-write connection can roll back: then the check waits for that
/// connection (`Store::init` checks again before writing anything).
fn refuse_newer(path: &Path) -> Result<(), StoreError> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| StoreError::open(path, e))?;
    // Another opex may be creating or upgrading the file this very moment.
    conn.busy_timeout(std::time::Duration::from_secs(5))
        .map_err(|e| StoreError::open(path, e))?;
    let found = match user_version(&conn) {
        Ok(v) => v as i64,
        Err(rusqlite::Error::SqliteFailure(f, _))
            if f.code == rusqlite::ErrorCode::ReadOnly && hot_journal(path) =>
        {
            return Ok(());
        }
        Err(e) => return Err(StoreError::open(path, e)),
    };
    if found > MIGRATION_COUNT as i64 {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found,
            supported: MIGRATION_COUNT as i64,
        });
    }
    Ok(())
}

/// A rollback journal left beside the file by a crash.
fn hot_journal(path: &Path) -> bool {
    let mut journal = path.as_os_str().to_owned();
    journal.push("-journal");
    std::fs::metadata(PathBuf::from(journal)).is_ok_and(|m| m.len() > 0)
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
