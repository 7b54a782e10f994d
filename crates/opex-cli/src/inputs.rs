//! What the global flags name: the database (`--db`, else `$OPEX_DB`, else
//! the OS data directory) and the question bank (`--bank`, else the built-in
//! one).

use crate::error::CliError;
use opex_core::Bank;
use opex_store::Store;
use std::path::PathBuf;

/// Opens (creating and migrating if needed) the database.
pub fn store(db: Option<PathBuf>) -> Result<Store, CliError> {
    let path = opex_store::resolve_db_path(db).ok_or(CliError::NoDbPath)?;
    Ok(Store::open(&path)?)
}

/// Opens an existing database, for commands that only read: a mistyped path
/// is reported, never created.
pub fn existing_store(db: Option<PathBuf>) -> Result<Store, CliError> {
    let path = opex_store::resolve_db_path(db).ok_or(CliError::NoDbPath)?;
    if !path.exists() {
        return Err(CliError::NoDatabase(path));
    }
    Ok(Store::open(&path)?)
}

/// The bank at `path`, or the built-in one.
pub fn bank(path: Option<PathBuf>) -> Result<Bank, CliError> {
    Ok(match path {
        Some(p) => opex_core::load_path(&p)?,
        None => opex_core::default_bank()?,
    })
}
