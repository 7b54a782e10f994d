//! `cargo xtask <command>`: the project's set-up, build, run and test automation,
//! in Rust so it works the same on every machine. This module reads the command
//! line and dispatches; see `usage()` for the commands.

mod bundle;
mod deps;
mod error;
mod pipeline;
mod process;
mod setup;
mod steps;
mod workspace;

use std::ffi::OsString;
use std::process::ExitCode;

use error::{Error, Result};
use process::Cmd;
use workspace::Workspace;

#[derive(Debug, PartialEq)]
enum Command {
    Setup,
    Build,
    Run(Vec<OsString>),
    Test,
    Deps,
    E2e,
    Bench,
    Bundle { debug: bool },
    Help,
}

fn usage() -> &'static str {
    "\
usage: cargo xtask <command>

commands:
  setup            install what is missing: system packages (apt), the UI's npm
                   dependencies and tauri-driver; quick when all is there
  build            setup, build the UI, then the app, the `opex` CLI and the
                   PDF renderer both start (`opex-render`)
  run [-- ARGS]    build, then start the app with ARGS
                   (e.g. cargo xtask run -- --db /tmp/x.sqlite3)
  test             run every check and test, the real-webview e2e suite last;
                   CI runs this
  deps             check only the dependency rules between the workspace's
                   crates (xtask/src/deps.rs); also a step of `test`
  e2e              rebuild the app and run only the e2e suite
  bench            release builds, then every benchmark of BENCHMARKS.md beside
                   its baseline: the organisation's whole-process figures
                   (tests/bench/scale.py, under Xvfb), save latency and the
                   view models; not part of `test`
  bundle [--debug] release builds, then the .deb and .rpm packages in
                   target/bundle/release/, each checked as CI checks them
                   (lintian, installed into a throwaway root and started);
                   with --debug, of the debug build, in target/bundle/debug/,
                   as `test` does
  help             show this"
}

fn main() -> ExitCode {
    match parse(std::env::args_os().skip(1)).and_then(execute) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("\nxtask: error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn parse(mut args: impl Iterator<Item = OsString>) -> Result<Command> {
    let Some(name) = args.next() else {
        return Ok(Command::Help);
    };
    let command = match name.to_str() {
        Some("setup") => Command::Setup,
        Some("build") => Command::Build,
        Some("run") => {
            let mut rest: Vec<OsString> = args.collect();
            // `cargo xtask run -- --db x` reaches us as `run -- --db x`.
            if rest.first().is_some_and(|a| a == "--") {
                rest.remove(0);
            }
            return Ok(Command::Run(rest));
        }
        Some("test") => Command::Test,
        Some("deps") => Command::Deps,
        Some("e2e") => Command::E2e,
        Some("bench") => Command::Bench,
        Some("bundle") => {
            let debug = match args.next() {
                None => false,
                Some(flag) if flag == "--debug" => true,
                Some(other) => {
                    return Err(Error::new(format!(
                        "`bundle` takes only --debug, but got `{}`\n\n{}",
                        other.to_string_lossy(),
                        usage()
                    )));
                }
            };
            Command::Bundle { debug }
        }
        Some("help" | "-h" | "--help") => Command::Help,
        _ => {
            return Err(Error::new(format!(
                "unknown command `{}`\n\n{}",
                name.to_string_lossy(),
                usage()
            )));
        }
    };
    if let Some(extra) = args.next() {
        return Err(Error::new(format!(
            "`{}` takes no arguments, but got `{}`\n\n{}",
            name.to_string_lossy(),
            extra.to_string_lossy(),
            usage()
        )));
    }
    Ok(command)
}

fn execute(command: Command) -> Result<ExitCode> {
    if command == Command::Help {
        println!("{}", usage());
        return Ok(ExitCode::SUCCESS);
    }
    let ws = Workspace::locate()?;
    match command {
        Command::Setup => setup::run(&ws)?,
        Command::Build => pipeline::run(&ws, steps::BUILD)?,
        Command::Run(args) => return run_app(&ws, &args),
        Command::Test => pipeline::run(&ws, steps::TEST)?,
        Command::Deps => pipeline::run(&ws, steps::DEPS)?,
        Command::E2e => pipeline::run(&ws, steps::E2E)?,
        Command::Bench => pipeline::run(&ws, steps::BENCH)?,
        Command::Bundle { debug: false } => pipeline::run(&ws, steps::BUNDLE)?,
        Command::Bundle { debug: true } => pipeline::run(&ws, steps::BUNDLE_DEBUG)?,
        Command::Help => {}
    }
    Ok(ExitCode::SUCCESS)
}

/// Builds, then runs the app from the caller's directory, so relative paths in
/// ARGS mean what the caller meant; the app's exit status becomes ours.
fn run_app(ws: &Workspace, args: &[OsString]) -> Result<ExitCode> {
    pipeline::run(ws, steps::BUILD)?;
    println!();
    let status = Cmd::new(ws.app_binary()).args(args).status()?;
    Ok(match status.code() {
        Some(0) => ExitCode::SUCCESS,
        Some(code) => ExitCode::from(u8::try_from(code).unwrap_or(1)),
        None => ExitCode::FAILURE,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &[&str], expect: Option<Command>) {
        let got = parse(input.iter().map(OsString::from)).ok();
        assert_eq!(got, expect, "{input:?}");
    }

    #[test]
    fn parses_the_command_line() {
        let os = |args: &[&str]| args.iter().map(OsString::from).collect::<Vec<_>>();
        check(&[], Some(Command::Help));
        check(&["setup"], Some(Command::Setup));
        check(&["build"], Some(Command::Build));
        check(&["test"], Some(Command::Test));
        check(&["deps"], Some(Command::Deps));
        check(&["e2e"], Some(Command::E2e));
        check(&["bench"], Some(Command::Bench));
        check(&["bundle"], Some(Command::Bundle { debug: false }));
        check(
            &["bundle", "--debug"],
            Some(Command::Bundle { debug: true }),
        );
        check(&["bundle", "--release"], None);
        check(&["--help"], Some(Command::Help));
        check(&["run"], Some(Command::Run(vec![])));
        check(
            &["run", "--", "--db", "/tmp/x.sqlite3"],
            Some(Command::Run(os(&["--db", "/tmp/x.sqlite3"]))),
        );
        check(
            &["run", "--db", "x"],
            Some(Command::Run(os(&["--db", "x"]))),
        );
        check(&["test", "--nocapture"], None);
        check(&["deps", "opex-cli"], None);
        check(&["tset"], None);
    }
}
