//! The IPC commands. Each is async (the database never blocks the window), makes
//! one call, and returns a DTO or a `{ kind, message }` error.

use crate::dto::{
    AppStatusDto, AssessmentDto, BankChoiceDto, BankFileDto, QuestionnaireDto, ResponseDto,
    ResultsDto, SavedAnswerDto, TeamDto, ThemeDto,
};
use crate::error::{CmdResult, CommandError, ErrorKind};
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
    reviews: Option<Vec<crate::history::ReviewDto>>,
) -> CmdResult<AssessmentDto> {
    let builtin = state.bank()?;
    let profile = profile.unwrap_or_else(|| "full".into());
    let reviews = reviews.unwrap_or_default();
    state.with_store(|s| {
        views::start_assessment(s, team_id, builtin, bank_hash.as_deref(), &profile, reviews)
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

// ---- Workshop mode -------------------------------------------------------

use crate::dto::AnswerDto;
use crate::workshop::{
    self as ws, ActionDto, NewActionDto, PresentedDto, WorkshopDto, WorkshopSetupDto,
    WorkshopSummaryDto,
};
use tauri::{AppHandle, Emitter, Manager, Runtime, WebviewUrl, WebviewWindowBuilder};

/// The event the presented view listens for; its payload is the assessment id.
pub const WORKSHOP_CHANGED: &str = "workshop-changed";

/// Runs one workshop change, tells the presented view, and returns the
/// facilitator's new view.
fn change<R: Runtime>(
    app: &AppHandle<R>,
    state: &AppState,
    id: i64,
    theme: ThemeDto,
    f: impl FnOnce(&mut opex_store::Store) -> CmdResult<()>,
) -> CmdResult<WorkshopDto> {
    state
        .with_store(|s| {
            f(s)?;
            ws::facilitator_view(s, id, theme)
        })
        .inspect(|_| {
            let _ = app.emit(WORKSHOP_CHANGED, id);
        })
}

#[tauri::command]
pub async fn start_workshop(
    state: State<'_, AppState>,
    setup: WorkshopSetupDto,
) -> CmdResult<AssessmentDto> {
    let builtin = state.bank()?;
    state.with_store(|s| ws::start(s, builtin, setup))
}

#[tauri::command]
pub async fn workshop(
    state: State<'_, AppState>,
    assessment_id: i64,
    theme: ThemeDto,
) -> CmdResult<WorkshopDto> {
    state.with_store(|s| ws::facilitator_view(s, assessment_id, theme))
}

#[tauri::command]
pub async fn presented(
    state: State<'_, AppState>,
    assessment_id: i64,
    theme: ThemeDto,
) -> CmdResult<PresentedDto> {
    state.with_store(|s| ws::presented_view(s, assessment_id, theme))
}

#[tauri::command]
pub async fn cast_vote<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    assessment_id: i64,
    question_id: String,
    participant_id: Option<i64>,
    answer: AnswerDto,
    theme: ThemeDto,
) -> CmdResult<WorkshopDto> {
    change(&app, &state, assessment_id, theme, |s| {
        Ok(s.cast(
            assessment_id,
            &question_id,
            participant_id,
            &answer.into(),
            Utc::now(),
        )?)
    })
}

#[tauri::command]
pub async fn uncast_vote<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    assessment_id: i64,
    question_id: String,
    participant_id: Option<i64>,
    answer: Option<AnswerDto>,
    theme: ThemeDto,
) -> CmdResult<WorkshopDto> {
    let answer = answer.map(Into::into);
    change(&app, &state, assessment_id, theme, |s| {
        Ok(s.uncast(assessment_id, &question_id, participant_id, answer.as_ref())?)
    })
}

#[tauri::command]
pub async fn reveal_votes<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    assessment_id: i64,
    question_id: String,
    theme: ThemeDto,
) -> CmdResult<WorkshopDto> {
    change(&app, &state, assessment_id, theme, |s| {
        Ok(s.reveal(assessment_id, &question_id)?)
    })
}

