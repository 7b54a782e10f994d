//! Maps every crate error to `{ kind, message }`, the one error shape the UI knows.

use opex_core::BankError;
use opex_store::StoreError;
use serde::Serialize;
use ts_rs::TS;

/// An error as the UI sees it. `kind` lets the UI tell cases apart; `message`
/// is written for a person.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export, export_to = "../../ui/src/lib/bindings/")]
pub struct CommandError {
    pub kind: ErrorKind,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/lib/bindings/")]
pub enum ErrorKind {
    /// The database is from a newer opex.
    TooNew,
    /// The file is not an opex database.
    NotADatabase,
    /// The database could not be opened at startup.
    Startup,
    NotFound,
    Invalid,
    Closed,
    DuplicateTeam,
    Bank,
    Io,
    Database,
}

impl From<StoreError> for CommandError {
    fn from(e: StoreError) -> Self {
        let kind = match &e {
            StoreError::TooNew { .. } => ErrorKind::TooNew,
            StoreError::NotADatabase { .. } => ErrorKind::NotADatabase,
            StoreError::Io { .. } => ErrorKind::Io,
            StoreError::NotFound { .. } => ErrorKind::NotFound,
            StoreError::Invalid(_) => ErrorKind::Invalid,
            StoreError::Closed(_) => ErrorKind::Closed,
            StoreError::DuplicateTeam(_) => ErrorKind::DuplicateTeam,
            StoreError::StoredBank { .. } => ErrorKind::Bank,
            StoreError::Sqlite(_) | StoreError::Migration(_) => ErrorKind::Database,
        };
        CommandError {
            kind,
            message: e.to_string(),
        }
    }
}

impl From<BankError> for CommandError {
    fn from(e: BankError) -> Self {
        CommandError {
            kind: ErrorKind::Bank,
            message: e.to_string(),
        }
    }
}

impl From<opex_report::ReportError> for CommandError {
    fn from(e: opex_report::ReportError) -> Self {
        CommandError {
            kind: match e {
                opex_report::ReportError::UnknownFormat(_) => ErrorKind::Invalid,
                _ => ErrorKind::Io,
            },
            message: e.to_string(),
        }
    }
}

pub type CmdResult<T> = Result<T, CommandError>;
