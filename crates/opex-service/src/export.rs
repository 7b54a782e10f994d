//! Exporting reports, for the CLI and the app alike: one assessment's report
//! (leadership PDF, HTML, Markdown, JSON or CSV, or one assessment's own page
//! or closing summary) and the portfolio of several teams. Files are written
//! whole or not at all.

use crate::error::{Result, ServiceError};
use crate::files::{create_dir, write_atomically};
use crate::load::{AssessmentContext, leadership_input};
use chrono::{DateTime, Utc};
use opex_core::workshop::Anonymity;
use opex_report::{ExportFormat, Paper};
use opex_store::Store;
use std::path::{Path, PathBuf};

/// How one assessment's report is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    pub include_notes: bool,
    pub paper: Paper,
    /// Report on the one assessment (HTML: its page with every answer;
    /// Markdown: a workshop's closing summary) rather than the team's
    /// leadership report.
    pub assessment_scope: bool,
    /// The period's start: earlier assessments are left off the trend.
    pub from: Option<DateTime<Utc>>,
}

/// The assessment a report "of the team" is about, among those completed and
/// started on or before `until`: the latest that is not partial, or the
/// latest when every one is partial (`opex_core::coverage::headline`).
pub fn headline(store: &Store, team_id: i64, until: Option<DateTime<Utc>>) -> Result<i64> {
    let completed: Vec<_> = store
        .listed(team_id)?
        .into_iter()
        .filter(|l| l.assessment.is_complete())
        .filter(|l| until.is_none_or(|u| l.assessment.started_at <= u))
        .collect();
    opex_core::coverage::headline(&completed)
        .map(|s| s.assessment.id)
        .ok_or_else(|| match store.team(team_id) {
            Ok(t) => ServiceError::NothingCompleted(t.name),
            Err(e) => e.into(),
        })
}

/// Writes the report of assessment `id` as `format` to `out` (for CSV, a
/// folder). Returns every file written.
pub fn export(
    store: &Store,
    id: i64,
    format: ExportFormat,
    options: Options,
    out: &Path,
    now: DateTime<Utc>,
) -> Result<Vec<PathBuf>> {
    let current = store.scored(id)?;
    let team_id = current.assessment.team_id;
    let mut written = vec![out.to_path_buf()];
    // The leadership report over the chosen period, as of this assessment.
    let leadership = || {
        leadership_input(
            store,
            team_id,
            options.from,
            Some(current.assessment.started_at),
            options.include_notes,
            now,
        )
    };
    let bytes: Vec<u8> = match format {
        ExportFormat::Html if options.assessment_scope => {
            let ctx = AssessmentContext::load(store, id)?;
            opex_report::html::assessment_html(&ctx.current, ctx.previous.as_ref(), &ctx.targets)?
                .into_bytes()
        }
        ExportFormat::Html => {
            let input = leadership()?;
            let r = opex_report::leadership::build(&input)?;
            let (charts, drawn) = opex_report::leadership::visuals(&input)?;
            let label = format!(
                "{} assessment of {}",
                if current.assessment.is_workshop() {
                    "Workshop"
                } else {
                    "Self"
                },
                current.assessment.date_label()
            );
            let bank = format!(
                "{} {}",
                current.assessment.bank_title, current.assessment.bank_version
            );
            opex_report::leadership::html(&r, &charts, &drawn, &label, &bank)?.into_bytes()
        }
        ExportFormat::Markdown if options.assessment_scope => {
            if !current.assessment.is_workshop() {
                return Err(ServiceError::NotAWorkshop(id));
            }
            let s = crate::workshops::load_summary(store, id)?;
            opex_report::closing_summary::workshop_markdown(&s).into_bytes()
        }
        ExportFormat::Markdown => {
            let input = leadership()?;
            let r = opex_report::leadership::build(&input)?;
            let (charts, drawn) = opex_report::leadership::visuals(&input)?;
            let stem = opex_report::leadership::safe_file_name(&r.team);
            let (text, files) = opex_report::leadership::markdown(&r, &charts, &drawn, &stem);
            let dir = out
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            for (name, svg) in files {
                write_atomically(&dir.join(&name), svg.as_bytes())?;
                written.push(dir.join(name));
            }
            text.into_bytes()
        }
        ExportFormat::Json => {
            let r = opex_report::leadership::build(&leadership()?)?;
            opex_report::leadership::to_json(&r).into_bytes()
        }
        ExportFormat::Csv => {
            create_dir(out)?;
            let base = opex_report::leadership::safe_file_name(&current.assessment.team_name);
            let anonymity = match current.assessment.is_workshop() {
                true => store.workshop(id)?.settings.anonymity,
                false => Anonymity::Open,
            };
            let team = &current.assessment.team_name;
            let files = [
                (
                    format!("{base}-scores.csv"),
                    opex_report::leadership::scores_csv(team, &store.completed(team_id)?)?,
                ),
                (
                    format!("{base}-answers.csv"),
                    opex_report::leadership::answers_csv(
                        &current,
                        anonymity,
                        options.include_notes,
                    )?,
                ),
            ];
            let mut paths = Vec::new();
            for (name, text) in files {
                write_atomically(&out.join(&name), text.as_bytes())?;
                paths.push(out.join(name));
            }
            return Ok(paths);
        }
        ExportFormat::Pdf => opex_report::pdf::leadership_pdf(&leadership()?, options.paper)?,
    };
    write_atomically(out, &bytes)?;
    Ok(written)
}

/// Writes the portfolio of `team_ids` (every team when empty) as `format`,
/// whole or not at all. Returns how many teams it holds.
pub fn export_portfolio(
    store: &Store,
    builtin: &opex_core::Bank,
    team_ids: &[i64],
    format: ExportFormat,
    paper: Paper,
    out: &Path,
) -> Result<usize> {
    let p = crate::team::portfolio_data(store, builtin, team_ids)?;
    let bytes = opex_report::portfolio::render(&p, format, paper)?;
    write_atomically(out, &bytes)?;
    Ok(p.teams.len())
}