#[tauri::command]
pub async fn revote<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    assessment_id: i64,
    question_id: String,
    theme: ThemeDto,
) -> CmdResult<WorkshopDto> {
    change(&app, &state, assessment_id, theme, |s| {
        s.revote(assessment_id, &question_id)
            .map(|_| ())
            .map_err(Into::into)
    })
}

#[tauri::command]
pub async fn agree<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    assessment_id: i64,
    question_id: String,
    response: ResponseDto,
    theme: ThemeDto,
) -> CmdResult<WorkshopDto> {
    change(&app, &state, assessment_id, theme, |s| {
        Ok(s.agree(assessment_id, &question_id, &response.into(), Utc::now())?)
    })
}

#[tauri::command]
pub async fn skip_question<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    assessment_id: i64,
    question_id: String,
    skip: bool,
    theme: ThemeDto,
) -> CmdResult<WorkshopDto> {
    change(&app, &state, assessment_id, theme, |s| {
        if skip {
            s.skip(assessment_id, &question_id)?;
        } else {
            s.unskip(assessment_id, &question_id)?;
        }
        Ok(())
    })
}

#[tauri::command]
pub async fn goto_question<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    assessment_id: i64,
    question_id: String,
    theme: ThemeDto,
) -> CmdResult<WorkshopDto> {
    change(&app, &state, assessment_id, theme, |s| {
        Ok(s.goto(assessment_id, &question_id, Utc::now())?)
    })
}

#[tauri::command]
pub async fn set_facilitator_note(
    state: State<'_, AppState>,
    assessment_id: i64,
    question_id: String,
    note: Option<String>,
) -> CmdResult<()> {
    state.with_store(|s| Ok(s.set_facilitator_note(assessment_id, &question_id, &note)?))
}

#[tauri::command]
pub async fn add_participant<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    assessment_id: i64,
    name: String,
    theme: ThemeDto,
) -> CmdResult<WorkshopDto> {
    change(&app, &state, assessment_id, theme, |s| {
        s.add_workshop_participant(assessment_id, &name)
            .map(|_| ())
            .map_err(Into::into)
    })
}

#[tauri::command]
pub async fn rename_participant<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    assessment_id: i64,
    participant_id: i64,
    name: String,
    theme: ThemeDto,
) -> CmdResult<WorkshopDto> {
    change(&app, &state, assessment_id, theme, |s| {
        Ok(s.rename_participant(assessment_id, participant_id, &name)?)
    })
}

#[tauri::command]
pub async fn remove_participant<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    assessment_id: i64,
    participant_id: i64,
    keep_votes: bool,
    theme: ThemeDto,
) -> CmdResult<WorkshopDto> {
    change(&app, &state, assessment_id, theme, |s| {
        ws::remove(s, assessment_id, participant_id, keep_votes)
    })
}

#[tauri::command]
pub async fn add_action(
    state: State<'_, AppState>,
    assessment_id: i64,
    action: NewActionDto,
) -> CmdResult<ActionDto> {
    state.with_store(|s| ws::add_action(s, assessment_id, action))
}

#[tauri::command]
pub async fn workshop_summary(
    state: State<'_, AppState>,
    assessment_id: i64,
) -> CmdResult<WorkshopSummaryDto> {
    state.with_store(|s| ws::summary(s, assessment_id))
}

