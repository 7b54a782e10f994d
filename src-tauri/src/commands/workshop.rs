//! Workshop commands. Every change tells the presented view (event
//! `workshop-changed`) and returns the facilitator's new view; the presenter
//! window is the one piece of window management here.

use crate::error::{CmdResult, CommandError};
use crate::state::AppState;
use chrono::Utc;
use opex_service::ErrorKind;
use opex_service::views::common::{AnswerDto, AssessmentDto, CheckDto, ResponseDto, ThemeDto};
use opex_service::views::workshop::*;
use opex_service::workshops as svc;
use opex_store::Store;
use tauri::{AppHandle, Emitter, Manager, Runtime, State, WebviewUrl, WebviewWindowBuilder};

/// The event the presented view listens for; its payload is the assessment id.
pub const WORKSHOP_CHANGED: &str = "workshop-changed";

/// Runs one workshop change, tells the presented view, and returns the
/// facilitator's new view.
fn change<R: Runtime>(
    app: &AppHandle<R>,
    state: &AppState,
    id: i64,
    theme: ThemeDto,
    f: impl FnOnce(&mut Store) -> Result<(), opex_store::StoreError>,
) -> CmdResult<WorkshopDto> {
    state
        .with_store(|s| {
            f(s)?;
            svc::facilitator_view(s, id, theme)
        })
        .inspect(|_| told(app, id))
}

/// Tells the presented view and the phones that workshop `id` changed.
fn told<R: Runtime>(app: &AppHandle<R>, id: i64) {
    let _ = app.emit(WORKSHOP_CHANGED, id);
    if let Some(phones) = app.try_state::<crate::commands::phone::PhoneVoting>() {
        phones.changed(id);
    }
}

#[tauri::command]
pub async fn start_workshop(
    state: State<'_, AppState>,
    setup: WorkshopSetupDto,
) -> CmdResult<AssessmentDto> {
    let builtin = state.bank()?;
    state.with_store(|s| svc::start(s, builtin, setup))
}

#[tauri::command]
pub async fn workshop(
    state: State<'_, AppState>,
    assessment_id: i64,
    theme: ThemeDto,
) -> CmdResult<WorkshopDto> {
    state.with_store(|s| svc::facilitator_view(s, assessment_id, theme))
}

#[tauri::command]
pub async fn presented(
    state: State<'_, AppState>,
    assessment_id: i64,
    theme: ThemeDto,
) -> CmdResult<PresentedDto> {
    state.with_store(|s| svc::presented_view(s, assessment_id, theme))
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
    let answer = answer.into();
    change(&app, &state, assessment_id, theme, |s| {
        s.cast(
            assessment_id,
            &question_id,
            participant_id,
            &answer,
            Utc::now(),
        )
    })
}

/// Ticks or unticks one check of the question under discussion.
#[tauri::command]
pub async fn tick_workshop_check<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    assessment_id: i64,
    question_id: String,
    check: CheckDto,
    ticked: bool,
    theme: ThemeDto,
) -> CmdResult<WorkshopDto> {
    change(&app, &state, assessment_id, theme, |s| {
        s.tick_check(
            assessment_id,
            &question_id,
            (check.level, check.index),
            ticked,
            Utc::now(),
        )
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
        s.uncast(assessment_id, &question_id, participant_id, answer.as_ref())
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
        s.reveal(assessment_id, &question_id)
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
        s.revote(assessment_id, &question_id).map(|_| ())
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
    let response = response.into();
    change(&app, &state, assessment_id, theme, |s| {
        s.agree(assessment_id, &question_id, &response, Utc::now())
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
    change(&app, &state, assessment_id, theme, |s| match skip {
        true => s.skip(assessment_id, &question_id),
        false => s.unskip(assessment_id, &question_id),
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
        s.goto(assessment_id, &question_id, Utc::now())
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
pub async fn set_headcount<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    assessment_id: i64,
    headcount: Option<u32>,
    theme: ThemeDto,
) -> CmdResult<WorkshopDto> {
    change(&app, &state, assessment_id, theme, |s| {
        s.set_headcount(assessment_id, headcount)
    })
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
        s.add_workshop_participant(assessment_id, &name).map(|_| ())
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
        s.rename_participant(assessment_id, participant_id, &name)
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
    state
        .with_store(|s| {
            svc::remove_participant(s, assessment_id, participant_id, keep_votes)?;
            svc::facilitator_view(s, assessment_id, theme)
        })
        .inspect(|_| {
            if let Some(phones) = app.try_state::<crate::commands::phone::PhoneVoting>() {
                phones.free(assessment_id, participant_id);
            }
            told(&app, assessment_id)
        })
}

#[tauri::command]
pub async fn add_action(
    state: State<'_, AppState>,
    assessment_id: i64,
    action: NewActionDto,
) -> CmdResult<ActionDto> {
    state.with_store(|s| svc::add_action(s, assessment_id, action))
}

#[tauri::command]
pub async fn workshop_summary(
    state: State<'_, AppState>,
    assessment_id: i64,
) -> CmdResult<WorkshopSummaryDto> {
    state.with_store(|s| svc::summary(s, assessment_id))
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
        s.run_clock(assessment_id, running, Utc::now())
    })
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
