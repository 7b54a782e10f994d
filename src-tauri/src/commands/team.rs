//! Commands for the team page, comparisons, targets and actions, deleting,
//! the portfolio, and exporting reports where the person chose in the native
//! save dialog.

use crate::error::CmdResult;
use crate::state::AppState;
use chrono::Utc;
use opex_report::{ExportFormat, Paper};
use opex_service::export::{Options, export, export_portfolio as write_portfolio};
use opex_service::team as svc;
use opex_service::views::common::ThemeDto;
use opex_service::views::team::*;
use opex_service::views::workshop::ActionDto;
use std::path::PathBuf;
use tauri::{AppHandle, Runtime, State};

#[tauri::command]
pub async fn team_page(
    state: State<'_, AppState>,
    team_id: i64,
    theme: ThemeDto,
) -> CmdResult<TeamPageDto> {
    state.with_store(|s| svc::team_page(s, team_id, theme))
}

#[tauri::command]
pub async fn compare_assessments(
    state: State<'_, AppState>,
    earlier_id: i64,
    later_id: i64,
) -> CmdResult<ComparisonDto> {
    state.with_store(|s| svc::compare(s, earlier_id, later_id))
}

#[tauri::command]
pub async fn set_target(
    state: State<'_, AppState>,
    team_id: i64,
    area_id: String,
    level: f64,
    target_date: Option<String>,
) -> CmdResult<()> {
    state.with_store(|s| svc::set_target(s, team_id, &area_id, level, target_date.as_deref()))
}

/// Sets every changed target of the team page at once.
#[tauri::command]
pub async fn set_targets(
    state: State<'_, AppState>,
    team_id: i64,
    targets: Vec<TargetDraftDto>,
) -> CmdResult<()> {
    state.with_store(|s| svc::set_targets(s, team_id, targets))
}

#[tauri::command]
pub async fn add_team_action(
    state: State<'_, AppState>,
    team_id: i64,
    action: NewTeamActionDto,
) -> CmdResult<ActionDto> {
    state.with_store(|s| svc::add_team_action(s, team_id, action))
}

#[tauri::command]
pub async fn update_action(
    state: State<'_, AppState>,
    action_id: i64,
    update: ActionUpdateDto,
) -> CmdResult<ActionDto> {
    state.with_store(|s| svc::update_action(s, action_id, update))
}

#[tauri::command]
pub async fn open_actions(state: State<'_, AppState>, team_id: i64) -> CmdResult<Vec<ActionDto>> {
    state.with_store(|s| svc::open_actions(s, team_id))
}

#[tauri::command]
pub async fn delete_assessment<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    assessment_id: i64,
) -> CmdResult<()> {
    state.with_store(|s| Ok(s.delete_assessment(assessment_id)?))?;
    crate::commands::phone::stop_if_gone(&app).await;
    Ok(())
}

#[tauri::command]
pub async fn delete_team<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    team_id: i64,
) -> CmdResult<()> {
    state.with_store(|s| Ok(s.delete_team(team_id)?))?;
    crate::commands::phone::stop_if_gone(&app).await;
    Ok(())
}

#[tauri::command]
pub async fn portfolio(state: State<'_, AppState>) -> CmdResult<PortfolioDto> {
    let builtin = state.bank()?;
    state.with_store(|s| svc::portfolio(s, builtin))
}

/// Writes a report where the person chose in the native save dialog. The path
/// comes from that dialog; the file is written whole or not at all.
#[tauri::command]
pub async fn export_report(
    state: State<'_, AppState>,
    assessment_id: i64,
    format: ExportFormat,
    path: PathBuf,
    include_notes: bool,
    paper: Paper,
) -> CmdResult<Vec<String>> {
    let options = Options {
        include_notes,
        paper,
        assessment_scope: false,
        from: None,
    };
    let written =
        state.with_store(|s| export(s, assessment_id, format, options, &path, Utc::now()))?;
    Ok(written.iter().map(|p| p.display().to_string()).collect())
}

/// Writes every team's portfolio where the person chose.
#[tauri::command]
pub async fn export_portfolio(
    state: State<'_, AppState>,
    path: PathBuf,
    format: ExportFormat,
    paper: Paper,
) -> CmdResult<String> {
    let builtin = state.bank()?;
    state.with_store(|s| write_portfolio(s, builtin, &[], format, paper, &path))?;
    Ok(path.display().to_string())
}
