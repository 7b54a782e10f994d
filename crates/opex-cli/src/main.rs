//! The `opex` command line: a peer of the GUI for scripts and CI. It validates
//! banks, lists teams and assessments, creates demo data and writes reports.
//! This file parses and dispatches: each command makes one call into
//! opex-service (or opex-core, for banks, which need no store) and hands the
//! result to a printer (`tables`, `bank`, `json`).

use clap::{CommandFactory, Parser};
use std::process::ExitCode;

mod args;
mod bank;
mod db;
mod error;
mod inputs;
mod json;
mod lens;
mod portable;
mod report;
mod schemas;
mod tables;

use args::{BankCommand, Cli, Command};
use error::CliError;
use json::{ActionsJson, CompareJson, HistoryJson, JsonKind};
use opex_service::{assessments, export, team};

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => e.report(),
    }
}

fn run(cli: Cli) -> Result<(), CliError> {
    let Cli {
        version,
        db,
        bank,
        command,
    } = cli;
    if version {
        print!("{}", about(db, bank));
        return Ok(());
    }
    let Some(command) = command else {
        let mut cli = Cli::command();
        return Err(CliError::Usage(cli.error(
            clap::error::ErrorKind::MissingSubcommand,
            "a command is needed: see `opex --help`",
        )));
    };
    match command {
        Command::Bank(BankCommand::Validate { path }) => {
            print!("{}", bank::valid(&path, &opex_core::load_path(&path)?));
        }
        Command::Bank(BankCommand::Lint { path }) => {
            let (b, map) = opex_core::load_path_mapped(&path)?;
            let findings = opex_core::lint::lint(&b, &map);
            print!("{}", bank::lint(&path, &b, &findings));
            if !findings.is_empty() {
                return Err(CliError::Lint(findings.len()));
            }
        }
        Command::Bank(BankCommand::Stats(s)) => match &s.path {
            Some(path) => print!("{}", bank::stats(&opex_core::load_path(path)?)),
            None => {
                let id = match s.bank_id {
                    Some(id) => id,
                    None => inputs::bank(bank)?.id,
                };
                let obs = inputs::existing_store(db)?.usage_observations(Some(&id))?;
                let report = opex_core::usage::report(&obs);
                print!("{}", bank::usage(&id, &report, s.format));
            }
        },
        Command::Bank(BankCommand::Schema { out }) => {
            schemas::emit(opex_core::json_schemas(), out.as_deref())?;
        }
        Command::Bank(BankCommand::ImportLens { lens, out, lenient }) => {
            lens::import(&lens, &out, lenient)?;
        }
        Command::Bank(BankCommand::ExportLens { path, out }) => lens::export(&path, &out)?,
        Command::Db(c) => db::run(db, c)?,
        Command::List => {
            print!(
                "{}",
                tables::list(&assessments::teams(&inputs::existing_store(db)?)?)
            );
        }
        Command::Demo {
            teams,
            assessments,
            voters,
            ..
        } if teams.is_some() || assessments.is_some() || voters.is_some() => {
            let org = opex_store::organisation::Organisation {
                teams: teams.unwrap_or(200),
                assessments: assessments.unwrap_or(40),
                voters: voters.unwrap_or(12),
            };
            db::demo_organisation(db, &inputs::bank(bank)?, org)?;
        }
        Command::Demo { team, .. } => {
            let bank = inputs::bank(bank)?;
            let t = assessments::create_demo(&mut inputs::store(db)?, &bank, &team)?;
            println!(
                "Created team \"{}\" (team {}) with {} assessments.",
                tables::visible(&t.name),
                t.id,
                t.assessments.len()
            );
        }
        Command::History { team, json } => {
            let store = inputs::existing_store(db)?;
            let (team, _, h) = team::team_history(&store, store.team_named(&team)?.id)?;
            if json {
                print!("{}", json::pretty(&HistoryJson::new(&team, &h)));
            } else {
                print!("{}", tables::history(&team, &h));
            }
        }
        Command::Actions { team, status, json } => {
            let store = inputs::existing_store(db)?;
            let team = store.team_named(&team)?;
            let list = store.find_actions(team.id, status.map(Into::into), None, None)?;
            if json {
                print!("{}", json::pretty(&ActionsJson::new(&team, &list)));
            } else {
                print!("{}", tables::actions(&team, &list));
            }
        }
        Command::Compare {
            earlier,
            later,
            json,
        } => {
            let c = team::compared(&inputs::existing_store(db)?, earlier, later)?;
            if json {
                print!("{}", json::pretty(&CompareJson::new(&c)));
            } else {
                print!("{}", tables::compare(&c));
            }
        }
        Command::Report(args) => {
            for path in report::write(&inputs::existing_store(db)?, &args)? {
                println!("wrote {}", path.display());
            }
        }
        Command::ReportSchema => print!("{}", opex_report::leadership::json_schema()),
        Command::JsonSchema { kind, out } => {
            let kinds = kind.map_or(JsonKind::ALL.to_vec(), |k| vec![k]);
            schemas::emit(
                kinds.iter().map(|k| (k.file_name(), k.schema())),
                out.as_deref(),
            )?;
        }
        Command::Portfolio(p) => {
            let store = inputs::existing_store(db)?;
            let ids = if p.all {
                Vec::new()
            } else {
                p.teams
                    .iter()
                    .map(|n| store.team_named(n).map(|t| t.id))
                    .collect::<Result<Vec<_>, _>>()?
            };
            let (format, paper) = (p.format.into(), p.paper.into());
            let bank = inputs::bank(bank)?;
            let n = export::export_portfolio(&store, &bank, &ids, format, paper, &p.out)?;
            println!("wrote {} ({n} teams)", p.out.display());
        }
        Command::Export(args) => portable::export(&inputs::existing_store(db)?, &args)?,
        Command::Import(args) => portable::import(&mut inputs::store(db)?, &args)?,
        Command::ExportSchema => print!("{}", opex_core::portable::json_schema()),
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "opex", &mut std::io::stdout());
        }
        Command::ManPages { out } => {
            let failed = |source| CliError::Write {
                path: out.clone(),
                source,
            };
            std::fs::create_dir_all(&out).map_err(failed)?;
            clap_mangen::generate_to(Cli::command(), &out).map_err(failed)?;
            println!("wrote the man pages to {}", out.display());
        }
    }
    Ok(())
}

/// `opex --version`: this build, the bank `--bank` names (else the built-in
/// one) and the database `--db` names (else `$OPEX_DB`, else the default),
/// worded as the app's About panel words them. Nothing is opened or created.
fn about(db: Option<std::path::PathBuf>, bank: Option<std::path::PathBuf>) -> String {
    let bank = inputs::bank(bank).ok();
    let db = opex_store::resolve_db_path(db);
    opex_service::database::version_text("opex", bank.as_ref(), db.as_deref())
}
