//! The store's errors, one variant for each case a user must tell apart.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "{} was written by a newer opex (schema version {found}); this opex knows up to version {supported}. \
         The file was not changed: update opex to open it.",
        path.display()
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error("{} is not an opex database (SQLite said: {reason}). The file was not changed.", path.display())]
    NotADatabase { path: PathBuf, reason: String },
    #[error(
        "{} is damaged: {detail}. opex writes nothing more to it and keeps it as it is. {}",
        path.display(),
        match backup {
            Some(b) => format!("The newest sound backup is {}: restore it, and the damaged file is set aside beside it.", b.display()),
            None => "No sound backup of it was found.".into(),
        }
    )]
    Damaged {
        path: PathBuf,
        /// What SQLite's check found, in one line.
        detail: String,
        /// The newest backup that opens and passes the check.
        backup: Option<PathBuf>,
    },
    #[error("cannot use {}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("no {what} with id {id}")]
    NotFound { what: &'static str, id: i64 },
    #[error("no team is named \"{0}\"")]
    NoTeamNamed(String),
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    Answer(#[from] opex_core::InvalidAnswer),
    #[error(transparent)]
    VotingClosed(#[from] opex_core::workshop::VotingClosed),
    #[error("assessment {0} is complete; its answers can no longer change")]
    Closed(i64),
    #[error("a team named \"{0}\" already exists")]
    DuplicateTeam(String),
    #[error("the bank stored with assessment {assessment} cannot be read: {reason}")]
    StoredBank { assessment: i64, reason: String },
    #[error("{}", sqlite_message(.0))]
    Sqlite(#[from] rusqlite::Error),
    #[error("migration failed: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    #[error(
        "could not upgrade {} from schema version {from} to {to}: {reason}. The upgrade was rolled back{}",
        path.display(),
        match backup { Some(b) => format!("; a copy taken before it is at {}.", b.display()), None => ".".into() }
    )]
    UpgradeFailed {
        path: PathBuf,
        from: usize,
        to: usize,
        /// SQLite's reason, in one line, without the SQL.
        reason: String,
        backup: Option<PathBuf>,
    },
}

/// SQLite's error in words a user can act on: text that is not UTF-8, or a
/// page SQLite finds malformed, means the file was damaged after it was opened.
fn sqlite_message(e: &rusqlite::Error) -> String {
    let code = e.sqlite_error_code();
    if is_damage(e) {
        format!("the database is damaged ({e}); run `opex db check`, and restore a backup")
    } else if code == Some(rusqlite::ErrorCode::DiskFull) {
        "the disk is full: nothing of this change was saved. Free some space and try again".into()
    } else if code == Some(rusqlite::ErrorCode::SystemIoFailure) {
        format!(
            "the disk refused a write ({e}): nothing of this change was saved. Check free space and try again"
        )
    } else {
        format!("database error: {e}")
    }
}

/// Whether SQLite's error means the file is damaged: a page it finds
/// malformed, or text in it that is not UTF-8.
pub(crate) fn is_damage(e: &rusqlite::Error) -> bool {
    match e {
        rusqlite::Error::Utf8Error(..) => true,
        rusqlite::Error::FromSqlConversionFailure(_, _, inner) => {
            inner.downcast_ref::<std::str::Utf8Error>().is_some()
        }
        rusqlite::Error::SqliteFailure(f, _) => f.code == rusqlite::ErrorCode::DatabaseCorrupt,
        _ => false,
    }
}

impl StoreError {
    /// Whether this error says the file is damaged: found by the check, or
    /// met by SQLite while reading or writing.
    pub fn is_damage(&self) -> bool {
        match self {
            StoreError::Damaged { .. } => true,
            StoreError::Sqlite(e) => is_damage(e),
            _ => false,
        }
    }
}
