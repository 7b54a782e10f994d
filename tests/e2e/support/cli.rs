//! The `opex` CLI, for tests that set up a database the app then opens.

use super::Expect;
use std::path::Path;

/// Runs the `opex` CLI the suite was given (`OPEX_CLI_BIN`, which `cargo
/// xtask e2e` builds) with `args`, and returns what it printed; a failure
/// panics with what it said.
pub fn opex_cli(args: &[&std::ffi::OsStr]) -> String {
    let bin = std::env::var_os("OPEX_CLI_BIN")
        .or_panic("OPEX_CLI_BIN is not set: run `cargo xtask e2e`, which builds the CLI");
    let out = std::process::Command::new(&bin)
        .args(args)
        .output()
        .or_panic(&format!("cannot run {}", Path::new(&bin).display()));
    assert!(
        out.status.success(),
        "opex {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}
