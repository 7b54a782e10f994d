//! opex-app: the Tauri shell. It opens the store, registers the commands and
//! runs the window; every view and rule lives in the crates under `crates/`
//! (opex-service above all).

pub mod command_names;
pub mod commands;
pub mod error;
pub mod state;

use state::AppState;
use std::path::{Path, PathBuf};
use tauri::{Manager, Runtime};

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

/// What `opex-app --help` prints.
pub const USAGE: &str = "\
opex-app: the opex desktop app, for operational-maturity assessments

usage: opex-app [--db PATH]

  --db PATH      the database file; else $OPEX_DB, else opex.sqlite3 in the
                 user's data directory
  -V, --version  print the version, the question bank's version and where
                 the database and its backups are, then exit
  -h, --help     print this, then exit

The `opex` command does the same work from a terminal: see `opex --help`.
";

/// What the command line asks of the app before any window opens.
#[derive(Debug, PartialEq)]
pub enum Launch {
    /// Open the window on this database (`--db`), or the default one.
    Window(Option<PathBuf>),
    /// Print the version and where the data is (`--version`, `-V`).
    Version(Option<PathBuf>),
    /// Print [`USAGE`] (`--help`, `-h`).
    Help,
}

/// Reads the process arguments: `--help` wins, then `--version`; other
/// words are ignored, as a desktop launcher may pass its own.
pub fn launch(args: impl IntoIterator<Item = String>) -> Launch {
    let args: Vec<String> = args.into_iter().collect();
    let has = |flags: &[&str]| args.iter().any(|a| flags.contains(&a.as_str()));
    if has(&["--help", "-h"]) {
        Launch::Help
    } else if has(&["--version", "-V"]) {
        Launch::Version(db_flag(args))
    } else {
        Launch::Window(db_flag(args))
    }
}

/// The text of `opex-app --version`: the same facts as the About panel.
pub fn version_text(db: Option<PathBuf>) -> String {
    let bank = opex_core::default_bank().ok();
    let db = opex_store::resolve_db_path(db);
    opex_service::database::version_text("opex-app", bank.as_ref(), db.as_deref())
}

/// Registers the state, the plugins and every command on `builder`; the app
/// and the mock-runtime tests share this. The plugins are the native save
/// dialog and the opener (a written report opened, or shown in its folder);
/// what the windows may call of them is in `capabilities/main.json`.
pub fn build<R: Runtime>(builder: tauri::Builder<R>, state: AppState) -> tauri::Builder<R> {
    builder
        .on_window_event(|window, event| {
            if let tauri::WindowEvent::CloseRequested { .. } = event {
                close_anyway(window.clone());
            }
        })
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .manage(state)
        .manage(commands::phone::PhoneVoting::default())
        .invoke_handler(tauri::generate_handler![
            commands::app_status,
            commands::check_database,
            commands::database,
            commands::backup_now,
            commands::restore_backup,
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
            commands::workshop::tick_workshop_check,
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
            commands::portable::export_team,
            commands::portable::import_team,
            commands::phone::phone_networks,
            commands::phone::start_phone_voting,
            commands::phone::stop_phone_voting,
            commands::phone::phone_status,
            commands::phone::free_phone_name,
            commands::assessments::questionnaire,
            commands::assessments::save_answer,
            commands::assessments::tick_check,
            commands::assessments::save_checklist,
            commands::assessments::clear_answer,
            commands::assessments::finish_assessment,
            commands::assessments::results,
        ])
}

/// How long a window's close button may wait for the page to save pending
/// edits (`ui/src/lib/closing.ts` gives up after 3 s) before the window is
/// destroyed from here.
const CLOSE_PATIENCE: std::time::Duration = std::time::Duration::from_secs(6);

/// A close button always closes the window: the page normally saves its
/// pending edits and destroys the window itself; if it has not done so after
/// [`CLOSE_PATIENCE`] (its script failed, or never saw the request), the
/// window is destroyed from here.
fn close_anyway<R: Runtime>(window: tauri::Window<R>) {
    std::thread::spawn(move || {
        std::thread::sleep(CLOSE_PATIENCE);
        // Already gone in the usual case: nothing to do.
        let _ = window.destroy();
    });
}

