//! AWS Well-Architected custom lenses (schemaVersion `2021-11-01`), in and
//! out: the lens file's types, reading one with every problem located by
//! file, line, column and JSON path (`json.rs` walks a strict, span-keeping
//! parse; `validate.rs` holds the published limits), turning a lens into an
//! opex bank of checklist questions (`import.rs`), and an opex bank into a
//! lens the AWS tool accepts (`export.rs`).
//!
//! All lens text is plain text: `<a href>` in a lens stays those characters.

mod export;
mod import;
mod json;
mod validate;

pub use export::{ExportedLens, PillarPlan, SINGLE_SELECT, export, maturity_rules};
pub use import::{bank_sources, import, to_bank};

use crate::checklist::Risk;
use crate::error::Issue;
use serde::Serialize;
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The one schema version of the lens format.
pub const SCHEMA_VERSION: &str = "2021-11-01";
/// The largest lens file, in bytes. AWS says 500 KB; read as 500,000 bytes,
/// so a file opex writes fits however the AWS tool counts a kilobyte.
pub const MAX_BYTES: usize = 500_000;
/// Lens name, at most.
pub const MAX_NAME: usize = 128;
/// Lens and question description, and a resource's text, at most.
pub const MAX_DESCRIPTION: usize = 2048;
/// Pillars in a lens.
pub const PILLARS: std::ops::RangeInclusive<usize> = 1..=10;
/// Characters of a pillar id (letters, digits and `_`).
pub const PILLAR_ID: std::ops::RangeInclusive<usize> = 3..=128;
/// Questions in a pillar.
pub const QUESTIONS: std::ops::RangeInclusive<usize> = 1..=20;
/// Characters of a question id (letters, digits and `_`).
pub const QUESTION_ID: std::ops::RangeInclusive<usize> = 1..=128;
/// Pillar name, question title and choice title, at most.
pub const MAX_TITLE: usize = 128;
/// Choices in a question.
pub const CHOICES: std::ops::RangeInclusive<usize> = 1..=15;
/// Characters of a choice id (letters, digits and `_`).
pub const CHOICE_ID: std::ops::RangeInclusive<usize> = 1..=64;
/// Risk rules in a question.
pub const RULES: std::ops::RangeInclusive<usize> = 1..=3;

