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
    #[error("database error: {0}")]
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

impl StoreError {
    pub(crate) fn open(path: &std::path::Path, e: rusqlite::Error) -> StoreError {
        match &e {
            rusqlite::Error::SqliteFailure(f, msg)
                if matches!(
                    f.code,
                    rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt
                ) =>
            {
                StoreError::NotADatabase {
                    path: path.to_path_buf(),
                    reason: msg.clone().unwrap_or_else(|| f.to_string()),
                }
            }
            _ => StoreError::Io {
                path: path.to_path_buf(),
                source: std::io::Error::other(e.to_string()),
            },
        }
    }
}
