//! The IPC commands, by area. Each is async (the database never blocks the
//! window), makes one call into opex-service, and returns its view model or a
//! `{ kind, message }` error.

pub mod assessments;
pub mod phone;
pub mod portable;
pub mod team;
pub mod workshop;

use crate::error::{CmdResult, CommandError};
use crate::state::AppState;
use opex_service::database::{BackupDto, DatabaseDto};
use serde::Serialize;
use tauri::State;
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AppStatusDto {
    pub version: String,
    /// The embedded default bank's version.
    pub bank_version: String,
    /// The database file in use, or the one that failed to open.
    pub db_path: String,
    /// Where its backups are.
    pub backups_dir: String,
    /// Why the database could not be opened; the UI shows it and nothing else.
    pub error: Option<CommandError>,
}

#[tauri::command]
pub async fn app_status(state: State<'_, AppState>) -> CmdResult<AppStatusDto> {
    let about = opex_service::database::about(state.bank().ok(), state.db_path());
    Ok(AppStatusDto {
        version: about.version,
        bank_version: about.bank_version,
        db_path: about.db_path,
        backups_dir: about.backups_dir,
        error: state.startup_error(),
    })
}

/// Waits for the damage check the app runs on its database after opening
/// it, and returns why the database cannot be used, if it cannot: the UI
/// asks once it shows its first screen, and shows the same dialog as for a
/// start-up error.
#[tauri::command]
pub async fn check_database(state: State<'_, AppState>) -> CmdResult<Option<CommandError>> {
    Ok(state.checked_error().await)
}

/// The database, its backup folder and its backups, each checked: for the
/// About panel and for the restore dialog (which works while the database
/// itself cannot be opened).
#[tauri::command]
pub async fn database(state: State<'_, AppState>) -> CmdResult<DatabaseDto> {
    Ok(opex_service::database::database(state.db_path()))
}

#[tauri::command]
pub async fn backup_now(state: State<'_, AppState>) -> CmdResult<BackupDto> {
    state.with_store(|s| opex_service::database::backup_now(s))
}

/// Restores the backup at `path` (one listed by `database`), then reopens:
/// returns where the replaced file was set aside.
#[tauri::command]
pub async fn restore_backup<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    path: String,
) -> CmdResult<Option<String>> {
    let listed = opex_store::backups::list(state.db_path())
        .into_iter()
        .any(|b| b.path == std::path::Path::new(&path));
    if !listed {
        return Err(CommandError {
            kind: opex_service::ErrorKind::Invalid,
            message: format!("{path} is not one of this database's backups"),
        });
    }
    let restored = state.restore(std::path::Path::new(&path));
    phone::stop_if_gone(&app).await;
    restored
}
