//! The `opex` binary, run as a user would: each command on real files. The
//! modules group the commands; the helpers here run the binary and set up
//! databases and banks.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

mod bank;
mod db;
mod errors;
mod install;
mod json;
mod lens;
mod portable;
mod reports;
mod team;
mod usage;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs `opex` with `args`, ignoring any $OPEX_DB of the environment.
pub fn opex(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_opex"))
        .args(args)
        .env_remove("OPEX_DB")
        .output()
        .expect("the opex binary runs")
}

/// (stdout, stderr).
pub fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

pub fn repo() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

/// The committed JSON Schemas of the `--json` documents.
pub fn schema_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("schema")
}

/// A fresh database in `dir` holding the demo team; returns its path.
pub fn demo_db(dir: &Path) -> String {
    let db = dir.join("demo.sqlite3").to_str().unwrap().to_string();
    let o = opex(&["--db", &db, "demo"]);
    assert!(o.status.success(), "{}", text(&o).1);
    db
}

/// The demo team's name, as a person might type it.
pub const DEMO: &str = "demo: payments platform";

/// Copies the default bank into a temp dir, so a test can break it.
pub fn bank_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let from = repo().join("assessments/opex");
    std::fs::create_dir_all(dir.path().join("questions")).unwrap();
    for sub in ["", "questions"] {
        for entry in std::fs::read_dir(from.join(sub)).unwrap() {
            let p = entry.unwrap().path();
            if p.is_file() {
                std::fs::copy(&p, dir.path().join(sub).join(p.file_name().unwrap())).unwrap();
            }
        }
    }
    dir
}
