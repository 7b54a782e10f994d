//! The opex-app binary: hands over to `opex_app::run`.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    opex_app::run();
}
