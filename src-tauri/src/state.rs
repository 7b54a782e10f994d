//! The app's state: the open store (or why it could not be opened), its path,
//! and the embedded default bank.

use crate::error::{CmdResult, CommandError};
use opex_core::Bank;
use opex_service::ErrorKind;
use opex_store::Store;
use std::path::PathBuf;
use std::sync::Mutex;

pub struct AppState {
    store: Mutex<Option<Store>>,
    db_path: PathBuf,
    startup_error: Option<CommandError>,
    bank: Result<Bank, CommandError>,
}

impl AppState {
    /// Opens the database at `path`. A failure is kept, not raised, so the UI
    /// can show it in a dialog instead of starting half-broken.
    pub fn open(path: Option<PathBuf>) -> AppState {
        let bank = opex_core::default_bank().map_err(CommandError::from);
        let Some(db_path) = opex_store::resolve_db_path(path) else {
            let error = CommandError {
                kind: ErrorKind::Startup,
                message: "No data directory was found for the database. Start opex with --db PATH or set OPEX_DB.".into(),
            };
            return AppState {
                store: Mutex::new(None),
                db_path: PathBuf::new(),
                startup_error: Some(error),
                bank,
            };
        };
        match Store::open(&db_path) {
            Ok(store) => AppState {
                store: Mutex::new(Some(store)),
                db_path,
                startup_error: None,
                bank,
            },
            Err(e) => AppState {
                store: Mutex::new(None),
                db_path,
                startup_error: Some(e.into()),
                bank,
            },
        }
    }

    /// A state over an in-memory database, for tests.
    pub fn in_memory() -> CmdResult<AppState> {
        Ok(AppState {
            store: Mutex::new(Some(Store::open_in_memory()?)),
            db_path: PathBuf::from(":memory:"),
            startup_error: None,
            bank: opex_core::default_bank().map_err(CommandError::from),
        })
    }

    pub fn db_path(&self) -> String {
        self.db_path.display().to_string()
    }

    pub fn startup_error(&self) -> Option<CommandError> {
        self.startup_error.clone()
    }

    pub fn bank(&self) -> CmdResult<&Bank> {
        self.bank.as_ref().map_err(Clone::clone)
    }

    /// Runs `f` on the store: the one way commands reach the database.
    pub fn with_store<T>(
        &self,
        f: impl FnOnce(&mut Store) -> opex_service::Result<T>,
    ) -> CmdResult<T> {
        let mut guard = self.store.lock().map_err(|_| CommandError {
            kind: ErrorKind::Database,
            message: "an earlier operation failed midway; restart opex".into(),
        })?;
        match guard.as_mut() {
            Some(store) => f(store).map_err(CommandError::from),
            None => Err(self.startup_error.clone().unwrap_or(CommandError {
                kind: ErrorKind::Startup,
                message: "the database is not open".into(),
            })),
        }
    }
}
