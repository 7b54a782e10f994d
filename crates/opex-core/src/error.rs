//! The errors of loading a bank: one `Issue` per problem, each naming the file,
//! line, column and field.

use std::fmt;
use std::path::PathBuf;

/// One problem in a bank source, located.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// The file as the user named it (or `builtin:…` for the embedded bank).
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// The field path, e.g. `questions[3].levels`; empty for a syntax error.
    pub field: String,
    /// What is wrong, in words.
    pub message: String,
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: ", self.file, self.line, self.column)?;
        if !self.field.is_empty() {
            write!(f, "{}: ", self.field)?;
        }
        f.write_str(&self.message)
    }
}

/// Why a bank could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum BankError {
    #[error("cannot read {}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{} is not a bank: a bank is a folder holding bank.toml, or a single .toml file", path.display())]
    NotABank { path: PathBuf },
    #[error("{}", render_issues(.0))]
    Invalid(Vec<Issue>),
}

impl BankError {
    /// The located issues, when the bank was read but is invalid.
    pub fn issues(&self) -> &[Issue] {
        match self {
            BankError::Invalid(issues) => issues,
            _ => &[],
        }
    }
}

fn render_issues(issues: &[Issue]) -> String {
    let n = issues.len();
    let mut out = format!("the bank has {n} problem{}:", if n == 1 { "" } else { "s" });
    for issue in issues {
        out.push_str("\n  ");
        out.push_str(&issue.to_string());
    }
    out
}

/// A word that names none of a closed set of values, e.g. an action status.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} `{value}`")]
pub struct UnknownValue {
    /// What was being named, e.g. "action status".
    pub what: &'static str,
    pub value: String,
}

impl UnknownValue {
    pub fn new(what: &'static str, value: &str) -> UnknownValue {
        UnknownValue {
            what,
            value: value.to_string(),
        }
    }
}

/// An answer the type allows but the domain does not.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidAnswer {
    #[error("level {0} is outside 1..5")]
    LevelOutOfRange(u8),
    #[error("\"not applicable\" needs a reason")]
    MissingReason,
}
