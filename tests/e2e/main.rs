//! End-to-end tests of opex-app in its real WebKitGTK webview, driven over
//! WebDriver through tauri-driver. `cargo xtask e2e` builds the app, starts a
//! display and runs them; run directly they fail (never skip) without one.
//!
//! Each test starts from a fresh temporary database and sets up what it needs
//! itself, mostly by driving the UI (or the demo button), so that one failing
//! check never hides another test's.

mod selectors;
mod support;

mod accessibility;
mod bank_import;
mod history;
mod layout;
mod questionnaire;
mod scale;
mod startup;
mod workshop;
