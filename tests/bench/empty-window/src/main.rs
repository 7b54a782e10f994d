//! An empty Tauri v2 window whose page makes one IPC round trip (`ping`) and
//! then marks itself ready: what opex-app's start-up and memory are measured
//! against in `cargo xtask bench` (tests/bench/scale.py).

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

/// The one command: the page calls it once and shows the answer.
#[tauri::command]
fn ping() -> &'static str {
    "pong"
}

fn main() {
    let app = tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![ping])
        .run(tauri::generate_context!());
    if let Err(e) = app {
        eprintln!("empty-window: {e}");
        std::process::exit(1);
    }
}
