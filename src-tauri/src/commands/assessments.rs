//! Commands for teams, banks, the questionnaire and results.

use crate::error::CmdResult;
use crate::state::AppState;
use opex_service::assessments as svc;
use opex_service::views::common::*;
use opex_service::views::results::ResultsDto;
use opex_service::views::team::{ReviewDto, TeamListDto};
use tauri::{AppHandle, Emitter, Runtime, State};

/// One page of the teams whose name holds `query` (all when it is empty),
/// each with its newest assessments: the home screen.
#[tauri::command]
pub async fn list_teams(
    state: State<'_, AppState>,
    query: Option<String>,
    offset: Option<u32>,
    limit: Option<u32>,
) -> CmdResult<TeamListDto> {
    let (offset, limit) = (offset.unwrap_or(0), limit.unwrap_or(u32::MAX));
    state.with_store(|s| {
        svc::team_list(
            s,
            query.as_deref().unwrap_or(""),
            offset as usize,
            limit as usize,
        )
    })
}

#[tauri::command]
pub async fn create_team(state: State<'_, AppState>, name: String) -> CmdResult<TeamDto> {
    state.with_store(|s| svc::create_team(s, &name))
}

#[tauri::command]
pub async fn create_demo(state: State<'_, AppState>) -> CmdResult<TeamDto> {
    let builtin = state.bank()?;
    state.with_store(|s| svc::create_demo(s, builtin, "Demo: Payments Platform"))
}

#[tauri::command]
pub async fn start_assessment(
    state: State<'_, AppState>,
    team_id: i64,
    bank_hash: Option<String>,
    profile: Option<String>,
    reviews: Option<Vec<ReviewDto>>,
) -> CmdResult<AssessmentDto> {
    let builtin = state.bank()?;
    let (hash, profile) = (bank_hash.as_deref(), profile.as_deref());
    let reviews = reviews.unwrap_or_default();
    state.with_store(|s| svc::start_assessment(s, builtin, team_id, hash, profile, reviews))
}

#[tauri::command]
pub async fn list_banks(state: State<'_, AppState>) -> CmdResult<Vec<BankChoiceDto>> {
    let builtin = state.bank()?;
    state.with_store(|s| svc::banks(s, builtin))
}

#[tauri::command]
pub async fn import_bank(
    state: State<'_, AppState>,
    files: Vec<BankFileDto>,
) -> CmdResult<BankChoiceDto> {
    state.with_store(|s| svc::import_bank(s, files))
}

#[tauri::command]
pub async fn questionnaire(
    state: State<'_, AppState>,
    assessment_id: i64,
) -> CmdResult<QuestionnaireDto> {
    state.with_store(|s| svc::questionnaire(s, assessment_id))
}

#[tauri::command]
pub async fn save_answer(
    state: State<'_, AppState>,
    assessment_id: i64,
    question_id: String,
    response: ResponseDto,
) -> CmdResult<SavedAnswerDto> {
    state.with_store(|s| svc::save_answer(s, assessment_id, &question_id, response))
}

/// Saves the choices ticked on one checklist question (an AWS lens's).
#[tauri::command]
pub async fn save_checklist(
    state: State<'_, AppState>,
    assessment_id: i64,
    question_id: String,
    ticked: Vec<String>,
    note: Option<String>,
) -> CmdResult<opex_service::views::checklist::ChecklistAnswerDto> {
    state.with_store(|s| svc::save_checklist(s, assessment_id, &question_id, ticked, note))
}

/// Ticks or unticks one check while answering alone; the workshop ticks
/// through `tick_workshop_check`, which also tells the presented view.
#[tauri::command]
pub async fn tick_check(
    state: State<'_, AppState>,
    assessment_id: i64,
    question_id: String,
    check: CheckDto,
    ticked: bool,
) -> CmdResult<TicksDto> {
    state.with_store(|s| svc::tick_check(s, assessment_id, &question_id, check, ticked))
}

#[tauri::command]
pub async fn clear_answer(
    state: State<'_, AppState>,
    assessment_id: i64,
    question_id: String,
) -> CmdResult<()> {
    state.with_store(|s| svc::clear_answer(s, assessment_id, &question_id))
}

#[tauri::command]
pub async fn finish_assessment<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    assessment_id: i64,
    accept_gaps: bool,
) -> CmdResult<AssessmentDto> {
    let done = state.with_store(|s| svc::finish(s, assessment_id, accept_gaps))?;
    if done.kind == "workshop" {
        // The presented view shows the workshop finished, not a stale question.
        let _ = app.emit(crate::commands::workshop::WORKSHOP_CHANGED, assessment_id);
        crate::commands::phone::stop_for(
            &app,
            assessment_id,
            "The workshop is finished. Thank you!",
        )
        .await;
    }
    Ok(done)
}

#[tauri::command]
pub async fn results(
    state: State<'_, AppState>,
    assessment_id: i64,
    theme: ThemeDto,
) -> CmdResult<ResultsDto> {
    state.with_store(|s| svc::results(s, assessment_id, theme))
}
