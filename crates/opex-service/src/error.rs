//! The application layer's errors: each keeps the kind of what went wrong
//! below it (a store's "not found" stays "not found") so every front door can
//! tell cases apart.

use opex_core::BankError;
use opex_report::ReportError;
use opex_store::StoreError;
use serde::Serialize;
use std::path::PathBuf;
use ts_rs::TS;

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Bank(#[from] BankError),
    #[error(transparent)]
    Report(#[from] ReportError),
    #[error("{0}")]
    Invalid(String),
    /// The request was sound but the workshop has moved past it (a vote
    /// after the reveal, a name another phone took).
    #[error("{0}")]
    Conflict(String),
    /// Finishing would leave applicable questions without a level, and the
    /// caller has not accepted that: what would happen, in words.
    #[error("{0}")]
    Gaps(String),
    #[error("team \"{0}\" has no completed assessment")]
    NothingCompleted(String),
    #[error("assessment {0} is not a workshop: its closing summary does not exist")]
    NotAWorkshop(i64),
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    /// An opex file that does not parse or check: each problem by JSON path.
    #[error(
        "{file} cannot be imported, and nothing was written:{}",
        issues_text(issues)
    )]
    BadFile {
        file: String,
        issues: Vec<opex_core::portable::FileIssue>,
    },
    /// An imported team new here whose name another team has.
    #[error(
        "{file} holds a different team from the \"{name}\" already here (another identity), so nothing was imported. \
         Import it under another name: --as NAME"
    )]
    NameTaken { file: String, name: String },
}

/// A file's problems, one a line; the first 20, then how many more.
fn issues_text(issues: &[opex_core::portable::FileIssue]) -> String {
    const SHOWN: usize = 20;
    let mut out: String = issues
        .iter()
        .take(SHOWN)
        .map(|i| format!("\n  {i}"))
        .collect();
    if issues.len() > SHOWN {
        out.push_str(&format!("\n  … and {} more", issues.len() - SHOWN));
    }
    out
}

pub type Result<T, E = ServiceError> = std::result::Result<T, E>;

/// What kind of failure an error is, for a front door to tell cases apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ErrorKind {
    /// The database is from a newer opex.
    TooNew,
    /// The file is not an opex database.
    NotADatabase,
    /// The database file is damaged; a backup can be restored.
    Damaged,
    /// The database could not be opened at startup.
    Startup,
    NotFound,
    Invalid,
    /// Finishing would leave questions unanswered; ask, then finish accepting the gaps.
    Gaps,
    Closed,
    /// The request came too late or clashes with another person's: say so, retry nothing.
    Conflict,
    DuplicateTeam,
    Bank,
    Io,
    Database,
}

impl ServiceError {
    pub fn kind(&self) -> ErrorKind {
        match self {
            ServiceError::Store(e) => match e {
                StoreError::TooNew { .. } => ErrorKind::TooNew,
                StoreError::NotADatabase { .. } => ErrorKind::NotADatabase,
                e if e.is_damage() => ErrorKind::Damaged,
                StoreError::Damaged { .. } => ErrorKind::Damaged,
                StoreError::Io { .. } => ErrorKind::Io,
                StoreError::NotFound { .. } | StoreError::NoTeamNamed(_) => ErrorKind::NotFound,
                StoreError::Invalid(_) | StoreError::Answer(_) | StoreError::VotingClosed(_) => {
                    ErrorKind::Invalid
                }
                StoreError::Closed(_) => ErrorKind::Closed,
                StoreError::DuplicateTeam(_) => ErrorKind::DuplicateTeam,
                StoreError::StoredBank { .. } => ErrorKind::Bank,
                StoreError::Sqlite(_)
                | StoreError::Migration(_)
                | StoreError::UpgradeFailed { .. } => ErrorKind::Database,
            },
            ServiceError::Bank(_) => ErrorKind::Bank,
            ServiceError::Report(e) => match e {
                ReportError::UnknownFormat(_) | ReportError::NothingToReport(_) => {
                    ErrorKind::Invalid
                }
                _ => ErrorKind::Io,
            },
            ServiceError::Invalid(_) | ServiceError::NotAWorkshop(_) => ErrorKind::Invalid,
            ServiceError::Gaps(_) => ErrorKind::Gaps,
            ServiceError::Conflict(_) => ErrorKind::Conflict,
            ServiceError::NothingCompleted(_) => ErrorKind::NotFound,
            ServiceError::Write { .. } | ServiceError::Read { .. } => ErrorKind::Io,
            ServiceError::BadFile { .. } => ErrorKind::Invalid,
            ServiceError::NameTaken { .. } => ErrorKind::DuplicateTeam,
        }
    }
}

impl From<opex_report::charts::ChartError> for ServiceError {
    fn from(e: opex_report::charts::ChartError) -> Self {
        ServiceError::Report(e.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_survive_the_layers() {
        let table: Vec<(ServiceError, ErrorKind)> = vec![
            (
                StoreError::NotFound {
                    what: "team",
                    id: 9,
                }
                .into(),
                ErrorKind::NotFound,
            ),
            (
                StoreError::NoTeamNamed("x".into()).into(),
                ErrorKind::NotFound,
            ),
            (StoreError::Closed(1).into(), ErrorKind::Closed),
            (
                StoreError::DuplicateTeam("x".into()).into(),
                ErrorKind::DuplicateTeam,
            ),
            (
                StoreError::Answer(opex_core::InvalidAnswer::MissingReason).into(),
                ErrorKind::Invalid,
            ),
            (
                ReportError::UnknownFormat("docx".into()).into(),
                ErrorKind::Invalid,
            ),
            (
                ReportError::NothingToReport("T".into()).into(),
                ErrorKind::Invalid,
            ),
            (ServiceError::Invalid("no".into()), ErrorKind::Invalid),
            (ServiceError::Conflict("late".into()), ErrorKind::Conflict),
        ];
        for (e, kind) in table {
            assert_eq!(e.kind(), kind, "{e}");
        }
    }
}
