//! The command line as clap parses it: every subcommand, flag and value, and
//! how the words people type map onto opex-report's formats and paper sizes.
//! Usage errors found after parsing are built here too, so they read exactly
//! like clap's own.

use crate::json::{JsonKind, Status};
use clap::error::ErrorKind;
use clap::{ArgGroup, Args, CommandFactory, Parser, Subcommand, ValueEnum};
use opex_report::{ExportFormat, Paper};
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "opex",
    version,
    // `--version` says more than clap's one line, so it is a flag of ours.
    disable_version_flag = true,
    subcommand_required = false,
    arg_required_else_help = true,
    about = "Operational-maturity assessments, from the command line",
    long_about = "Operational-maturity assessments, from the command line.\n\n\
        opex is the command-line peer of the opex desktop app (opex-app): it works on the \
        same database and question banks and writes the same reports, for scripts, CI and \
        terminals. Every command uses the database named by --db, else $OPEX_DB, else \
        opex.sqlite3 in the user's data directory (~/.local/share/opex/ on Linux), and \
        the built-in question bank unless --bank names another."
)]
pub struct Cli {
    /// Print the version, the question bank's version and where the database
    /// and its backups are.
    #[arg(short = 'V', long, global = true)]
    pub version: bool,
    /// The database file. Defaults to $OPEX_DB, else the OS data directory.
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// A question bank (a folder holding bank.toml, or one .toml file) to use
    /// instead of the built-in one.
    #[arg(long, global = true, value_name = "PATH")]
    pub bank: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand)]
