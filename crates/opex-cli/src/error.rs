//! What can go wrong in a command, and how it is shown: a usage error the way
//! clap shows one (`error: …`, the usage line, exit code 2); anything else
//! (a missing team, a file that cannot be written) as `opex: …`, exit code 1.

use opex_core::BankError;
use opex_service::ServiceError;
use opex_store::StoreError;
use std::process::ExitCode;

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The command line asks for something it cannot have, which only the
    /// data could tell (clap catches the rest while parsing).
    #[error(transparent)]
    Usage(#[from] clap::Error),
    #[error(transparent)]
    Service(#[from] ServiceError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Bank(#[from] BankError),
    #[error("no database location: pass --db PATH or set OPEX_DB")]
    NoDbPath,
    #[error(
        "there is no opex database at {} (nothing was created there): check --db or OPEX_DB, or create one with the app or `opex demo`",
        .0.display()
    )]
    NoDatabase(std::path::PathBuf),
    #[error(
        "{} is damaged: {why}. {}",
        path.display(),
        match restore {
            Some(b) => format!("The newest sound backup is {}; `opex db restore --latest` puts it in place and keeps the damaged file.", b.display()),
            None => "No sound backup of it was found.".into(),
        }
    )]
    Damaged {
        path: std::path::PathBuf,
        why: String,
        restore: Option<std::path::PathBuf>,
    },
    #[error("there is no sound backup in {}", .0.display())]
    NoBackup(std::path::PathBuf),
    #[error("{0} lint finding(s)")]
    Lint(usize),
    #[error(transparent)]
    Lens(#[from] opex_core::lens::LensError),
    #[error(
        "{} already exists and is not an empty folder: choose a new folder for the bank (files already there would mix with the lens's)",
        .0.display()
    )]
    NotEmpty(std::path::PathBuf),
    #[error("could not write to {}: {source}", path.display())]
    Write {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
}

impl CliError {
    /// Shows the error on stderr and returns the exit code.
    pub fn report(self) -> ExitCode {
        match self {
            CliError::Usage(e) => {
                let _ = e.print();
                ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2))
            }
            other => {
                // Line by line: a message may list several problems, but a
                // name quoted in it never reaches the terminal raw.
                let text = other.to_string();
                let shown: Vec<String> = text.lines().map(crate::tables::visible).collect();
                eprintln!("opex: {}", shown.join("\n"));
                ExitCode::FAILURE
            }
        }
    }
}
