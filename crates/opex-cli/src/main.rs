//! The `opex` command line: a peer of the GUI for scripts and CI. It validates
//! banks, lists teams and assessments, creates demo data and writes reports,
//! over the same crates the app uses.

use chrono::Utc;
use clap::{Parser, Subcommand, ValueEnum};
use opex_core::{Bank, BankError};
use opex_store::{Store, StoreError};
use std::path::PathBuf;
use std::process::ExitCode;

mod commands;

#[derive(Parser)]
#[command(
    name = "opex",
    version,
    about = "Operational-maturity assessments, from the command line"
)]
struct Cli {
    /// The database file. Defaults to $OPEX_DB, else the OS data directory.
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,
    /// A question bank (a folder holding bank.toml, or one .toml file) to use
    /// instead of the built-in one.
    #[arg(long, global = true, value_name = "PATH")]
    bank: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Work with question banks.
    #[command(subcommand)]
    Bank(BankCommand),
    /// List teams and their assessments.
    List,
    /// Create a demo team with four quarterly assessments over the past year.
    Demo {
        /// The demo team's name.
        #[arg(long, default_value = "Demo: Payments Platform")]
        team: String,
    },
    /// A team's scores over time, per area.
    History {
        #[arg(long, value_name = "NAME")]
        team: String,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// A team's improvement actions.
    Actions {
        #[arg(long, value_name = "NAME")]
        team: String,
        /// open, in_progress, done or dropped.
        #[arg(long)]
        status: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Compare two assessments question by question.
    Compare {
        earlier: i64,
        later: i64,
        #[arg(long)]
        json: bool,
    },
    /// Write a report of one assessment.
    Report {
        /// The assessment to report on.
        #[arg(long, value_name = "ID", required_unless_present = "team")]
        assessment: Option<i64>,
        /// The team to report on: its latest completed assessment.
        #[arg(long, value_name = "NAME")]
        team: Option<String>,
        /// With --team: the latest completed assessment on or before this date.
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: Option<chrono::NaiveDate>,
        /// The period's start: earlier assessments are left off the trend.
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: Option<chrono::NaiveDate>,
        #[arg(long, value_enum, default_value = "html")]
        format: Format,
        /// Include the teams' notes (they can be sensitive).
        #[arg(long)]
        include_notes: bool,
        /// Paper size for the PDF.
        #[arg(long, value_enum, default_value = "a4")]
        paper: PaperArg,
        /// Where to write the report (for csv, a folder for its two files). It
        /// is written whole or not at all.
        #[arg(long, value_name = "PATH")]
        out: PathBuf,
    },
    /// Print the JSON Schema of `opex report --format json`.
    ReportSchema,
    /// Several teams side by side (PDF or JSON), without individual votes or names.
    Portfolio {
        /// Team names, comma-separated.
        #[arg(
            long,
            value_delimiter = ',',
            value_name = "A,B,C",
            required_unless_present = "all"
        )]
        teams: Vec<String>,
        /// Every team.
        #[arg(long)]
        all: bool,
        #[arg(long, value_enum, default_value = "pdf")]
        format: PortfolioFormat,
        #[arg(long, value_enum, default_value = "a4")]
        paper: PaperArg,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum BankCommand {
    /// Check a bank and print every problem with its file, line, column and field.
    Validate { path: PathBuf },
    /// Check a bank the way a content reviewer would; every finding names its rule.
    Lint { path: PathBuf },
    /// Print question counts per area, phase and profile.
    Stats { path: PathBuf },
    /// Print (or write to a folder) the JSON Schemas of the bank format.
    Schema {
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// A self-contained HTML report of the assessment.
    Html,
    /// Markdown for a wiki: a workshop's closing summary, or (with --team) the
    /// leadership report with its charts as SVG files beside it.
    #[value(alias = "md")]
    Markdown,
    /// The leadership report's data, versioned (see `opex report-schema`).
    Json,
    /// Two files: scores per assessment and area, and answers per question and vote.
    Csv,
    /// The leadership report as a PDF.
    Pdf,
}

#[derive(Clone, Copy, ValueEnum)]
enum PortfolioFormat {
    /// The matrix and each team's trend, tagged, with embedded fonts.
    Pdf,
    /// One self-contained page with a print stylesheet.
    Html,
    /// The matrix as a table, for a wiki.
    #[value(alias = "md")]
    Markdown,
    /// One row per team and area: score, target, gap.
    Csv,
    /// The portfolio's data.
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum PaperArg {
    A4,
    Letter,
}

#[derive(Debug, thiserror::Error)]
enum CliError {
    #[error(transparent)]
    Bank(#[from] BankError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Report(#[from] opex_report::ReportError),
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("no database location: pass --db PATH or set OPEX_DB")]
    NoDbPath,
    #[error(
        "assessment {0} is not a workshop: Markdown is a workshop's closing summary; use --format html"
    )]
    NotAWorkshop(i64),
    #[error("{0} lint finding(s)")]
    Lint(usize),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("opex: {e}");
            ExitCode::FAILURE
        }
    }
}

