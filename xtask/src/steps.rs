//! The steps that `build`, `test`, `deps`, `e2e`, `bench` and `bundle` are
//! made of, one function each, and the ordered lists that make up those
//! commands.

use crate::bundle::{self, Build};
use crate::deps;
use crate::error::{Error, Result};
use crate::pipeline::Step;
use crate::setup;
use crate::workspace::Workspace;

/// Where ts-rs writes the TypeScript types generated from the Rust DTOs.
const BINDINGS_DIR: &str = "ui/src/lib/bindings";

/// What `build`, the e2e suite and `bench` build: the app, the CLI and the PDF
/// renderer both start.
const BINARIES: [&str; 7] = [
    "build",
    "-p",
    "opex-app",
    "-p",
    "opex-cli",
    "-p",
    "opex-render",
];

/// `cargo xtask build`.
pub const BUILD: &[Step] = &[
    Step::new("setup", setup::run),
    Step::new("ui-build", ui_build),
    Step::new("cargo-build", app_and_cli_build),
];

/// `cargo xtask test`: every check, cheapest first; CI runs this.
pub const TEST: &[Step] = &[
    Step::new("setup", setup::run),
    Step::new("fmt", fmt),
    Step::new("deps", deps::run),
    Step::new("ui-check", ui_check),
    Step::new("ui-lint", ui_lint),
    Step::new("ui-test", ui_test),
    Step::new("ui-build", ui_build),
    Step::new("clippy", clippy),
    Step::new("cargo-test", cargo_test),
    Step::new("bindings", bindings_drift),
    Step::new("app-build", app_build),
    Step::new("e2e", e2e),
    Step::new("bundle", bundle::debug),
    Step::new("package-test", package_test_debug),
];

/// `cargo xtask bundle`: release builds of the three binaries, the
/// packages, then the same checks as CI's on them.
pub const BUNDLE: &[Step] = &[
    Step::new("setup", setup::run),
    Step::new("ui-build", ui_build),
    Step::new("release-build", release_binaries),
    Step::new("bundle", bundle::release),
    Step::new("package-test", package_test_release),
];

/// `cargo xtask bundle --debug`: the same from the debug build, as `test`
/// packs and checks it; quick where a release build takes 10 to 20 minutes.
pub const BUNDLE_DEBUG: &[Step] = &[
    Step::new("setup", setup::run),
    Step::new("ui-build", ui_build),
    Step::new("cargo-build", app_and_cli_build),
    Step::new("bundle", bundle::debug),
    Step::new("package-test", package_test_debug),
];

/// `cargo xtask deps`: only the dependency rules, as in `test`.
pub const DEPS: &[Step] = &[Step::new("deps", deps::run)];

/// `cargo xtask bench`: release builds, then the benchmarks of
/// BENCHMARKS.md. The whole-process script makes the organisation database
/// that the save-latency benchmark then writes to.
pub const BENCH: &[Step] = &[
    Step::new("setup", setup::run),
    Step::new("ui-build", ui_build),
    Step::new("release-build", release_build),
    Step::new("scale", bench_scale),
    Step::new("save-latency", bench_save_latency),
    Step::new("views", bench_views),
];

/// `cargo xtask e2e`: rebuild the app and run the real-webview suite.
pub const E2E: &[Step] = &[Step::new("app-build", app_build), Step::new("e2e", e2e)];

fn fmt(ws: &Workspace) -> Result<()> {
    ws.cargo().args(["fmt", "--all", "--", "--check"]).run()
}

fn npm_script(ws: &Workspace, script: &str, extra: &[&str]) -> Result<()> {
    ws.cmd("npm")
        .args(["--prefix", "ui", "run", script])
        .args(extra)
        .run()
}

fn ui_check(ws: &Workspace) -> Result<()> {
    npm_script(ws, "check", &[])
}

fn ui_lint(ws: &Workspace) -> Result<()> {
    npm_script(ws, "lint", &[])
}

fn ui_test(ws: &Workspace) -> Result<()> {
    // The UI may have no test files yet, and vitest fails on that by default.
    npm_script(ws, "test", &["--", "--passWithNoTests"])
}

fn ui_build(ws: &Workspace) -> Result<()> {
    npm_script(ws, "build", &[])
}

fn clippy(ws: &Workspace) -> Result<()> {
    ws.cargo()
        .args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ])
        .run()
}

