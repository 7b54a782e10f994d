//! The IPC commands. Each is async (the database never blocks the window), makes
//! one call, and returns a DTO or a `{ kind, message }` error.

use crate::dto::{
    AppStatusDto, AssessmentDto, BankChoiceDto, BankFileDto, QuestionnaireDto, ResponseDto,
    ResultsDto, SavedAnswerDto, TeamDto, ThemeDto,
};
use crate::error::CmdResult;
use crate::state::AppState;
use crate::views;
use chrono::Utc;
use tauri::State;

#[tauri::command]
pub async fn app_status(state: State<'_, AppState>) -> CmdResult<AppStatusDto> {
    Ok(AppStatusDto {
        version: env!("CARGO_PKG_VERSION").to_string(),
        db_path: state.db_path(),
        error: state.startup_error(),
    })
}

#[tauri::command]
pub async fn list_teams(state: State<'_, AppState>) -> CmdResult<Vec<TeamDto>> {
    state.with_store(|s| views::teams(s))
}

#[tauri::command]
pub async fn create_team(state: State<'_, AppState>, name: String) -> CmdResult<TeamDto> {
    state.with_store(|s| views::create_team(s, &name))
}

#[tauri::command]
pub async fn start_assessment(
    state: State<'_, AppState>,
    team_id: i64,
    bank_hash: Option<String>,
    profile: Option<String>,
) -> CmdResult<AssessmentDto> {
    let builtin = state.bank()?;
    let profile = profile.unwrap_or_else(|| "full".into());
    state.with_store(|s| {
        views::start_assessment(s, team_id, builtin, bank_hash.as_deref(), &profile)
    })
}

#[tauri::command]
pub async fn list_banks(state: State<'_, AppState>) -> CmdResult<Vec<BankChoiceDto>> {
    let builtin = state.bank()?;
    state.with_store(|s| views::banks(s, builtin))
}

#[tauri::command]
pub async fn import_bank(
    state: State<'_, AppState>,
    files: Vec<BankFileDto>,
) -> CmdResult<BankChoiceDto> {
    state.with_store(|s| views::import_bank(s, files))
}

#[tauri::command]
pub async fn questionnaire(
    state: State<'_, AppState>,
    assessment_id: i64,
) -> CmdResult<QuestionnaireDto> {
    state.with_store(|s| views::questionnaire(s, assessment_id))
}

#[tauri::command]
pub async fn save_answer(
    state: State<'_, AppState>,
    assessment_id: i64,
    question_id: String,
    response: ResponseDto,
) -> CmdResult<SavedAnswerDto> {
    state.with_store(|s| {
        Ok((&s.save_consensus(assessment_id, &question_id, &response.into(), Utc::now())?).into())
    })
}

#[tauri::command]
pub async fn clear_answer(
    state: State<'_, AppState>,
    assessment_id: i64,
    question_id: String,
) -> CmdResult<()> {
    state.with_store(|s| Ok(s.clear_consensus(assessment_id, &question_id)?))
}

#[tauri::command]
pub async fn finish_assessment(
    state: State<'_, AppState>,
    assessment_id: i64,
) -> CmdResult<AssessmentDto> {
    state.with_store(|s| views::finish(s, assessment_id))
}

#[tauri::command]
pub async fn results(
    state: State<'_, AppState>,
    assessment_id: i64,
    theme: ThemeDto,
) -> CmdResult<ResultsDto> {
    state.with_store(|s| views::results(s, assessment_id, theme))
}

#[tauri::command]
pub async fn create_demo(state: State<'_, AppState>) -> CmdResult<TeamDto> {
    let builtin = state.bank()?;
    state.with_store(|s| views::create_demo(s, builtin))
}