fn open(db: Option<PathBuf>) -> Result<Store, CliError> {
    let path = opex_store::resolve_db_path(db).ok_or(CliError::NoDbPath)?;
    Ok(Store::open(&path)?)
}

fn bank(path: Option<PathBuf>) -> Result<Bank, CliError> {
    Ok(match path {
        Some(p) => opex_core::load_path(&p)?,
        None => opex_core::default_bank()?,
    })
}

/// The stats table: questions per area and phase, then per profile.
fn render_stats(b: &Bank) -> String {
    use std::fmt::Write;
    let st = opex_core::lint::stats(b);
    let mut out = format!(
        "bank `{}` {}: {} questions\n\n",
        b.id, b.version, st.questions
    );
    let _ = writeln!(
        out,
        "{:<22} {:<10} {:>5} {:>8} {:>8} {:>7}",
        "area", "kind", "total", "prepare", "operate", "evolve"
    );
    for (id, kind, total, [p, o, e]) in &st.areas {
        let kind = if *kind == opex_core::AreaKind::Principle {
            "principle"
        } else {
            "dimension"
        };
        let _ = writeln!(out, "{id:<22} {kind:<10} {total:>5} {p:>8} {o:>8} {e:>7}");
    }
    let [p, o, e] = st.phases;
    let _ = writeln!(
        out,
        "{:<22} {:<10} {:>5} {p:>8} {o:>8} {e:>7}\n",
        "all", "", st.questions
    );
    let _ = writeln!(out, "{:<22} {:>5}", "profile", "questions");
    for (id, n) in &st.profiles {
        let _ = writeln!(out, "{id:<22} {n:>5}");
    }
    out
}