pub enum Command {
    /// Work with question banks.
    #[command(subcommand)]
    Bank(BankCommand),
    /// Check, back up and restore the database file.
    #[command(subcommand)]
    Db(DbCommand),
    /// List teams and their assessments.
    List,
    /// Create a demo team with four quarterly assessments over the past year;
    /// with --teams, --assessments or --voters, a synthetic organisation for
    /// measuring opex at scale (200 teams × 40 assessments × 12 voters unless
    /// said otherwise).
    Demo {
        /// The demo team's name.
        #[arg(long, default_value = "Demo: Payments Platform")]
        team: String,
        /// Teams in the synthetic organisation.
        #[arg(long, value_name = "N")]
        teams: Option<u32>,
        /// Assessments per team, a quarter apart.
        #[arg(long, value_name = "M")]
        assessments: Option<u32>,
        /// People voting on every question of every assessment (at most 50).
        #[arg(long, value_name = "V")]
        voters: Option<u32>,
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
        #[arg(long, value_enum)]
        status: Option<Status>,
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
    Report(ReportArgs),
    /// Print the JSON Schema of `opex report --format json`.
    ReportSchema,
    /// Print (or write to a folder) the JSON Schemas of `history --json`,
    /// `actions --json` and `compare --json`.
    JsonSchema {
        /// One schema; all three when left out.
        #[arg(value_enum)]
        kind: Option<JsonKind>,
        /// Write each schema to its file in this folder instead.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// Several teams side by side (PDF or JSON), without individual votes or names.
    Portfolio(PortfolioArgs),
    /// Write one team's whole history to an opex file (.opex.json), to
    /// import on another machine. Notes are left out unless asked for.
    Export(ExportArgs),
    /// Import an opex file: a team new here is added, a team already here
    /// (the same team, by its identity) gets what is new. All or nothing.
    Import(ImportArgs),
    /// Print the JSON Schema of the opex file (`opex export`).
    ExportSchema,
    /// Print the completion script for a shell, to save where the shell
    /// looks, e.g. ~/.local/share/bash-completion/completions/opex for bash.
    /// The packages install these already.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Write the man pages, opex.1 and one per subcommand, into a folder,
    /// e.g. ~/.local/share/man/man1. The packages install these already.
    ManPages {
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
}

/// `opex export`: which team, where to, and what to leave out.
#[derive(Args)]
pub struct ExportArgs {
    #[arg(long, value_name = "NAME")]
    pub team: String,
    /// The file to write (suggested: NAME.opex.json). Written whole or not at all.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Include the notes (answers', votes', the facilitator's and actions'):
    /// they can be sensitive.
    #[arg(long)]
    pub include_notes: bool,
    /// keep: people's names as typed; drop: "Participant 1", "Participant
    /// 2", … in each assessment and "Owner 1", … on actions.
    #[arg(long, value_enum, default_value = "keep")]
    pub names: NamesArg,
}

/// `opex import`: which file, and under what name when the team is new here.
#[derive(Args)]
pub struct ImportArgs {
    /// An opex file written by `opex export` or the app.
    pub file: PathBuf,
    /// The name for the team when it is new here, e.g. because a different
    /// team here has its name.
    #[arg(long = "as", value_name = "NAME")]
    pub as_name: Option<String>,
}

/// Whether people's names travel with an exported file.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NamesArg {
    Keep,
    Drop,
}

impl From<NamesArg> for opex_service::portable::Names {
    fn from(n: NamesArg) -> Self {
        match n {
            NamesArg::Keep => opex_service::portable::Names::Keep,
            NamesArg::Drop => opex_service::portable::Names::Drop,
        }
    }
}

#[derive(Subcommand)]
pub enum DbCommand {
    /// Where the database and its backups are, and whether the file is sound
    /// (SQLite's full integrity check). Exits with 1 when it is damaged.
    Check,
    /// Take a backup now, into the backup folder beside the database. These
    /// are never deleted; the app's daily ones are pruned (7 days, 4 weeks).
    Backup,
    /// List the backups, newest first, and whether each is sound.
    Backups,
    /// Put a backup in the database's place. The current file is not
    /// overwritten: it is moved, with its -wal, into the backup folder.
    /// Close the app first.
    #[command(group(ArgGroup::new("which").required(true).args(["backup", "latest"])))]
    Restore {
        /// The backup file to restore.
        backup: Option<PathBuf>,
        /// Restore the newest sound backup.
        #[arg(long)]
        latest: bool,
    },
}

#[derive(Subcommand)]
pub enum BankCommand {
    /// Check a bank and print every problem with its file, line, column and field.
    Validate { path: PathBuf },
    /// Check a bank the way a content reviewer would; every finding names its rule.
    Lint { path: PathBuf },
    /// Print question counts per area, phase and profile; with --usage, how
    /// each question fared in the database's assessments and workshops.
    Stats(StatsArgs),
    /// Print (or write to a folder) the JSON Schemas of the bank format.
    Schema {
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// Read an AWS Well-Architected custom lens (JSON) into a new bank
    /// folder of checklist questions; every problem is named with its line,
    /// column and JSON path, keys outside the format are warnings.
    ImportLens {
        /// The lens file (schemaVersion 2021-11-01).
        lens: PathBuf,
        /// The bank folder to write: new, or empty.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Accept a question without a `default` risk rule, as if its last
        /// rule were `default` → NO_RISK, with a warning.
        #[arg(long)]
        lenient: bool,
    },
    /// Write a bank as an AWS Well-Architected custom lens: maturity
    /// questions as single selects by convention, checklist questions as
    /// their lens had them.
    ExportLens {
        /// The bank: a folder holding bank.toml, or one .toml file.
        path: PathBuf,
        /// The lens file to write. Written whole or not at all.
        #[arg(long, value_name = "LENS.json")]
        out: PathBuf,
    },
}

/// `opex bank stats`: a bank's question counts, or (with `--usage`) how its
/// questions were answered in the database.
#[derive(Args)]
#[command(group(ArgGroup::new("what").required(true).args(["path", "usage"])))]
pub struct StatsArgs {
    /// The bank to count: a folder holding bank.toml, or one .toml file.
    /// Required unless --usage is given.
    pub path: Option<PathBuf>,
    /// Instead of counting a bank's questions, show per question how often
    /// workshops disagreed and re-voted and how often it was answered N/A or
    /// don't know, in the database (--db), flagging the questions well above
    /// the bank's median as candidates for rewording.
    #[arg(long)]
    pub usage: bool,
    /// With --usage: the bank whose assessments are read, by its id. When
    /// left out, the id of the bank --bank names, else the built-in bank's
    /// (`opex`).
    #[arg(long, value_name = "ID", conflicts_with = "path")]
    pub bank_id: Option<String>,
    /// With --usage: a table, or JSON for scripts.
    #[arg(long, value_enum, default_value = "text", conflicts_with = "path")]
    pub format: UsageFormat,
}

/// How `opex bank stats --usage` prints its report.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum UsageFormat {
    /// An aligned table with the medians and the flag rule.
    Text,
    /// One JSON document.
    Json,
}

/// `opex report`: which assessment, in what form, and where to.
#[derive(Args)]
#[command(group(
    ArgGroup::new("subject")
        .args(["assessment", "team"])
        .required(true)
        .multiple(true)
))]
pub struct ReportArgs {
    /// The assessment to report on.
    #[arg(long, value_name = "ID")]
    pub assessment: Option<i64>,
    /// The team to report on: its latest completed assessment.
    #[arg(long, value_name = "NAME")]
    pub team: Option<String>,
    /// With --team: the latest completed assessment on or before this date.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub to: Option<chrono::NaiveDate>,
    /// The period's start: earlier assessments are left off the trend.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub from: Option<chrono::NaiveDate>,
    #[arg(long, value_enum, default_value = "html")]
    pub format: Format,
    /// Include the teams' notes (they can be sensitive).
    #[arg(long)]
    pub include_notes: bool,
    /// Paper size for the PDF.
    #[arg(long, value_enum, default_value = "a4")]
    pub paper: PaperArg,
    /// Where to write the report (for csv, a folder for its two files). It
    /// is written whole or not at all.
    #[arg(long, value_name = "PATH")]
    pub out: PathBuf,
}

