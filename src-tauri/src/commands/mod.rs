//! The IPC commands, by area. Each is async (the database never blocks the
//! window), makes one call into opex-service, and returns its view model or a
//! `{ kind, message }` error.

pub mod assessments;
pub mod team;
pub mod workshop;

use crate::error::{CmdResult, CommandError};
use crate::state::AppState;
use serde::Serialize;
use tauri::State;
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AppStatusDto {
    pub version: String,
    /// The database file in use, or the one that failed to open.
    pub db_path: String,
    /// Why the database could not be opened; the UI shows it and nothing else.
    pub error: Option<CommandError>,
}

#[tauri::command]
pub async fn app_status(state: State<'_, AppState>) -> CmdResult<AppStatusDto> {
    Ok(AppStatusDto {
        version: env!("CARGO_PKG_VERSION").to_string(),
        db_path: state.db_path(),
        error: state.startup_error(),
    })
}
