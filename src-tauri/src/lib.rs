//! opex-app: the Tauri shell. It opens the store, registers the commands and
//! runs the window; every view and rule lives in the crates under `crates/`
//! (opex-service above all).

pub mod commands;
pub mod error;
pub mod state;

use state::AppState;
use std::path::PathBuf;
use tauri::Runtime;

/// The value of `--db PATH` or `--db=PATH` among the process arguments.
pub fn db_flag(args: impl IntoIterator<Item = String>) -> Option<PathBuf> {
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        if arg == "--db" {
            return args.next().map(PathBuf::from);
        }
        if let Some(path) = arg.strip_prefix("--db=") {
            return Some(PathBuf::from(path));
        }
    }
    None
}

/// Registers the state, the plugins and every command on `builder`; the app
/// and the mock-runtime tests share this. The plugins are the native save
/// dialog and the opener (a written report opened, or shown in its folder);
/// what the windows may call of them is in `capabilities/main.json`.
pub fn build<R: Runtime>(builder: tauri::Builder<R>, state: AppState) -> tauri::Builder<R> {
    builder
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .manage(state)
        .invoke_handler(tauri::generate_handler![
            commands::app_status,
            commands::assessments::list_teams,
            commands::assessments::create_team,
            commands::assessments::start_assessment,
            commands::assessments::list_banks,
            commands::assessments::import_bank,
            commands::assessments::create_demo,
            commands::workshop::start_workshop,
            commands::workshop::workshop,
            commands::workshop::presented,
            commands::workshop::cast_vote,
            commands::workshop::uncast_vote,
            commands::workshop::reveal_votes,
            commands::workshop::revote,
            commands::workshop::agree,
            commands::workshop::skip_question,
            commands::workshop::goto_question,
            commands::workshop::set_facilitator_note,
            commands::workshop::add_participant,
            commands::workshop::rename_participant,
            commands::workshop::remove_participant,
            commands::workshop::add_action,
            commands::workshop::workshop_summary,
            commands::workshop::set_headcount,
            commands::workshop::open_presenter,
            commands::workshop::workshop_clock,
            commands::team::team_page,
            commands::team::compare_assessments,
            commands::team::set_target,
            commands::team::set_targets,
            commands::team::add_team_action,
            commands::team::update_action,
            commands::team::delete_assessment,
            commands::team::delete_team,
            commands::team::open_actions,
            commands::team::portfolio,
            commands::team::export_report,
            commands::team::export_portfolio,
            commands::assessments::questionnaire,
            commands::assessments::save_answer,
            commands::assessments::clear_answer,
            commands::assessments::finish_assessment,
            commands::assessments::results,
        ])
}

pub fn run() {
    let state = AppState::open(db_flag(std::env::args().skip(1)));
    let app =
        build(tauri::Builder::default(), state).run(tauri::generate_context!("../tauri.conf.json"));
    if let Err(e) = app {
        eprintln!("opex: the window could not start: {e}");
        std::process::exit(1);
    }
}
