//! The question-bank model: the serde types a bank's TOML files deserialize into.
//!
//! These types are the bank format. The JSON Schema in `assessments/bank.schema.json`
//! is generated from them (`opex bank schema`), and a test fails when the two drift.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The number of behaviourally anchored levels every question has.
pub const LEVELS: usize = 5;

/// The head file of a bank (`bank.toml`): identity, areas and profiles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BankHead {
    /// Stable identifier of the bank, e.g. `opex`.
    pub id: String,
    /// Version of the bank content, e.g. `1.0.0`. Bump it whenever a question changes.
    pub version: String,
    /// Human title shown in the app and reports.
    pub title: String,
    /// One paragraph on what the bank assesses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The areas questions belong to: design principles and traditional-vs-modern dimensions.
    #[serde(default)]
    pub areas: Vec<Area>,
    /// Named subsets of questions, e.g. a quick pulse. "full" (every question) is implicit.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub profiles: Vec<Profile>,
    /// Questions may also live in the head file.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub questions: Vec<Question>,
    /// What changed in each version of the bank, newest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changelog: Vec<ChangelogEntry>,
}

/// A further file of a bank (`questions/*.toml`): only questions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QuestionFile {
    #[serde(default)]
    pub questions: Vec<Question>,
}

/// Whether an area is one of the five design principles, one of the eight
/// dimensions, or a pillar of an imported AWS Well-Architected lens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum AreaKind {
    Principle,
    Dimension,
    Pillar,
}

/// One area of the assessment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Area {
    /// Stable identifier, lower-case kebab, e.g. `ops-as-code`.
    pub id: String,
    pub kind: AreaKind,
    /// Short name, e.g. "Operations as code".
    pub name: String,
    /// One line saying what the area covers.
    pub description: String,
    /// For a dimension: the traditional pole (level 1), e.g. "Hand-built pets".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub traditional: Option<String>,
    /// For a dimension: the modern pole (level 5), e.g. "Infrastructure as code, immutable".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modern: Option<String>,
}

/// The phase of the improvement cycle a question belongs to.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    Prepare,
    Operate,
    Evolve,
}

impl Phase {
    pub const ALL: [Phase; 3] = [Phase::Prepare, Phase::Operate, Phase::Evolve];

    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Prepare => "prepare",
            Phase::Operate => "operate",
            Phase::Evolve => "evolve",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Phase::Prepare => "Prepare",
            Phase::Operate => "Operate",
            Phase::Evolve => "Evolve",
        }
    }
}

/// The AWS Well-Architected Operational Excellence best-practice area a question relates to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum WaArea {
    Organization,
    Prepare,
    Operate,
    Evolve,
}

/// One level of a question: the summary people read, and up to three checks,
/// observable statements a stranger could verify by looking at something (a
/// document, a dashboard, the deploy log, the last five incidents). A team is
/// at the highest level whose checks all hold.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Level {
    pub text: String,
    pub checks: Vec<String>,
}

impl Level {
    /// A level with a summary and no checks, as in banks of the 1.x form.
    pub fn new(text: impl Into<String>) -> Level {
        Level {
            text: text.into(),
            checks: Vec::new(),
        }
    }
}

/// How a level is written in a bank file: its summary alone (the 1.x form,
/// which every stored bank snapshot of that era uses and which must load
/// forever), or a table with the summary and its checks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum LevelForm {
    /// The summary alone (banks of the 1.x form).
    Text(String),
    /// The summary and 1 to 3 checks, each at most 140 characters.
    Checked(CheckedLevel),
}

/// A level written as a table: its summary and its checks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckedLevel {
    /// What a team at this level does, in a sentence or two.
    pub text: String,
    /// Observable statements a stranger could verify.
    #[serde(default)]
    pub checks: Vec<String>,
}

impl From<LevelForm> for Level {
    fn from(f: LevelForm) -> Level {
        match f {
            LevelForm::Text(text) => Level::new(text),
            LevelForm::Checked(CheckedLevel { text, checks }) => Level { text, checks },
        }
    }
}

impl From<&Level> for LevelForm {
    fn from(l: &Level) -> LevelForm {
        // Without checks a level is written as its summary alone, so a 1.x
        // bank serialises, and hashes, exactly as it always did.
        if l.checks.is_empty() {
            LevelForm::Text(l.text.clone())
        } else {
            LevelForm::Checked(CheckedLevel {
                text: l.text.clone(),
                checks: l.checks.clone(),
            })
        }
    }
}

impl Serialize for Level {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        LevelForm::from(self).serialize(s)
    }
}

impl<'de> Deserialize<'de> for Level {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Level, D::Error> {
        LevelForm::deserialize(d).map(Level::from)
    }
}

impl WaArea {
    /// The phase this area is, if it is one (`organization` is not).
    pub fn phase(self) -> Option<Phase> {
        match self {
            WaArea::Organization => None,
            WaArea::Prepare => Some(Phase::Prepare),
            WaArea::Operate => Some(Phase::Operate),
            WaArea::Evolve => Some(Phase::Evolve),
        }
    }
}

