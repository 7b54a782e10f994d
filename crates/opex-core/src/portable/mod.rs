//! The opex file (`.opex.json`, format `opex-team`): one team's whole history
//! as one self-contained, versioned JSON document, its privacy options, and
//! the checks an imported file must pass (references, bank hashes, values)
//! before anything of it is written. Pure: the store reads and writes the
//! rows, opex-service parses, checks and merges.
//!
//! Timestamps are carried exactly as the database keeps them (RFC 3339), and
//! words (kinds, states, outcomes) as the database spells them, so a copy of
//! a team is the team.

use crate::Bank;
use crate::action::{LINK_MAX_CHARS, TITLE_MAX_CHARS};
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// The `format` of every opex file.
mod check;
pub use check::{CheckedFile, FileIssue, check, check_head, is_uuid};

pub const FORMAT: &str = "opex-team";
/// The newest `version` this opex reads and the one it writes. Bumped on
/// any change to the format, with a new committed schema beside the old one.
pub const VERSION: u32 = 1;
/// The committed JSON Schema of [`VERSION`], in `crates/opex-core/schema/`.
pub const SCHEMA_FILE: &str = "opex-team-v1.schema.json";
/// The longest team name, in characters (as the store keeps them).
const TEAM_NAME_MAX: usize = 80;
/// The longest participant name or alias, in characters.
const PERSON_NAME_MAX: usize = 80;

/// One team, its assessments with their bank snapshots, answers, votes and
/// workshops, its targets and its actions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "opex team file, version 1")]
pub struct TeamFile {
    /// Always `opex-team`.
    pub format: String,
    /// The format's version: 1.
    pub version: u32,
    /// When the file was written (RFC 3339).
    pub exported_at: String,
    /// The program that wrote it, e.g. `opex 0.1.0`.
    pub exported_by: String,
    /// What the exporter chose to leave out.
    pub privacy: Privacy,
    pub team: TeamRecord,
    /// Every bank an assessment ran on, once each, keyed by content hash.
    pub banks: Vec<BankSnapshot>,
    /// Oldest first.
    pub assessments: Vec<AssessmentRecord>,
    /// Every target ever set, oldest first (targets are history, never edited).
    pub targets: Vec<TargetRecord>,
    /// Oldest first.
    pub actions: Vec<ActionRecord>,
}

/// What was left out of the file when it was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Privacy {
    /// Notes are in the file (answer, vote, facilitator, action and review
    /// notes). When false every note is null, and an import never clears a
    /// note it already holds.
    pub notes: bool,
    /// `keep`: participants' names and action owners as typed; `drop`: each
    /// participant is "Participant N" (N by the order people were added to
    /// that assessment) and each owner "Owner N" (by the order of the actions).
    pub names: Names,
}

/// Whether people's names travel with the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Names {
    Keep,
    Drop,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TeamRecord {
    /// The team's identity in every database (a UUID).
    pub uuid: String,
    pub name: String,
    pub created_at: String,
}

