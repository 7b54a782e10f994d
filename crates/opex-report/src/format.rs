//! The formats a report can be exported in, and how a person names them.

use crate::ReportError;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum ExportFormat {
    /// The leadership report as a PDF.
    Pdf,
    /// The leadership report (or one assessment's page) as self-contained HTML.
    Html,
    /// The leadership report (or a workshop's closing summary) for a wiki.
    Markdown,
    /// The leadership report's data, versioned.
    Json,
    /// Two files: scores and answers.
    Csv,
}

impl std::str::FromStr for ExportFormat {
    type Err = ReportError;
    /// `pdf`, `html`, `markdown` (or `md`), `json` or `csv`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "pdf" => Ok(ExportFormat::Pdf),
            "html" => Ok(ExportFormat::Html),
            "markdown" | "md" => Ok(ExportFormat::Markdown),
            "json" => Ok(ExportFormat::Json),
            "csv" => Ok(ExportFormat::Csv),
            other => Err(ReportError::UnknownFormat(other.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_named_as_people_write_them() {
        let table = [
            ("pdf", Some(ExportFormat::Pdf)),
            ("html", Some(ExportFormat::Html)),
            ("md", Some(ExportFormat::Markdown)),
            ("markdown", Some(ExportFormat::Markdown)),
            ("json", Some(ExportFormat::Json)),
            ("csv", Some(ExportFormat::Csv)),
            ("docx", None),
        ];
        for (word, expect) in table {
            assert_eq!(word.parse::<ExportFormat>().ok(), expect, "{word}");
        }
        let json = serde_json::to_string(&ExportFormat::Markdown).unwrap_or_default();
        assert_eq!(json, "\"markdown\"");
    }
}