/// One question put to the team.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Stable identifier, never reused, e.g. `OPS-CODE-01`.
    pub id: String,
    /// A short name shown instead of the id, at most 50 characters, e.g.
    /// "Infrastructure changes". Banks written before titles existed have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The id of the area the question belongs to.
    pub area: String,
    /// The phase of the improvement cycle. Required for principle questions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<Phase>,
    /// Why the phase differs from the phase of `wa_area`, when it does (the
    /// lint asks for a reason).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase_reason: Option<String>,
    /// The question put to the team, at most 160 characters.
    pub prompt: String,
    /// What evidence to look at before answering.
    pub guidance: String,
    /// A prompt to open discussion in a workshop.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discussion: Option<String>,
    /// Exactly five levels, from 1 (traditional / ad hoc) to 5 (modern /
    /// optimising): each a summary and the checks a stranger could verify.
    /// Banks of the 1.x form give each level as its summary alone.
    #[schemars(with = "Vec<LevelForm>")]
    pub levels: Vec<Level>,
    /// For levels 1-4: one concrete action that moves a team up from that level.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub next_steps: Vec<String>,
    /// Ids of dimensions this question also informs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dimensions: Vec<String>,
    /// The related Well-Architected OpEx best-practice area.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wa_area: Option<WaArea>,
    /// Related DORA capabilities, as kebab-case ids, e.g. `trunk-based-development`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dora: Vec<String>,
    /// Ids of questions from earlier bank versions that this one continues on the trend.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub replaces: Vec<String>,
    /// A checklist question (as AWS Well-Architected lenses ask them): practices
    /// to tick and risk rules instead of five levels, whose `levels` is empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checklist: Option<crate::checklist::Checklist>,
}

/// The most characters a question's title may have.
pub const MAX_TITLE: usize = 50;

impl Question {
    /// What every screen and report calls the question: its title, or, for a
    /// bank without titles, its prompt cut to [`MAX_TITLE`] characters.
    pub fn name(&self) -> String {
        match self.title.as_deref().map(str::trim) {
            Some(t) if !t.is_empty() => t.to_string(),
            _ => cut(&self.prompt, MAX_TITLE),
        }
    }
}

/// `s` cut to at most `max` characters, at a word boundary when one is
/// near, ending in "…" when cut.
pub fn cut(s: &str, max: usize) -> String {
    let s = s.trim();
    if s.chars().count() <= max {
        return s.to_string();
    }
    let head: String = s.chars().take(max.saturating_sub(1)).collect();
    let head = match head.rfind(' ') {
        Some(i) if i > max / 2 => &head[..i],
        _ => head.as_str(),
    };
    format!("{}…", head.trim_end_matches([' ', ',', ';', ':']))
}

/// A named subset of the bank's questions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The ids of the questions in this profile, in order.
    pub questions: Vec<String>,
}

/// One entry of a bank's changelog.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangelogEntry {
    pub version: String,
    pub changes: Vec<String>,
}

/// A loaded, validated bank: the head plus every question file, merged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bank {
    pub id: String,
    pub version: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub areas: Vec<Area>,
    #[serde(default)]
    pub profiles: Vec<Profile>,
    pub questions: Vec<Question>,
    #[serde(default)]
    pub changelog: Vec<ChangelogEntry>,
}

impl Bank {
    pub fn area(&self, id: &str) -> Option<&Area> {
        self.areas.iter().find(|a| a.id == id)
    }

    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    /// The questions of a profile, in the profile's order; "full" (or an unknown
    /// profile) is every question in bank order.
    pub fn profile_questions(&self, profile: &str) -> Vec<&Question> {
        match self.profiles.iter().find(|p| p.id == profile) {
            Some(p) => p
                .questions
                .iter()
                .filter_map(|id| self.question(id))
                .collect(),
            None => self.questions.iter().collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_question_is_named_by_its_title_or_its_cut_prompt() {
        let mut q = Question {
            id: "X-01".into(),
            title: Some("Infrastructure changes".into()),
            area: "a".into(),
            phase: None,
            phase_reason: None,
            prompt: "How is the infrastructure for our production services created and changed?"
                .into(),
            guidance: String::new(),
            discussion: None,
            levels: Vec::new(),
            next_steps: Vec::new(),
            dimensions: Vec::new(),
            wa_area: None,
            dora: Vec::new(),
            replaces: Vec::new(),
            checklist: None,
        };
        assert_eq!(q.name(), "Infrastructure changes");
        q.title = None;
        let name = q.name();
        assert_eq!(name, "How is the infrastructure for our production…");
        assert!(name.chars().count() <= MAX_TITLE);
        q.title = Some("  ".into());
        assert_eq!(q.name(), name);
        assert_eq!(cut("short", 50), "short");
        assert_eq!(cut("abcdefghij", 5), "abcd…");
    }
}