/// A bank exactly as an assessment ran on it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BankSnapshot {
    /// SHA-256 of the bank's canonical JSON: must match `content`.
    pub hash: String,
    /// The bank, as opex stores it (see `assessments/schema/`).
    #[schemars(with = "serde_json::Map<String, serde_json::Value>")]
    pub content: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AssessmentRecord {
    /// The assessment's identity in every database (a UUID).
    pub uuid: String,
    pub kind: AssessmentKind,
    /// One of `banks[].hash`.
    pub bank_hash: String,
    /// `full` or one of the bank's profiles.
    pub profile: String,
    pub started_at: String,
    pub completed_at: Option<String>,
    /// The areas a workshop was limited to; null for all.
    pub areas: Option<Vec<String>>,
    /// A workshop's settings and question states; null for a self-assessment.
    pub workshop: Option<WorkshopRecord>,
    /// In the order they were added; an anonymous workshop has none.
    pub participants: Vec<ParticipantRecord>,
    /// Every round of every participant's votes; an anonymous workshop has none.
    pub votes: Vec<VoteRecord>,
    /// An anonymous workshop's counts per answer and round, as stored.
    pub tallies: Vec<TallyRecord>,
    /// What the team agreed, per question.
    pub answers: Vec<AnswerRecord>,
    /// Checks ticked while discussing.
    pub ticked_checks: Vec<TickRecord>,
    /// The practices ticked on each answered checklist question (a lens's).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checklist_answers: Vec<ChecklistRecord>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AssessmentKind {
    #[serde(rename = "self")]
    SelfAssessment,
    Workshop,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkshopRecord {
    pub anonymity: AnonymityWord,
    pub timer_seconds: u32,
    /// People in the room, when given.
    pub headcount: Option<u32>,
    pub current_question: Option<String>,
    pub current_since: Option<String>,
    pub questions: Vec<WorkshopQuestionRecord>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AnonymityWord {
    Open,
    Facilitator,
    Anonymous,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkshopQuestionRecord {
    pub question_id: String,
    pub round: u32,
    pub state: QuestionStateWord,
    pub elapsed_ms: u64,
    /// Null unless the file includes notes.
    pub facilitator_note: Option<String>,
    pub updated_at: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum QuestionStateWord {
    Voting,
    Revealed,
    Agreed,
    Skipped,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ParticipantRecord {
    /// This participant within the assessment (1, 2, …): what votes name.
    pub key: u32,
    pub name: String,
    pub created_at: String,
    /// Set when the person was removed and their votes kept under no name.
    pub removed_at: Option<String>,
}

/// An answer: a level, not applicable (with its reason), or don't know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AnswerKind {
    Level,
    NotApplicable,
    DontKnow,
}

/// `opex_core::Breadth`: for one, some, most or all of the team's services.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BreadthWord {
    One,
    Some,
    Most,
    All,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VoteRecord {
    /// One of `participants[].key`.
    pub participant: u32,
    pub question_id: String,
    pub round: u32,
    pub kind: AnswerKind,
    /// 1-5 when `kind` is `level`, else null.
    pub level: Option<u8>,
    /// Why not applicable; null otherwise.
    pub reason: Option<String>,
    pub note: Option<String>,
    pub breadth: Option<BreadthWord>,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TallyRecord {
    pub question_id: String,
    pub round: u32,
    pub kind: AnswerKind,
    /// 1-5 for a level, 0 otherwise.
    pub level: u8,
    pub count: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerRecord {
    pub question_id: String,
    pub kind: AnswerKind,
    pub level: Option<u8>,
    pub reason: Option<String>,
    pub note: Option<String>,
    pub breadth: Option<BreadthWord>,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TickRecord {
    pub question_id: String,
    /// The level (1-5) whose check this is.
    pub level: u8,
    /// Its place in that level's list of checks, from 0.
    pub index: u8,
    pub ticked_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChecklistRecord {
    pub question_id: String,
    /// The ids of the ticked choices, in the question's own bank snapshot.
    pub choices: Vec<String>,
    pub note: Option<String>,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TargetRecord {
    pub area_id: String,
    pub level: f64,
    /// YYYY-MM-DD.
    pub target_date: Option<String>,
    pub set_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ActionRecord {
    /// The action's identity in every database (a UUID).
    pub uuid: String,
    /// The assessment it came from (one of `assessments[].uuid`), if any.
    pub assessment: Option<String>,
    pub question_id: Option<String>,
    pub area_id: Option<String>,
    pub title: String,
    pub owner: Option<String>,
    /// YYYY-MM-DD.
    pub due_date: Option<String>,
    pub status: ActionStatusWord,
    pub notes: Option<String>,
    pub link: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub done_at: Option<String>,
    /// What the team decided about it as later assessments started.
    pub reviews: Vec<ReviewRecord>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ActionStatusWord {
    Open,
    InProgress,
    Done,
    Dropped,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewRecord {
    /// One of `assessments[].uuid`.
    pub assessment: String,
    pub outcome: OutcomeWord,
    pub note: Option<String>,
    pub reviewed_at: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeWord {
    Done,
    Carried,
    Dropped,
}

/// A word of the file as the database spells it (`not_applicable`,
/// `in_progress`, `self`): every enum above serializes to one string.
pub fn word<T: Serialize>(t: &T) -> String {
    match serde_json::to_value(t) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// The enum value a stored word stands for, if any.
pub fn from_word<T: DeserializeOwned>(s: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(s.to_string())).ok()
}

/// The JSON Schema of the file, pretty, with a final newline.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(TeamFile);
    serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
}

/// What the exporter leaves out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportOptions {
    pub include_notes: bool,
    pub names: Names,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            include_notes: false,
            names: Names::Keep,
        }
    }
}

impl TeamFile {
    /// Leaves out what `options` says, and records that it did. Aliases are
    /// stable: they follow the order people were added and the order of the
    /// actions, both of which an export of the same team repeats.
    pub fn redact(&mut self, options: ExportOptions) {
        self.privacy = Privacy {
            notes: options.include_notes,
            names: options.names,
        };
        if !options.include_notes {
            for a in &mut self.assessments {
                a.answers.iter_mut().for_each(|x| x.note = None);
                a.checklist_answers.iter_mut().for_each(|x| x.note = None);
                a.votes.iter_mut().for_each(|x| x.note = None);
                if let Some(w) = &mut a.workshop {
                    w.questions
                        .iter_mut()
                        .for_each(|q| q.facilitator_note = None);
                }
            }
            for action in &mut self.actions {
                action.notes = None;
                action.reviews.iter_mut().for_each(|r| r.note = None);
            }
        }
        if options.names == Names::Drop {
            for a in &mut self.assessments {
                a.participants.sort_by_key(|p| p.key);
                for p in &mut a.participants {
                    p.name = format!("Participant {}", p.key);
                }
            }
            let mut owners: Vec<String> = Vec::new();
            for action in &mut self.actions {
                if let Some(owner) = &action.owner {
                    let n = match owners.iter().position(|o| o == owner) {
                        Some(i) => i + 1,
                        None => {
                            owners.push(owner.clone());
                            owners.len()
                        }
                    };
                    action.owner = Some(format!("Owner {n}"));
                }
            }
        }
    }
}