/// A custom lens, as its JSON file has it. Serialised in the file's key
/// order and spelling.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Lens {
    pub schema_version: String,
    pub name: String,
    pub description: String,
    pub pillars: Vec<Pillar>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pillar {
    pub id: String,
    pub name: String,
    pub questions: Vec<LensQuestion>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LensQuestion {
    pub id: String,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub helpful_resource: Option<LensResource>,
    pub choices: Vec<LensChoice>,
    pub risk_rules: Vec<LensRiskRule>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LensChoice {
    pub id: String,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub helpful_resource: Option<LensResource>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub improvement_plan: Option<LensResource>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub additional_resources: Vec<LensAdditionalResource>,
}

impl LensChoice {
    /// The exclusive "None of these" choice: its id ends in `_no`.
    pub fn is_none_of_these(&self) -> bool {
        self.id.ends_with("_no")
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LensResource {
    pub display_text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LensAdditionalResource {
    /// `HELPFUL_RESOURCE` or `IMPROVEMENT_PLAN`.
    #[serde(rename = "type")]
    pub kind: String,
    pub content: Vec<LensResource>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LensRiskRule {
    pub condition: String,
    pub risk: Risk,
}

/// How strictly a lens is read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// Accept a question without a `default` rule, as if it ended with
    /// `default` → `NO_RISK`, and say so in a warning.
    pub lenient: bool,
}

/// A lens that was read, with what was noticed but not refused: keys the
/// format does not have (kept out of the bank) and, with `--lenient`, the
/// `default` rules added.
#[derive(Debug, Clone, PartialEq)]
pub struct LensRead {
    pub lens: Lens,
    pub warnings: Vec<Issue>,
}

/// Why a lens could not be read, imported or exported.
#[derive(Debug, thiserror::Error)]
pub enum LensError {
    #[error("cannot read {}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The file breaks the format: every problem, located.
    #[error("{}", Problems("the lens", .0))]
    Invalid(Vec<Issue>),
    /// The bank holds what no lens can: more areas than ten pillars can
    /// take, or two questions whose lens ids would be the same.
    #[error("the bank cannot be written as a lens: {0}")]
    Unexportable(String),
    /// The lens opex wrote breaks the format (a bank with, say, more than
    /// 15 choices in a checklist question).
    #[error("{}", Problems("the lens written from the bank", .0))]
    ExportInvalid(Vec<Issue>),
    /// The bank made from the lens is not a valid opex bank.
    #[error(transparent)]
    Bank(#[from] crate::BankError),
}

impl LensError {
    /// The located problems, when the file was read but breaks the format.
    pub fn issues(&self) -> &[Issue] {
        match self {
            LensError::Invalid(issues) | LensError::ExportInvalid(issues) => issues,
            _ => &[],
        }
    }
}

struct Problems<'a>(&'static str, &'a [Issue]);

impl fmt::Display for Problems<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.1.len();
        write!(
            f,
            "{} has {n} problem{}:",
            self.0,
            if n == 1 { "" } else { "s" }
        )?;
        for issue in self.1 {
            write!(f, "\n  {issue}")?;
        }
        Ok(())
    }
}

/// Reads and validates a lens file's bytes; `name` is how errors name the
/// file.
pub fn read(name: &str, bytes: &[u8], options: ReadOptions) -> Result<LensRead, LensError> {
    let whole = |message: String| {
        LensError::Invalid(vec![Issue {
            file: name.to_string(),
            line: 1,
            column: 1,
            field: String::new(),
            message,
        }])
    };
    if bytes.len() > MAX_BYTES {
        return Err(whole(format!(
            "the file is {} bytes; a lens may be at most 500 KB ({MAX_BYTES} bytes)",
            bytes.len()
        )));
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let good = String::from_utf8_lossy(&bytes[..e.valid_up_to()]);
            let (line, column) = json::Lines::new(&good).line_col(good.len());
            return Err(LensError::Invalid(vec![Issue {
                file: name.to_string(),
                line,
                column,
                field: String::new(),
                message: format!(
                    "byte {} is not UTF-8 text (0x{:02x}); a lens is a UTF-8 JSON file",
                    e.valid_up_to(),
                    bytes[e.valid_up_to()]
                ),
            }]));
        }
    };
    let parsed = json::parse(name, text)?;
    let mut warnings = parsed.unknown;
    let mut lens = parsed.lens;
    let errors = validate::validate(&mut lens, &parsed.at, options, &mut warnings);
    if errors.is_empty() {
        Ok(LensRead { lens, warnings })
    } else {
        Err(LensError::Invalid(errors))
    }
}

/// Reads and validates the lens file at `path`: a regular file of at most
/// [`MAX_BYTES`].
pub fn read_path(path: &Path, options: ReadOptions) -> Result<LensRead, LensError> {
    let io = |source| LensError::Io {
        path: path.to_path_buf(),
        source,
    };
    // A FIFO would block the read forever; a folder is a mistake.
    let meta = std::fs::metadata(path).map_err(io)?;
    if !meta.is_file() {
        return Err(io(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "it is not a regular file; a lens is a .json file",
        )));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .map_err(io)?
        .take(MAX_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() > MAX_BYTES {
        // Say how big it is, not how much was read.
        let size = usize::try_from(meta.len()).unwrap_or(usize::MAX);
        return Err(LensError::Invalid(vec![Issue {
            file: path.display().to_string(),
            line: 1,
            column: 1,
            field: String::new(),
            message: format!(
                "the file is {} bytes; a lens may be at most 500 KB ({MAX_BYTES} bytes)",
                size.max(bytes.len())
            ),
        }]));
    }
    read(&path.display().to_string(), &bytes, options)
}