fn cargo_test(ws: &Workspace) -> Result<()> {
    // The e2e suite needs a display and the built app: it has its own step.
    // The empty window is the benchmarks' baseline, with no tests to link a
    // harness for; clippy still lints it.
    ws.cargo()
        .args([
            "test",
            "--workspace",
            "--exclude",
            "opex-e2e",
            "--exclude",
            "empty-window",
        ])
        .run()
}

/// The tests regenerate the TypeScript bindings; what they wrote must be what is
/// committed, or the UI was type-checked against stale types.
fn bindings_drift(ws: &Workspace) -> Result<()> {
    let in_work_tree = ws
        .cmd("git")
        .args(["rev-parse", "--is-inside-work-tree"])
        .probe_stdout()
        .is_some_and(|out| out.trim() == "true");
    // Skipping would pass a check that never ran.
    if !in_work_tree {
        return Err(Error::new(
            "the bindings check needs a git work tree: run cargo xtask test from a git clone",
        ));
    }

    let stale = ws
        .cmd("git")
        .args(["diff", "--exit-code", "--", BINDINGS_DIR])
        .status()?;
    let changed = match stale.code() {
        Some(0) => false,
        Some(1) => true,
        _ => return Err(Error::new(format!("`git diff` failed ({stale})"))),
    };
    // `git diff` does not see files that are new, e.g. the bindings of a new DTO.
    let untracked = ws
        .cmd("git")
        .args([
            "ls-files",
            "--others",
            "--exclude-standard",
            "--",
            BINDINGS_DIR,
        ])
        .probe_stdout()
        .ok_or_else(|| Error::new("`git ls-files` failed"))?;
    if !untracked.trim().is_empty() {
        println!("new, untracked bindings:\n{}", untracked.trim_end());
    }

    if changed || !untracked.trim().is_empty() {
        return Err(Error::new(
            "TypeScript bindings are out of date; commit the regenerated files",
        ));
    }
    println!("the TypeScript bindings match the Rust types");
    Ok(())
}

fn app_and_cli_build(ws: &Workspace) -> Result<()> {
    ws.cargo().args(BINARIES).run()
}

/// The app embeds ui/dist when it compiles, so the UI must be built first.
fn app_build(ws: &Workspace) -> Result<()> {
    let index = ws.root().join("ui/dist/index.html");
    if !index.is_file() {
        return Err(Error::new(format!(
            "{} is missing and the app embeds it: build the UI first with \
             `npm --prefix ui run build` (or `cargo xtask build`)",
            index.display()
        )));
    }
    // The suite also runs the CLI on the database a workshop left behind.
    ws.cargo().args(BINARIES).run()
}

/// The real-webview suite: it starts tauri-driver itself, and needs a display,
/// a D-Bus session bus (a second launch on the same database finds the first
/// app there) and the path of the app binary.
fn e2e(ws: &Workspace) -> Result<()> {
    let app = ws.app_binary();
    if !app.is_file() {
        return Err(Error::new(format!(
            "the app binary {} is missing: build it with `cargo build -p opex-app`",
            app.display()
        )));
    }
    ws.cmd("dbus-run-session")
        .args(["--", "xvfb-run", "-a", "-s", "-screen 0 1280x800x24"])
        .arg(ws.cargo_program())
        .args([
            "test",
            "-p",
            "opex-e2e",
            "--test",
            "e2e",
            "--",
            "--test-threads=1",
        ])
        .env("OPEX_APP_BIN", &app)
        .env("OPEX_CLI_BIN", ws.cli_binary())
        // With a session bus, GTK would load its AT-SPI bridge; on this bus
        // the accessibility registry outlives apps the suite stops abruptly,
        // and an app closed by its close button then sometimes never exits
        // (seen in 2 of 2 full runs, never with the bridge off). The axe
        // checks read the DOM, not AT-SPI.
        .env("NO_AT_BRIDGE", "1")
        .run()
}

