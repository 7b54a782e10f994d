//! opex-report: turns a scored assessment into charts (plotters SVG) and reports
//! (self-contained HTML). The app's results screen and every report use the same
//! `summary` and `charts`, so what a team sees is what leadership receives.

pub mod charts;
pub mod export;
pub mod history;
pub mod html;
pub mod leadership;
pub mod pdf;
pub mod portfolio;
pub mod summary;
pub mod workshop;

pub use charts::Theme;
pub use summary::{AreaRow, Charts, PhaseRow, Summary, charts, summarize};

/// Why a report could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("cannot render the report: {0}")]
    Render(#[from] askama::Error),
    #[error(transparent)]
    Store(#[from] opex_store::StoreError),
    #[error("cannot write CSV: {0}")]
    Csv(String),
    #[error("cannot lay out the PDF: {0}")]
    Pdf(String),
    #[error("unknown report format `{0}`: use pdf, html, markdown, json or csv")]
    UnknownFormat(String),
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
}

impl From<csv::Error> for ReportError {
    fn from(e: csv::Error) -> Self {
        ReportError::Csv(e.to_string())
    }
}
