//! opex-report: renderers only. It turns core records and report data into
//! charts (plotters SVG) and reports (HTML, Markdown, CSV, JSON, PDF) and
//! returns them as text or bytes; it never reads the database or writes a
//! file. The app's results screen and every report use the same charts, so
//! what a team sees is what leadership receives.

pub mod assessment_charts;
pub mod charts;
pub mod closing_summary;
pub mod format;
pub mod html;
pub mod leadership;
pub mod markdown;
pub mod pdf;
pub mod portfolio;
pub mod trends;

pub use assessment_charts::{Charts, charts};
pub use charts::Theme;
pub use format::ExportFormat;
pub use pdf::Paper;

/// Why a report could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("cannot render the report: {0}")]
    Render(#[from] askama::Error),
    #[error("team \"{0}\" has no completed assessment to report on")]
    NothingToReport(String),
    #[error("cannot write CSV: {0}")]
    Csv(String),
    #[error(transparent)]
    Chart(#[from] charts::ChartError),
    #[error("cannot lay out the PDF: {0}")]
    Pdf(String),
    #[error("unknown report format `{0}`: use pdf, html, markdown, json or csv")]
    UnknownFormat(String),
}

impl From<csv::Error> for ReportError {
    fn from(e: csv::Error) -> Self {
        ReportError::Csv(e.to_string())
    }
}