/// The packages' checks (tests/package): their files and dependencies,
/// lintian, an install into a throwaway root, the CLI and the app started
/// from there, under a display and a session bus as the e2e suite is.
fn package_test(ws: &Workspace, build: Build) -> Result<()> {
    ws.cmd("dbus-run-session")
        .args(["--", "xvfb-run", "-a", "-s", "-screen 0 1280x800x24"])
        .arg(ws.cargo_program())
        .args([
            "test",
            "-p",
            "opex-e2e",
            "--test",
            "package",
            "--",
            "--test-threads=1",
        ])
        .env("OPEX_PACKAGES", bundle::out_dir(ws, build))
        .env("NO_AT_BRIDGE", "1")
        .run()
}

fn package_test_debug(ws: &Workspace) -> Result<()> {
    package_test(ws, Build::Debug)
}

fn package_test_release(ws: &Workspace) -> Result<()> {
    package_test(ws, Build::Release)
}

/// The three binaries the packages hold, with the release profile.
fn release_binaries(ws: &Workspace) -> Result<()> {
    ws.cargo().args(BINARIES).arg("--release").run()
}

/// The app, the CLI, the PDF renderer and the empty window that is the
/// app's baseline, with the release profile.
fn release_build(ws: &Workspace) -> Result<()> {
    ws.cargo()
        .args(BINARIES)
        .args(["--release", "-p", "empty-window"])
        .run()
}

fn bench_scale(ws: &Workspace) -> Result<()> {
    ws.cmd("dbus-run-session")
        .args(["--", "xvfb-run", "-a", "-s", "-screen 0 1280x800x24"])
        .args(["python3", "tests/bench/scale.py", "--bin"])
        .arg(ws.release_dir())
        .arg("--work")
        .arg(ws.bench_dir())
        .env("NO_AT_BRIDGE", "1")
        .run()
}

fn bench_save_latency(ws: &Workspace) -> Result<()> {
    ws.cargo()
        .args(["bench", "-p", "opex-store", "--bench", "save_latency"])
        .env("OPEX_BENCH_DB", ws.bench_dir().join("org.sqlite3"))
        .run()
}

fn bench_views(ws: &Workspace) -> Result<()> {
    ws.cargo()
        .args(["bench", "-p", "opex-service", "--bench", "views"])
        .run()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(steps: &[Step]) -> Vec<&'static str> {
        steps.iter().map(|step| step.name).collect()
    }

    #[test]
    fn the_ui_is_built_before_the_app_that_embeds_it() {
        for steps in [BUILD, TEST] {
            let names = names(steps);
            let ui = names.iter().position(|n| *n == "ui-build");
            let app = names
                .iter()
                .position(|n| *n == "app-build" || *n == "cargo-build");
            assert!(ui.is_some() && ui < app, "{names:?}");
        }
    }

    #[test]
    fn bindings_are_checked_after_the_tests_regenerate_them() {
        let names = names(TEST);
        let test = names.iter().position(|n| *n == "cargo-test");
        let bindings = names.iter().position(|n| *n == "bindings");
        assert!(test.is_some() && test < bindings, "{names:?}");
    }

    #[test]
    fn the_cheap_checks_come_first() {
        assert_eq!(names(TEST)[..3], ["setup", "fmt", "deps"]);
        assert_eq!(names(DEPS), ["deps"]);
    }

    #[test]
    fn bench_builds_for_release_before_measuring() {
        let names = names(BENCH);
        let build = names.iter().position(|n| *n == "release-build");
        assert!(names.iter().position(|n| *n == "ui-build") < build);
        assert!(build < names.iter().position(|n| *n == "scale"));
        // The organisation the scale step makes is where saves are timed.
        assert!(
            names.iter().position(|n| *n == "scale")
                < names.iter().position(|n| *n == "save-latency")
        );
        assert!(
            TEST.iter()
                .all(|s| !BENCH[3..].iter().any(|b| b.name == s.name)),
            "benchmarks do not run in CI"
        );
    }

    #[test]
    fn e2e_rebuilds_the_app_then_runs_the_suite() {
        assert_eq!(names(E2E), ["app-build", "e2e"]);
        assert!(names(TEST).ends_with(&["app-build", "e2e", "bundle", "package-test"]));
    }

    #[test]
    fn packages_are_built_from_fresh_binaries_and_then_checked() {
        assert_eq!(
            names(BUNDLE),
            [
                "setup",
                "ui-build",
                "release-build",
                "bundle",
                "package-test"
            ]
        );
        assert_eq!(
            names(BUNDLE_DEBUG),
            ["setup", "ui-build", "cargo-build", "bundle", "package-test"]
        );
    }
}