/// Opens (or brings forward) a second window that follows the facilitator
/// and shows only the presented view.
#[tauri::command]
pub async fn open_presenter<R: Runtime>(app: AppHandle<R>, assessment_id: i64) -> CmdResult<()> {
    let url = format!("index.html#presented/{assessment_id}");
    let fail = |e: tauri::Error| CommandError {
        kind: ErrorKind::Io,
        message: format!("cannot open the presented view: {e}"),
    };
    if let Some(w) = app.get_webview_window("presenter") {
        // Reuse the open window: a closing window keeps its label until destroyed.
        let mut target = w.url().map_err(fail)?;
        target.set_fragment(Some(&format!("presented/{assessment_id}")));
        w.navigate(target).map_err(fail)?;
        return w.set_focus().map_err(fail);
    }
    WebviewWindowBuilder::new(&app, "presenter", WebviewUrl::App(url.into()))
        .title("opex — presented view")
        .inner_size(1280.0, 800.0)
        .build()
        .map_err(fail)?;
    Ok(())
}

/// Starts the current question's clock when the facilitator opens the
/// workshop, and stops it when they leave, so time away is not counted.
#[tauri::command]
pub async fn workshop_clock<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    assessment_id: i64,
    running: bool,
    theme: ThemeDto,
) -> CmdResult<WorkshopDto> {
    change(&app, &state, assessment_id, theme, |s| {
        Ok(s.run_clock(assessment_id, running, Utc::now())?)
    })
}

// ---- History and the improvement loop ------------------------------------

use crate::history::{self as hist, ActionUpdateDto, ComparisonDto, TeamPageDto};

#[tauri::command]
pub async fn team_page(
    state: State<'_, AppState>,
    team_id: i64,
    theme: ThemeDto,
) -> CmdResult<TeamPageDto> {
    state.with_store(|s| hist::team_page(s, team_id, theme))
}

#[tauri::command]
pub async fn compare_assessments(
    state: State<'_, AppState>,
    earlier_id: i64,
    later_id: i64,
) -> CmdResult<ComparisonDto> {
    state.with_store(|s| hist::compare(s, earlier_id, later_id))
}

#[tauri::command]
pub async fn set_target(
    state: State<'_, AppState>,
    team_id: i64,
    area_id: String,
    level: f64,
    target_date: Option<String>,
) -> CmdResult<()> {
    state.with_store(|s| hist::set_target(s, team_id, &area_id, level, target_date.as_deref()))
}

#[tauri::command]
pub async fn update_action(
    state: State<'_, AppState>,
    action_id: i64,
    update: ActionUpdateDto,
) -> CmdResult<ActionDto> {
    state.with_store(|s| hist::update_action(s, action_id, update))
}

#[tauri::command]
pub async fn delete_assessment(state: State<'_, AppState>, assessment_id: i64) -> CmdResult<()> {
    state.with_store(|s| Ok(s.delete_assessment(assessment_id)?))
}

#[tauri::command]
pub async fn delete_team(state: State<'_, AppState>, team_id: i64) -> CmdResult<()> {
    state.with_store(|s| Ok(s.delete_team(team_id)?))
}

#[tauri::command]
pub async fn open_actions(state: State<'_, AppState>, team_id: i64) -> CmdResult<Vec<ActionDto>> {
    state.with_store(|s| hist::open_actions(s, team_id))
}

#[tauri::command]
pub async fn portfolio(state: State<'_, AppState>) -> CmdResult<hist::PortfolioDto> {
    let builtin = state.bank()?;
    state.with_store(|s| hist::portfolio(s, builtin))
}

/// Writes a report where the person chose in the native save dialog. The path
/// comes from that dialog; the file is written whole or not at all.
#[tauri::command]
pub async fn export_report(
    state: State<'_, AppState>,
    assessment_id: i64,
    format: String,
    path: String,
    include_notes: bool,
    letter: bool,
) -> CmdResult<Vec<String>> {
    state.with_store(|s| views::export(s, assessment_id, &format, &path, include_notes, letter))
}

/// Writes the portfolio PDF of every team where the person chose.
#[tauri::command]
pub async fn export_portfolio(
    state: State<'_, AppState>,
    path: String,
    format: String,
    letter: bool,
) -> CmdResult<String> {
    let builtin = state.bank()?;
    state.with_store(|s| views::export_portfolio(s, builtin, &path, &format, letter))
}
