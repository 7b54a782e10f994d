//! Writes a report to disk in any format, for the CLI and the app alike:
//! whole files or nothing (written beside the target, then renamed).

use crate::ReportError;
use crate::pdf::Paper;
use chrono::{DateTime, Utc};
use opex_store::{Store, StoreError};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A self-contained HTML page of one assessment.
    Html,
    /// The leadership report (or a workshop's closing summary) for a wiki.
    Markdown,
    /// The leadership report's data, versioned.
    Json,
    /// Two files: scores and answers.
    Csv,
    /// The leadership report as a PDF.
    Pdf,
}

impl std::str::FromStr for Format {
    type Err = ReportError;
    /// `pdf`, `html`, `markdown` (or `md`), `json` or `csv`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "pdf" => Ok(Format::Pdf),
            "html" => Ok(Format::Html),
            "markdown" | "md" => Ok(Format::Markdown),
            "json" => Ok(Format::Json),
            "csv" => Ok(Format::Csv),
            other => Err(ReportError::UnknownFormat(other.to_string())),
        }
    }
}

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

/// Writes `contents` beside `path` and renames it into place, so a reader never
/// sees half a file and an existing file survives a failed write.
pub fn write_atomically(path: &Path, contents: &[u8]) -> Result<(), ReportError> {
    let err = |source| ReportError::Write {
        path: path.to_path_buf(),
        source,
    };
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    std::fs::write(&tmp, contents).map_err(err)?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        err(e)
    })
}

/// The radar, phases and spectrum of an assessment, and the team's trends
/// over the report's period (overall and per area).
fn visuals(
    store: &Store,
    r: &crate::leadership::ReportData,
    current: &opex_store::ScoredAssessment,
    previous: Option<&opex_store::ScoredAssessment>,
    targets: &[(String, f64)],
) -> Result<(crate::Charts, crate::history::TrendCharts), ReportError> {
    let summary = crate::summarize(current, previous).with_targets(targets);
    let charts = crate::charts(&summary, current, crate::Theme::Light);
    let runs = r
        .trend
        .iter()
        .map(|p| store.scored(p.assessment))
        .collect::<Result<Vec<_>, _>>()?;
    let drawn = crate::history::trend_charts(
        &crate::history::history(&runs),
        targets,
        crate::Theme::Light,
    );
    Ok((charts, drawn))
}

/// Writes the report of assessment `id` as `format` to `out` (for CSV, a
/// folder). Returns every file written.
pub fn export(
    store: &Store,
    id: i64,
    format: Format,
    options: Options,
    out: &Path,
    now: DateTime<Utc>,
) -> Result<Vec<PathBuf>, ReportError> {
    let current = store.scored(id)?;
    let team_id = current.assessment.team_id;
    let previous = match store.previous_completed(&current.assessment)? {
        Some(p) => Some(store.scored(p.id)?),
        None => None,
    };
    let targets = crate::summary::targets_in_force(store, &current.assessment)?;
    let mut written = vec![out.to_path_buf()];
    // The leadership report's data over the chosen period, for every format that needs it.
    let leadership = || {
        crate::leadership::build_period(
            store,
            team_id,
            options.from,
            Some(current.assessment.started_at),
            options.include_notes,
            now,
        )
    };
    let bytes: Vec<u8> = match format {
        Format::Html if options.assessment_scope => {
            crate::html::assessment_html(&current, previous.as_ref(), &targets)?.into_bytes()
        }
        Format::Html => {
            let r = leadership()?;
            let (charts, drawn) = visuals(store, &r, &current, previous.as_ref(), &targets)?;
            let label = format!(
                "{} assessment of {}",
                if current.assessment.kind == "workshop" {
                    "Workshop"
                } else {
                    "Self"
                },
                crate::summary::date_label(&current.assessment)
            );
            let bank = format!(
                "{} {}",
                current.assessment.bank_title, current.assessment.bank_version
            );
            crate::leadership::html(&r, &charts, &drawn, &label, &bank)?.into_bytes()
        }
        Format::Markdown if options.assessment_scope => {
            if current.assessment.kind != "workshop" {
                return Err(StoreError::Invalid(format!(
                    "assessment {id} is not a workshop: its closing summary does not exist"
                ))
                .into());
            }
            let s = crate::workshop::load_summary(store, id)?;
            crate::workshop::workshop_markdown(&s).into_bytes()
        }
        Format::Markdown => {
            let r = leadership()?;
            let (charts, drawn) = visuals(store, &r, &current, previous.as_ref(), &targets)?;
            let stem = crate::leadership::safe_file_name(&r.team);
            let (text, files) = crate::leadership::markdown(&r, &charts, &drawn, &stem);
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
        Format::Json => {
            let r = leadership()?;
            crate::leadership::to_json(&r).into_bytes()
        }
        Format::Csv => {
            std::fs::create_dir_all(out).map_err(|source| ReportError::Write {
                path: out.to_path_buf(),
                source,
            })?;
            let base = crate::leadership::safe_file_name(&current.assessment.team_name);
            let files = [
                (
                    format!("{base}-scores.csv"),
                    crate::leadership::scores_csv(store, team_id)?,
                ),
                (
                    format!("{base}-answers.csv"),
                    crate::leadership::answers_csv(store, id, options.include_notes)?,
                ),
            ];
            let mut paths = Vec::new();
            for (name, text) in files {
                write_atomically(&out.join(&name), text.as_bytes())?;
                paths.push(out.join(name));
            }
            return Ok(paths);
        }
        Format::Pdf => crate::pdf::leadership_pdf_until(
            store,
            team_id,
            options.from,
            Some(current.assessment.started_at),
            options.include_notes,
            options.paper,
            now,
        )?,
    };
    write_atomically(out, &bytes)?;
    Ok(written)
}
