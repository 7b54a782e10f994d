//! opex-app: the Tauri shell. It opens the store, registers the commands and
//! runs the window; everything else lives in the crates under `crates/`.

pub mod commands;
pub mod dto;
pub mod error;
pub mod history;
pub mod state;
mod views;
pub mod workshop;

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

/// Registers the state and every command on `builder`; the app and the
/// mock-runtime tests share this.
pub fn build<R: Runtime>(builder: tauri::Builder<R>, state: AppState) -> tauri::Builder<R> {
    builder
        .manage(state)
        .invoke_handler(tauri::generate_handler![
            commands::app_status,
            commands::list_teams,
            commands::create_team,
            commands::start_assessment,
            commands::list_banks,
            commands::import_bank,
            commands::create_demo,
            commands::start_workshop,
            commands::workshop,
            commands::presented,
            commands::cast_vote,
            commands::uncast_vote,
            commands::reveal_votes,
            commands::revote,
            commands::agree,
            commands::skip_question,
            commands::goto_question,
            commands::set_facilitator_note,
            commands::add_participant,
            commands::rename_participant,
            commands::remove_participant,
            commands::add_action,
            commands::workshop_summary,
            commands::open_presenter,
            commands::workshop_clock,
            commands::team_page,
            commands::compare_assessments,
            commands::set_target,
            commands::update_action,
            commands::delete_assessment,
            commands::delete_team,
            commands::open_actions,
            commands::portfolio,
            commands::export_report,
            commands::export_portfolio,
            commands::questionnaire,
            commands::save_answer,
            commands::clear_answer,
            commands::finish_assessment,
            commands::results,
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
