//! opex-core: the domain of an operational-maturity assessment. The question-bank
//! model, its loader and validation, the records of assessments, scoring, and
//! every rule the screens and reports share (comparison, the minimum change,
//! workshop states and anonymity, actions and targets). Pure: no tauri, no SQL,
//! no file-system writes.

pub mod action;
pub mod card;
pub mod checklist;
pub mod compare;
pub mod coverage;
pub mod distribution;
pub mod error;
pub mod evidence;
pub mod lens;
pub mod levels;
pub mod lint;
pub mod loader;
pub mod locate;
pub mod model;
pub mod portable;
mod read;
pub mod records;
pub mod risk;
pub mod risks;
pub mod scoring;
pub mod summary;
pub mod timeline;
pub mod usage;
mod words;
pub mod workshop;

pub use error::{BankError, InvalidAnswer, Issue, UnknownValue};
pub use evidence::Breadth;
pub use loader::{
    Source, SourceMap, load_mapped, load_path, load_path_mapped, load_sources, order_sources,
    read_sources,
};
pub use model::{Area, AreaKind, Bank, Level, Phase, Question};
pub use records::{Assessment, BankInfo, Participant, ScoredAssessment, StoredAnswer, Team};
pub use scoring::{
    Answer, QuestionAnswers, QuestionScore, Response, Score, Scores, ValueSource, score,
};
pub use summary::{AreaRow, PhaseRow, Summary, summarize};

use sha2::{Digest, Sha256};

macro_rules! embed {
    ($($file:literal),* $(,)?) => {
        &[$(($file, include_str!(concat!("../../../assessments/opex/", $file)))),*]
    };
}

/// The default bank's files, embedded so that the app and the CLI need nothing
/// beside them. A test checks this list against `assessments/opex/`.
pub const DEFAULT_BANK_FILES: &[(&str, &str)] = embed!(
    "bank.toml",
    "questions/ops-as-code.toml",
    "questions/small-changes.toml",
    "questions/refine-procedures.toml",
    "questions/anticipate-failure.toml",
    "questions/learn-from-events.toml",
    "questions/team-structure.toml",
    "questions/change-philosophy.toml",
    "questions/failure-response.toml",
    "questions/infrastructure.toml",
    "questions/monitoring.toml",
    "questions/knowledge.toml",
    "questions/scaling.toml",
    "questions/success-metric.toml",
);

/// The embedded default bank's sources, named `builtin:assessments/opex/…`.
pub fn default_bank_sources() -> Vec<Source> {
    DEFAULT_BANK_FILES
        .iter()
        .map(|(name, text)| Source {
            name: format!("builtin:assessments/opex/{name}"),
            text: (*text).to_string(),
        })
        .collect()
}

/// The embedded default bank. Tests keep it valid; the error is still returned,
/// never unwrapped, so a broken build shows a message rather than a panic.
pub fn default_bank() -> Result<Bank, BankError> {
    load_sources(&default_bank_sources())
}

/// The default bank as it was at 1.1.0, the last of the 1.x form (levels
/// without checks): a snapshot taken from a real database, as every stored
/// assessment of that era keeps it. The demo's older assessments ran on it,
/// and tests use it to prove that 1.x snapshots load forever.
pub const DEFAULT_BANK_1_1_JSON: &str =
    include_str!("../../../assessments/snapshots/opex-1.1.0.json");

/// [`DEFAULT_BANK_1_1_JSON`], read.
pub fn default_bank_1_1() -> Result<Bank, BankError> {
    serde_json::from_str(DEFAULT_BANK_1_1_JSON).map_err(|e| BankError::Io {
        path: std::path::PathBuf::from("assessments/snapshots/opex-1.1.0.json"),
        source: std::io::Error::other(e.to_string()),
    })
}

impl Bank {
    /// A SHA-256 over the bank's canonical JSON: two banks with the same content
    /// have the same hash, whatever their TOML formatting.
    pub fn content_hash(&self) -> String {
        let json = serde_json::to_vec(self).unwrap_or_default();
        let digest = Sha256::digest(&json);
        digest.iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// The JSON Schemas of the bank format, generated from the Rust types, as
/// (file name, pretty JSON). They are committed in `assessments/schema/`.
pub fn json_schemas() -> Vec<(&'static str, String)> {
    let head = schemars::schema_for!(model::BankHead);
    let questions = schemars::schema_for!(model::QuestionFile);
    let pretty = |s: &schemars::Schema| serde_json::to_string_pretty(s).unwrap_or_default() + "\n";
    vec![
        ("bank.schema.json", pretty(&head)),
        ("questions.schema.json", pretty(&questions)),
    ]
}