fn run(cli: Cli) -> Result<(), CliError> {
    match cli.command {
        Command::Bank(BankCommand::Validate { path }) => {
            let b = opex_core::load_path(&path)?;
            let principles = b
                .areas
                .iter()
                .filter(|a| a.kind == opex_core::AreaKind::Principle)
                .count();
            println!(
                "{}: bank `{}` {} is valid: {} areas ({} principles, {} dimensions), {} questions",
                path.display(),
                b.id,
                b.version,
                b.areas.len(),
                principles,
                b.areas.len() - principles,
                b.questions.len()
            );
        }
        Command::Bank(BankCommand::Lint { path }) => {
            let (b, map) = opex_core::load_path_mapped(&path)?;
            let findings = opex_core::lint::lint(&b, &map);
            for f in &findings {
                println!("{f}");
            }
            if !findings.is_empty() {
                return Err(CliError::Lint(findings.len()));
            }
            println!(
                "{}: bank `{}` {}: no lint findings ({} questions)",
                path.display(),
                b.id,
                b.version,
                b.questions.len()
            );
        }
        Command::Bank(BankCommand::Stats { path }) => {
            let b = opex_core::load_path(&path)?;
            print!("{}", render_stats(&b));
        }
        Command::Bank(BankCommand::Schema { out }) => {
            for (name, json) in opex_core::json_schemas() {
                match &out {
                    Some(dir) => {
                        std::fs::create_dir_all(dir).map_err(|source| CliError::Write {
                            path: dir.clone(),
                            source,
                        })?;
                        opex_report::export::write_atomically(&dir.join(name), json.as_bytes())?;
                        println!("wrote {}", dir.join(name).display());
                    }
                    None => print!("{json}"),
                }
            }
        }
        Command::List => {
            let store = open(cli.db)?;
            let teams = store.teams()?;
            if teams.is_empty() {
                println!("No teams yet. Create one in the app, or run `opex demo`.");
            }
            for team in teams {
                println!("{} (team {})", team.name, team.id);
                for a in store.assessments(team.id)? {
                    let scored = store.scored(a.id)?;
                    let o = &scored.scores.overall;
                    println!(
                        "  #{:<4} {}  {:<11}  overall {}  answered {}/{}  {} {}",
                        a.id,
                        a.started_at.format("%Y-%m-%d"),
                        if a.is_complete() {
                            "complete"
                        } else {
                            "in progress"
                        },
                        o.mean.map_or("–".into(), |m| format!("{m:.1}")),
                        o.answered,
                        o.applicable,
                        a.bank_id,
                        a.bank_version
                    );
                }
            }
        }
        Command::Demo { team } => {
            let bank = bank(cli.bank)?;
            let mut store = open(cli.db)?;
            let t = opex_store::demo::create_demo(&mut store, &bank, &team, Utc::now())?;
            let n = store.assessments(t.id)?.len();
            println!(
                "Created team \"{}\" (team {}) with {n} assessments.",
                t.name, t.id
            );
        }
        Command::History { team, json } => {
            let store = open(cli.db)?;
            print!("{}", commands::history(&store, &team, json)?);
        }
        Command::Actions { team, status, json } => {
            let store = open(cli.db)?;
            print!(
                "{}",
                commands::actions(&store, &team, status.as_deref(), json)?
            );
        }
        Command::Compare {
            earlier,
            later,
            json,
        } => {
            let store = open(cli.db)?;
            print!("{}", commands::compare(&store, earlier, later, json)?);
        }
        Command::ReportSchema => print!("{}", opex_report::leadership::json_schema()),
        Command::Portfolio {
            teams,
            all,
            format,
            paper,
            out,
        } => {
            let store = open(cli.db)?;
            let ids = if all {
                Vec::new()
            } else {
                teams
                    .iter()
                    .map(|n| store.team_named(n).map(|t| t.id))
                    .collect::<Result<Vec<_>, _>>()?
            };
            let p = opex_report::portfolio::build(&store, &bank(cli.bank)?, &ids, Utc::now())?;
            let format = match format {
                PortfolioFormat::Pdf => opex_report::export::Format::Pdf,
                PortfolioFormat::Html => opex_report::export::Format::Html,
                PortfolioFormat::Markdown => opex_report::export::Format::Markdown,
                PortfolioFormat::Csv => opex_report::export::Format::Csv,
                PortfolioFormat::Json => opex_report::export::Format::Json,
            };
            let paper = match paper {
                PaperArg::A4 => opex_report::pdf::Paper::A4,
                PaperArg::Letter => opex_report::pdf::Paper::Letter,
            };
            let bytes = opex_report::portfolio::render(&p, format, paper)?;
            opex_report::export::write_atomically(&out, &bytes)?;
            println!("wrote {} ({} teams)", out.display(), p.teams.len());
        }
        Command::Report {
            assessment,
            team,
            to,
            from,
            format,
            include_notes,
            paper,
            out,
        } => {
            let store = open(cli.db)?;
            let until = to
                .and_then(|d| d.and_hms_opt(23, 59, 59))
                .map(|t| t.and_utc());
            let id = match (assessment, &team) {
                (Some(id), _) => id,
                (None, Some(name)) => {
                    let t = store.team_named(name)?;
                    store
                        .assessments(t.id)?
                        .into_iter()
                        .rfind(|a| a.is_complete() && until.is_none_or(|u| a.started_at <= u))
                        .ok_or_else(|| {
                            CliError::Store(StoreError::Invalid(format!(
                                "team \"{}\" has no completed assessment",
                                t.name
                            )))
                        })?
                        .id
                }
                (None, None) => {
                    return Err(CliError::Store(StoreError::Invalid(
                        "name an --assessment or a --team".into(),
                    )));
                }
            };
            if matches!(format, Format::Markdown)
                && team.is_none()
                && store.assessment(id)?.kind != "workshop"
            {
                return Err(CliError::NotAWorkshop(id));
            }
            let options = opex_report::export::Options {
                include_notes,
                paper: match paper {
                    PaperArg::A4 => opex_report::pdf::Paper::A4,
                    PaperArg::Letter => opex_report::pdf::Paper::Letter,
                },
                // `--assessment N --format markdown` is a workshop's summary;
                // `--team` asks for the leadership report.
                assessment_scope: team.is_none(),
                from: from
                    .and_then(|d| d.and_hms_opt(0, 0, 0))
                    .map(|t| t.and_utc()),
            };
            let format = match format {
                Format::Html => opex_report::export::Format::Html,
                Format::Markdown => opex_report::export::Format::Markdown,
                Format::Json => opex_report::export::Format::Json,
                Format::Csv => opex_report::export::Format::Csv,
                Format::Pdf => opex_report::export::Format::Pdf,
            };
            for path in opex_report::export::export(&store, id, format, options, &out, Utc::now())?
            {
                println!("wrote {}", path.display());
            }
        }
    }
    Ok(())
}