/// `opex portfolio`: which teams, in what form, and where to.
#[derive(Args)]
pub struct PortfolioArgs {
    /// Team names, comma-separated.
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "A,B,C",
        required_unless_present = "all"
    )]
    pub teams: Vec<String>,
    /// Every team.
    #[arg(long)]
    pub all: bool,
    #[arg(long, value_enum, default_value = "pdf")]
    pub format: PortfolioFormat,
    #[arg(long, value_enum, default_value = "a4")]
    pub paper: PaperArg,
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
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
pub enum PortfolioFormat {
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
pub enum PaperArg {
    A4,
    Letter,
}

impl From<Format> for ExportFormat {
    fn from(f: Format) -> Self {
        match f {
            Format::Html => ExportFormat::Html,
            Format::Markdown => ExportFormat::Markdown,
            Format::Json => ExportFormat::Json,
            Format::Csv => ExportFormat::Csv,
            Format::Pdf => ExportFormat::Pdf,
        }
    }
}

impl From<PortfolioFormat> for ExportFormat {
    fn from(f: PortfolioFormat) -> Self {
        match f {
            PortfolioFormat::Pdf => ExportFormat::Pdf,
            PortfolioFormat::Html => ExportFormat::Html,
            PortfolioFormat::Markdown => ExportFormat::Markdown,
            PortfolioFormat::Csv => ExportFormat::Csv,
            PortfolioFormat::Json => ExportFormat::Json,
        }
    }
}

impl From<PaperArg> for Paper {
    fn from(p: PaperArg) -> Self {
        match p {
            PaperArg::A4 => Paper::A4,
            PaperArg::Letter => Paper::Letter,
        }
    }
}

/// A usage error of `opex <subcommand>` found after parsing (it needed the
/// database to tell), worded and shown like clap's own, with that
/// subcommand's usage line; it exits with clap's usage code, 2.
pub fn usage_error(
    subcommand: &str,
    kind: ErrorKind,
    message: impl std::fmt::Display,
) -> clap::Error {
    let mut cli = Cli::command();
    cli.build();
    match cli.find_subcommand_mut(subcommand) {
        Some(sub) => sub.error(kind, message),
        None => cli.error(kind, message),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn a_late_usage_error_shows_the_subcommands_usage() {
        let e = usage_error("report", ErrorKind::InvalidValue, "not so").to_string();
        assert!(e.starts_with("error: not so"), "{e}");
        assert!(e.contains("Usage: opex report "), "{e}");
        assert_eq!(
            usage_error("report", ErrorKind::InvalidValue, "x").exit_code(),
            2
        );
    }
}