/// The name under which one app instance owns `db` on the session bus: the
/// app's identifier and a hash of the database's path, so a second launch on
/// the same database hands over to the first, while another database (given
/// with `--db`) opens a window of its own.
pub fn instance_id(identifier: &str, db: &Path) -> String {
    use sha2::{Digest, Sha256};
    // The folder may not exist yet; the file often does not.
    let canonical = match (db.parent(), db.file_name()) {
        (Some(dir), Some(name)) => dir
            .canonicalize()
            .map(|d| d.join(name))
            .unwrap_or_else(|_| db.to_path_buf()),
        _ => db.to_path_buf(),
    };
    let digest = Sha256::digest(canonical.as_os_str().as_encoded_bytes());
    let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    format!("{identifier}.Db_{hex}")
}

/// Brings the main window to the front: what a second launch on the same
/// database does instead of opening another window.
fn focus_main<R: Runtime>(app: &tauri::AppHandle<R>) {
    if let Some(w) = app.get_webview_window("main") {
        let _ = w.unminimize();
        let _ = w.show();
        let _ = w.set_focus();
    }
}

pub fn run() {
    let db = match launch(std::env::args().skip(1)) {
        Launch::Help => return print!("{USAGE}"),
        Launch::Version(db) => return print!("{}", version_text(db)),
        Launch::Window(db) => db,
    };
    let state = AppState::open(db);
    let context = tauri::generate_context!("../tauri.conf.json");
    let id = instance_id(&context.config().identifier, state.db_path());
    // The single-instance plugin is registered first, as it asks.
    let single = tauri_plugin_single_instance::Builder::new()
        .dbus_id(id)
        .callback(|app, _args, _cwd| focus_main(app))
        .build();
    let app = build(tauri::Builder::default().plugin(single), state).build(context);
    match app {
        Ok(app) => app.run(|handle, event| {
            if let tauri::RunEvent::Exit = event {
                handle.state::<commands::phone::PhoneVoting>().shut_down();
                handle.state::<AppState>().shut_down();
            }
        }),
        Err(e) => {
            eprintln!("opex: the window could not start: {e}");
            std::process::exit(1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::command_names::{COMMANDS, PRESENTER_COMMANDS};

    /// The commands `generate_handler!` registers, read from this file.
    fn registered() -> Vec<String> {
        let src = include_str!("lib.rs");
        let start = src.find("generate_handler![").unwrap_or(0);
        let end = start + src[start..].find("])").unwrap_or(0);
        src[start..end]
            .split(',')
            .filter_map(|entry| entry.trim().rsplit("::").next())
            .map(|name| name.trim().to_string())
            .filter(|name| !name.is_empty() && !name.contains('['))
            .collect()
    }

    fn granted(capability: &str) -> Vec<String> {
        let v: serde_json::Value = serde_json::from_str(capability).unwrap_or_default();
        v["permissions"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|p| p.as_str()?.strip_prefix("allow-"))
            .map(|p| p.replace('-', "_"))
            .collect()
    }

    fn sorted(v: impl IntoIterator<Item = impl ToString>) -> Vec<String> {
        let mut v: Vec<String> = v.into_iter().map(|s| s.to_string()).collect();
        v.sort();
        v
    }

    #[test]
    fn the_declared_commands_are_the_registered_ones() {
        assert!(registered().len() > 40, "{:?}", registered());
        assert_eq!(sorted(registered()), sorted(COMMANDS));
    }

    #[test]
    fn the_main_window_is_granted_every_command_and_the_presenter_only_reads() {
        let main = granted(include_str!("../capabilities/main.json"));
        assert_eq!(sorted(main), sorted(COMMANDS));
        let presenter = granted(include_str!("../capabilities/presenter.json"));
        assert_eq!(sorted(presenter), sorted(PRESENTER_COMMANDS));
    }

    #[test]
    fn one_database_has_one_instance_name() {
        let dir = std::env::temp_dir();
        let a = super::instance_id("dev.opex.app", &dir.join("a.sqlite3"));
        let again = super::instance_id("dev.opex.app", &dir.join(".").join("a.sqlite3"));
        let b = super::instance_id("dev.opex.app", &dir.join("b.sqlite3"));
        assert_eq!(a, again);
        assert_ne!(a, b);
        assert!(a.starts_with("dev.opex.app.Db_") && a.len() == "dev.opex.app.Db_".len() + 16);
    }
}
