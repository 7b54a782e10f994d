//! Commands for the opex file: exporting a team where the person chose in
//! the native save dialog, and importing the file they chose in the open
//! dialog. opex-service writes (whole or not at all) and merges (all or
//! nothing).

use crate::error::CmdResult;
use crate::state::AppState;
use opex_service::portable::{self as svc, ExportOptions, ExportedTeamDto, ImportReportDto, Names};
use std::path::PathBuf;
use tauri::State;

/// Writes the team's opex file at `path`. Notes only when asked for; with
/// `drop_names`, people are "Participant N" and owners "Owner N".
#[tauri::command]
pub async fn export_team(
    state: State<'_, AppState>,
    team_id: i64,
    path: PathBuf,
    include_notes: bool,
    drop_names: bool,
) -> CmdResult<ExportedTeamDto> {
    let names = if drop_names { Names::Drop } else { Names::Keep };
    let options = ExportOptions {
        include_notes,
        names,
    };
    state.with_store(|s| svc::export_team_to(s, team_id, options, &path))
}

/// Imports the opex file at `path`; `as_name` names a team that is new here.
#[tauri::command]
pub async fn import_team(
    state: State<'_, AppState>,
    path: PathBuf,
    as_name: Option<String>,
) -> CmdResult<ImportReportDto> {
    state.with_store(|s| svc::import_file(s, &path, as_name.as_deref()))
}
